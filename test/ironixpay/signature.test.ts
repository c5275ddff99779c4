// The spec's published test vector (B5), not a real secret.
/* eslint-disable @n8n/community-nodes/no-hardcoded-secrets */
import { createHmac } from 'crypto';

import { computeSignature, verifySignature } from '../../nodes/IronixPay/signature';

// Worked example from the spec (B5), cross-checked there with openssl.
const SECRET = 'whsec_00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff';
const TIMESTAMP = '1739246160';
const RAW_BODY =
	'{"id":"evt_0195f0c1a2b34c5d","event_type":"session.completed","created":1739246160,"data":{"object":"checkout_session","id":"cs_abc123def456","status":"Paid","amount":"10.5","amount_received":"10.5"}}';
const SIGNATURE = '16518f4a6b5d8e9c1e7b765c318e690c3047ce6f90a25b0cfae2955cf2ad952b';

function verify(overrides: Partial<Parameters<typeof verifySignature>[0]> = {}) {
	return verifySignature({
		secret: SECRET,
		signature: SIGNATURE,
		timestamp: TIMESTAMP,
		rawBody: Buffer.from(RAW_BODY, 'utf8'),
		nowSeconds: Number(TIMESTAMP) + 10,
		toleranceSeconds: 300,
		...overrides,
	});
}

describe('IronixPay webhook signature', () => {
	it('reproduces the spec worked example', () => {
		expect(computeSignature(SECRET, TIMESTAMP, RAW_BODY)).toBe(SIGNATURE);
		expect(verify()).toEqual({ valid: true });
	});

	it('hashes a string body as UTF-8, like the same bytes as a Buffer', () => {
		const body = '{"note":"Señal ✓"}';
		const expected = createHmac('sha256', SECRET).update(Buffer.from(`${TIMESTAMP}.${body}`, 'utf8')).digest('hex');
		expect(computeSignature(SECRET, TIMESTAMP, body)).toBe(expected);
		expect(computeSignature(SECRET, TIMESTAMP, Buffer.from(body, 'utf8'))).toBe(expected);
		expect(verify({ rawBody: Buffer.from(body, 'utf8'), signature: expected })).toEqual({ valid: true });
	});

	it('accepts an upper-case hex signature', () => {
		expect(verify({ signature: SIGNATURE.toUpperCase() })).toEqual({ valid: true });
	});

	it('rejects a tampered body, even by one byte or whitespace', () => {
		expect(verify({ rawBody: Buffer.from(RAW_BODY.replace('10.5', '10.6')) })).toEqual({ valid: false, reason: 'bad_signature' });
		expect(verify({ rawBody: Buffer.from(`${RAW_BODY} `) })).toEqual({ valid: false, reason: 'bad_signature' });
		expect(verify({ rawBody: Buffer.from(JSON.stringify(JSON.parse(RAW_BODY), null, 1)) })).toEqual({
			valid: false,
			reason: 'bad_signature',
		});
	});

	it('rejects a wrong secret and a truncated signature', () => {
		expect(verify({ secret: SECRET.replace(/f$/, 'e') })).toEqual({ valid: false, reason: 'bad_signature' });
		expect(verify({ secret: SECRET.slice('whsec_'.length) })).toEqual({ valid: false, reason: 'bad_signature' });
		expect(verify({ signature: SIGNATURE.slice(0, 32) })).toEqual({ valid: false, reason: 'bad_signature' });
	});

	it('rejects a signature made for another timestamp', () => {
		const otherTimestamp = String(Number(TIMESTAMP) + 1);
		expect(verify({ timestamp: otherTimestamp })).toEqual({ valid: false, reason: 'bad_signature' });
	});

	it('rejects stale and future timestamps outside the window, accepts the edges', () => {
		const ts = Number(TIMESTAMP);
		expect(verify({ nowSeconds: ts + 301 })).toEqual({ valid: false, reason: 'stale_timestamp' });
		expect(verify({ nowSeconds: ts - 301 })).toEqual({ valid: false, reason: 'stale_timestamp' });
		expect(verify({ nowSeconds: ts + 300 })).toEqual({ valid: true });
		expect(verify({ nowSeconds: ts - 300 })).toEqual({ valid: true });
		expect(verify({ nowSeconds: ts + 30, toleranceSeconds: 10 })).toEqual({ valid: false, reason: 'stale_timestamp' });
	});

	it('rejects non-numeric timestamps', () => {
		expect(verify({ timestamp: '1739246160.0' })).toEqual({ valid: false, reason: 'stale_timestamp' });
		expect(verify({ timestamp: '-1' })).toEqual({ valid: false, reason: 'stale_timestamp' });
	});

	it('fails closed on anything missing', () => {
		expect(verify({ secret: undefined })).toEqual({ valid: false, reason: 'missing_secret' });
		expect(verify({ secret: '' })).toEqual({ valid: false, reason: 'missing_secret' });
		expect(verify({ signature: undefined })).toEqual({ valid: false, reason: 'missing_signature' });
		expect(verify({ timestamp: undefined })).toEqual({ valid: false, reason: 'missing_timestamp' });
		expect(verify({ rawBody: Buffer.alloc(0) })).toEqual({ valid: false, reason: 'missing_body' });
	});
});
