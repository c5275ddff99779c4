import { NodeApiError, NodeOperationError, type IDataObject, type JsonObject } from 'n8n-workflow';

import { stringifyWithDecimals, type JsonDecimal } from '../shared/decimalJson';
import {
	DEFAULT_RETRY_POLICY,
	errorMessage,
	gatewayError,
	sendGatewayRequest,
	type GatewayResponse,
	type RequestContext,
	type RetryPolicy,
} from '../shared/transport';
import { CREDENTIAL_TYPE, ORDER_NOT_FOUND_MESSAGES } from './constants';
import { numberLiteralAt } from './rawJson';
import { createNonce } from './signature';

/** A request body before serialisation: JSON values, and amounts as exact decimals. */
export type CashyBody = Record<string, string | number | boolean | JsonDecimal>;

export interface CashyRequest {
	path: string;
	/**
	 * Without a nonce: a fresh `nonceStr` is set for every request. A body that already lists
	 * `nonceStr` (e.g. as '') gets it at that position, in the field order of Cashy's tables.
	 */
	body: CashyBody;
	itemIndex?: number;
	/** Reads only. Creates are never resent by the transport (see createExactlyOnce). */
	retrySafe: boolean;
}

export async function baseUrl(context: RequestContext): Promise<string> {
	const credentials = await context.getCredentials(CREDENTIAL_TYPE);
	const url = String(credentials.baseUrl ?? '').trim().replace(/\/+$/, '');
	if (!/^https?:\/\/[^/]/i.test(url)) {
		throw new NodeOperationError(context.getNode(), 'The Cashy credential needs a Base URL starting with http:// or https://');
	}
	// The body carries payer and payee personal data.
	if (credentials.environment === 'production' && !/^https:/i.test(url)) {
		throw new NodeOperationError(context.getNode(), 'The production Cashy Base URL must use https://');
	}
	return url;
}

/**
 * The exact text sent: serialised once here (amounts written as their decimal literal, never
 * through a float) and signed as is by the credential (Sign = MD5(body + apiKey) over these bytes).
 */
export function serializeBody(body: CashyBody, nonceStr: string): string {
	return stringifyWithDecimals({ ...body, nonceStr });
}

interface Exchange {
	response: GatewayResponse;
	envelope: IDataObject | undefined;
}

async function exchange(
	context: RequestContext,
	request: CashyRequest,
	options: { policy?: RetryPolicy; rawResponse?: boolean } = {},
): Promise<Exchange> {
	const response = await sendGatewayRequest(
		context,
		CREDENTIAL_TYPE,
		{
			method: 'POST',
			url: `${await baseUrl(context)}${request.path}`,
			body: serializeBody(request.body, createNonce()),
			retrySafe: request.retrySafe,
			rawResponse: options.rawResponse,
		},
		options.policy ?? DEFAULT_RETRY_POLICY,
	);
	return { response, envelope: parseEnvelope(response.body) };
}

const succeeded = ({ response, envelope }: Exchange) =>
	envelope !== undefined && Number(envelope.code) === 200 && response.statusCode >= 200 && response.statusCode < 300;

/**
 * Calls a Cashy endpoint (all are POST + JSON) and returns the envelope's `data`. Cashy reports
 * failures as `{code != 200, msg}`, usually inside HTTP 200 (https://docs.cashypro.com/en_us/quickstart/quickstart.html):
 * those become NodeApiError with Cashy's code and message.
 */
export async function cashyRequest(context: RequestContext, request: CashyRequest): Promise<unknown> {
	const result = await exchange(context, request);
	if (succeeded(result)) return result.envelope?.data ?? null;
	throw toError(context, result, request);
}

/** Which order to look up: Cashy's number (preferred by Cashy), the merchant's, or both. */
export interface OrderReference {
	orderNo?: string;
	mchOrderNo?: string;
}

export interface FoundOrder {
	/** The envelope's `data`, as Query Payin / Query Payout return it. */
	order: IDataObject;
	/** `data.amount` exactly as Cashy wrote it (e.g. "10000.00"), for comparisons without floats. */
	amountText: string | undefined;
}

/**
 * Looks an order up (Query Payin `/api/payInQuery` or Query Payout `/api/payOutQuery`) by the
 * numbers given, all of which the answer must carry. Undefined only on Cashy's "order not found"
 * answer (ORDER_NOT_FOUND_MESSAGES); any other failure, or an answer for another order, throws:
 * the lookup could not tell. Used before a create (exactly once) and by the trigger's Confirm With
 * Gateway (with its short retry policy).
 */
export async function lookUpOrder(
	context: RequestContext,
	path: string,
	reference: OrderReference,
	options: { itemIndex?: number; policy?: RetryPolicy } = {},
): Promise<FoundOrder | undefined> {
	const body: CashyBody = {};
	if (reference.mchOrderNo !== undefined) body.mchOrderNo = reference.mchOrderNo;
	if (reference.orderNo !== undefined) body.orderNo = reference.orderNo;
	const wanted = Object.entries(body) as Array<[string, string]>;
	if (wanted.length === 0) throw new NodeOperationError(context.getNode(), 'An order lookup needs an order number');
	const described = wanted.map(([field, value]) => `${field === 'orderNo' ? 'platform' : 'merchant'} order number "${value}"`).join(' and ');
	const request: CashyRequest = { path, body, itemIndex: options.itemIndex, retrySafe: true };
	// As text, so the amount's exact digits can be read (JSON.parse would make it a float).
	const result = await exchange(context, request, { policy: options.policy, rawResponse: true });
	if (succeeded(result)) {
		const order = result.envelope?.data;
		if (
			order !== null &&
			typeof order === 'object' &&
			!Array.isArray(order) &&
			wanted.every(([field, value]) => (order as IDataObject)[field] === value)
		) {
			const text = typeof result.response.body === 'string' ? result.response.body : undefined;
			return { order: order as IDataObject, amountText: text === undefined ? undefined : numberLiteralAt(text, ['data', 'amount']) };
		}
		throw new NodeApiError(context.getNode(), (result.envelope ?? {}) as JsonObject, {
			message: `Cashy answered the lookup of ${described} without that order`,
			description: 'The lookup could not tell whether the order exists.',
			itemIndex: options.itemIndex,
		});
	}
	const { response, envelope } = result;
	const notFound =
		response.statusCode >= 200 &&
		response.statusCode < 300 &&
		typeof envelope?.msg === 'string' &&
		ORDER_NOT_FOUND_MESSAGES.includes(envelope.msg);
	if (notFound) return undefined;
	throw toError(context, result, request);
}

/** Looks an order up by the merchant order number (before and after a create). */
export async function findOrderByMerchantNumber(
	context: RequestContext,
	path: string,
	mchOrderNo: string,
	itemIndex: number,
): Promise<IDataObject | undefined> {
	return (await lookUpOrder(context, path, { mchOrderNo }, { itemIndex }))?.order;
}

function toError(context: RequestContext, { response, envelope }: Exchange, request: CashyRequest): NodeApiError {
	const code = envelope?.code !== undefined && envelope.code !== null ? String(envelope.code) : `http_${response.statusCode}`;
	const message = errorMessage(envelope?.msg, response.body, response.statusCode);
	return gatewayError(context, 'Cashy', {
		httpCode: response.statusCode,
		code,
		message,
		// The parsed envelope when there is one (a lookup reads the answer as text).
		body: envelope ?? response.body,
		itemIndex: request.itemIndex,
		description: describeError(message),
		retrySafe: request.retrySafe,
	});
}

function parseEnvelope(body: unknown): IDataObject | undefined {
	let parsed = body;
	if (typeof body === 'string') {
		try {
			parsed = JSON.parse(body);
		} catch {
			return undefined;
		}
	}
	return parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed) && 'code' in parsed
		? (parsed as IDataObject)
		: undefined;
}

/** What to do about Cashy's error keys ("Common Error Messages", https://docs.cashypro.com/en_us/pak/appendix.html). */
function describeError(message: string): string | undefined {
	const hints: Record<string, string> = {
		Sign_verify_error: 'Check the secret key (API key) in the Cashy credential.',
		MerchantId_is_error: 'Check the merchant ID in the Cashy credential.',
		MerchantId_not_Number: 'The merchant ID must be the number Cashy assigned.',
		Request_ip_notWhiteList: 'Ask Cashy to whitelist the public IP address of this n8n instance.',
		System_busy: 'Cashy is busy. Run the item again later.',
		System_Maintenance: 'Cashy is under maintenance. Run the item again later.',
		MERCHANT_BALANCE_NOT_ENOUGH: 'The available balance does not cover this payout and its fee.',
		Params_mchOrderNo_error:
			'The merchant order number is invalid or was already used: nothing new was created. Use Query with this number to see the existing order.',
	};
	const required = /^Params_(\w+)_Required$/.exec(message);
	if (required) return `Cashy requires the field "${required[1]}".`;
	return hints[message];
}
