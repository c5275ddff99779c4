import { NodeApiError, NodeOperationError, type IDataObject, type JsonObject } from 'n8n-workflow';

import { gatewayError, sendGatewayRequest, type GatewayResponse, type RequestContext } from '../shared/transport';
import { DEFAULT_TOLERANCE_SECONDS } from '../shared/webhook';
import {
	BASE_URLS,
	CREDENTIAL_TYPE,
	ENDPOINTS,
	ERROR_HINTS,
	SUCCESS_ERROR_CODE,
	SUCCESS_RET_CODE,
	type EndpointName,
} from './constants';
import { parsePrivateKey, parsePublicKey, PayKkaKeyError, verifySignedMessage } from './signature';

export interface PayKkaRequest {
	endpoint: EndpointName;
	itemIndex: number;
	/** Business fields; merchant_id (and timestamp where the docs list it) are added here. */
	body: IDataObject;
	/** Only for reads and for writes PayKKa dedupes by the merchant's number (trans_id, refund_trans_id). */
	retrySafe: boolean;
}

export function baseUrl(credentials: IDataObject): string {
	const environment = credentials.environment as string;
	const url = environment === 'custom' ? (credentials.baseUrl as string) : BASE_URLS[environment];
	return (url ?? BASE_URLS.sandbox).replace(/\/+$/, '');
}

/** Checks both keys before anything is sent, so a bad paste is reported as such (no stack trace). */
function checkKeys(context: RequestContext, credentials: IDataObject, itemIndex: number): boolean {
	const platformKey = String(credentials.platformPublicKey ?? '').trim();
	let problem: string | undefined;
	try {
		parsePrivateKey(credentials.privateKey);
		if (platformKey !== '') parsePublicKey(platformKey);
	} catch (error) {
		problem = error instanceof PayKkaKeyError ? error.message : 'A key cannot be read.';
	}
	if (problem !== undefined) {
		throw new NodeOperationError(context.getNode(), `PayKKa credentials: ${problem}`, {
			itemIndex,
			description: 'Fix the key in the PayKKa credentials. Nothing was sent to PayKKa.',
		});
	}
	return platformKey !== '';
}

function header(response: GatewayResponse, name: string): string | undefined {
	const value = response.headers[name];
	return typeof value === 'string' && value !== '' ? value : undefined;
}

/**
 * Sends one PayKKa v3 call (always POST + JSON, signed by the credential), verifies the response
 * signature when a platform key is configured, applies the envelope rule and returns `data`
 * (or the envelope itself for operations that answer only ret_code/ret_msg).
 */
export async function payKkaRequest(context: RequestContext, request: PayKkaRequest): Promise<IDataObject> {
	const credentials = await context.getCredentials(CREDENTIAL_TYPE);
	const verifyResponses = checkKeys(context, credentials, request.itemIndex);
	const endpoint = ENDPOINTS[request.endpoint];
	const body: IDataObject = { merchant_id: String(credentials.merchantId ?? '').trim(), ...request.body };
	if ('bodyTimestamp' in endpoint && endpoint.bodyTimestamp) body.timestamp = Date.now();

	const response = await sendGatewayRequest(context, CREDENTIAL_TYPE, {
		method: 'POST',
		url: `${baseUrl(credentials)}${endpoint.path}`,
		body,
		retrySafe: request.retrySafe,
		// Response signatures cover the exact bytes PayKKa sent.
		rawResponse: true,
	});
	const rawText = typeof response.body === 'string' ? response.body : undefined;
	const parsed = parseBody(response.body);
	const ok = response.statusCode >= 200 && response.statusCode < 300;

	if (ok && verifyResponses) {
		const verification = verifySignedMessage({
			publicKey: credentials.platformPublicKey as string,
			method: 'POST',
			paths: [new URL(`${baseUrl(credentials)}${endpoint.path}`).pathname],
			timestamp: header(response, 'x-paykka-timestamp'),
			nonce: header(response, 'x-paykka-nonce'),
			signature: header(response, 'x-paykka-sign'),
			rawBody: Buffer.from(rawText ?? '', 'utf8'),
			nowMs: Date.now(),
			toleranceSeconds: DEFAULT_TOLERANCE_SECONDS,
		});
		if (!verification.valid) {
			throw new NodeApiError(context.getNode(), { reason: verification.reason } as JsonObject, {
				message: `PayKKa response signature could not be verified (${verification.reason})`,
				description:
					'The answer was not accepted because it is not signed with the PayKKa platform public key from the credentials. Check that key (or clear it to skip response verification) and query the result before retrying any write.',
				httpCode: String(response.statusCode),
				itemIndex: request.itemIndex,
			});
		}
	}
	return unwrapEnvelope(context, response.statusCode, parsed, rawText, request.itemIndex, request.retrySafe);
}

function parseBody(body: unknown): IDataObject | undefined {
	if (body !== null && typeof body === 'object' && !Array.isArray(body)) return body as IDataObject;
	if (typeof body !== 'string' || body.trim() === '') return undefined;
	try {
		const parsed: unknown = JSON.parse(body);
		return parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as IDataObject) : undefined;
	} catch {
		return undefined;
	}
}

/**
 * The envelope rule (spec A4): a ret_code other than 000000, or data.error_code set and not 0000,
 * is an error with PayKKa's code and text, even inside HTTP 200. Some v3 answers come flat
 * (error_code at the top, no ret_code); those are read as the data object.
 */
function unwrapEnvelope(
	context: RequestContext,
	statusCode: number,
	envelope: IDataObject | undefined,
	rawText: string | undefined,
	itemIndex: number,
	retrySafe: boolean,
): IDataObject {
	const fail = (code: string, message: string) =>
		gatewayError(context, 'PayKKa', {
			httpCode: statusCode,
			code,
			message,
			body: envelope ?? rawText,
			itemIndex,
			description: ERROR_HINTS[code],
			retrySafe,
		});

	const retCode = envelope?.ret_code === undefined ? undefined : String(envelope.ret_code);
	if (statusCode < 200 || statusCode >= 300 || !envelope) {
		// A proxy's HTML error page is cut short rather than pasted whole into the message.
		throw fail(retCode ?? `http_${statusCode}`, stringOr(envelope?.ret_msg, rawText?.slice(0, 300) || `HTTP ${statusCode}`));
	}
	if (retCode !== undefined && retCode !== SUCCESS_RET_CODE) throw fail(retCode, stringOr(envelope.ret_msg, 'Request failed'));

	const isFlat = retCode === undefined;
	const data = isFlat ? envelope : (envelope.data as IDataObject | undefined);
	const errorCode = data?.error_code;
	if (errorCode !== undefined && errorCode !== null && errorCode !== '' && String(errorCode) !== SUCCESS_ERROR_CODE) {
		throw fail(String(errorCode), stringOr(data?.error_description, 'Transaction failed'));
	}
	if (data !== null && typeof data === 'object' && !Array.isArray(data)) return data;
	return { ret_code: envelope.ret_code, ret_msg: envelope.ret_msg };
}

function stringOr(value: unknown, fallback: string): string {
	return typeof value === 'string' && value !== '' ? value : fallback;
}
