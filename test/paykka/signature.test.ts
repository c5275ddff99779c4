import { createHash } from 'crypto';

import {
	newNonce,
	parsePrivateKey,
	parsePublicKey,
	PayKkaKeyError,
	signParts,
	stringToSign,
	verifyParts,
	verifySignedMessage,
} from '../../nodes/PayKka/signature';
import { isFreshTimestamp } from '../../nodes/shared/verify';
import { MERCHANT_PRIVATE_KEY, MERCHANT_PUBLIC_KEY } from './fixture';

/** A worked v3 example: the signed string of https://docs.paykka.com/payments/apis/introduction/api-certification over the docs' query example, signed with the test-only key. */
const EXAMPLE = {
	method: 'POST',
	path: '/v3/payment/acq/query',
	timestamp: '1757387467986',
	nonce: '4326048250346354435',
	body: '{"merchant_id":"18356675194960","order_id":"GW20620xxxxx6999"}',
};
const EXAMPLE_SHA256 = '1a867d7ca838eeeb79e36cb9f30e71a56c32924ab23fcb018348f7aec3fa675e';
const EXAMPLE_BASE64 =
	'Tgm8csEJyWrSpDuJdmWveu7pe9OunxP0hD8rUTeXUBmMB66KVzdo6KJgfy+/HvcSn3InR+g+ElJy04yFNA3G0qunNB7/DFxDdtlzb7lucUVNzfTJO91digD58Mc8FXIAWaSRZXQuBLCEBjw0cQdmRRa8myhANXS0yZempokeOEjdZuYBfK05qs+jKwwZtdRXsg0VzBjkXpegYwBvAKM9sAKXBCacE5Di/dx91KW1/30L7ZcsR/1oEh4qSVrqGs0hX/Fa1e00X/RqbEAaOD6IIzzo4LzIAcGGu+7Z30ePwcuRKQW4RwJ2R6KMWi3KiNjP/15R8ZSDRRnIzF3dH4AYlQ==';
const EXAMPLE_HEADER =
	'Tgm8csEJyWrSpDuJdmWveu7pe9OunxP0hD8rUTeXUBmMB66KVzdo6KJgfy%2B%2FHvcSn3InR%2Bg%2BElJy04yFNA3G0qunNB7%2FDFxDdtlzb7lucUVNzfTJO91digD58Mc8FXIAWaSRZXQuBLCEBjw0cQdmRRa8myhANXS0yZempokeOEjdZuYBfK05qs%2BjKwwZtdRXsg0VzBjkXpegYwBvAKM9sAKXBCacE5Di%2Fdx91KW1%2F30L7ZcsR%2F1oEh4qSVrqGs0hX%2FFa1e00X%2FRqbEAaOD6IIzzo4LzIAcGGu%2B7Z30ePwcuRKQW4RwJ2R6KMWi3KiNjP%2F15R8ZSDRRnIzF3dH4AYlQ%3D%3D';

/** PEM -> bare Base64 body, the other form the portal hands out. */
const bare = (pem: string) => pem.replace(/-----[^-]+-----/g, '').replace(/\s+/g, '');

describe('PayKKa v3 signature (worked example)', () => {
	const privateKey = parsePrivateKey(MERCHANT_PRIVATE_KEY);
	const publicKey = parsePublicKey(MERCHANT_PUBLIC_KEY);

	it('builds the exact string to sign', () => {
		const text = stringToSign(EXAMPLE).toString('utf8');
		expect(text).toBe(
			'POST\n/v3/payment/acq/query\n1757387467986\n4326048250346354435\n{"merchant_id":"18356675194960","order_id":"GW20620xxxxx6999"}',
		);
		expect(createHash('sha256').update(stringToSign(EXAMPLE)).digest('hex')).toBe(EXAMPLE_SHA256);
	});

	it('reproduces the x-paykka-sign header bit for bit', () => {
		const header = signParts(privateKey, EXAMPLE);
		expect(header).toBe(EXAMPLE_HEADER);
		expect(decodeURIComponent(header)).toBe(EXAMPLE_BASE64);
	});

	it('signs the same with a bare Base64 key and with literal "\\n" escapes', () => {
		expect(signParts(parsePrivateKey(bare(MERCHANT_PRIVATE_KEY)), EXAMPLE)).toBe(EXAMPLE_HEADER);
		expect(signParts(parsePrivateKey(MERCHANT_PRIVATE_KEY.replace(/\n/g, '\\n')), EXAMPLE)).toBe(EXAMPLE_HEADER);
		expect(verifyParts(parsePublicKey(bare(MERCHANT_PUBLIC_KEY)), EXAMPLE, EXAMPLE_HEADER)).toBe(true);
	});

	it('verifies the example with the public key, URL-encoded or not', () => {
		expect(verifyParts(publicKey, EXAMPLE, EXAMPLE_HEADER)).toBe(true);
		expect(verifyParts(publicKey, EXAMPLE, EXAMPLE_BASE64)).toBe(true);
	});

	it.each([
		['one body byte', { body: EXAMPLE.body.replace('6999', '6998') }],
		['the path', { path: '/v3/payment/acq/refund' }],
		['the timestamp', { timestamp: '1757387467987' }],
		['the nonce', { nonce: '4326048250346354436' }],
		['the method', { method: 'GET' }],
	])('rejects the example after changing %s', (_name, change) => {
		expect(verifyParts(publicKey, { ...EXAMPLE, ...change }, EXAMPLE_HEADER)).toBe(false);
	});

	it('rejects garbage signatures without throwing', () => {
		expect(verifyParts(publicKey, EXAMPLE, '%E0%A4%A')).toBe(false);
		expect(verifyParts(publicKey, EXAMPLE, 'not base64!')).toBe(false);
		expect(verifyParts(publicKey, EXAMPLE, EXAMPLE_HEADER.slice(0, 40))).toBe(false);
	});

	it('round-trips a fresh request signed with a fresh nonce', () => {
		const parts = { method: 'POST', path: '/v3/payment/acq/session', timestamp: String(Date.now()), nonce: newNonce(), body: '{"a":"ü"}' };
		expect(parts.nonce).toMatch(/^[0-9a-f]{32}$/);
		expect(newNonce()).not.toBe(parts.nonce);
		expect(verifyParts(publicKey, parts, signParts(privateKey, parts))).toBe(true);
	});
});

describe('key parsing', () => {
	it.each([
		['empty', ''],
		['not a key', 'hello world'],
		['a public key pasted as private key', MERCHANT_PUBLIC_KEY],
		['truncated PEM', MERCHANT_PRIVATE_KEY.slice(0, 200)],
		['Base64 that is not a key', Buffer.from('definitely not a key').toString('base64')],
	])('says so in words for %s', (_name, input) => {
		let caught: unknown;
		try {
			parsePrivateKey(input);
		} catch (error) {
			caught = error;
		}
		expect(caught).toBeInstanceOf(PayKkaKeyError);
		expect((caught as Error).message).toMatch(/merchant private key (is empty|cannot be parsed)/);
		// The message never echoes key material.
		expect((caught as Error).message).not.toContain('MII');
	});

	it('rejects an unparsable platform key in words', () => {
		expect(() => parsePublicKey('-----BEGIN PUBLIC KEY-----\nxx\n-----END PUBLIC KEY-----')).toThrow(
			/platform public key cannot be parsed/,
		);
	});
});

describe('verifySignedMessage (notifications and responses)', () => {
	const privateKey = parsePrivateKey(MERCHANT_PRIVATE_KEY);
	const now = Date.now();
	const body = Buffer.from('{"notify_type":"PAYMENT.SUCCESS","order_id":"GW1"}');
	const parts = { method: 'POST', path: '/webhook/abc/webhook', timestamp: String(now), nonce: 'n0nce-123456', body };
	const base = {
		publicKey: MERCHANT_PUBLIC_KEY,
		method: 'POST',
		paths: ['/webhook/abc/webhook'],
		timestamp: parts.timestamp,
		nonce: parts.nonce,
		signature: signParts(privateKey, parts),
		rawBody: body,
		nowMs: now,
		toleranceSeconds: 300,
	};

	it('accepts a fresh, correctly signed message', () => {
		expect(verifySignedMessage(base)).toEqual({ valid: true });
	});

	it('accepts when any candidate path matches', () => {
		expect(verifySignedMessage({ ...base, paths: ['/other', '/webhook/abc/webhook'] })).toEqual({ valid: true });
	});

	it.each([
		['no key', { publicKey: '' }, 'missing_secret'],
		['an unparsable key', { publicKey: 'junk' }, 'missing_secret'],
		['no signature', { signature: undefined }, 'missing_signature'],
		['no nonce', { nonce: undefined }, 'missing_timestamp'],
		['an empty body', { rawBody: Buffer.alloc(0) }, 'missing_body'],
		['a stale timestamp', { nowMs: now + 301_000 }, 'stale_timestamp'],
		['a future timestamp', { nowMs: now - 301_000 }, 'stale_timestamp'],
		['another path', { paths: ['/webhook/other/webhook'] }, 'bad_signature'],
		['a changed body', { rawBody: Buffer.from(body.toString().replace('GW1', 'GW2')) }, 'bad_signature'],
	])('fails closed with %s', (_name, change, reason) => {
		expect(verifySignedMessage({ ...base, ...change })).toEqual({ valid: false, reason });
	});

	it('checks millisecond timestamps against the window', () => {
		expect(isFreshTimestamp(String(now - 299_000), now, 300, 'milliseconds')).toBe(true);
		expect(isFreshTimestamp(String(now - 301_000), now, 300, 'milliseconds')).toBe(false);
		expect(isFreshTimestamp('17573874679.86', now, 300, 'milliseconds')).toBe(false);
		expect(isFreshTimestamp(undefined, now, 300, 'milliseconds')).toBe(false);
	});
});
