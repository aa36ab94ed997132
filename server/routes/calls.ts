import type { FastifyInstance } from 'fastify';
import { catchUpSchema } from '../../src/contract/dashboard';
import { isModerator } from '../../src/contract/roomAccess';
import { callSnapshotSchema } from '../../src/contract/snapshot';
import { identityOf } from '../auth/requestIdentity';
import { HttpError } from '../errors';
import { sendData } from '../reply';
import { catchUpAnswer, snapshotAnswer } from '../watch/answers';
import type { RouteContext } from './context';
import { resolveCall, type CallParams } from './resolveCall';

/**
 * `GET /api/calls/:provider/:callId` (CallSnapshot) and `.../catch-up`, under the /api prefix.
 * With history on, both answer from the watcher (never waiting on the vendor) and accept
 * `If-None-Match` + `Prefer: wait=<n>` (watch/longPoll.ts).
 */
export function registerCallRoutes(app: FastifyInstance, ctx: RouteContext): void {
  app.get<{ Params: CallParams }>('/calls/:provider/:callId', async (request, reply) => {
    const { provider, callId } = resolveCall(ctx, request);
    const moderator = isModerator(identityOf(request));
    // A watched room is answered from the watcher's latest snapshot (and may wait for a change).
    if (ctx.history) return ctx.history.longPoll.answer(request, reply, { provider: provider.id, callId }, snapshotAnswer(ctx.history, { provider: provider.id, callId }, moderator));
    const snapshot = await provider.getSnapshot(callId);
    // Participants are moderators' only: a latecomer sees status, not who is there.
    const visible = moderator ? snapshot : { ...snapshot, participants: null };
    return sendData(reply, callSnapshotSchema, visible);
  });

  app.get<{ Params: CallParams }>('/calls/:provider/:callId/catch-up', async (request, reply) => {
    const { provider, callId } = resolveCall(ctx, request);
    if (!provider.getCatchUp) throw new HttpError(404, 'Not found');
    if (ctx.history) return ctx.history.longPoll.answer(request, reply, { provider: provider.id, callId }, catchUpAnswer(ctx.history, { provider: provider.id, callId }));
    return sendData(reply, catchUpSchema, await provider.getCatchUp(callId));
  });
}
