import { basicAuthHeaders, type BasicAuthHeaders, type BasicCredentials } from '../../webhooks/basicAuth';

/**
 * The simulator side: the headers and callback URL a Catapult v1 conference would use. The
 * real platform takes the credentials from the userinfo of the `callbackUrl` given at
 * conference creation; `callbackUrlWithCredentials` builds that URL.
 */
export function bandwidthCallbackHeaders(credentials: BasicCredentials): BasicAuthHeaders {
  return basicAuthHeaders(credentials);
}

export function callbackUrlWithCredentials(hookUrl: string, credentials: BasicCredentials): string {
  const url = new URL(hookUrl);
  url.username = credentials.username;
  url.password = credentials.password;
  return url.toString();
}
