import { verifyBasicAuth, type BasicCredentials, type VerifyResult } from '../../webhooks/basicAuth';

/**
 * CometChat documents one way to authenticate its webhooks: Basic credentials set on the
 * webhook in its dashboard (`useBasicAuth`, `username`, `password`), sent as
 * `Authorization: Basic <base64>` (cometchat.com/docs/fundamentals/webhooks-overview). There
 * is no body signature.
 */
export function verifyCometChatWebhook(
  authorization: string | string[] | undefined,
  credentials: BasicCredentials,
): VerifyResult {
  return verifyBasicAuth(authorization, credentials);
}
