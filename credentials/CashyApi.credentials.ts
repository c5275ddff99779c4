import type {
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	ICredentialType,
	IDataObject,
	IHttpRequestOptions,
	INodeProperties,
} from 'n8n-workflow';

import { computeSign, createNonce } from '../nodes/Cashy/signature';
import { stringifyWithDecimals } from '../nodes/shared/decimalJson';

export class CashyApi implements ICredentialType {
	name = 'cashyApi';

	displayName = 'Cashy API';

	icon = { light: 'file:../nodes/Cashy/cashy.svg', dark: 'file:../nodes/Cashy/cashy.dark.svg' } as const;

	documentationUrl = 'https://github.com/n8n-nodes-payment-gateways/n8n-nodes-payment-gateways#cashy-api';

	properties: INodeProperties[] = [
		{
			displayName: 'Environment',
			name: 'environment',
			type: 'options',
			default: 'test',
			description:
				'Cashy does not publish its base URLs: its operations staff give each merchant a test and a production URL',
			options: [
				{ name: 'Test', value: 'test', description: 'The test base URL Cashy gave you' },
				{ name: 'Production', value: 'production', description: 'The production base URL Cashy gave you (HTTPS only)' },
				{ name: 'Custom', value: 'custom', description: 'Any other instance, e.g. the local sandbox' },
			],
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'e.g. https://api.example-cashy-host.com',
			description:
				'Everything before /api/... in Cashy\'s endpoint addresses ("baseUrl" in the Cashy docs). Local sandbox: http://127.0.0.1:4104.',
		},
		{
			displayName: 'Merchant ID',
			name: 'merchantId',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'e.g. 1002001',
			description: 'The numeric MerchantId Cashy assigned to you',
		},
		{
			displayName: 'Secret Key (API Key)',
			name: 'secretKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description:
				'The merchant apiKey from Cashy. It signs every request and verifies Cashy\'s notifications; it is never sent.',
		},
	];

	/**
	 * Sign = MD5(body + apiKey) over the exact bytes sent. The node's requests arrive as final JSON
	 * text (amounts already written as decimal numbers, nonceStr in place) and are signed as they are;
	 * an object body (the credential test) gets a fresh nonceStr and is serialised here, once.
	 * Works on copies: the caller's options and body are never changed.
	 */
	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		requestOptions: IHttpRequestOptions,
	): Promise<IHttpRequestOptions> {
		const rawBody = finalBody(requestOptions.body);
		return {
			...requestOptions,
			body: rawBody,
			headers: {
				...requestOptions.headers,
				// A string body would otherwise go out form-encoded.
				'Content-Type': 'application/json',
				MerchantId: String(credentials.merchantId ?? '').trim(),
				Sign: computeSign(rawBody, String(credentials.secretKey ?? '')),
			},
		};
	}

	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{ $credentials.baseUrl.replace(/\\/+$/, "") }}',
			url: '/api/getBalance',
			method: 'POST',
			body: {},
		},
		// Cashy answers HTTP 200 with a failure code inside the envelope (docs.cashypro.com quickstart: 200 = success).
		rules: [
			{ type: 'responseSuccessBody', properties: { key: 'code', value: 500, message: 'Cashy rejected the request: check the merchant ID, secret key and IP whitelist' } },
			{ type: 'responseSuccessBody', properties: { key: 'code', value: 401, message: 'Cashy answered "no access": check the merchant ID and secret key' } },
		],
	};
}

/** Every Cashy body carries a random nonceStr; a string body is already final and signed as is. */
function finalBody(body: IHttpRequestOptions['body']): string {
	if (typeof body === 'string' && body !== '') return body;
	if (body !== null && typeof body === 'object' && !Buffer.isBuffer(body) && !Array.isArray(body) && !(body instanceof URLSearchParams)) {
		return stringifyWithDecimals({ ...(body as IDataObject), nonceStr: createNonce() });
	}
	return stringifyWithDecimals({ nonceStr: createNonce() });
}
