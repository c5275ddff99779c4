import { NodeOperationError, type IDataObject } from 'n8n-workflow';

import { gatewayError, sendGatewayRequest, type RequestContext } from '../shared/transport';
import { CREDENTIAL_TYPE } from './constants';

export interface CashyRequest {
	path: string;
	/** Without nonceStr: the credential adds a fresh one and signs the final bytes. */
	body: IDataObject;
	itemIndex?: number;
	/** Queries only. Creates are never resent: Cashy does not document deduplication by mchOrderNo. */
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
 * Calls a Cashy endpoint (all are POST + JSON) and returns the envelope's `data`. Cashy reports
 * failures as `{code != 200, msg}`, usually inside HTTP 200 (spec B.3): those become NodeApiError
 * with Cashy's code and message.
 */
export async function cashyRequest(context: RequestContext, request: CashyRequest): Promise<unknown> {
	const response = await sendGatewayRequest(context, CREDENTIAL_TYPE, {
		method: 'POST',
		url: `${await baseUrl(context)}${request.path}`,
		body: request.body,
		retrySafe: request.retrySafe,
	});
	const envelope = parseEnvelope(response.body);
	if (envelope && Number(envelope.code) === 200 && response.statusCode >= 200 && response.statusCode < 300) {
		return envelope.data ?? null;
	}
	const code = envelope?.code !== undefined && envelope.code !== null ? String(envelope.code) : `http_${response.statusCode}`;
	const message =
		typeof envelope?.msg === 'string' && envelope.msg !== ''
			? envelope.msg
			: typeof response.body === 'string' && response.body !== ''
				? response.body.slice(0, 200)
				: `HTTP ${response.statusCode}`;
	throw gatewayError(context, 'Cashy', {
		httpCode: response.statusCode,
		code,
		message,
		body: response.body,
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

/** What to do about Cashy's error keys (spec B.7). */
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
