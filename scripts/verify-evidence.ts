import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { verifyEvidence, type VerifyOutcome } from '../server/evidence/verify';

/**
 * `npm run -s verify-evidence -- FILE [--jwks URL_OR_FILE]`: checks a roomwatch evidence file
 * (compact JWS) and prints one line. Exit 0 valid; 1 invalid (names the first bad seq, or
 * `signature`, or `figures`); 2 usage or input problem. The JWKS defaults to
 * $ROOMWATCH_URL/.well-known/roomwatch-evidence-keys (ROOMWATCH_URL, else http://127.0.0.1:8080).
 */
const USAGE = 'usage: npm run -s verify-evidence -- FILE [--jwks URL_OR_FILE]';

async function loadJwks(source: string): Promise<unknown> {
  if (/^https?:\/\//.test(source)) {
    let response: Response;
    try {
      response = await fetch(source, { signal: AbortSignal.timeout(10_000) });
    } catch {
      throw new Error(`JWKS unreachable at ${source}`);
    }
    if (!response.ok) throw new Error(`JWKS unreachable at ${source} (HTTP ${response.status})`);
    try {
      return await response.json();
    } catch {
      throw new Error(`JWKS at ${source} is not JSON`);
    }
  }
  let text: string;
  try {
    text = await readFile(source, 'utf8');
  } catch {
    throw new Error(`cannot read JWKS file ${source}`);
  }
  try {
    return JSON.parse(text);
  } catch {
    throw new Error(`JWKS file ${source} is not JSON`);
  }
}

async function main(argv: string[]): Promise<VerifyOutcome> {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, allowPositionals: true, options: { jwks: { type: 'string' } } });
  } catch {
    return { code: 2, line: USAGE };
  }
  const [file, ...extra] = parsed.positionals;
  if (!file || extra.length > 0) return { code: 2, line: USAGE };
  let jws: string;
  try {
    jws = (await readFile(file, 'utf8')).trim();
  } catch {
    return { code: 2, line: `error: cannot read ${file}` };
  }
  const base = (process.env.ROOMWATCH_URL ?? 'http://127.0.0.1:8080').replace(/\/+$/, '');
  let jwks: unknown;
  try {
    jwks = await loadJwks(parsed.values.jwks ?? `${base}/.well-known/roomwatch-evidence-keys`);
  } catch (error) {
    return { code: 2, line: `error: ${error instanceof Error ? error.message : 'JWKS unreadable'}` };
  }
  return verifyEvidence(jws, jwks);
}

main(process.argv.slice(2))
  .catch((): VerifyOutcome => ({ code: 2, line: 'error: could not verify this file' }))
  .then(({ code, line }) => {
    (code === 2 ? process.stderr : process.stdout).write(`${line}\n`);
    process.exitCode = code;
  });
