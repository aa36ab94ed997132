import { Writable } from 'node:stream';
import { loadConfig } from '../../server/config';
import { startRoomwatch, type Running } from '../../server/start';
import { freePort } from '../../test/support/redisServer';
import { oidcEnv, signInAtIdp, startTestIdp, type TestIdp } from '../../test/support/oidcProvider';
import { percentile, type Row } from './context';

const ROUNDS = 30;
/** A person clicking "Sign in with…" should be on the overview in well under a second on a LAN IdP. */
const TARGET_MEDIAN_MS = 500;

/**
 * The sign-in round trip against a local OpenID provider (oidc-provider, the one the tests use):
 * `GET /auth/login` → the IdP's authorize and login form → `GET /auth/callback` (code exchange,
 * ID token checks, userinfo) → the overview's first request (`GET /` and `GET /api/me` with the
 * new session). The IdP's own form handling is part of the number, as a person would feel it.
 */
export async function signin(): Promise<Row[]> {
  const port = await freePort();
  const bff = `http://127.0.0.1:${port}`;
  let idp: TestIdp | undefined;
  let running: Running | undefined;
  try {
    idp = await startTestIdp({ redirectUris: [`${bff}/auth/callback`], postLogoutRedirectUris: [`${bff}/signin`] });
    const loaded = loadConfig({ ...oidcEnv(idp, bff), PORT: String(port), HOST: '127.0.0.1', SIMULATOR: 'on', LOG_LEVEL: 'warn', HISTORY: 'off' });
    if (!loaded.ok) throw new Error(`signin bench config: ${loaded.problems.join('; ')}`);
    const quiet = new Writable({ write: (_chunk, _encoding, done) => done() });
    running = await startRoomwatch(loaded.config, { simulatorTickMs: 0, logStream: quiet });
    const times: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const started = performance.now();
      const login = await fetch(`${bff}/auth/login?returnTo=%2F`, { redirect: 'manual' });
      const transaction = (login.headers.getSetCookie().find((c) => c.startsWith('roomwatch_oidc=')) ?? '').split(';')[0] ?? '';
      const callbackUrl = await signInAtIdp(login.headers.get('location') ?? '', 'alice', `${bff}/auth/callback`);
      const callback = await fetch(callbackUrl, { redirect: 'manual', headers: { cookie: transaction } });
      const session = (callback.headers.getSetCookie().find((c) => c.startsWith('roomwatch_session=')) ?? '').split(';')[0] ?? '';
      if (callback.status !== 302 || !session) throw new Error(`signin bench: callback answered ${callback.status}`);
      const overview = await fetch(new URL(callback.headers.get('location') ?? '/', bff), { headers: { cookie: session } });
      await overview.arrayBuffer();
      const me = await fetch(`${bff}/api/me`, { headers: { cookie: session } });
      if (me.status !== 200) throw new Error(`signin bench: /api/me answered ${me.status}`);
      await me.arrayBuffer();
      times.push(performance.now() - started);
    }
    times.sort((a, b) => a - b);
    const median = percentile(times, 50);
    return [
      { measure: `sign-in round trip, median of ${ROUNDS} (login → IdP → callback → overview)`, value: `${median.toFixed(0)} ms`, target: `< ${TARGET_MEDIAN_MS} ms`, met: median < TARGET_MEDIAN_MS },
      { measure: 'sign-in round trip, p95', value: `${percentile(times, 95).toFixed(0)} ms`, target: '—', met: null },
    ];
  } finally {
    await running?.close();
    await idp?.close();
  }
}
