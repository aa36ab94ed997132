import { parseArgs } from 'node:util';
import { SignJWT } from 'jose';

/**
 * `npm run -s token -- --role moderator [--sub alice] [--rooms standup,proconf:all-hands] [--hours 8] [--link [--base URL]]`
 * prints an HS256 JWT signed with AUTH_JWT_SECRET (with AUTH_ISSUER/AUTH_AUDIENCE when set),
 * for curl and for the ProCONF apps in a deployment that uses a shared secret. With --link it
 * prints a browser sign-in link instead: `<base>/signin#token=<jwt>` (base: --base, else PUBLIC_URL, else
 * http://127.0.0.1:$PORT); the token rides in the fragment, which never reaches a server log.
 */
const { values } = parseArgs({
  options: {
    sub: { type: 'string', default: 'cli-user' },
    role: { type: 'string', default: 'moderator' },
    rooms: { type: 'string' },
    hours: { type: 'string', default: '8' },
    link: { type: 'boolean', default: false },
    base: { type: 'string' },
  },
});
const secret = process.env.AUTH_JWT_SECRET;
if (!secret || secret.length < 32) {
  process.stderr.write('token: set AUTH_JWT_SECRET (at least 32 characters) to the same value as the server\n');
  process.exit(2);
}
if (values.role !== 'moderator' && values.role !== 'participant') {
  process.stderr.write('token: --role must be moderator or participant\n');
  process.exit(2);
}
const hours = Number(values.hours);
if (!Number.isFinite(hours) || hours <= 0 || hours > 24 * 30) {
  process.stderr.write('token: --hours must be a number of hours between 0 and 720\n');
  process.exit(2);
}
const rooms = values.rooms?.split(',').map((r) => r.trim()).filter(Boolean);
let jwt = new SignJWT({ role: values.role, ...(rooms ? { rooms } : {}) })
  .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
  .setSubject(values.sub)
  .setIssuedAt()
  .setExpirationTime(`${hours}h`);
if (process.env.AUTH_ISSUER) jwt = jwt.setIssuer(process.env.AUTH_ISSUER);
if (process.env.AUTH_AUDIENCE) jwt = jwt.setAudience(process.env.AUTH_AUDIENCE);
const token = await jwt.sign(new TextEncoder().encode(secret));
if (values.link) {
  const base = values.base ?? process.env.PUBLIC_URL ?? `http://127.0.0.1:${process.env.PORT ?? '8080'}`;
  process.stdout.write(`${base.replace(/\/+$/, '')}/signin#token=${token}\n`);
} else {
  process.stdout.write(`${token}\n`);
}
