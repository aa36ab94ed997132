import type { BandwidthChange, BandwidthWorld } from './world';
import { deliver, type Deliveries, type WebhookTarget } from '../push/deliver';

const base = (userId: string) => `https://api.catapult.inetwork.com/v1/users/${userId}`;

/** The `conference` and `conference-member` callbacks (ap-docs apiCallbacks/conf.md, confMember.md). */
export function bandwidthCallbackBody(change: BandwidthChange, userId: string): object {
  const { conference } = change;
  if (change.kind === 'conference') {
    return {
      eventType: 'conference',
      conferenceId: conference.id,
      conferenceUri: `${base(userId)}/conferences/${conference.id}`,
      status: change.status,
      createdTime: conference.createdTime.toISOString(),
      ...(change.status === 'completed' && conference.completedTime ? { completedTime: conference.completedTime.toISOString() } : {}),
      tag: conference.tag,
    };
  }
  const { member } = change;
  return {
    eventType: 'conference-member',
    activeMembers: conference.members.filter((m) => m.state === 'active').length,
    callId: member.callId,
    conferenceId: conference.id,
    hold: member.hold,
    memberId: member.id,
    memberUri: `${base(userId)}/conferences/${conference.id}/members/${member.id}`,
    mute: member.mute,
    state: member.state,
    time: change.at.toISOString(),
    tag: conference.tag,
  };
}

/** Calls back on every conference and member change from now on; returns the stop. */
export function sendBandwidthCallbacks(world: BandwidthWorld, userId: string, target: WebhookTarget, deliveries: Deliveries): () => void {
  return world.onChange((change) => deliver(target, bandwidthCallbackBody(change, userId), deliveries));
}
