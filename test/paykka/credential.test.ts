import { generateKeyPairSync } from 'crypto';
import type { IHttpRequestOptions } from 'n8n-workflow';

import { PayKkaApi } from '../../credentials/PayKkaApi.credentials';
import { ENDPOINTS } from '../../nodes/PayKka/constants';
import { baseUrl } from '../../nodes/PayKka/transport';
import { parsePublicKey, verifyParts } from '../../nodes/PayKka/signature';
import { startPayKkaSandbox, type PayKkaSandbox } from '../../sandbox/paykka/server';
import { MERCHANT_PRIVATE_KEY, MERCHANT_PUBLIC_KEY } from './fixture';

const credentials = {
	environment: 'custom',
	baseUrl: 'http://127.0.0.1:1',
	merchantId: '18356675194960',
	appId: '978594372956732',
	privateKey: MERCHANT_PRIVATE_KEY,
	platformPublicKey: '',
};

function request(body: Record<string, unknown> = { trans_id: 'T1', amount: 1250 }): IHttpRequestOptions {
	return { method: 'POST', url: 'http://127.0.0.1:1/v3/payment/acq/session', body, headers: { Accept: 'application/json' }, json: true };
}

describe('PayKkaApi.authenticate', () => {
	const credential = new PayKkaApi();
	const publicKey = parsePublicKey(MERCHANT_PUBLIC_KEY);

	it('signs METHOD, path, timestamp, nonce and the exact body bytes it sends', async () => {
		const signed = await credential.authenticate(credentials, request());
		const headers = signed.headers as Record<string, string>;
		expect(typeof signed.body).toBe('string');
		expect(signed.body).toBe('{"trans_id":"T1","amount":1250}');
		expect(headers['Content-Type']).toBe('application/json');
		expect(headers['x-paykka-appid']).toBe('978594372956732');
		expect(headers['x-paykka-sign-alg']).toBe('SHA256_WITH_RSA');
		expect(headers['x-paykka-timestamp']).toMatch(/^\d{13}$/);
		expect(Math.abs(Number(headers['x-paykka-timestamp']) - Date.now())).toBeLessThan(5_000);
		expect(headers['x-paykka-nonce'].length).toBeGreaterThanOrEqual(10);
		expect(headers['x-paykka-sign']).not.toMatch(/[+/=]/);
		const parts = {
			method: 'POST',
			path: '/v3/payment/acq/session',
			timestamp: headers['x-paykka-timestamp'],
			nonce: headers['x-paykka-nonce'],
			body: signed.body as string,
		};
		expect(verifyParts(publicKey, parts, headers['x-paykka-sign'])).toBe(true);
		expect(verifyParts(publicKey, { ...parts, body: '{"trans_id":"T1","amount":1251}' }, headers['x-paykka-sign'])).toBe(false);
		// Response handling (raw text for response signatures) is the transport's job, not the credential's.
		expect(signed.encoding).toBeUndefined();
	});

	it('never mutates the caller\'s options and uses a fresh nonce on every call (retries)', async () => {
		const original = request();
		const first = await credential.authenticate(credentials, original);
		const second = await credential.authenticate(credentials, original);
		expect(original.body).toEqual({ trans_id: 'T1', amount: 1250 });
		expect(original.headers).toEqual({ Accept: 'application/json' });
		expect((first.headers as Record<string, string>)['x-paykka-nonce']).not.toBe((second.headers as Record<string, string>)['x-paykka-nonce']);
	});

	it('falls back to the merchant ID as app ID and signs the path of baseURL + url', async () => {
		const signed = await credential.authenticate(
			{ ...credentials, appId: '' },
			{ method: 'POST', baseURL: 'http://127.0.0.1:1/prefix/', url: '/v3/payment/acq/query', body: { a: 1 } },
		);
		const headers = signed.headers as Record<string, string>;
		expect(headers['x-paykka-appid']).toBe('18356675194960');
		const parts = { method: 'POST', path: '/prefix/v3/payment/acq/query', timestamp: headers['x-paykka-timestamp'], nonce: headers['x-paykka-nonce'], body: '{"a":1}' };
		expect(verifyParts(publicKey, parts, headers['x-paykka-sign'])).toBe(true);
	});

	it('reports an unparsable private key in words, without a stack trace or key material', async () => {
		const attempt = credential.authenticate({ ...credentials, privateKey: 'MIIEv-not-really-a-key' }, request());
		await expect(attempt).rejects.toThrow(/merchant private key cannot be parsed/);
		await expect(attempt).rejects.not.toThrow(/MIIEv/);
	});
});

describe('PayKkaApi fields', () => {
	it('keeps response verification a separate setting, off by default, stating its assumption', () => {
		const field = new PayKkaApi().properties.find((property) => property.name === 'verifyResponses');
		expect(field).toMatchObject({ type: 'boolean', default: false });
		expect(field?.description).toMatch(/^Whether to check .* Assumption: PayKKa signs a response like a request/);
		expect(field?.description).toMatch(/Notifications to the PayKKa Trigger are verified either way/);
	});
});

describe('PayKkaApi credential test request against the sandbox', () => {
	let sandbox: PayKkaSandbox;
	beforeAll(async () => (sandbox = await startPayKkaSandbox()));
	afterAll(async () => await sandbox.close());

	/** What n8n does with `test.request` once the expressions are resolved. */
	async function runCredentialTest(privateKey: string) {
		const credential = new PayKkaApi();
		const { request: testRequest } = credential.test;
		expect(testRequest.url).toBe(ENDPOINTS.paymentQuery.path);
		const signed = await credential.authenticate(
			{ ...credentials, baseUrl: sandbox.url, privateKey },
			{
				method: 'POST',
				baseURL: sandbox.url,
				url: testRequest.url!,
				body: { merchant_id: credentials.merchantId, trans_id: (testRequest.body as { trans_id: string }).trans_id },
				encoding: testRequest.encoding,
			},
		);
		expect(signed.encoding).toBe('json');
		const response = await fetch(`${sandbox.url}${testRequest.url}`, {
			method: 'POST',
			headers: signed.headers as Record<string, string>,
			body: signed.body as string,
		});
		return { status: response.status, body: (await response.json()) as { ret_code: string; ret_msg: string } };
	}

	it('passes with the registered key (PayKKa accepts the signature, the probe order does not exist)', async () => {
		const result = await runCredentialTest(MERCHANT_PRIVATE_KEY);
		expect(result.status).toBe(200);
		expect(result.body.ret_code).toBe('206024');
		const failingRules = (new PayKkaApi().test.rules ?? []).filter(
			(rule) => rule.type === 'responseSuccessBody' && rule.properties.value === result.body.ret_code,
		);
		expect(failingRules).toHaveLength(0);
	});

	it('fails with a readable message for a key PayKKa does not know', async () => {
		const otherKey = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }) as string;
		const result = await runCredentialTest(otherKey);
		expect(result.status).toBe(401);
		expect(result.body).toEqual({ ret_code: '206003', ret_msg: 'Signature error' });
		const rule = (new PayKkaApi().test.rules ?? []).find(
			(candidate) => candidate.type === 'responseSuccessBody' && candidate.properties.value === '206003',
		);
		expect(rule?.properties.message).toMatch(/private key does not match/);
	});
});

describe('PayKkaApi test request base URL', () => {
	/** The credential's expression as n8n evaluates it (plain JavaScript between `={{` and `}}`). */
	function evaluate(expression: string, values: Record<string, string>): string {
		const body = expression.replace(/^=\{\{/, '').replace(/\}\}$/, '');
		// eslint-disable-next-line @n8n/community-nodes/no-dangerous-functions -- evaluates the credential's own expression, as n8n does
		return (new Function('$credentials', `return (${body});`) as (values: Record<string, string>) => string)(values);
	}

	it('is the host the actions send to, for every API version and environment', () => {
		const expression = new PayKkaApi().test.request.baseURL as string;
		for (const apiVersion of ['v3', 'v1.2']) {
			for (const environment of ['sandbox', 'productionEu', 'productionHk', 'custom']) {
				const values = { apiVersion, environment, baseUrl: 'http://127.0.0.1:4102/' };
				expect({ apiVersion, environment, url: evaluate(expression, values) }).toEqual({ apiVersion, environment, url: baseUrl(values) });
			}
		}
		expect(evaluate(expression, { apiVersion: 'v1.2', environment: 'sandbox', baseUrl: '' })).toBe('https://sandbox.aq.paykka.com');
		expect(evaluate(expression, { apiVersion: 'v3', environment: 'sandbox', baseUrl: '' })).toBe('https://openapi-sandbox.paykka.com');
	});
});
