import { identitySchema, shareLinkSchema, signedOutSchema, type Identity, type ProviderId, type ShareLink } from '../../contract';
import { requestData } from './request';

/** `POST /api/share-links`: a moderator mints a latecomer's link for one room. */
export function createShareLink(provider: ProviderId, callId: string): Promise<ShareLink> {
  return requestData('/api/share-links', shareLinkSchema, { method: 'POST', body: { provider, callId } });
}

/** `POST /auth/session`: trades a share link's token for the session cookie; answers the identity. */
export function exchangeShareToken(token: string): Promise<Identity> {
  return requestData('/auth/session', identitySchema, { method: 'POST', body: { token } });
}

/**
 * `POST /auth/sign-out`: clears the session cookie. JSON content type: the BFF refuses other kinds on /auth.
 * Answers the identity provider's end-session URL when there is one, to end that session too.
 */
export async function signOut(): Promise<string | null> {
  return (await requestData('/auth/sign-out', signedOutSchema, { method: 'POST', body: {} })).endSessionUrl;
}
