import type { Alert, AlertCondition } from '../contract';

const WHAT: Record<AlertCondition, string> = {
  'recording.stopped': 'Recording stopped',
  'transcription.stopped': 'Transcription stopped',
  'recording.missing': 'Not recording',
  'vendor.unreachable': 'Vendor unreachable',
  'policy.violated': 'Recording policy violated',
};

/** "Recording stopped", as a moderator reads it. */
export function alertWhat(kind: AlertCondition): string {
  return WHAT[kind];
}

/** One line for a banner or a notification: "Recording stopped · bandwidth room-1". */
export function alertLine(alert: Pick<Alert, 'kind' | 'provider' | 'callId'>): string {
  return `${WHAT[alert.kind]} · ${alert.provider} ${alert.callId}`;
}
