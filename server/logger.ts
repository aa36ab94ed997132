import { pino, type Logger } from 'pino';

/**
 * pino options for the BFF. Credentials never reach a log line: headers that carry them are
 * redacted, the one-time sign-in path is masked, and query strings are dropped from logged
 * URLs (ProCONF room names are fine to log; anything in a query might not be).
 */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers.apikey',
  'res.headers["set-cookie"]',
  '*.authorization',
  '*.cookie',
  '*.apikey',
  '*.usersig',
  '*.token',
  '*.secret',
  '*.password',
];

export function safeUrl(url: string | undefined): string {
  const path = (url ?? '').split('?')[0] ?? '';
  return path.startsWith('/auth/') && path !== '/auth/sign-out' ? '/auth/[redacted]' : path;
}

/** One pino logger for the process: the app, the providers and their upstream clients share it. */
export function createLogger(level: string, stream?: NodeJS.WritableStream): Logger {
  const options = {
    level,
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    serializers: {
      req(request: { method: string; url?: string; ip?: string }) {
        return { method: request.method, url: safeUrl(request.url), ip: request.ip };
      },
    },
  };
  return stream ? pino(options, stream) : pino(options);
}
