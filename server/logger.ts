import { pino, type Logger } from 'pino';

/**
 * pino options for the BFF. Credentials never reach a log line: headers that carry them are
 * redacted, the one-time sign-in path is masked, and query strings are dropped from logged
 * URLs (ProCONF room names are fine to log; anything in a query might not be).
 */
export const REDACTED_PATHS = [
  // Incoming requests and outgoing responses (the req serializer below drops headers anyway).
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers.apikey',
  'res.headers["set-cookie"]',
  // Any headers object logged one level down: upstream requests carry Bearer, Basic and apikey.
  '*.headers.authorization',
  '*.headers.cookie',
  '*.headers["set-cookie"]',
  '*.headers.apikey',
  'headers.authorization',
  'headers.cookie',
  'headers["set-cookie"]',
  'headers.apikey',
  // Credentials by name, wherever an object carrying them is logged (vendor configs included).
  '*.authorization',
  '*.cookie',
  '*.apikey',
  '*.apiKey',
  '*.usersig',
  '*.userSig',
  '*.token',
  '*.apiToken',
  '*.apiSecret',
  '*.secretKey',
  '*.secret',
  '*.sessionSecret',
  '*.password',
];

export function safeUrl(url: string | undefined): string {
  const path = (url ?? '').split('?')[0] ?? '';
  // `/auth/<code>` is the demo's one-time sign-in link: the code is a credential until used.
  return path.startsWith('/auth/') && path !== '/auth/sign-out' && path !== '/auth/session' ? '/auth/[redacted]' : path;
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
