import { verifyBasicAuth, type BasicCredentials, type VerifyResult } from '../../webhooks/basicAuth';

/**
 * Catapult v1 does not sign callbacks. What it documents (ap-docs `apiCallbacks/callbacks.md`,
 * "Securing your web server with HTTP Basic Auth") is credentials in the callback URL,
 * `https://user:password@host/path`, which arrive as an `Authorization: Basic` header. So the
 * receiver checks that header against BANDWIDTH_WEBHOOK_USER / BANDWIDTH_WEBHOOK_PASSWORD.
 */
export function verifyBandwidthCallback(
  authorization: string | string[] | undefined,
  credentials: BasicCredentials,
): VerifyResult {
  return verifyBasicAuth(authorization, credentials);
}
