/* eslint-disable @n8n/community-nodes/no-restricted-imports */
import { runInNewContext } from 'node:vm';

import { baseUrlExpression, environmentBaseUrl } from '../../nodes/shared/baseUrl';

const URLS = { sandbox: 'https://sandbox.example.test', production: 'https://api.example.test/' };

/** Evaluates the credential-test expression the way n8n does for these simple ternaries. */
function evaluate(expression: string, credentials: Record<string, unknown>): string {
	const body = /^=\{\{ (.*) \}\}$/.exec(expression)?.[1];
	if (!body) throw new Error(`not an n8n expression: ${expression}`);
	return runInNewContext(body, { $credentials: credentials }) as string;
}

describe('environmentBaseUrl', () => {
	test('a listed environment, without its trailing slash', () => {
		expect(environmentBaseUrl({ environment: 'production' }, URLS, 'sandbox')).toBe('https://api.example.test');
		expect(environmentBaseUrl({ environment: 'sandbox' }, URLS, 'sandbox')).toBe('https://sandbox.example.test');
	});

	test('custom: the credential\'s own URL, trailing slashes removed', () => {
		expect(environmentBaseUrl({ environment: 'custom', baseUrl: 'http://127.0.0.1:4101//' }, URLS, 'sandbox')).toBe('http://127.0.0.1:4101');
	});

	test('an unknown or missing environment (or custom without a URL) falls back', () => {
		expect(environmentBaseUrl({ environment: 'staging' }, URLS, 'sandbox')).toBe('https://sandbox.example.test');
		expect(environmentBaseUrl({}, URLS, 'sandbox')).toBe('https://sandbox.example.test');
		expect(environmentBaseUrl({ environment: 'custom', baseUrl: '' }, URLS, 'sandbox')).toBe('https://sandbox.example.test');
	});
});

describe('baseUrlExpression: the same choice as an n8n expression for the credential test', () => {
	const expression = baseUrlExpression(URLS, 'sandbox');

	test.each([
		[{ environment: 'sandbox' }],
		[{ environment: 'production' }],
		[{ environment: 'custom', baseUrl: 'http://127.0.0.1:4101/' }],
		[{ environment: 'staging' }],
	])('%j', (credentials) => {
		expect(evaluate(expression, credentials)).toBe(environmentBaseUrl(credentials, URLS, 'sandbox'));
	});

	test('conditions on other fields come first', () => {
		const versioned = baseUrlExpression(URLS, 'sandbox', [
			{ condition: '$credentials.apiVersion === "v1" && $credentials.environment === "sandbox"', url: 'https://v1.example.test' },
		]);
		expect(evaluate(versioned, { apiVersion: 'v1', environment: 'sandbox' })).toBe('https://v1.example.test');
		expect(evaluate(versioned, { apiVersion: 'v2', environment: 'sandbox' })).toBe('https://sandbox.example.test');
		expect(evaluate(versioned, { apiVersion: 'v1', environment: 'production' })).toBe('https://api.example.test');
	});
});
