/**
 * Cashy request and callback signatures ("Signature", https://docs.cashypro.com/en_us/quickstart/quickstart.html):
 * `Sign = MD5(rawBody + apiKey)`, upper-case hex, over the exact body bytes (no sorting, no
 * separator). No timestamp is signed, so there is no replay window; `nonceStr` in the body only
 * makes each request body unique. Pure: no n8n imports.
 */
import { createHash, randomBytes } from 'crypto';

import { safeEqual, type VerificationResult } from '../shared/verify';

/** Lower-case hex MD5(rawBody + apiKey); update() takes a Buffer as is and a string as UTF-8 (its default). */
function md5Hex(rawBody: Buffer | string, apiKey: string): string {
	return createHash('md5').update(rawBody).update(apiKey).digest('hex');
}

export function computeSign(rawBody: Buffer | string, apiKey: string): string {
	return md5Hex(rawBody, apiKey).toUpperCase();
}

/** A fresh random `nonceStr` (32 hex characters, the field's maximum length). */
export function createNonce(): string {
	return randomBytes(16).toString('hex');
}

export interface VerifyInput {
	secret: string | undefined;
	signature: string | undefined;
	rawBody: Buffer;
}

/** Checks a `Sign` header against the raw body; case-insensitive ([ASSUMPTION]: the docs show only upper case), fails closed. */
export function verifySign(input: VerifyInput): VerificationResult {
	if (!input.secret) return { valid: false, reason: 'missing_secret' };
	if (input.rawBody.length === 0) return { valid: false, reason: 'missing_body' };
	if (!input.signature) return { valid: false, reason: 'missing_signature' };
	// Compared in lower case: the digest already is, so only the header needs converting.
	const expected = md5Hex(input.rawBody, input.secret);
	return safeEqual(expected, input.signature.trim().toLowerCase())
		? { valid: true }
		: { valid: false, reason: 'bad_signature' };
}
