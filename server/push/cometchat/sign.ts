import { basicAuthorization, type BasicAuthHeaders, type BasicCredentials } from '../basicAuth';

/** The simulator side: the headers CometChat sends with a webhook configured with Basic auth. */
export function cometChatWebhookHeaders(credentials: BasicCredentials): BasicAuthHeaders {
  return { 'content-type': 'application/json', authorization: basicAuthorization(credentials) };
}
