/** Pure verification primitives (no n8n imports), shared by every gateway's signature.ts. */
import { timingSafeEqual } from 'crypto';

/**
 * Constant-time comparison of two strings. A signature's length is fixed by its algorithm and so
 * public; only equal-length inputs reach timingSafeEqual (which throws on unequal lengths).
 */
export function safeEqual(expected: string, received: string): boolean {
	const a = Buffer.from(expected, 'utf8');
	const b = Buffer.from(received, 'utf8');
	return a.length === b.length && timingSafeEqual(a, b);
}

/** True when any candidate matches, checking every candidate so timing does not reveal which. */
export function safeEqualAny(expected: string, candidates: string[]): boolean {
	let matched = false;
	for (const candidate of candidates) matched = safeEqual(expected, candidate) || matched;
	return matched;
}

/**
 * A Unix timestamp (digits only) inside [now - tolerance, now + tolerance]. `now` and the timestamp
 * are in `unit`; the tolerance is always in seconds.
 */
export function isFreshTimestamp(
	timestamp: string | undefined,
	now: number,
	toleranceSeconds: number,
	unit: 'seconds' | 'milliseconds' = 'seconds',
): boolean {
	const digits = unit === 'seconds' ? /^\d{1,12}$/ : /^\d{1,16}$/;
	if (timestamp === undefined || !digits.test(timestamp)) return false;
	return Math.abs(now - Number(timestamp)) <= toleranceSeconds * (unit === 'seconds' ? 1 : 1000);
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
