/**
 * Cashy's signature, for requests and notifications alike: `Sign = MD5(raw body + apiKey)` as
 * upper-case hex ("Signature", https://docs.cashypro.com/en_us/quickstart/quickstart.html; every
 * example Sign is upper case). Received signatures are compared case-insensitively ([ASSUMPTION]).
 */
import { createHash, timingSafeEqual } from 'crypto';

export function cashySign(rawBody: Buffer | string, apiKey: string): string {
	return createHash('md5').update(rawBody).update(apiKey, 'utf8').digest('hex').toUpperCase();
}

export function signMatches(rawBody: Buffer, apiKey: string, sign: string | undefined): boolean {
	if (sign === undefined) return false;
	const expected = Buffer.from(cashySign(rawBody, apiKey));
	const received = Buffer.from(sign.toUpperCase());
	return expected.length === received.length && timingSafeEqual(expected, received);
}
