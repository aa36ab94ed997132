import type { AlertCondition, AlertWebhookBody } from '../../src/contract/alerts';

const WHAT: Record<AlertCondition, string> = {
  'recording.stopped': 'Recording stopped',
  'transcription.stopped': 'Transcription stopped',
  'recording.missing': 'Recording never started',
  'vendor.unreachable': 'The vendor cannot be reached',
  'policy.violated': 'The recording policy is violated',
};

/**
 * One sentence a chat incoming webhook shows as is. A resolution says the condition cleared,
 * not why: recording back on, the gap over and the call ending all clear it.
 */
export function alertText(type: AlertWebhookBody['type'], alert: Pick<AlertWebhookBody['alert'], 'kind' | 'provider' | 'callId'>, ruleName: string | undefined): string {
  const rule = ruleName ? ` (rule "${ruleName}")` : '';
  const what = `${WHAT[alert.kind]} in ${alert.provider} call ${alert.callId}${rule}`;
  return type === 'alert.opened' ? `⚠ ${what}.` : `✓ Cleared: ${what.charAt(0).toLowerCase()}${what.slice(1)}.`;
}
