import { createHash } from 'crypto';
import type { IHttpRequestOptions } from 'n8n-workflow';

import { CashyApi } from '../../credentials/CashyApi.credentials';
import { computeSign, createNonce, verifySign } from '../../nodes/Cashy/signature';
import { JsonDecimal } from '../../nodes/shared/decimalJson';
import { CASHY_TEST_API_KEY } from '../../sandbox/cashy/server';

// Synthetic vectors (Cashy publishes none) for Sign = MD5(body + apiKey), the rule of "Signature" on every overview page
// (e.g. https://docs.cashypro.com/en_us/quickstart/quickstart.html) and of callback verification ("异步回调验签",
// https://docs.cashypro.com/col/overview.html); each was computed with both Node crypto and Python hashlib.
/** TESTAPIKEY0123456789, a made-up key for these vectors. */
const KEY = CASHY_TEST_API_KEY;
const SHORT_BODY = '{"nonceStr":"4190026990"}';
// The COL pay-in vector with its amount as a JSON number (decimal(20,2)), as Cashy's examples send it.
const PAYIN_BODY =
	'{"currency":"COP","payType":157,"amount":10000.00,"reusableStatus":false,"mchOrderNo":"order00000001","expireTime":3600,"notifyUrl":"https://merchant.example/webhooks/payin","nonceStr":"1863484722378907648","remark":"payin","realName":"Julian","phone":"573016612345","email":"julian@example.com","idType":"1","idCard":"1103412345","userType":"1","bankId":1}';
const WEBHOOK_BODY =
	'{"orderStatus":"SUCCESS","amount":10000.0,"fee":0,"mchOrderNo":"order00000001","merchantId":"100001","orderNo":"PAYIN8232154612109344768","payUrl":"https://paydesk.example/views/pay.html?PAYIN8232154612109344768","completionTime":"2022-08-08 08:08:08","nonceStr":"1659946088000"}';
const WEBHOOK_SIGN = '8F5FEB80C31328C8E71E4AD169C39210';

const verify = (overrides: Partial<Parameters<typeof verifySign>[0]> = {}) =>
	verifySign({ secret: KEY, signature: WEBHOOK_SIGN, rawBody: Buffer.from(WEBHOOK_BODY), ...overrides });

describe('Cashy Sign = MD5(raw body + apiKey)', () => {
	it('reproduces the synthetic vectors (upper-case hex)', () => {
		expect(computeSign(SHORT_BODY, KEY)).toBe('5AFA92B3F2DE1153C66DB421E02724F4');
		expect(computeSign('{"nonceStr": "4190026990"}', KEY)).toBe('1410070D20F49682612B885ED5AD20F9');
		expect(computeSign(PAYIN_BODY, KEY)).toBe('3D5025EBD5E9D812FF163962CB69012D');
		// The old string amount signs differently: a receiver that reads a number would refuse it.
		expect(computeSign(PAYIN_BODY.replace('"amount":10000.00', '"amount":"10000.00"'), KEY)).toBe('F7CE2F65062783287D87A902BCE9F9DE');
		expect(computeSign(Buffer.from(WEBHOOK_BODY), KEY)).toBe(WEBHOOK_SIGN);
	});

	it('verifies the webhook vector, also in lower case', () => {
		expect(verify()).toEqual({ valid: true });
		expect(verify({ signature: WEBHOOK_SIGN.toLowerCase() })).toEqual({ valid: true });
	});

	it('rejects tampering: one digit, re-serialised JSON (10000.0 -> 10000), whitespace', () => {
		expect(verify({ rawBody: Buffer.from(WEBHOOK_BODY.replace('10000.0', '10001.0')) })).toEqual({ valid: false, reason: 'bad_signature' });
		expect(verify({ rawBody: Buffer.from(JSON.stringify(JSON.parse(WEBHOOK_BODY))) })).toEqual({ valid: false, reason: 'bad_signature' });
		expect(verify({ rawBody: Buffer.from(`${WEBHOOK_BODY}\n`) })).toEqual({ valid: false, reason: 'bad_signature' });
		expect(verify({ rawBody: Buffer.from(WEBHOOK_BODY.replace('"SUCCESS"', '"FAIL"')) })).toEqual({ valid: false, reason: 'bad_signature' });
	});

	it('accepts surrounding whitespace and any letter case, nothing else that is not hex', () => {
		expect(verify({ signature: ` ${WEBHOOK_SIGN}\n` })).toEqual({ valid: true });
		expect(verify({ signature: '8f5FEB80c31328C8E71E4AD169C39210' })).toEqual({ valid: true });
		// CBDABE7FF4...: U+FB00 (upper-cases to "FF") in place of "FF" is not hex.
		const body = '{"nonceStr":"6"}';
		expect(computeSign(body, KEY)).toBe('CBDABE7FF42D36618467317075CD0E59');
		expect(verify({ rawBody: Buffer.from(body), signature: 'CBDABE7FF42D36618467317075CD0E59' })).toEqual({ valid: true });
		expect(verify({ rawBody: Buffer.from(body), signature: 'CBDABE7\ufb0042D36618467317075CD0E59' })).toEqual({
			valid: false,
			reason: 'bad_signature',
		});
	});

	it('hashes a string body as UTF-8, like the same bytes as a Buffer', () => {
		const body = '{"realName":"Julián Peña","nonceStr":"1"}';
		const expected = createHash('md5').update(Buffer.from(`${body}${KEY}`, 'utf8')).digest('hex').toUpperCase();
		expect(computeSign(body, KEY)).toBe(expected);
		expect(computeSign(Buffer.from(body, 'utf8'), KEY)).toBe(expected);
		expect(verify({ rawBody: Buffer.from(body, 'utf8'), signature: expected })).toEqual({ valid: true });
	});

	it('rejects a wrong key and a truncated signature', () => {
		expect(verify({ secret: `${KEY}x` })).toEqual({ valid: false, reason: 'bad_signature' });
		expect(verify({ signature: WEBHOOK_SIGN.slice(0, 31) })).toEqual({ valid: false, reason: 'bad_signature' });
	});

	it('fails closed on anything missing', () => {
		expect(verify({ secret: undefined })).toEqual({ valid: false, reason: 'missing_secret' });
		expect(verify({ secret: '' })).toEqual({ valid: false, reason: 'missing_secret' });
		expect(verify({ signature: undefined })).toEqual({ valid: false, reason: 'missing_signature' });
		expect(verify({ rawBody: Buffer.alloc(0) })).toEqual({ valid: false, reason: 'missing_body' });
	});

	it('creates 32-character random nonces', () => {
		const nonces = new Set(Array.from({ length: 50 }, () => createNonce()));
		expect(nonces.size).toBe(50);
		for (const nonce of nonces) expect(nonce).toMatch(/^[0-9a-f]{32}$/);
	});
});

describe('CashyApi.authenticate', () => {
	const credentials = { environment: 'custom', baseUrl: 'http://127.0.0.1:1', merchantId: ' 1002001 ', secretKey: KEY };

	it('signs the exact bytes it sends, with a fresh nonceStr, without touching the caller\'s options', async () => {
		const body = { mchOrderNo: 'order00000001', amount: '10000.00' };
		const options: IHttpRequestOptions = { method: 'POST', url: 'http://127.0.0.1:1/api/payIn', body, headers: { Accept: 'application/json' }, json: true };
		const first = await new CashyApi().authenticate(credentials, options);
		const second = await new CashyApi().authenticate(credentials, options);

		expect(typeof first.body).toBe('string');
		const sent = JSON.parse(first.body as string);
		expect(sent).toMatchObject(body);
		expect(sent.nonceStr).toMatch(/^[0-9a-f]{32}$/);
		expect(JSON.parse(second.body as string).nonceStr).not.toBe(sent.nonceStr);
		expect(first.headers).toMatchObject({ MerchantId: '1002001', 'Content-Type': 'application/json', Accept: 'application/json' });
		expect(first.headers!.Sign).toBe(computeSign(first.body as string, KEY));
		expect(first.headers!.Sign).not.toBe(second.headers!.Sign);
		// The caller's body and headers are unchanged: a retry signs again from the same input.
		expect(options.body).toEqual({ mchOrderNo: 'order00000001', amount: '10000.00' });
		expect(options.headers).toEqual({ Accept: 'application/json' });
		expect(JSON.stringify(first)).not.toContain(KEY);
	});

	it('adds a nonceStr body to body-less requests (credential test) and signs string bodies as they are', async () => {
		const empty = await new CashyApi().authenticate(credentials, { url: 'http://127.0.0.1:1/api/getBalance', method: 'POST' });
		expect(Object.keys(JSON.parse(empty.body as string))).toEqual(['nonceStr']);
		const raw = await new CashyApi().authenticate(credentials, { url: 'http://x/api/getBalance', method: 'POST', body: SHORT_BODY });
		expect(raw.body).toBe(SHORT_BODY);
		expect(raw.headers!.Sign).toBe('5AFA92B3F2DE1153C66DB421E02724F4');
	});

	it('writes a JsonDecimal amount as its literal and signs those bytes', async () => {
		const options: IHttpRequestOptions = { method: 'POST', url: 'http://x/api/payOut', body: { amount: new JsonDecimal('50000.00') }, json: true };
		const signed = await new CashyApi().authenticate(credentials, options);
		expect(signed.body).toMatch(/^\{"amount":50000\.00,"nonceStr":"[0-9a-f]{32}"\}$/);
		expect(signed.headers!.Sign).toBe(computeSign(signed.body as string, KEY));
	});

	it('signs the pay-in vector text as it is', async () => {
		const signed = await new CashyApi().authenticate(credentials, { method: 'POST', url: 'http://x/api/payIn', body: PAYIN_BODY });
		expect(signed.body).toBe(PAYIN_BODY);
		expect(signed.headers).toMatchObject({ 'Content-Type': 'application/json', MerchantId: '1002001', Sign: '3D5025EBD5E9D812FF163962CB69012D' });
	});

	it('tests the credential with a signed balance query and treats envelope failures as errors', () => {
		const { test } = new CashyApi();
		expect(test.request).toMatchObject({ url: '/api/getBalance', method: 'POST' });
		expect(test.rules?.map((rule) => (rule.properties as { value: unknown }).value)).toEqual([500, 401]);
	});
});
