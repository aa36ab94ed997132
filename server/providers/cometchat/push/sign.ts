import { basicAuthHeaders, type BasicAuthHeaders, type BasicCredentials } from '../../webhooks/basicAuth';

/** The simulator side: the headers CometChat sends with a webhook configured with Basic auth. */
export function cometChatWebhookHeaders(credentials: BasicCredentials): BasicAuthHeaders {
  return basicAuthHeaders(credentials);
}
