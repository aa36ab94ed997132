import type { AlertCondition, AlertWebhookBody } from '../../src/contract/alerts';

const WHAT: Record<AlertCondition, [opened: string, resolved: string]> = {
  'recording.stopped': ['Recording stopped', 'Recording is back on'],
  'transcription.stopped': ['Transcription stopped', 'Transcription is back on'],
  'recording.missing': ['Recording never started', 'Recording is on now'],
  'vendor.unreachable': ['The vendor cannot be reached', 'The vendor answers again'],
};

/** One sentence a chat incoming webhook shows as is. */
export function alertText(type: AlertWebhookBody['type'], alert: Pick<AlertWebhookBody['alert'], 'kind' | 'provider' | 'callId'>, ruleName: string | undefined): string {
  const [opened, resolved] = WHAT[alert.kind];
  const rule = ruleName ? ` (rule "${ruleName}")` : '';
  if (type === 'alert.opened') return `⚠ ${opened} in ${alert.provider} call ${alert.callId}${rule}.`;
  return `✓ Resolved: ${resolved.charAt(0).toLowerCase()}${resolved.slice(1)} in ${alert.provider} call ${alert.callId}${rule}, or the call is over.`;
}
