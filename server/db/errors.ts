/** The database cannot be opened or migrated at start-up. The message names the place (DATA_DIR's path, host:port/database), never a secret. */
export class DatabaseStartError extends Error {
  override readonly name = 'DatabaseStartError';
}

function codeOf(error: unknown): string | undefined {
  return error instanceof Error && 'code' in error && typeof error.code === 'string' ? error.code : undefined;
}

/** A primary key or unique index refused the row (SQLite's SQLITE_CONSTRAINT_*, PostgreSQL's 23505). */
export function isUniqueViolation(error: unknown): boolean {
  const code = codeOf(error);
  return code !== undefined && (code === '23505' || code.startsWith('SQLITE_CONSTRAINT'));
}

/** Another SQLite connection holds the write lock. */
export function isBusy(error: unknown): boolean {
  return codeOf(error)?.startsWith('SQLITE_BUSY') ?? false;
}

/** A driver error as one line: its code, if any, then its message. */
export function describeError(error: unknown): string {
  const code = codeOf(error);
  if (error instanceof Error) return code ? `${code}: ${error.message}` : error.message;
  return String(error);
}

/** `host:port/database` of a DATABASE_URL, for messages: never the user's password. */
export function describeDatabaseUrl(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.hostname || 'localhost'}:${parsed.port || '5432'}${parsed.pathname || '/'}`;
  } catch {
    return '(unparseable DATABASE_URL)';
  }
}

/** A driver message with anything from the URL's password taken out, to be safe in a log. */
export function safeMessage(error: unknown, url: string): string {
  let text = describeError(error);
  try {
    const { password } = new URL(url);
    for (const secret of [password, decodeURIComponent(password)]) if (secret) text = text.split(secret).join('[redacted]');
  } catch {
    // Not a URL: its text never went into the message in the first place.
  }
  return text;
}
