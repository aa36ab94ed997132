import type { FastifyRequest, FastifySchemaCompiler, FastifySerializerCompiler } from 'fastify';
import { validatorCompiler } from 'fastify-type-provider-zod';
import type { z } from 'zod';
import { HttpError } from '../errors';

declare module 'fastify' {
  interface FastifyContextConfig {
    /**
     * Path parameters that name something to look up (a provider, an alert rule): a value that
     * fails their schema can name nothing, so it is that route's 404 with this message, not a 400.
     */
    notFoundParams?: Readonly<Record<string, string>>;
  }
}

/** What a request part is called in the one 400 wording (docs/http-api.md, "Bad parameters"). */
const PART_NAMES: Readonly<Record<string, string>> = {
  params: 'path parameter',
  querystring: 'query parameter',
  body: 'body',
  headers: 'header',
};

/** At most this many fields are named: enough to fix a request, never a wall of text. */
const MAX_FIELDS = 5;

/** One issue as fastify-type-provider-zod reports it (`instancePath` `/a/0/b`; unknown keys in `params.keys`). */
interface ReportedIssue {
  keyword?: unknown;
  instancePath?: unknown;
  params?: unknown;
}

interface ValidationFailure {
  validation: readonly ReportedIssue[];
  validationContext?: unknown;
}

function isValidationFailure(err: unknown): err is ValidationFailure {
  return typeof err === 'object' && err !== null && 'validation' in err && Array.isArray(err.validation);
}

/** The fields an issue is about, as a client spells them (`match.callId`, `channels.0.url`); never a value. */
function fieldsOf(issue: ReportedIssue): string[] {
  const params = issue.params;
  if (issue.keyword === 'unrecognized_keys' && typeof params === 'object' && params !== null && 'keys' in params && Array.isArray(params.keys)) {
    const prefix = typeof issue.instancePath === 'string' ? issue.instancePath.slice(1).replaceAll('/', '.') : '';
    return params.keys.filter((key): key is string => typeof key === 'string').map((key) => (prefix ? `${prefix}.${key}` : key));
  }
  const path = typeof issue.instancePath === 'string' ? issue.instancePath.slice(1).replaceAll('/', '.') : '';
  return path ? [path] : [];
}

/**
 * The one answer to input that fails a route's declared schema: `400 Invalid <part>: <fields>.`
 * (`Invalid body.` when the body as a whole is wrong). The fields are named so the caller can fix
 * the request; values and the validator's own text are never echoed. A path parameter the route
 * declares as a lookup (`notFoundParams`) is that route's 404 instead.
 */
export function invalidInputError(err: unknown, request?: FastifyRequest): HttpError | undefined {
  if (!isValidationFailure(err)) return undefined;
  const part = typeof err.validationContext === 'string' ? err.validationContext : 'body';
  const fields = [...new Set(err.validation.flatMap(fieldsOf))];
  const notFound = part === 'params' ? request?.routeOptions.config.notFoundParams : undefined;
  const lookup = notFound && fields.find((field) => notFound[field] !== undefined);
  if (notFound && lookup) return new HttpError(404, notFound[lookup] ?? 'Not found');
  const where = PART_NAMES[part] ?? 'request';
  if (fields.length === 0) return new HttpError(400, `Invalid ${where}.`);
  return new HttpError(400, `Invalid ${where}: ${fields.slice(0, MAX_FIELDS).join(', ')}.`);
}

/** Request parts are checked with their zod schemas (fastify-type-provider-zod). */
export const zodValidatorCompiler: FastifySchemaCompiler<z.ZodType> = validatorCompiler;

/**
 * A declared response schema is applied as the contract always was: parsed on the way out (so the
 * BFF can never answer outside its contract, and a stray vendor field is dropped), then
 * serialized. `parse`, not the provider's `encode`, so defaults and transforms act exactly as
 * before. Only statuses a route declares are parsed; errors go out in the envelope as they are.
 * A payload that does not match fails like any bug: 500, logged.
 */
export const envelopeSerializerCompiler: FastifySerializerCompiler<z.ZodType> =
  ({ schema }) =>
  (data) =>
    JSON.stringify(schema.parse(data));
