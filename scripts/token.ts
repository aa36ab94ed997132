import { parseArgs } from 'node:util';
import { SignJWT } from 'jose';

/**
 * `npm run -s token -- --role moderator [--sub alice] [--rooms standup,proconf:all-hands] [--hours 8]`
 * prints an HS256 JWT signed with AUTH_JWT_SECRET (with AUTH_ISSUER/AUTH_AUDIENCE when set),
 * for curl and for the ProCONF apps in a deployment that uses a shared secret.
 */
const { values } = parseArgs({
  options: {
    sub: { type: 'string', default: 'cli-user' },
    role: { type: 'string', default: 'moderator' },
    rooms: { type: 'string' },
    hours: { type: 'string', default: '8' },
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
process.stdout.write(`${await jwt.sign(new TextEncoder().encode(secret))}\n`);
