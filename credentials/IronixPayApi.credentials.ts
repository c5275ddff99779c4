import type {
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	ICredentialType,
	IHttpRequestOptions,
	INodeProperties,
} from 'n8n-workflow';

import { BASE_URLS, FALLBACK_ENVIRONMENT } from '../nodes/IronixPay/constants';
import { baseUrlExpression } from '../nodes/shared/baseUrl';

export class IronixPayApi implements ICredentialType {
	name = 'ironixPayApi';

	displayName = 'IronixPay API';

	icon = { light: 'file:../nodes/IronixPay/ironixpay.svg', dark: 'file:../nodes/IronixPay/ironixpay.dark.svg' } as const;

	documentationUrl = 'https://github.com/n8n-nodes-payment-gateways/n8n-nodes-payment-gateways#ironixpay-api';

	properties: INodeProperties[] = [
		{
			displayName: 'Environment',
			name: 'environment',
			type: 'options',
			default: 'sandbox',
			options: [
				{ name: 'Sandbox', value: 'sandbox', description: 'sandbox.ironixpay.com with an sk_test_ key' },
				{ name: 'Production', value: 'production', description: 'api.ironixpay.com with an sk_live_ key' },
				{ name: 'Custom Base URL', value: 'custom', description: 'A self-hosted or local instance' },
			],
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: '',
			placeholder: 'e.g. http://127.0.0.1:4101',
			required: true,
			displayOptions: { show: { environment: ['custom'] } },
		},
		{
			displayName: 'Secret Key',
			name: 'secretKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			placeholder: 'e.g. sk_test_...',
			description: 'API secret key from the IronixPay dashboard (sk_test_ for Sandbox, sk_live_ for Production)',
		},
		{
			displayName: 'Webhook Signing Secret',
			name: 'webhookSecret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			placeholder: 'e.g. whsec_...',
			description:
				'Signing secret of the webhook endpoint (Dashboard > Settings > Webhooks). Needed by the IronixPay Trigger, which rejects every delivery without it.',
		},
	];

	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		requestOptions: IHttpRequestOptions,
	): Promise<IHttpRequestOptions> {
		requestOptions.headers = { ...requestOptions.headers, Authorization: `Bearer ${credentials.secretKey as string}` };
		return requestOptions;
	}

	test: ICredentialTestRequest = {
		request: {
			baseURL: baseUrlExpression(BASE_URLS, FALLBACK_ENVIRONMENT),
			url: '/v1/checkout/sessions',
			qs: { page: 1, page_size: 1 },
		},
	};
}
