import type { FastifyRequest } from 'fastify';
import { isModerator } from '../../src/contract/roomAccess';
import { identityOf } from '../auth/requestIdentity';
import { HttpError } from '../errors';

/**
 * A preValidation hook for moderators' routes: anyone else hears 403 before their input is
 * looked at, so a 400 never tells a participant what a moderators' route accepts.
 */
export async function moderatorOnly(request: FastifyRequest): Promise<void> {
  if (!isModerator(identityOf(request))) throw new HttpError(403, 'Forbidden');
}

/** Rules and policies match any room: only a moderator of every room may see or change them. */
export function moderatorOfEveryRoom(what: string): (request: FastifyRequest) => Promise<void> {
  return async (request) => {
    const identity = identityOf(request);
    if (!isModerator(identity)) throw new HttpError(403, 'Forbidden');
    if (identity.rooms !== null) throw new HttpError(403, `${what} are for moderators of every room.`);
  };
}
