import { tencentSign, type TencentCallbackSecret } from './verify';

export type TencentCallbackHeaders = {
  'content-type': 'application/json';
  sign: string;
  sdkappid: string;
};

/**
 * The simulator side: the headers TRTC's callback server sends with a body. Sign the exact
 * bytes that will be sent (serialise once, sign that buffer, send that buffer).
 */
export function tencentCallbackHeaders(rawBody: Uint8Array, secret: TencentCallbackSecret): TencentCallbackHeaders {
  return {
    'content-type': 'application/json',
    sign: tencentSign(secret.key, rawBody),
    sdkappid: secret.sdkAppId,
  };
}
