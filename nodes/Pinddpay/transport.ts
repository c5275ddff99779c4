import { NodeApiError, type IDataObject, type IHttpRequestMethods, type JsonObject } from 'n8n-workflow';

import { environmentBaseUrl } from '../shared/baseUrl';
import { stringifyWithDecimals } from '../shared/decimalJson';
import {
	errorMessage,
	gatewayError,
	mayHaveBeenProcessed,
	sendGatewayRequest,
	DEFAULT_RETRY_POLICY,
	type GatewayResponse,
	type RequestContext,
	type RetryPolicy,
} from '../shared/transport';
import { BASE_URLS, CREDENTIAL_TYPE } from './constants';
import { parseJsonKeepingNumbers } from './exactJson';

/** A request body before serialisation: plain JSON values and JsonDecimal amounts. */
export type JsonBody = Record<string, unknown>;

export interface PinddpayRequest {
	method: IHttpRequestMethods;
	path: string;
	itemIndex: number;
	qs?: IDataObject;
	/** May hold JsonDecimal amounts; it is serialised to JSON text here, exactly once. */
	body?: JsonBody;
	/**
	 * For writes: what the user must do when Pinddpay may have processed the request but no answer
	 * says so (no response, HTTP 5xx, or envelope code 500+). Replaces the generic hint, because
	 * Pinddpay has no lookup by merchant reference to check with.
	 */
	unknownOutcome?: string;
	/** Retries of reads; a trigger confirming an event uses a shorter policy while the gateway waits. */
	policy?: RetryPolicy;
	/**
	 * Envelope codes that mean "no such object": the call then returns undefined instead of
	 * throwing (a lookup that must tell a missing object from a failed lookup).
	 */
	notFoundCodes?: string[];
}

/**
 * The envelope of every answer, as in the response samples of every page (e.g. Query a transaction,
 * http://docs.pinddpay.com/341501367e0): Admin.NET's AdminResult, whose fields it matches exactly.
 */
export interface PinddpayEnvelope {
	code: unknown;
	type?: unknown;
	message?: unknown;
	result?: unknown;
	extras?: unknown;
	time?: unknown;
}

export async function baseUrl(context: RequestContext): Promise<string> {
	return environmentBaseUrl(await context.getCredentials(CREDENTIAL_TYPE), BASE_URLS, 'test');
}

/** Success is code 200; the docs' samples also show 0 and "200". */
export function isSuccessCode(code: unknown): boolean {
	return code === 200 || code === 0 || code === '200';
}

/**
 * A response body as JSON (parsed from text keeping each number's literal, see exactJson.ts), or
 * the text itself when it is not JSON.
 */
function parseBody(body: unknown): unknown {
	if (typeof body !== 'string') return body;
	try {
		return parseJsonKeepingNumbers(body);
	} catch {
		return body;
	}
}

/** The envelope of a response body (parsed if it came back as text), or undefined. */
export function parseEnvelope(body: unknown): PinddpayEnvelope | undefined {
	const value = parseBody(body);
	if (value === null || typeof value !== 'object' || Array.isArray(value) || !('code' in value)) return undefined;
	return value as PinddpayEnvelope;
}

/**
 * Calls Pinddpay and returns the envelope's `result`. The decision is made on the envelope's
 * `code`, whatever the HTTP status: Pinddpay answers auth failures with HTTP 200 and code 401.
 * Only reads are retried; Pinddpay documents no idempotency for writes.
 */
export async function pinddpayRequest(context: RequestContext, request: PinddpayRequest): Promise<unknown> {
	const retrySafe = request.method === 'GET';
	let response: GatewayResponse;
	try {
		response = await sendGatewayRequest(context, CREDENTIAL_TYPE, {
			method: request.method,
			url: `${await baseUrl(context)}${request.path}`,
			qs: request.qs,
			body: request.body === undefined ? undefined : stringifyWithDecimals(request.body),
			retrySafe,
			// Amounts are JSON numbers: read from the exact text, so they are never compared as floats.
			rawResponse: true,
		}, request.policy ?? DEFAULT_RETRY_POLICY);
	} catch (error) {
		const failure = error instanceof NodeApiError ? error : new NodeApiError(context.getNode(), error as JsonObject);
		if (request.unknownOutcome && mayHaveBeenProcessed(failure)) failure.description = request.unknownOutcome;
		throw failure;
	}
	const body = parseBody(response.body);
	const envelope = parseEnvelope(body);
	if (envelope && isSuccessCode(envelope.code)) return envelope.result;

	const code = envelope ? String(envelope.code) : `http_${response.statusCode}`;
	if (envelope && response.statusCode < 500 && request.notFoundCodes?.includes(code)) return undefined;
	// Admin.NET answers an unhandled server error with code 500 in the envelope, possibly in HTTP 200.
	const outcomeUnknown = response.statusCode >= 500 || Number(envelope?.code) >= 500;
	throw gatewayError(context, 'Pinddpay', {
		httpCode: response.statusCode,
		code,
		message: errorMessage(envelope?.message, body, response.statusCode),
		body: envelope ?? body,
		itemIndex: request.itemIndex,
		description: (outcomeUnknown ? request.unknownOutcome : undefined) ?? ERROR_HINTS[code],
		// The unknown-outcome hint above replaces the generic one, which suggests a lookup Pinddpay lacks.
		retrySafe: retrySafe || request.unknownOutcome !== undefined,
	});
}

const ERROR_HINTS: Record<string, string> = {
	'401':
		'Pinddpay did not accept the request signature. Check the access key and secret, and that this host\'s clock is within 5 minutes of real time.',
	'403': 'The access key is not allowed to call this endpoint. Ask Pinddpay to enable it.',
	'404': 'The endpoint path does not exist on this host. Check the environment, the base URL and any path option of the node.',
};
