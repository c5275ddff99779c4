/**
 * IronixPay webhook signatures: lowercase hex HMAC-SHA256, keyed with the whole `whsec_...`
 * secret, over `${X-Timestamp}.${rawBody}` (https://ironixpay.com/guide/webhooks). Pure: no n8n imports.
 */
import { createHmac } from 'crypto';

import { isFreshTimestamp, safeEqual, type VerificationResult } from '../shared/verify';

/** update() takes a Buffer as is and a string as UTF-8, its default (naming it costs a parse per call). */
export function computeSignature(secret: string, timestamp: string, rawBody: Buffer | string): string {
	return createHmac('sha256', secret).update(`${timestamp}.`).update(rawBody).digest('hex');
}

export interface VerifyInput {
	secret: string | undefined;
	signature: string | undefined;
	timestamp: string | undefined;
	rawBody: Buffer;
	nowSeconds: number;
	toleranceSeconds: number;
}

export function verifySignature(input: VerifyInput): VerificationResult {
	if (!input.secret) return { valid: false, reason: 'missing_secret' };
	if (input.rawBody.length === 0) return { valid: false, reason: 'missing_body' };
	if (!input.signature) return { valid: false, reason: 'missing_signature' };
	if (!input.timestamp) return { valid: false, reason: 'missing_timestamp' };
	if (!isFreshTimestamp(input.timestamp, input.nowSeconds, input.toleranceSeconds)) {
		return { valid: false, reason: 'stale_timestamp' };
	}
	const expected = computeSignature(input.secret, input.timestamp, input.rawBody);
	return safeEqual(expected, input.signature.toLowerCase()) ? { valid: true } : { valid: false, reason: 'bad_signature' };
}
