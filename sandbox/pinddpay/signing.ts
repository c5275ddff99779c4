/**
 * Pinddpay's signatures, written from its docs (not from the nodes).
 *
 * Requests (Signature page, http://docs.pinddpay.com/7160596m0): headers accessKey, timestamp
 * (Unix seconds), nonce and sign = Base64(HMAC-SHA256(accessSecret, "METHOD&path&accessKey&timestamp&nonce")),
 * with the path alone (no scheme, host or query). The body is not signed.
 *
 * Webhooks (Payin webhook, http://docs.pinddpay.com/341969792e0): header `sign-token`, MD5, 32 hex
 * digits, upper case; the docs' example is MD5("123456") = E10ADC3949BA59ABBE56E057F20F883E. What
 * is hashed is not documented [ASSUMPTION]: the secret alone (default) or the raw body followed by
 * the secret.
 */
import { createHash, createHmac, timingSafeEqual } from 'crypto';

export function requestSign(
	secret: string,
	parts: { method: string; path: string; accessKey: string; timestamp: string; nonce: string },
): string {
	const message = [parts.method.toUpperCase(), parts.path, parts.accessKey, parts.timestamp, parts.nonce].join('&');
	return createHmac('sha256', Buffer.from(secret, 'utf8')).update(Buffer.from(message, 'utf8')).digest('base64');
}

export type SignTokenContent = 'secret' | 'bodyAndSecret';

export function signToken(secret: string, content: SignTokenContent, body: string): string {
	const hashed = content === 'bodyAndSecret' ? body + secret : secret;
	return createHash('md5').update(Buffer.from(hashed, 'utf8')).digest('hex').toUpperCase();
}

/** Admin.NET compares `sign` with exact, case-sensitive equality; done here in constant time. */
export function sameText(expected: string, received: string): boolean {
	const a = Buffer.from(expected, 'utf8');
	const b = Buffer.from(received, 'utf8');
	return a.length === b.length && timingSafeEqual(a, b);
}
