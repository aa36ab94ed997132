import type { AlertRule } from '../../src/contract/alerts';
import type { RoomRef } from '../../src/contract/roomAccess';
import type { FlagTrack, RoomFold } from '../history/fold';
import { matches } from './glob';

/** A governed call's open unrecorded (or untranscribed) stretch: when it began and the call's frozen grace. */
export interface PolicyStretch {
  since: number;
  graceSec: number;
}

export function ruleMatches(rule: Pick<AlertRule, 'match'>, room: RoomRef): boolean {
  if (rule.match.provider !== undefined && rule.match.provider !== room.provider) return false;
  return rule.match.callId === undefined || matches(rule.match.callId, room.callId);
}

const isLive = (fold: RoomFold) => fold.watching && fold.state === 'active';

// `since` is the vendor's time where it gives one: with afterSec 0 a vendor clock running ahead
// of ours must not hold the alert back.
const elapsed = (since: string | null, now: number, afterSec: number) => since !== null && (afterSec === 0 || now - Date.parse(since) >= afterSec * 1000);

/** On → off or unknown by a change the watcher saw (not a baseline that was never on). */
function stoppedFor(track: FlagTrack, now: number, afterSec: number): boolean {
  return track.state !== 'on' && track.on.length > 0 && elapsed(track.since, now, afterSec);
}

/**
 * Whether the rule's condition holds for the room now. An episode opens when it starts to hold
 * and is resolved when it stops: recording back on, the gap over, the call ended or no longer
 * watched. `afterSec` only delays the opening.
 */
export function conditionHolds(rule: Pick<AlertRule, 'when' | 'afterSec'>, fold: RoomFold, now: number, stretch?: PolicyStretch | null): boolean {
  switch (rule.when) {
    case 'policy.violated':
      // Opens when the open stretch passes graceSec (plus afterSec); resolves when it ends.
      return stretch !== undefined && stretch !== null && now - stretch.since > (stretch.graceSec + rule.afterSec) * 1000;
    case 'recording.stopped':
      return isLive(fold) && stoppedFor(fold.recording, now, rule.afterSec);
    case 'transcription.stopped':
      return isLive(fold) && stoppedFor(fold.transcription, now, rule.afterSec);
    case 'recording.missing':
      return isLive(fold) && fold.recording.state !== 'on' && elapsed(fold.startedAt ?? fold.watchedSince, now, rule.afterSec);
    case 'vendor.unreachable': {
      const gap = fold.gaps.at(-1);
      // `not_watching` is this server having been down, not the vendor.
      return fold.watching && gap !== undefined && gap.to === null && fold.gapReason !== 'not_watching' && elapsed(gap.from, now, rule.afterSec);
    }
  }
}

/** Whether an open episode is still wanted: the holding condition ignores afterSec once open. */
export function conditionStillHolds(rule: Pick<AlertRule, 'when'>, fold: RoomFold, now: number, stretch?: PolicyStretch | null): boolean {
  if (rule.when === 'policy.violated') return stretch !== undefined && stretch !== null;
  return conditionHolds({ when: rule.when, afterSec: 0 }, fold, now);
}
