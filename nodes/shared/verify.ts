/** Pure verification primitives (no n8n imports), shared by every gateway's signature.ts. */
import { createHash, timingSafeEqual } from 'crypto';

/**
 * Constant-time comparison of two strings. Both sides are hashed first, so inputs of
 * different lengths take the same time and timingSafeEqual never throws.
 */
export function safeEqual(expected: string, received: string): boolean {
	const a = createHash('sha256').update(expected, 'utf8').digest();
	const b = createHash('sha256').update(received, 'utf8').digest();
	return timingSafeEqual(a, b);
}

/** True when any candidate matches, checking every candidate so timing does not reveal which. */
export function safeEqualAny(expected: string, candidates: string[]): boolean {
	let matched = false;
	for (const candidate of candidates) matched = safeEqual(expected, candidate) || matched;
	return matched;
}

/** A Unix-seconds timestamp inside [now - tolerance, now + tolerance]; digits only. */
export function isFreshTimestamp(timestamp: string | undefined, nowSeconds: number, toleranceSeconds: number): boolean {
	if (timestamp === undefined || !/^\d{1,12}$/.test(timestamp)) return false;
	return Math.abs(nowSeconds - Number(timestamp)) <= toleranceSeconds;
}

export function nowInSeconds(): number {
	return Math.floor(Date.now() / 1000);
}

export type VerificationFailure =
	| 'missing_secret'
	| 'missing_body'
	| 'missing_signature'
	| 'missing_timestamp'
	| 'stale_timestamp'
	| 'bad_signature';

export type VerificationResult = { valid: true } | { valid: false; reason: VerificationFailure };
