/**
 * Pinddpay signatures (spec A.2 and A.5). Pure: no n8n imports.
 *
 * Requests: headers accessKey/timestamp/nonce/sign, where
 *   sign = Base64(HMAC-SHA256(secret, "METHOD&path&accessKey&timestamp&nonce")).
 * The path has no scheme, host or query string; the body is not part of the signature.
 *
 * Webhooks: header `sign-token`, upper-case hex MD5. The docs never say what is hashed, so both
 * plausible readings are supported: MD5(secret) and MD5(rawBody + secret).
 */
import { createHash, createHmac, randomBytes } from 'crypto';

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

/** What `sign-token` hashes (spec A.5.1 leaves it open). */
export type SignTokenContent = 'secret' | 'bodyAndSecret';

export function computeSignToken(secret: string, content: SignTokenContent, rawBody: Buffer | string): string {
	// update() takes a Buffer as is and a string as UTF-8 (its default).
	const hash = createHash('md5');
	if (content === 'bodyAndSecret') hash.update(rawBody);
	return hash.update(secret).digest('hex').toUpperCase();
}

/**
 * Unix seconds of a Pinddpay `eventAt` (ISO-8601, e.g. `2025-09-05T06:13:10.6522948Z`), or
 * undefined when it is not a date. A value without a zone is read as UTC [ASSUMPTION].
 */
export function eventAtSeconds(eventAt: string): number | undefined {
	const match = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(?:\.(\d+))?(Z|[+-]\d{2}:?\d{2})?$/.exec(eventAt.trim());
	if (!match) return undefined;
	const [, dateTime, fraction = '0', zone = 'Z'] = match;
	const milliseconds = Date.parse(`${dateTime}.${fraction.slice(0, 3).padEnd(3, '0')}${zone}`);
	return Number.isNaN(milliseconds) ? undefined : Math.floor(milliseconds / 1000);
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
 * Checks `sign-token` in constant time, then (when the event carries `eventAt`) the replay
 * window. Under the `secret` reading the token is static, so the window is the only freshness
 * check and an `eventAt` that is present but unreadable is rejected.
 */
export function verifyWebhook(input: VerifyWebhookInput): VerificationResult {
	if (!input.secret) return { valid: false, reason: 'missing_secret' };
	if (input.rawBody.length === 0) return { valid: false, reason: 'missing_body' };
	if (!input.signToken) return { valid: false, reason: 'missing_signature' };
	const expected = computeSignToken(input.secret, input.content, input.rawBody);
	if (!safeEqual(expected, input.signToken.trim().toUpperCase())) return { valid: false, reason: 'bad_signature' };

	const eventAt = readEventAt(input.rawBody);
	if (eventAt === undefined) return { valid: true };
	const seconds = eventAtSeconds(eventAt);
	if (seconds === undefined || !isFreshTimestamp(String(seconds), input.nowSeconds, input.toleranceSeconds)) {
		return { valid: false, reason: 'stale_timestamp' };
	}
	return { valid: true };
}

/** `eventAt` of the body when it is a JSON object that has one (any non-string value counts as unreadable). */
function readEventAt(rawBody: Buffer): string | undefined {
	let parsed: unknown;
	try {
		parsed = JSON.parse(rawBody.toString('utf8'));
	} catch {
		return undefined;
	}
	if (parsed === null || typeof parsed !== 'object' || !('eventAt' in parsed)) return undefined;
	const eventAt = (parsed as { eventAt: unknown }).eventAt;
	if (eventAt === null || eventAt === undefined || eventAt === '') return undefined;
	return typeof eventAt === 'string' ? eventAt : String(eventAt);
}
