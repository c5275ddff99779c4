/**
 * Pinddpay signatures (Signature, http://docs.pinddpay.com/7160596m0; the webhooks' sign-token,
 * Payin webhook, http://docs.pinddpay.com/341969792e0). Pure: no n8n imports.
 *
 * Requests: headers accessKey/timestamp/nonce/sign, where
 *   sign = Base64(HMAC-SHA256(secret, "METHOD&path&accessKey&timestamp&nonce")).
 * The path has no scheme, host or query string; the body is not part of the signature.
 *
 * Webhooks: header `sign-token`, upper-case hex MD5. The docs never say what is hashed, so both
 * plausible readings are supported: MD5(secret) and MD5(rawBody + secret).
 */
import { createHash, createHmac, randomBytes } from 'crypto';

import { eventTimeSeconds } from '../shared/eventTime';
import { isFreshTimestamp, safeEqual, type VerificationResult } from '../shared/verify';

export interface RequestSigningInput {
	method: string;
	/** Request path only, e.g. `/api/order/detail` (no query string). */
	path: string;
	accessKey: string;
	/** Unix seconds. */
	timestamp: string;
	nonce: string;
}

export function requestStringToSign(input: RequestSigningInput): string {
	return `${input.method.toUpperCase()}&${input.path}&${input.accessKey}&${input.timestamp}&${input.nonce}`;
}

/** update() hashes the string as UTF-8, its default (naming it costs a parse per call). */
export function computeRequestSignature(secret: string, input: RequestSigningInput): string {
	return createHmac('sha256', secret).update(requestStringToSign(input)).digest('base64');
}

/** A random long integer (the docs recommend long integers), fresh for every request. */
export function newNonce(): string {
	// 62 random bits: fits a signed 64-bit long on the server side.
	return (randomBytes(8).readBigUInt64BE() >> 2n).toString();
}

/**
 * The path the server sees: the URL's pathname with any base path, without query or fragment.
 * `url` may be absolute, or relative to `baseURL` (how the credential test request is built).
 */
export function requestPath(url: string, baseURL?: string): string {
	const absolute = /^[a-z][a-z0-9+.-]*:\/\//i.test(url)
		? url
		: `${(baseURL ?? 'http://localhost').replace(/\/+$/, '')}/${url.replace(/^\/+/, '')}`;
	return new URL(absolute).pathname;
}

/** Headers that sign one request; call once per attempt so timestamp and nonce are fresh. */
export function signRequestHeaders(
	credentials: { accessKey: string; secret: string },
	request: { method: string; path: string },
	nowSeconds: number,
	nonce = newNonce(),
): { accessKey: string; timestamp: string; nonce: string; sign: string } {
	const input: RequestSigningInput = {
		method: request.method,
		path: request.path,
		accessKey: credentials.accessKey,
		timestamp: String(nowSeconds),
		nonce,
	};
	return {
		accessKey: input.accessKey,
		timestamp: input.timestamp,
		nonce: input.nonce,
		sign: computeRequestSignature(credentials.secret, input),
	};
}

/**
 * What `sign-token` hashes: the docs give only its algorithm and an example (Payin webhook,
 * http://docs.pinddpay.com/341969792e0), not the hashed string. [ASSUMPTION]
 */
export type SignTokenContent = 'secret' | 'bodyAndSecret';

export function computeSignToken(secret: string, content: SignTokenContent, rawBody: Buffer | string): string {
	// update() takes a Buffer as is and a string as UTF-8 (its default).
	const hash = createHash('md5');
	if (content === 'bodyAndSecret') hash.update(rawBody);
	return hash.update(secret).digest('hex').toUpperCase();
}

export interface VerifyWebhookInput {
	secret: string | undefined;
	signToken: string | undefined;
	content: SignTokenContent;
	rawBody: Buffer;
	nowSeconds: number;
	toleranceSeconds: number;
}

/**
 * Checks `sign-token` in constant time, then the replay window on the body's `eventAt`, which
 * every documented event carries (payin, payout and subscription webhooks:
 * http://docs.pinddpay.com/341969792e0, http://docs.pinddpay.com/346256453e0,
 * http://docs.pinddpay.com/341963635e0). Under the
 * `secret` reading the token is static: it proves only that the sender once saw it, so a fresh
 * eventAt is the one thing that stops a captured token from starting runs with any body and a new
 * eventId. Under `bodyAndSecret` the token covers eventAt, and the window stops exact replays once
 * dedupe has forgotten the eventId. Either way a missing, unreadable or stale eventAt fails closed.
 * Readable forms: see nodes/shared/eventTime.ts; a time without an offset is read as UTC
 * [ASSUMPTION: the docs' only concrete eventAt, 2025-09-05T06:13:10.6522948Z, is UTC].
 */
export function verifyWebhook(input: VerifyWebhookInput): VerificationResult {
	if (!input.secret) return { valid: false, reason: 'missing_secret' };
	if (input.rawBody.length === 0) return { valid: false, reason: 'missing_body' };
	if (!input.signToken) return { valid: false, reason: 'missing_signature' };
	const expected = computeSignToken(input.secret, input.content, input.rawBody);
	if (!safeEqual(expected, input.signToken.trim().toUpperCase())) return { valid: false, reason: 'bad_signature' };

	const eventAt = readEventAt(input.rawBody);
	// Not a JSON object: no event at all, refused by the trigger's parse step (HTTP 400, no run).
	if (eventAt === NOT_AN_OBJECT) return { valid: true };
	if (eventAt === undefined) return { valid: false, reason: 'missing_timestamp' };
	const seconds = eventTimeSeconds(eventAt);
	if (seconds === undefined || !isFreshTimestamp(String(seconds), input.nowSeconds, input.toleranceSeconds)) {
		return { valid: false, reason: 'stale_timestamp' };
	}
	return { valid: true };
}

const NOT_AN_OBJECT = Symbol('not a JSON object');

/**
 * `eventAt` of the body: undefined when absent, null or empty; any other value as is, for
 * eventTimeSeconds to accept (a string in a known form) or refuse.
 */
function readEventAt(rawBody: Buffer): unknown {
	let parsed: unknown;
	try {
		parsed = JSON.parse(rawBody.toString('utf8'));
	} catch {
		return NOT_AN_OBJECT;
	}
	if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) return NOT_AN_OBJECT;
	const eventAt = (parsed as { eventAt?: unknown }).eventAt;
	return eventAt === null || eventAt === '' ? undefined : eventAt;
}
