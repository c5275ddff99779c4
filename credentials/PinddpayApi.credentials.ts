import type {
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	ICredentialType,
	IHttpRequestOptions,
	INodeProperties,
} from 'n8n-workflow';

import { BASE_URLS } from '../nodes/Pinddpay/constants';
import { requestPath, signRequestHeaders } from '../nodes/Pinddpay/signature';
import { baseUrlExpression } from '../nodes/shared/baseUrl';
import { freezeJsonBody } from '../nodes/shared/signing';

export class PinddpayApi implements ICredentialType {
	name = 'pinddpayApi';

	displayName = 'Pinddpay API';

	icon = { light: 'file:../nodes/Pinddpay/pinddpay.svg', dark: 'file:../nodes/Pinddpay/pinddpay.dark.svg' } as const;

	documentationUrl = 'https://github.com/n8n-nodes-payment-gateways/n8n-nodes-payment-gateways#pinddpay-api';

	properties: INodeProperties[] = [
		{
			displayName: 'Environment',
			name: 'environment',
			type: 'options',
			default: 'test',
			options: [
				{ name: 'Test', value: 'test', description: 'api-test.pinddpay.com (front-end SDK env "test")' },
				{ name: 'Production', value: 'production', description: 'api-prod.pinddpay.com (front-end SDK env "prod")' },
				{ name: 'Custom Base URL', value: 'custom', description: 'Another host, e.g. a local sandbox' },
			],
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: '',
			placeholder: 'e.g. http://127.0.0.1:4103',
			required: true,
			displayOptions: { show: { environment: ['custom'] } },
		},
		{
			displayName: 'App ID',
			name: 'appId',
			type: 'string',
			default: '',
			description:
				'Sent as "appid" in pay-in requests and expected as "appId" in webhooks. Leave empty to send the access key, as Pinddpay\'s own PHP client does.',
		},
		{
			displayName: 'Access Key',
			name: 'accessKey',
			type: 'string',
			default: '',
			required: true,
			description: 'Access key issued by Pinddpay (sent in the accessKey header)',
		},
		{
			displayName: 'Secret',
			name: 'secret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description:
				'Access secret issued with the access key. It signs every request (HMAC-SHA256) and is what the Pinddpay Trigger checks the sign-token header against.',
		},
	];

	/**
	 * Signs each request (Signature, http://docs.pinddpay.com/7160596m0). Called again for every
	 * retry, so the timestamp and nonce are fresh each time; the caller's options and body are
	 * copied, never changed.
	 */
	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		requestOptions: IHttpRequestOptions,
	): Promise<IHttpRequestOptions> {
		const signed: IHttpRequestOptions = { ...requestOptions };
		// The signature does not cover the body, but the bytes sent must be the ones built by the
		// node (exact decimal amounts), so the body is serialised here once and not again.
		freezeJsonBody(signed);
		const headers = signRequestHeaders(
			{ accessKey: String(credentials.accessKey ?? ''), secret: String(credentials.secret ?? '') },
			{ method: signed.method ?? 'GET', path: requestPath(signed.url, signed.baseURL) },
			Math.floor(Date.now() / 1000),
		);
		signed.headers = { ...signed.headers, ...headers };
		return signed;
	}

	test: ICredentialTestRequest = {
		request: {
			baseURL: baseUrlExpression(BASE_URLS, 'test'),
			url: '/api/payout/balance',
			method: 'GET',
		},
		rules: [
			{
				type: 'responseSuccessBody',
				properties: {
					key: 'code',
					value: 401,
					message: 'Pinddpay rejected the signature: check the access key, the secret and the clock of this n8n host',
				},
			},
		],
	};
}
