import type { IDataObject, IHttpRequestMethods } from 'n8n-workflow';

import { gatewayError, sendGatewayRequest, type RequestContext } from '../shared/transport';
import { BASE_URLS, CREDENTIAL_TYPE } from './constants';

export interface IronixPayRequest {
	method: IHttpRequestMethods;
	path: string;
	itemIndex: number;
	qs?: IDataObject;
	body?: IDataObject;
	idempotencyKey?: string;
	subMerchantCode?: string;
}

export async function baseUrl(context: RequestContext): Promise<string> {
	const credentials = await context.getCredentials(CREDENTIAL_TYPE);
	const environment = credentials.environment as string;
	const url = environment === 'custom' ? (credentials.baseUrl as string) : BASE_URLS[environment];
	return (url ?? BASE_URLS.sandbox).replace(/\/+$/, '');
}

/**
 * Calls the IronixPay API. Reads and keyed writes are retried on 429/5xx (honouring Retry-After);
 * any non-2xx answer becomes a NodeApiError carrying IronixPay's error code and message.
 */
export async function ironixPayRequest(context: RequestContext, request: IronixPayRequest): Promise<IDataObject> {
	const headers: IDataObject = {};
	if (request.idempotencyKey) headers['Idempotency-Key'] = request.idempotencyKey;
	if (request.subMerchantCode) headers['X-Sub-Merchant-Code'] = request.subMerchantCode;
	const retrySafe = request.method === 'GET' || request.idempotencyKey !== undefined;
	const response = await sendGatewayRequest(context, CREDENTIAL_TYPE, {
		method: request.method,
		url: `${await baseUrl(context)}${request.path}`,
		qs: request.qs,
		headers,
		body: request.body,
		retrySafe,
	});
	// 202 request_in_progress means the same key is still being processed: not a result yet.
	if (response.statusCode >= 200 && response.statusCode < 300 && response.statusCode !== 202) {
		return (response.body ?? {}) as IDataObject;
	}
	const error = (response.body as { error?: IDataObject } | undefined)?.error;
	const code = typeof error?.code === 'string' ? error.code : `http_${response.statusCode}`;
	const message =
		typeof error?.message === 'string'
			? error.message
			: typeof response.body === 'string' && response.body !== ''
				? response.body
				: `HTTP ${response.statusCode}`;
	throw gatewayError(context, 'IronixPay', {
		httpCode: response.statusCode,
		code,
		message,
		body: response.body,
		itemIndex: request.itemIndex,
		description: describeError(code, error),
		retrySafe,
	});
}

function describeError(code: string, error: IDataObject | undefined): string | undefined {
	const parameter = typeof error?.param === 'string' ? `Parameter: ${error.param}. ` : '';
	const hints: Record<string, string> = {
		idempotency_conflict:
			'This reference was already used with different details. Use a new reference, or send exactly the same details to get the existing result.',
		request_in_progress: 'The same request is still being processed by IronixPay. Run the item again in a minute.',
		environment_mismatch: 'The key does not match the environment: sk_test_ keys work in Sandbox, sk_live_ in Production.',
		authentication_failed: 'Check the secret key in the IronixPay credentials.',
		insufficient_balance: 'Top up the balance in the IronixPay dashboard or lower the amount.',
	};
	const text = `${parameter}${hints[code] ?? ''}`.trim();
	return text === '' ? undefined : text;
}
