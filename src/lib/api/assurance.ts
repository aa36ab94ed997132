import { infiniteQueryOptions, queryOptions } from '@tanstack/react-query';
import { z } from 'zod';
import {
  assurancePeriodSchema,
  callAssuranceSchema,
  recordingPolicySchema,
  type RecordingPolicy,
  type RecordingPolicyInput,
  type RecordingPolicyPatch,
  type Verdict,
} from '../../contract/assurance';
import type { ProviderId } from '../../contract';
import { requestData } from './request';

/** The page's filters as the URL holds them: days (YYYY-MM-DD, `to` inclusive) and the optional filters. */
export interface AssuranceFilter {
  from: string;
  to: string;
  provider: string | null;
  policyId: string | null;
  verdict: Verdict | null;
}

export const ASSURANCE_PAGE_SIZE = 50;

/** The API's `[from, to)` in ISO times: `to` is the day after the last day shown. */
export function periodParams(filter: AssuranceFilter): URLSearchParams {
  const end = new Date(`${filter.to}T00:00:00.000Z`);
  end.setUTCDate(end.getUTCDate() + 1);
  const params = new URLSearchParams({ from: `${filter.from}T00:00:00.000Z`, to: end.toISOString() });
  if (filter.provider) params.set('provider', filter.provider);
  if (filter.policyId) params.set('policyId', filter.policyId);
  if (filter.verdict) params.set('verdict', filter.verdict);
  return params;
}

/** `GET /api/assurance`: worst first, one page per `nextCursor`. */
export function assuranceQuery(filter: AssuranceFilter) {
  return infiniteQueryOptions({
    queryKey: ['assurance', 'period', filter],
    queryFn: ({ pageParam, signal }) => {
      const params = periodParams(filter);
      params.set('limit', String(ASSURANCE_PAGE_SIZE));
      if (pageParam) params.set('cursor', pageParam);
      return requestData(`/api/assurance?${params.toString()}`, assurancePeriodSchema, { signal });
    },
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
  });
}

/** `GET /api/calls/:provider/:callId/assurance` (the report's shading). */
export function callAssuranceQuery(provider: ProviderId, callId: string) {
  return queryOptions({
    queryKey: ['calls', provider, callId, 'assurance'],
    queryFn: ({ signal }) =>
      requestData(`/api/calls/${encodeURIComponent(provider)}/${encodeURIComponent(callId)}/assurance`, callAssuranceSchema, { signal }),
    staleTime: 5_000,
  });
}

export function policiesQuery() {
  return queryOptions({
    queryKey: ['recording-policies'],
    queryFn: ({ signal }) => requestData('/api/recording-policies', z.array(recordingPolicySchema), { signal }),
  });
}

export function createPolicy(input: RecordingPolicyInput): Promise<RecordingPolicy> {
  return requestData('/api/recording-policies', recordingPolicySchema, { method: 'POST', body: input });
}

export function updatePolicy(id: string, patch: RecordingPolicyPatch): Promise<RecordingPolicy> {
  return requestData(`/api/recording-policies/${encodeURIComponent(id)}`, recordingPolicySchema, { method: 'PATCH', body: patch });
}

/** The body is `{}`: state-changing routes take JSON only. */
export async function deletePolicy(id: string): Promise<void> {
  await requestData(`/api/recording-policies/${encodeURIComponent(id)}`, z.object({ deleted: z.literal(true) }), { method: 'DELETE', body: {} });
}
