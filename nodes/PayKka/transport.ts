import { NodeApiError, NodeOperationError, type IDataObject, type JsonObject } from 'n8n-workflow';

import { environmentBaseUrl } from '../shared/baseUrl';
import {
	DEFAULT_RETRY_POLICY,
	errorMessage,
	gatewayError,
	sendGatewayRequest,
	type GatewayResponse,
	type RequestContext,
	type RetryPolicy,
} from '../shared/transport';
import type { VerificationFailure } from '../shared/verify';
import { DEFAULT_TOLERANCE_SECONDS } from '../shared/webhook';
import {
	apiVersionOf,
	BASE_URLS,
	BASE_URLS_V12,
	CREDENTIAL_TYPE,
	DEFAULT_ENVIRONMENT,
	ERROR_HINTS,
	PATHS,
	SUCCESS_ERROR_CODE,
	SUCCESS_RET_CODE,
	type ApiVersion,
	type EndpointName,
} from './constants';
import {
	parsePrivateKey,
	parsePublicKey,
	PayKkaKeyError,
	signedText,
	verifySignedMessage,
	verifyV12Message,
} from './signature';

export interface PayKkaRequest {
	endpoint: EndpointName;
	/** Business fields; merchant_id (and timestamp where the docs list it) are added here. */
	body: IDataObject;
	/**
	 * Only for reads. PayKKa documents no idempotency key, so writes are sent once; money-moving
	 * writes go through createExactlyOnce (look up first, never resend blindly).
	 */
	retrySafe: boolean;
	/** Where a `data` list goes in the returned object (e.g. `tokens`); without it a list answer is dropped. */
	listField?: string;
}

/** Per-operation path overrides (Options > Path Override), by endpoint. */
export type PathOverrides = Partial<Record<EndpointName, string>>;

/**
 * The base URL without a trailing slash: a v1.2 host where BASE_URLS_V12 lists one, else the
 * environment's (v3) host or the Custom Base URL, as the credential test's BASE_URL_EXPRESSION.
 * v1.2 with a production environment never gets here: `checkKeys` refuses it first.
 */
export function baseUrl(credentials: IDataObject): string {
	const v12Host = apiVersionOf(credentials) === 'v1.2' ? BASE_URLS_V12[String(credentials.environment)] : undefined;
	return v12Host ?? environmentBaseUrl(credentials, BASE_URLS, DEFAULT_ENVIRONMENT);
}

/** ISO-8601 with offset as each version's docs write it: v1.2 `2023-11-24T11:34:37+0800` (https://open-aq-paykka.apifox.cn, 收银台创建 example), v3 `2025-03-08T10:00:00+08:00`. UTC. */
export function payKkaDateTime(version: ApiVersion, ms: number): string {
	return new Date(ms).toISOString().replace(/\.\d{3}Z$/, version === 'v1.2' ? '+0000' : '+00:00');
}

/**
 * Checks the keys before anything is sent, so a bad paste is reported as such (no stack trace).
 * Returns whether API responses are to be verified: only when the credential's "Verify Response
 * Signatures" is on, which needs the platform public key. The key alone no longer turns it on:
 * the PayKKa Trigger needs that key for notifications, and PayKKa's docs do not confirm how
 * responses are signed ([ASSUMPTION], https://docs.paykka.com/payments/apis/introduction/api-certification names only the response headers), so verifying them is opt-in.
 */
function checkKeys(context: RequestContext, credentials: IDataObject, itemIndex: number): boolean {
	const platformKey = String(credentials.platformPublicKey ?? '').trim();
	const verifyResponses = credentials.verifyResponses === true;
	let problem: string | undefined;
	try {
		parsePrivateKey(credentials.privateKey);
		if (platformKey !== '') parsePublicKey(platformKey);
	} catch (error) {
		problem = error instanceof PayKkaKeyError ? error.message : 'A key cannot be read.';
	}
	if (problem === undefined && verifyResponses && platformKey === '') {
		problem = 'Verify Response Signatures is on, but the PayKKa Platform Public Key is empty.';
	}
	if (problem === undefined && apiVersionOf(credentials) === 'v1.2' && credentials.environment !== 'custom' && credentials.environment !== 'sandbox') {
		problem = 'PayKKa publishes no production host for API v1.2: choose Custom Base URL and enter the host PayKKa gave you.';
	}
	if (problem !== undefined) {
		throw new NodeOperationError(context.getNode(), `PayKKa credentials: ${problem}`, {
			itemIndex,
			description: 'Fix the PayKKa credentials. Nothing was sent to PayKKa.',
		});
	}
	return verifyResponses;
}

function header(response: GatewayResponse, name: string): string | undefined {
	const value = response.headers[name];
	return typeof value === 'string' && value !== '' ? value : undefined;
}

/** What failed, in words, for each verification failure of a response. */
function verificationProblem(reason: VerificationFailure, response: GatewayResponse, path: string): string {
	const timestamp = header(response, 'x-paykka-timestamp');
	switch (reason) {
		case 'missing_signature':
			return 'the response has no x-paykka-sign header';
		case 'missing_timestamp':
			return `the response lacks the ${timestamp === undefined ? 'x-paykka-timestamp' : 'x-paykka-nonce'} header`;
		case 'stale_timestamp':
			return `its x-paykka-timestamp "${timestamp ?? ''}" is more than 5 minutes away from this host's clock`;
		case 'missing_body':
			return 'the response body is empty';
		case 'bad_signature':
			return `x-paykka-sign does not verify with the PayKKa Platform Public Key over "POST\\n${path}\\n{x-paykka-timestamp}\\n{x-paykka-nonce}\\n{response body}"`;
		default:
			return 'the PayKKa Platform Public Key cannot be used';
	}
}

/** What failed, in words, for a v1.2 response. */
function v12VerificationProblem(reason: VerificationFailure): string {
	switch (reason) {
		case 'missing_signature':
			return 'the response has no signature header';
		case 'missing_timestamp':
			return 'neither the response nor the request carries merchant_id and timestamp to check the signature with';
		case 'stale_timestamp':
			return 'its timestamp is more than 5 minutes away from this host\'s clock';
		case 'missing_body':
			return 'the response body is empty';
		case 'bad_signature':
			return 'signature does not verify with the PayKKa Platform Public Key over "merchantId={merchant_id}&timestamp={timestamp}&requestBody={response body}" (or type/version are not RSA256/v1.2)';
		default:
			return 'the PayKKa Platform Public Key cannot be used';
	}
}

const RESPONSE_VERIFICATION_HINT =
	'If the PayKKa Platform Public Key is right for this environment (sandbox and production keys differ), PayKKa may sign responses differently from the rule this node assumes (PayKKa\'s docs name the response headers but not the signed string): turn off "Verify Response Signatures" in the PayKKa credentials. The PayKKa Trigger keeps verifying notifications with the key either way.';

/** One item's PayKKa connection: credentials read and keys checked in the prepare phase, nothing sent yet. */
export class PayKkaClient {
	private constructor(
		private readonly context: RequestContext,
		private readonly credentials: IDataObject,
		private readonly itemIndex: number,
		private readonly verifyResponses: boolean,
		private readonly policy: RetryPolicy,
		/** The API generation of the credential. */
		readonly apiVersion: ApiVersion,
		private readonly overrides: PathOverrides,
	) {}

	/**
	 * Reads the credentials and checks the keys (throws NodeOperationError); sends nothing.
	 * `policy`: retries and timeout of every request (shorter for a trigger's confirmation lookup).
	 */
	static async prepare(
		context: RequestContext,
		itemIndex: number,
		policy: RetryPolicy = DEFAULT_RETRY_POLICY,
		overrides: PathOverrides = {},
	): Promise<PayKkaClient> {
		const credentials = await context.getCredentials(CREDENTIAL_TYPE);
		const verifyResponses = checkKeys(context, credentials, itemIndex);
		return new PayKkaClient(context, credentials, itemIndex, verifyResponses, policy, apiVersionOf(credentials), overrides);
	}

	/** The path of `endpoint` for this credential's API version, or the user's override. */
	path(endpoint: EndpointName): string {
		return this.overrides[endpoint] ?? PATHS[this.apiVersion][endpoint].path;
	}

	/** A date-time in this version's documented form. */
	dateTime(ms: number): string {
		return payKkaDateTime(this.apiVersion, ms);
	}

	/**
	 * Sends one PayKKa v3 call (always POST + JSON, signed by the credential), verifies the
	 * response signature when the credential asks for it, applies the envelope rule and returns
	 * `data` (or the envelope itself for operations that answer only ret_code/ret_msg).
	 */
	async request(request: PayKkaRequest): Promise<IDataObject> {
		const { statusCode, envelope, rawText } = await this.send(request);
		return unwrapEnvelope(this.context, statusCode, envelope, rawText, this.itemIndex, request.retrySafe, request.listField);
	}

	/**
	 * A read that may prove the object absent: resolves undefined only when PayKKa answers one of
	 * `notFoundCodes` (as ret_code or error_code, with HTTP 200 or 404); every other failure throws.
	 * `keepOutcome`: a query's data.error_code with a status is the object's own outcome (a declined
	 * payment: status FAILURE, error_code 2099), returned as the object rather than thrown.
	 */
	async find(
		request: Omit<PayKkaRequest, 'retrySafe'>,
		notFoundCodes: string[],
		options: { keepOutcome?: boolean } = {},
	): Promise<IDataObject | undefined> {
		const { statusCode, envelope, rawText } = await this.send({ ...request, retrySafe: true });
		const code = envelope?.ret_code ?? (envelope?.data as IDataObject | undefined)?.error_code ?? envelope?.error_code;
		if ((statusCode === 200 || statusCode === 404) && code !== undefined && notFoundCodes.includes(String(code))) {
			return undefined;
		}
		const data = envelope?.data;
		if (
			options.keepOutcome &&
			statusCode === 200 &&
			String(envelope?.ret_code) === SUCCESS_RET_CODE &&
			data !== null &&
			typeof data === 'object' &&
			!Array.isArray(data) &&
			(data as IDataObject).status !== undefined
		) {
			return data as IDataObject;
		}
		return unwrapEnvelope(this.context, statusCode, envelope, rawText, this.itemIndex, true);
	}

	/** `find` before a write; a failure says which lookup it was (`before`, e.g. `refund_trans_id "R-1"`). */
	async lookup(
		request: Omit<PayKkaRequest, 'retrySafe'>,
		notFoundCodes: string[],
		before: string,
	): Promise<IDataObject | undefined> {
		try {
			return await this.find(request, notFoundCodes);
		} catch (error) {
			const failure =
				error instanceof NodeApiError || error instanceof NodeOperationError
					? error
					: new NodeOperationError(this.context.getNode(), error as Error, { itemIndex: this.itemIndex });
			failure.description = [
				failure.description,
				`This was the lookup of ${before} (POST ${this.path(request.endpoint)}) that runs before the write, because PayKKa has no idempotency key: the write is sent only when PayKKa answers that nothing exists yet. Nothing was written by this lookup.`,
			]
				.filter(Boolean)
				.join(' ');
			throw failure;
		}
	}

	private async send(request: PayKkaRequest) {
		const endpoint = PATHS[this.apiVersion][request.endpoint];
		const body: IDataObject = { merchant_id: String(this.credentials.merchantId ?? '').trim(), ...request.body };
		// v1.2 signs merchant_id and the body's timestamp (ms); every v1.2 body carries both.
		if (endpoint.bodyTimestamp) body.timestamp = Date.now();
		const url = `${baseUrl(this.credentials)}${this.path(request.endpoint)}`;
		const response = await sendGatewayRequest(this.context, CREDENTIAL_TYPE, {
			method: 'POST',
			url,
			body,
			retrySafe: request.retrySafe,
			// Response signatures cover the exact bytes PayKKa sent.
			rawResponse: true,
		}, this.policy);
		const rawText = typeof response.body === 'string' ? response.body : undefined;
		if (this.verifyResponses && response.statusCode >= 200 && response.statusCode < 300) {
			if (this.apiVersion === 'v1.2') this.verifyV12Response(response, body, new URL(url).pathname, rawText ?? '', request.retrySafe);
			else this.verifyResponse(response, new URL(url).pathname, rawText ?? '', request.retrySafe);
		}
		return { statusCode: response.statusCode, envelope: parseBody(response.body), rawText };
	}

	/** [ASSUMPTION] PayKKa signs a response like a request, over the request's method and path (the docs name only the headers). */
	private verifyResponse(response: GatewayResponse, path: string, rawText: string, retrySafe: boolean): void {
		const verification = verifySignedMessage({
			publicKey: this.credentials.platformPublicKey as string,
			method: 'POST',
			paths: [path],
			timestamp: header(response, 'x-paykka-timestamp'),
			nonce: header(response, 'x-paykka-nonce'),
			signature: header(response, 'x-paykka-sign'),
			rawBody: Buffer.from(rawText, 'utf8'),
			nowMs: Date.now(),
			toleranceSeconds: DEFAULT_TOLERANCE_SECONDS,
		});
		if (verification.valid) return;
		this.responseVerificationFailed(verification.reason, verificationProblem(verification.reason, response, path), response, path, retrySafe);
	}

	/**
	 * [ASSUMPTION] v1.2: PayKKa signs a response like a v1.2 request, over the payload's merchant_id and
	 * timestamp (the v1.2 response example of https://docs.paykka.com/payments/apis/introduction/api-certification-v1
	 * carries both in `data`); answers without them (ret_code/ret_msg only) over the request's.
	 */
	private verifyV12Response(response: GatewayResponse, sent: IDataObject, path: string, rawText: string, retrySafe: boolean): void {
		const envelope = parseBody(rawText);
		const data = envelope?.data !== null && typeof envelope?.data === 'object' && !Array.isArray(envelope?.data) ? (envelope.data as IDataObject) : {};
		const verification = verifyV12Message({
			publicKey: this.credentials.platformPublicKey as string,
			merchantId: signedText(data.merchant_id) ?? signedText(envelope?.merchant_id) ?? signedText(sent.merchant_id),
			timestamp: signedText(data.timestamp) ?? signedText(envelope?.timestamp) ?? signedText(sent.timestamp),
			signature: header(response, 'signature'),
			type: header(response, 'type'),
			version: header(response, 'version'),
			rawBody: Buffer.from(rawText, 'utf8'),
			nowMs: Date.now(),
			toleranceSeconds: DEFAULT_TOLERANCE_SECONDS,
		});
		if (verification.valid) return;
		this.responseVerificationFailed(verification.reason, v12VerificationProblem(verification.reason), response, path, retrySafe);
	}

	private responseVerificationFailed(
		reason: VerificationFailure,
		problem: string,
		response: GatewayResponse,
		path: string,
		retrySafe: boolean,
	): never {
		const verification = { reason };
		const write = retrySafe
			? ''
			: ' This was a write: PayKKa may have processed it, so check its result (Get) before running it again.';
		const fix =
			verification.reason === 'stale_timestamp'
				? 'Check the clock of the n8n host.'
				: RESPONSE_VERIFICATION_HINT;
		throw new NodeApiError(
			this.context.getNode(),
			{ reason: verification.reason, path } as JsonObject,
			{
				message: `PayKKa response signature check failed: ${problem}`,
				description: `The answer to POST ${path} (HTTP ${response.statusCode}) was not used. ${fix}${write}`,
				httpCode: String(response.statusCode),
				itemIndex: this.itemIndex,
			},
		);
	}
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
 * The envelope rule (https://docs.paykka.com/payments/apis/introduction/response-code): a ret_code other than 000000, or data.error_code set and not 0000,
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
	listField?: string,
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
		throw fail(retCode ?? `http_${statusCode}`, errorMessage(envelope?.ret_msg, rawText, statusCode));
	}
	if (retCode !== undefined && retCode !== SUCCESS_RET_CODE) throw fail(retCode, stringOr(envelope.ret_msg, 'Request failed'));

	const isFlat = retCode === undefined;
	const data = isFlat ? envelope : (envelope.data as IDataObject | undefined);
	const errorCode = data?.error_code;
	if (errorCode !== undefined && errorCode !== null && errorCode !== '' && String(errorCode) !== SUCCESS_ERROR_CODE) {
		throw fail(String(errorCode), stringOr(data?.error_description, 'Transaction failed'));
	}
	if (data !== null && typeof data === 'object' && !Array.isArray(data)) return data;
	if (Array.isArray(data) && listField !== undefined) return { [listField]: data };
	return { ret_code: envelope.ret_code, ret_msg: envelope.ret_msg };
}

function stringOr(value: unknown, fallback: string): string {
	return typeof value === 'string' && value !== '' ? value : fallback;
}
