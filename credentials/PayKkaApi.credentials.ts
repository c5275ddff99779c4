import type {
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	ICredentialType,
	IHttpRequestOptions,
	INodeProperties,
} from 'n8n-workflow';

import { apiVersionOf, BASE_URL_EXPRESSION, ENDPOINTS, pathFor } from '../nodes/PayKka/constants';
import {
	newNonce,
	parsePrivateKey,
	signParts,
	signV12,
	SIGN_ALGORITHM,
	signedText,
	V12_SIGN_TYPE,
	V12_VERSION,
} from '../nodes/PayKka/signature';
import { freezeJsonBody } from '../nodes/shared/signing';

/** Path as sent (no host, no query): the v3 string to sign uses it. */
function requestPath(requestOptions: IHttpRequestOptions): string {
	const base = (requestOptions.baseURL ?? '').replace(/\/+$/, '');
	const target = /^https?:\/\//i.test(requestOptions.url) ? requestOptions.url : `${base}${requestOptions.url}`;
	return new URL(target).pathname;
}

/** A JSON object body (object or JSON text), copied; undefined for anything else. */
function jsonObject(body: unknown): Record<string, unknown> | undefined {
	let value = body;
	if (typeof body === 'string') {
		try {
			value = JSON.parse(body);
		} catch {
			return undefined;
		}
	}
	return value !== null && typeof value === 'object' && !Array.isArray(value) ? { ...(value as Record<string, unknown>) } : undefined;
}

export class PayKkaApi implements ICredentialType {
	name = 'payKkaApi';

	displayName = 'PayKKa API';

	icon = { light: 'file:../nodes/PayKka/paykka.svg', dark: 'file:../nodes/PayKka/paykka.dark.svg' } as const;

	documentationUrl = 'https://github.com/n8n-nodes-payment-gateways/n8n-nodes-payment-gateways#paykka-api';

	properties: INodeProperties[] = [
		{
			displayName: 'API Version',
			name: 'apiVersion',
			type: 'options',
			default: 'v3',
			description: 'The PayKKa API generation your merchant account and keys are on',
			options: [
				{
					name: 'v3 (Current)',
					value: 'v3',
					description: 'Paths /v3/payment/acq/..., headers x-paykka-*',
				},
				{
					name: 'v1.2',
					value: 'v1.2',
					description:
						'Paths /payments/..., headers signature / type RSA256 / version v1.2, body timestamp and merchant_id signed. Sandbox host sandbox.aq.paykka.com; PayKKa publishes no v1.2 production host (use Custom Base URL).',
				},
			],
		},
		{
			displayName: 'Environment',
			name: 'environment',
			type: 'options',
			default: 'sandbox',
			options: [
				{ name: 'Sandbox', value: 'sandbox', description: 'v3: openapi-sandbox.paykka.com; v1.2: sandbox.aq.paykka.com' },
				{ name: 'Production EU', value: 'productionEu', description: 'openapi.eu.paykka.com' },
				{ name: 'Production HK', value: 'productionHk', description: 'openapi.aq.paykka.com' },
				{ name: 'Custom Base URL', value: 'custom', description: 'Another PayKKa host or a local sandbox' },
			],
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: '',
			placeholder: 'e.g. http://127.0.0.1:4102',
			required: true,
			displayOptions: { show: { environment: ['custom'] } },
		},
		{
			displayName: 'Merchant ID',
			name: 'merchantId',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'e.g. 18356675194960',
			description: 'PayKKa merchant ID; sent as merchant_id in every request',
		},
		{
			displayName: 'App ID',
			name: 'appId',
			type: 'string',
			default: '',
			placeholder: 'e.g. 978594372956732',
			description: 'Sent as x-paykka-appid. Leave empty to use the Merchant ID, as PayKKa\'s own plugin does.',
			displayOptions: { show: { apiVersion: ['v3'] } },
		},
		{
			displayName: 'Merchant Private Key',
			name: 'privateKey',
			type: 'string',
			typeOptions: { password: true, rows: 4 },
			default: '',
			required: true,
			placeholder: 'e.g. -----BEGIN PRIVATE KEY-----\nMIIE...',
			description:
				'RSA private key (PKCS#8 PEM, or only its Base64 body) whose public key is registered with PayKKa. Every request is signed with it (SHA256withRSA).',
		},
		{
			displayName: 'PayKKa Platform Public Key',
			name: 'platformPublicKey',
			type: 'string',
			typeOptions: { rows: 4 },
			default: '',
			placeholder: 'e.g. -----BEGIN PUBLIC KEY-----\nMIIB...',
			description:
				'PayKKa\'s public key (PEM or Base64). Required by the PayKKa Trigger, which rejects every notification it cannot verify with it. Used for API responses only when Verify Response Signatures is on.',
		},
		{
			displayName: 'Verify Response Signatures',
			name: 'verifyResponses',
			type: 'boolean',
			default: false,
			description:
				'Whether to check that every API response is signed with the PayKKa Platform Public Key. Assumption: PayKKa signs a response like a request, over "POST\\n{request path}\\n{x-paykka-timestamp}\\n{x-paykka-nonce}\\n{response body}" (v3), or "merchantId={merchant_id}&timestamp={timestamp}&requestBody={response body}" with the answer\'s merchant_id and timestamp (v1.2); its docs name the response headers but not this string. If PayKKa signs differently, every action fails while this is on. Notifications to the PayKKa Trigger are verified either way.',
		},
	];

	/**
	 * Signs the request as PayKKa's API Authentication page describes, over the exact body bytes sent
	 * (v3: https://docs.paykka.com/payments/apis/introduction/api-certification; v1.2:
	 * https://docs.paykka.com/payments/apis/introduction/api-certification-v1). Called again for every retry,
	 * so v3's timestamp and nonce are fresh each time; v1.2 signs the body's own `timestamp`, which the
	 * transport sets (added here only when missing, as in the credential test request). The response is
	 * asked for as text so the transport can verify PayKKa's response signature over the exact bytes received.
	 */
	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		requestOptions: IHttpRequestOptions,
	): Promise<IHttpRequestOptions> {
		const privateKey = parsePrivateKey(credentials.privateKey);
		const signed: IHttpRequestOptions = { ...requestOptions, headers: { ...requestOptions.headers } };
		const merchantId = String(credentials.merchantId ?? '').trim();
		if (apiVersionOf(credentials) === 'v1.2') {
			// The credential test request names the v3 path; the same operation's v1.2 path is used.
			signed.url = pathFor('v1.2', signed.url);
			const object = jsonObject(signed.body);
			if (object) {
				if (object.merchant_id === undefined) object.merchant_id = merchantId;
				if (object.timestamp === undefined) object.timestamp = Date.now();
				signed.body = object;
			}
			const body = freezeJsonBody(signed);
			const parsed = jsonObject(body) ?? {};
			const signature = signV12(privateKey, {
				merchantId: signedText(parsed.merchant_id) ?? merchantId,
				timestamp: signedText(parsed.timestamp) ?? '',
				body,
			});
			signed.headers = { ...signed.headers, signature, type: V12_SIGN_TYPE, version: V12_VERSION };
			return signed;
		}
		const body = freezeJsonBody(signed);
		const timestamp = String(Date.now());
		const nonce = newNonce();
		const method = (signed.method ?? 'GET').toUpperCase();
		const appId = String(credentials.appId ?? '').trim() || merchantId;
		const signature = signParts(privateKey, { method, path: requestPath(signed), timestamp, nonce, body });
		signed.headers = {
			...signed.headers,
			'x-paykka-appid': appId,
			'x-paykka-timestamp': timestamp,
			'x-paykka-nonce': nonce,
			'x-paykka-sign-alg': SIGN_ALGORITHM,
			'x-paykka-sign': signature,
		};
		return signed;
	}

	// Queries an order that does not exist: PayKKa checks the signature first, so a wrong key
	// fails (206002/206003), while "order doesn't exist" proves the key was accepted.
	test: ICredentialTestRequest = {
		request: {
			method: 'POST',
			baseURL: BASE_URL_EXPRESSION,
			url: ENDPOINTS.paymentQuery.path,
			body: { merchant_id: '={{ $credentials.merchantId }}', trans_id: 'n8n-credential-test' },
			encoding: 'json',
		},
		rules: [
			{
				type: 'responseSuccessBody',
				properties: { key: 'ret_code', value: '206002', message: 'PayKKa received no signature' },
			},
			{
				type: 'responseSuccessBody',
				properties: {
					key: 'ret_code',
					value: '206003',
					message: 'PayKKa rejected the signature: the private key does not match the public key registered with PayKKa',
				},
			},
			{
				type: 'responseSuccessBody',
				properties: { key: 'ret_code', value: '206004', message: 'Signature expired: check the clock of the n8n host' },
			},
			{
				type: 'responseSuccessBody',
				properties: { key: 'ret_code', value: '206005', message: 'PayKKa does not know this Merchant ID' },
			},
			{
				type: 'responseSuccessBody',
				properties: { key: 'ret_code', value: '206006', message: 'No merchant public key is registered with PayKKa yet' },
			},
		],
	};
}
