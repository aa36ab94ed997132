import { queryOptions } from '@tanstack/react-query';
import { z } from 'zod';
import {
  alertDeliverySchema,
  alertListSchema,
  alertRuleListSchema,
  alertRuleSchema,
  type AlertDelivery,
  type AlertRule,
  type AlertRuleInput,
  type AlertRulePatch,
} from '../../contract';
import { pollEvery } from '../polling';
import { requestData } from './request';

/** How often open alerts are read: the banner, the tab title and notifications follow it. */
export const ALERTS_POLL_MS = 5_000;

/** `GET /api/alerts?state=…` (moderators). */
export function alertsQuery(state: 'open' | 'resolved' | 'all') {
  return queryOptions({
    queryKey: ['alerts', state],
    queryFn: ({ signal }) => requestData(`/api/alerts?state=${state}`, alertListSchema, { signal }),
    refetchInterval: pollEvery(ALERTS_POLL_MS),
    staleTime: ALERTS_POLL_MS / 2,
  });
}

/** `GET /api/alert-rules` (moderators of every room). */
export function alertRulesQuery() {
  return queryOptions({
    queryKey: ['alert-rules'],
    queryFn: ({ signal }) => requestData('/api/alert-rules', alertRuleListSchema, { signal }),
  });
}

export function createAlertRule(input: AlertRuleInput): Promise<AlertRule> {
  return requestData('/api/alert-rules', alertRuleSchema, { method: 'POST', body: input });
}

export function updateAlertRule(id: string, patch: AlertRulePatch): Promise<AlertRule> {
  return requestData(`/api/alert-rules/${encodeURIComponent(id)}`, alertRuleSchema, { method: 'PATCH', body: patch });
}

/** The body is `{}`: state-changing routes take JSON only. */
export async function deleteAlertRule(id: string): Promise<void> {
  await requestData(`/api/alert-rules/${encodeURIComponent(id)}`, z.object({ deleted: z.literal(true) }), { method: 'DELETE', body: {} });
}

export function testAlertRule(id: string): Promise<AlertDelivery[]> {
  return requestData(`/api/alert-rules/${encodeURIComponent(id)}/test`, z.array(alertDeliverySchema), { method: 'POST', body: {} });
}
