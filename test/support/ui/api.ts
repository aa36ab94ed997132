import { vi } from 'vitest';
import type { CallSnapshot, Identity, ProviderInfo } from '../../../src/contract';

/** One request the app made, as the stub saw it. */
export interface SeenRequest {
  method: string;
  path: string;
  /** The query string's parameters (`?status=ended&q=c-1` → {status: 'ended', q: 'c-1'}). */
  query: Record<string, string>;
  body: unknown;
  headers: Record<string, string>;
  /** Date.now() when it was sent (fake timers move it too). */
  at: number;
}

export type Answer = Response | (() => Response | Promise<Response>);
export type Routes = Record<string, Answer | ((request: SeenRequest) => Response | Promise<Response>)>;

/** The BFF's success envelope, exactly as it is on the wire. */
export function ok(data: unknown, init: ResponseInit = {}): Response {
  return new Response(JSON.stringify({ error: null, data }), {
    status: 200,
    headers: { 'content-type': 'application/json; charset=utf-8' },
    ...init,
  });
}

/** The BFF's error envelope, HTTP status equal to the code. */
export function fail(code: number, message: string, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify({ data: null, error: { code, message } }), {
    status: code,
    headers: { 'content-type': 'application/json; charset=utf-8', ...headers },
  });
}

/**
 * Replaces `fetch` with a router over `"METHOD /path"` keys. Unknown routes answer the BFF's
 * 404 envelope. Answers are functions so that a test can change what the "server" says next.
 */
export function stubApi(routes: Routes) {
  const seen: SeenRequest[] = [];
  const fetchStub = vi.fn(async (input: RequestInfo | URL, init: RequestInit = {}) => {
    const url = new URL(typeof input === 'string' ? input : input instanceof URL ? input.href : input.url, 'http://localhost');
    const method = (init.method ?? 'GET').toUpperCase();
    const headers = Object.fromEntries(new Headers(init.headers).entries());
    const body: unknown = typeof init.body === 'string' ? JSON.parse(init.body) : undefined;
    const request = { method, path: url.pathname, query: Object.fromEntries(url.searchParams), body, headers, at: Date.now() };
    seen.push(request);
    const answer = routes[`${method} ${url.pathname}`];
    if (answer === undefined) return fail(404, 'Not found');
    if (answer instanceof Response) return answer.clone();
    return answer(request);
  });
  vi.stubGlobal('fetch', fetchStub);
  return {
    seen,
    count: (method: string, path: string) => seen.filter((r) => r.method === method && r.path === path).length,
  };
}

export const moderator: Identity = { sub: 'demo-moderator', role: 'moderator', rooms: null };

export const proconf: ProviderInfo = {
  id: 'proconf',
  label: 'ProCONF',
  source: 'simulator',
  capabilities: { catchUp: true, recording: true, transcription: true, participants: false, roomListing: true },
};

export const bandwidth: ProviderInfo = {
  id: 'bandwidth',
  label: 'Bandwidth',
  source: 'simulator',
  capabilities: { catchUp: false, recording: true, transcription: true, participants: true, roomListing: false },
};

export const tencent: ProviderInfo = {
  id: 'tencent',
  label: 'Tencent',
  source: 'simulator',
  capabilities: { catchUp: false, recording: false, transcription: false, participants: true, roomListing: false },
};

export function snapshot(overrides: Partial<CallSnapshot> = {}): CallSnapshot {
  return {
    provider: 'proconf',
    callId: 'standup',
    state: 'active',
    media: null,
    recording: 'off',
    transcription: 'off',
    participants: null,
    activeParticipants: null,
    startedAt: '2026-11-21T14:00:00.000Z',
    endedAt: null,
    observedAt: new Date().toISOString(),
    stale: false,
    ...overrides,
  };
}
