/** Pure verification primitives (no n8n imports), shared by every gateway's signature.ts. */
import { timingSafeEqual } from 'crypto';

/**
 * Constant-time comparison of two strings. A signature's length is fixed by its algorithm and so
 * public; only equal-length inputs reach timingSafeEqual (which throws on unequal lengths).
 */
export function safeEqual(expected: string, received: string): boolean {
	// Buffer.from encodes strings as UTF-8 by default.
	const a = Buffer.from(expected);
	const b = Buffer.from(received);
	return a.length === b.length && timingSafeEqual(a, b);
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
	const maxDigits = unit === 'seconds' ? 12 : 16;
	if (timestamp === undefined || timestamp.length === 0 || timestamp.length > maxDigits) return false;
	// ASCII digits only, parsed in the same pass (cheaper than a RegExp plus Number() per webhook).
	// Exactly Number(timestamp): with at most 16 digits only the last step can round.
	let value = 0;
	for (let index = 0; index < timestamp.length; index++) {
		const digit = timestamp.charCodeAt(index) - 48;
		if (digit < 0 || digit > 9) return false;
		value = value * 10 + digit;
	}
	return Math.abs(now - value) <= toleranceSeconds * (unit === 'seconds' ? 1 : 1000);
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
