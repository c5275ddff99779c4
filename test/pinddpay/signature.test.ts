/* eslint-disable @n8n/community-nodes/no-hardcoded-secrets -- spec test vectors */
import { createHash, createHmac } from 'crypto';
import type { IHttpRequestOptions } from 'n8n-workflow';

import { PinddpayApi } from '../../credentials/PinddpayApi.credentials';
import {
	computeRequestSignature,
	computeSignToken,
	requestPath,
	requestStringToSign,
	signRequestHeaders,
	verifyWebhook,
	type VerifyWebhookInput,
} from '../../nodes/Pinddpay/signature';

describe('Pinddpay request signature (Signature, http://docs.pinddpay.com/7160596m0)', () => {
	it('reproduces the published Admin.NET vector', () => {
		const input = {
			method: 'GET',
			path: '/api/merchant/Balance',
			accessKey: 'tw58ui0z60yYhaCTyROy6g',
			timestamp: '1721916124',
			nonce: '634216',
		};
		expect(requestStringToSign(input)).toBe('GET&/api/merchant/Balance&tw58ui0z60yYhaCTyROy6g&1721916124&634216');
		expect(computeRequestSignature('IwoScoHCG0C6cUf3N5qDJg', input)).toBe('4RYaNXUjiLS473r4yGizHTqRcy1rtTdETPSH9Gdhpf8=');
	});

	it.each([
		['POST', '/api/gateway/createsession', '173568960012345', 'Q2Ve5+1lF45/h4JwkHeX0xpOcsieJ9rnNH1zbbXJ4Zc='],
		['GET', '/api/order/detail', '173568960012346', 'lSqUWxp4kOKM5eTzDBhH7iquFlHAgvs4QjrZ1iJC8Lw='],
		['POST', '/api/payout/create', '173568960012347', 'RjREgGWF1as2G0fGhMykoaGB2tvxXXQOsGy/l+1L/t8='],
	])('reproduces the spec vector for %s %s', (method, path, nonce, sign) => {
		const input = { method, path, accessKey: 'TEST_ACCESS_KEY', timestamp: '1735689600', nonce };
		expect(computeRequestSignature('TEST_ACCESS_SECRET', input)).toBe(sign);
		// The method is upper-cased before signing.
		expect(computeRequestSignature('TEST_ACCESS_SECRET', { ...input, method: method.toLowerCase() })).toBe(sign);
	});

	it('changes with every signed field (tampering)', () => {
		const input = { method: 'POST', path: '/api/payout/create', accessKey: 'TEST_ACCESS_KEY', timestamp: '1735689600', nonce: '173568960012347' };
		const sign = 'RjREgGWF1as2G0fGhMykoaGB2tvxXXQOsGy/l+1L/t8=';
		expect(computeRequestSignature('TEST_ACCESS_SECRET', { ...input, method: 'GET' })).not.toBe(sign);
		expect(computeRequestSignature('TEST_ACCESS_SECRET', { ...input, path: '/api/payout/create/' })).not.toBe(sign);
		expect(computeRequestSignature('TEST_ACCESS_SECRET', { ...input, accessKey: 'OTHER' })).not.toBe(sign);
		expect(computeRequestSignature('TEST_ACCESS_SECRET', { ...input, timestamp: '1735689601' })).not.toBe(sign);
		expect(computeRequestSignature('TEST_ACCESS_SECRET', { ...input, nonce: '173568960012348' })).not.toBe(sign);
		expect(computeRequestSignature('TEST_ACCESS_SECRET_', input)).not.toBe(sign);
	});

	it('signs the string as UTF-8', () => {
		const input = { method: 'get', path: '/api/order/ñ', accessKey: 'TEST_ACCESS_KEY', timestamp: '1735689600', nonce: '1' };
		const expected = createHmac('sha256', 'TEST_ACCESS_SECRET')
			.update(Buffer.from('GET&/api/order/ñ&TEST_ACCESS_KEY&1735689600&1', 'utf8'))
			.digest('base64');
		expect(computeRequestSignature('TEST_ACCESS_SECRET', input)).toBe(expected);
	});

	it('signs the path only: no scheme, host or query string, base path kept', () => {
		expect(requestPath('https://api-test.pinddpay.com/api/order/detail?id=650863804891205')).toBe('/api/order/detail');
		expect(requestPath('/api/payout/balance', 'https://api-test.pinddpay.com/')).toBe('/api/payout/balance');
		expect(requestPath('api/payout/balance', 'http://127.0.0.1:4103/gateway')).toBe('/gateway/api/payout/balance');
	});

	it('builds the four headers for one request', () => {
		const headers = signRequestHeaders(
			{ accessKey: 'TEST_ACCESS_KEY', secret: 'TEST_ACCESS_SECRET' },
			{ method: 'post', path: '/api/gateway/createsession' },
			1735689600,
			'173568960012345',
		);
		expect(headers).toEqual({
			accessKey: 'TEST_ACCESS_KEY',
			timestamp: '1735689600',
			nonce: '173568960012345',
			sign: 'Q2Ve5+1lF45/h4JwkHeX0xpOcsieJ9rnNH1zbbXJ4Zc=',
		});
	});
});

describe('PinddpayApi.authenticate', () => {
	const credentials = { environment: 'test', accessKey: 'TEST_ACCESS_KEY', secret: 'TEST_ACCESS_SECRET', appId: '' };

	it('adds accessKey, timestamp (seconds), a long-integer nonce and a verifiable sign', async () => {
		const before = Math.floor(Date.now() / 1000);
		const signed = await new PinddpayApi().authenticate(credentials, {
			method: 'GET',
			url: 'https://api-test.pinddpay.com/api/order/detail',
			qs: { id: '650863804891205' },
		});
		const headers = signed.headers as Record<string, string>;
		expect(headers.accessKey).toBe('TEST_ACCESS_KEY');
		expect(Math.abs(Number(headers.timestamp) - before)).toBeLessThanOrEqual(1);
		expect(headers.timestamp).toMatch(/^\d{10}$/);
		expect(headers.nonce).toMatch(/^\d{1,19}$/);
		const expected = createHmac('sha256', 'TEST_ACCESS_SECRET')
			.update(`GET&/api/order/detail&TEST_ACCESS_KEY&${headers.timestamp}&${headers.nonce}`)
			.digest('base64');
		expect(headers.sign).toBe(expected);
	});

	it('uses a fresh nonce on every call (each retry is signed again)', async () => {
		const api = new PinddpayApi();
		const nonces = new Set<string>();
		for (let i = 0; i < 20; i++) {
			const signed = await api.authenticate(credentials, { method: 'GET', url: 'https://api-test.pinddpay.com/api/payout/balance' });
			nonces.add((signed.headers as Record<string, string>).nonce);
		}
		expect(nonces.size).toBe(20);
	});

	it('sends the body text as built, as JSON, without changing the caller\'s options', async () => {
		const body = '{"amount":1.99,"currency":"USD"}';
		const options: IHttpRequestOptions = { method: 'POST', url: 'https://api-test.pinddpay.com/api/payout/create', body, headers: { Accept: 'application/json' } };
		const signed = await new PinddpayApi().authenticate(credentials, options);
		expect(signed.body).toBe(body);
		expect(signed.headers).toMatchObject({ 'Content-Type': 'application/json', Accept: 'application/json' });
		expect(options.headers).toEqual({ Accept: 'application/json' });
		expect(options).not.toBe(signed);
	});

	it('signs the credential test request (relative url + baseURL, default GET)', async () => {
		const signed = await new PinddpayApi().authenticate(credentials, { baseURL: 'https://api-test.pinddpay.com', url: '/api/payout/balance' });
		const headers = signed.headers as Record<string, string>;
		const expected = computeRequestSignature('TEST_ACCESS_SECRET', {
			method: 'GET',
			path: '/api/payout/balance',
			accessKey: 'TEST_ACCESS_KEY',
			timestamp: headers.timestamp,
			nonce: headers.nonce,
		});
		expect(headers.sign).toBe(expected);
	});
});

describe('Pinddpay webhook sign-token (Payin webhook, http://docs.pinddpay.com/341969792e0)', () => {
	const SECRET = 'TEST_ACCESS_SECRET';
	const NOW = 1757052800;
	const RAW_BODY =
		'{"resouce":{"id":"123453535363","amount":1.99,"payAt":"2025-09-05T06:13:10Z","targetAccount":"test@test.com","currency":"USD","status":"PAID","error":null,"orderNo":"order_12345"},"eventId":"12345668686","eventAt":"2025-09-05T06:13:10.6522948Z","eventName":"payout.paid","appId":"TEST"}';

	function verify(overrides: Partial<VerifyWebhookInput> = {}) {
		return verifyWebhook({
			secret: SECRET,
			signToken: computeSignToken(SECRET, overrides.content ?? 'secret', RAW_BODY),
			content: 'secret',
			rawBody: Buffer.from(RAW_BODY),
			nowSeconds: NOW,
			toleranceSeconds: 300,
			...overrides,
		});
	}

	it('reproduces the docs\' MD5 example: 123456 -> E10ADC3949BA59ABBE56E057F20F883E', () => {
		expect(computeSignToken('123456', 'secret', 'ignored body')).toBe('E10ADC3949BA59ABBE56E057F20F883E');
		expect(computeSignToken('3456', 'bodyAndSecret', '12')).toBe('E10ADC3949BA59ABBE56E057F20F883E');
		expect(computeSignToken(SECRET, 'secret', '')).toMatch(/^[0-9A-F]{32}$/);
		// Strings are hashed as UTF-8, the same as their bytes in a Buffer.
		const body = '{"targetAccount":"peña@test.com"}';
		const expected = createHash('md5').update(Buffer.from(`${body}${SECRET}`, 'utf8')).digest('hex').toUpperCase();
		expect(computeSignToken(SECRET, 'bodyAndSecret', body)).toBe(expected);
		expect(computeSignToken(SECRET, 'bodyAndSecret', Buffer.from(body, 'utf8'))).toBe(expected);
	});

	it('accepts a valid token under either reading, and a lower-case token', () => {
		expect(verify()).toEqual({ valid: true });
		expect(verify({ content: 'bodyAndSecret' })).toEqual({ valid: true });
		expect(verify({ signToken: computeSignToken(SECRET, 'secret', '').toLowerCase() })).toEqual({ valid: true });
	});

	it('rejects a token of the other reading', () => {
		expect(verify({ signToken: computeSignToken(SECRET, 'bodyAndSecret', RAW_BODY) })).toEqual({ valid: false, reason: 'bad_signature' });
		expect(verify({ content: 'bodyAndSecret', signToken: computeSignToken(SECRET, 'secret', '') })).toEqual({
			valid: false,
			reason: 'bad_signature',
		});
	});

	it('under body+secret, rejects a body changed after signing (one byte, whitespace)', () => {
		const signToken = computeSignToken(SECRET, 'bodyAndSecret', RAW_BODY);
		const tampered = (body: string) => verify({ content: 'bodyAndSecret', signToken, rawBody: Buffer.from(body) });
		expect(tampered(RAW_BODY.replace('1.99', '9.99'))).toEqual({ valid: false, reason: 'bad_signature' });
		expect(tampered(`${RAW_BODY} `)).toEqual({ valid: false, reason: 'bad_signature' });
	});

	it('rejects a wrong secret and a truncated token', () => {
		expect(verify({ signToken: computeSignToken('OTHER_SECRET', 'secret', '') })).toEqual({ valid: false, reason: 'bad_signature' });
		expect(verify({ signToken: computeSignToken(SECRET, 'secret', '').slice(0, 31) })).toEqual({ valid: false, reason: 'bad_signature' });
	});

	it('applies the replay window to eventAt, edges included', () => {
		// eventAt 2025-09-05T06:13:10.6522948Z = 1757052790.
		expect(verify({ nowSeconds: 1757052790 + 300 })).toEqual({ valid: true });
		expect(verify({ nowSeconds: 1757052790 - 300 })).toEqual({ valid: true });
		expect(verify({ nowSeconds: 1757052790 + 301 })).toEqual({ valid: false, reason: 'stale_timestamp' });
		expect(verify({ nowSeconds: 1757052790 - 301 })).toEqual({ valid: false, reason: 'stale_timestamp' });
		expect(verify({ nowSeconds: 1757052790 + 100, toleranceSeconds: 60 })).toEqual({ valid: false, reason: 'stale_timestamp' });
	});

	describe.each(['secret', 'bodyAndSecret'] as const)('eventAt under the %s reading', (content) => {
		const withBody = (body: string) =>
			verify({ content, rawBody: Buffer.from(body), signToken: computeSignToken(SECRET, content, body) });
		const withEventAt = (eventAt: unknown) => withBody(JSON.stringify({ eventId: '1', eventName: 'order.paid', eventAt }));

		it('requires eventAt: a correctly signed event without one is refused (defect 5)', () => {
			expect(withBody('{"eventId":"1","eventName":"order.paid"}')).toEqual({ valid: false, reason: 'missing_timestamp' });
			expect(withEventAt(null)).toEqual({ valid: false, reason: 'missing_timestamp' });
			expect(withEventAt('')).toEqual({ valid: false, reason: 'missing_timestamp' });
		});

		it.each([
			['ISO 8601 UTC', '2025-09-05T06:13:10Z'],
			['ISO 8601 with offset', '2025-09-05T14:13:10+08:00'],
			['ISO 8601 without offset (read as UTC)', '2025-09-05T06:13:10'],
			['yyyy-MM-dd HH:mm:ss (read as UTC)', '2025-09-05 06:13:10'],
			['Unix seconds', '1757052790'],
			['Unix milliseconds', '1757052790652'],
		])('accepts a fresh eventAt in the form %s', (_name, eventAt) => {
			expect(withEventAt(eventAt)).toEqual({ valid: true });
		});

		it.each([
			['not a date', 'string'],
			['a number (the docs type it as a string)', 1757052790],
			['an object', { at: '2025-09-05T06:13:10Z' }],
			['an impossible date', '2025-13-45T99:99:99Z'],
			['stale in another form', '2025-09-05 06:00:00'],
			['local time at +08:00 without its offset', '2025-09-05 14:13:10'],
		])('refuses an eventAt that is %s', (_name, eventAt) => {
			expect(withEventAt(eventAt)).toEqual({ valid: false, reason: 'stale_timestamp' });
		});

		it('leaves a signed body that is not a JSON object to the parse step (HTTP 400, no run)', () => {
			expect(withBody('not json')).toEqual({ valid: true });
			expect(withBody('[1]')).toEqual({ valid: true });
		});
	});

	it('fails closed on anything missing', () => {
		expect(verify({ secret: undefined })).toEqual({ valid: false, reason: 'missing_secret' });
		expect(verify({ secret: '' })).toEqual({ valid: false, reason: 'missing_secret' });
		expect(verify({ signToken: undefined })).toEqual({ valid: false, reason: 'missing_signature' });
		expect(verify({ signToken: '' })).toEqual({ valid: false, reason: 'missing_signature' });
		expect(verify({ rawBody: Buffer.alloc(0) })).toEqual({ valid: false, reason: 'missing_body' });
	});
});
