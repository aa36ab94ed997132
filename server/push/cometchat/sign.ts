import { basicAuthorization, type BasicCredentials } from '../basicAuth';

/** The simulator side: the headers CometChat sends with a webhook configured with Basic auth. */
export function cometChatWebhookHeaders(credentials: BasicCredentials): Record<string, string> {
  return { 'content-type': 'application/json', authorization: basicAuthorization(credentials) };
}
