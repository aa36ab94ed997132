import type { CallSnapshot, Flag } from '../../contract';

export interface Change {
  /** `flag` changes (recording, transcription) are also announced to screen readers. */
  kind: 'flag' | 'state' | 'people';
  text: string;
}

function flagChange(name: string, from: Flag, to: Flag): Change | null {
  if (from === to) return null;
  const text = to === 'on' ? `${name} started` : to === 'off' ? `${name} stopped` : `${name} state unknown`;
  return { kind: 'flag', text };
}

const STATE_WORDS: Record<CallSnapshot['state'], string> = {
  created: 'call created',
  ringing: 'call ringing',
  active: 'call is live',
  ended: 'call ended',
  unknown: 'call state unknown',
};

/** What a person watching would call a change between two snapshots of the same call. */
export function diffSnapshots(before: CallSnapshot, after: CallSnapshot): Change[] {
  const changes: (Change | null)[] = [
    flagChange('recording', before.recording, after.recording),
    flagChange('transcription', before.transcription, after.transcription),
    before.state === after.state ? null : { kind: 'state', text: STATE_WORDS[after.state] },
  ];
  if (before.participants && after.participants) {
    const old = new Map(before.participants.map((p) => [p.id, p.state]));
    for (const p of after.participants) {
      const was = old.get(p.id);
      if (was === p.state) continue;
      if (p.state === 'joined') changes.push({ kind: 'people', text: `${p.id} joined` });
      else if (p.state === 'left') changes.push({ kind: 'people', text: `${p.id} left` });
      else changes.push({ kind: 'people', text: `${p.id} is waiting` });
    }
    const now = new Set(after.participants.map((p) => p.id));
    for (const p of before.participants) if (!now.has(p.id) && p.state !== 'left') changes.push({ kind: 'people', text: `${p.id} left` });
  } else if (before.activeParticipants !== after.activeParticipants && after.activeParticipants !== null) {
    changes.push({ kind: 'people', text: `${after.activeParticipants} ${after.activeParticipants === 1 ? 'person' : 'people'} in the call` });
  }
  return changes.filter((c): c is Change => c !== null);
}

/** The first line of the timeline: how things stood when the page opened. */
export function describeStart(snapshot: CallSnapshot): string {
  return `opened: ${STATE_WORDS[snapshot.state]}, recording ${snapshot.recording}, transcription ${snapshot.transcription}`;
}
