import { sleep, type IDataObject, type IHttpRequestMethods } from 'n8n-workflow';

import { environmentBaseUrl } from '../shared/baseUrl';
import { errorMessage, gatewayError, sendGatewayRequest, type RequestContext, type RetryPolicy } from '../shared/transport';
import { BASE_URLS, CREDENTIAL_TYPE, FALLBACK_ENVIRONMENT } from './constants';
import { isSafeHeaderText } from './idempotency';

export interface IronixPayRequest {
	method: IHttpRequestMethods;
	path: string;
	itemIndex: number;
	qs?: IDataObject;
	body?: IDataObject;
	idempotencyKey?: string;
	subMerchantCode?: string;
	/** The shared default unless given (a trigger confirming an event uses a shorter one). */
	policy?: RetryPolicy;
}

/** A read by id, from a Get operation (itemIndex) or a trigger confirming an event (policy, absentWhenMissing). */
export interface LookupOptions {
	itemIndex: number;
	policy?: RetryPolicy;
	/** Resolve `undefined` when IronixPay answers that the object does not exist (see `ironixPayFind`). */
	absentWhenMissing?: boolean;
}

export async function baseUrl(context: RequestContext): Promise<string> {
	return environmentBaseUrl(await context.getCredentials(CREDENTIAL_TYPE), BASE_URLS, FALLBACK_ENVIRONMENT);
}

/** Waits before sending a key again that IronixPay still processes (about 15 s in all). */
const IN_PROGRESS_WAITS_MS = [500, 1_000, 2_000, 4_000, 8_000];

/**
 * Calls the IronixPay API. Reads and keyed writes are retried on 429/5xx (honouring Retry-After);
 * any non-2xx answer becomes a NodeApiError carrying IronixPay's error code and message.
 */
export async function ironixPayRequest(context: RequestContext, request: IronixPayRequest): Promise<IDataObject> {
	return (await send(context, request, false)) as IDataObject;
}

/**
 * Like `ironixPayRequest`, but resolves `undefined` for IronixPay's documented "not found" answer:
 * HTTP 404 `resource_missing` ("Session not found", "Payout 'po_x' not found"; another merchant's
 * object answers the same, https://ironixpay.com/guide/errors). Any other failure still throws: it
 * is no proof that the object is absent.
 */
export async function ironixPayFind(context: RequestContext, request: IronixPayRequest): Promise<IDataObject | undefined> {
	return await send(context, request, true);
}

async function send(context: RequestContext, request: IronixPayRequest, absentWhenMissing: boolean): Promise<IDataObject | undefined> {
	const headers: IDataObject = {};
	if (request.idempotencyKey !== undefined) {
		// IronixPay ignores a key it cannot read as visible ASCII (see idempotency.ts): never send one.
		if (!isSafeHeaderText(request.idempotencyKey)) throw new TypeError('Idempotency-Key must be visible ASCII');
		headers['Idempotency-Key'] = request.idempotencyKey;
	}
	if (request.subMerchantCode) headers['X-Sub-Merchant-Code'] = request.subMerchantCode;
	const retrySafe = request.method === 'GET' || request.idempotencyKey !== undefined;
	const url = `${await baseUrl(context)}${request.path}`;
	let response;
	for (let wait = 0; ; wait++) {
		response = await sendGatewayRequest(context, CREDENTIAL_TYPE, {
			method: request.method,
			url,
			qs: request.qs,
			headers,
			body: request.body,
			retrySafe,
		}, request.policy);
		// 202 request_in_progress: the same key is still being processed (e.g. the first attempt of a
		// lost answer, or the same reference twice in one batch). Sending the same key again later
		// returns its result (https://ironixpay.com/guide/idempotency), so wait for it.
		if (response.statusCode !== 202 || request.idempotencyKey === undefined || wait >= IN_PROGRESS_WAITS_MS.length) break;
		await sleep(IN_PROGRESS_WAITS_MS[wait]);
	}
	if (response.statusCode >= 200 && response.statusCode < 300 && response.statusCode !== 202) {
		return (response.body ?? {}) as IDataObject;
	}
	const error = (response.body as { error?: IDataObject } | undefined)?.error;
	const code = typeof error?.code === 'string' ? error.code : `http_${response.statusCode}`;
	const message = errorMessage(error?.message, response.body, response.statusCode);
	if (absentWhenMissing && response.statusCode === 404 && code === 'resource_missing') return undefined;
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
		request_in_progress:
			'IronixPay was still processing the same reference after about 15 seconds. Run the item again in a minute: the same reference returns its result and is never sent twice.',
		environment_mismatch: 'The key does not match the environment: sk_test_ keys work in Sandbox, sk_live_ in Production.',
		authentication_failed: 'Check the secret key in the IronixPay credentials.',
		insufficient_balance: 'Top up the balance in the IronixPay dashboard or lower the amount.',
	};
	const text = `${parameter}${hints[code] ?? ''}`.trim();
	return text === '' ? undefined : text;
}
