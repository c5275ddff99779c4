import {
	NodeApiError,
	sleep,
	type IDataObject,
	type IExecuteFunctions,
	type IHttpRequestMethods,
	type IHttpRequestOptions,
	type ILoadOptionsFunctions,
	type IWebhookFunctions,
	type JsonObject,
} from 'n8n-workflow';

/** Actions, dropdown loaders, and triggers confirming an event with the gateway. */
export type RequestContext = IExecuteFunctions | ILoadOptionsFunctions | IWebhookFunctions;

export interface GatewayRequest {
	method: IHttpRequestMethods;
	url: string;
	qs?: IDataObject;
	headers?: IDataObject;
	/** An object is sent as JSON; a string is sent as these exact bytes. */
	body?: IDataObject | string;
	/**
	 * True for reads, and for writes the gateway deduplicates (Idempotency-Key, unique merchant
	 * order number). Only such requests are ever sent twice.
	 */
	retrySafe: boolean;
	/** Return the body as the exact text received (e.g. to verify a signature over it). */
	rawResponse?: boolean;
}

export interface GatewayResponse {
	statusCode: number;
	headers: IDataObject;
	body: unknown;
}

export interface RetryPolicy {
	maxAttempts: number;
	/** 429 means the request was not processed, so waiting it out may take more attempts. */
	maxRateLimitedAttempts: number;
	baseDelayMs: number;
	/** Upper bound for any single wait, including a gateway's Retry-After. */
	maxDelayMs: number;
	timeoutMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
	maxAttempts: 3,
	maxRateLimitedAttempts: 8,
	baseDelayMs: 500,
	maxDelayMs: 30_000,
	timeoutMs: 30_000,
};

/**
 * For a trigger's lookup while the gateway waits for its answer: short, so the gateway does not
 * time out first; a lookup that still fails gets the delivery a 503 and the gateway resends it.
 */
export const CONFIRMATION_RETRY_POLICY: RetryPolicy = {
	maxAttempts: 2,
	maxRateLimitedAttempts: 2,
	baseDelayMs: 250,
	maxDelayMs: 1_000,
	timeoutMs: 8_000,
};

const TRANSIENT_NETWORK_CODES = new Set([
	'ECONNRESET',
	'ECONNREFUSED',
	'ETIMEDOUT',
	'ECONNABORTED',
	'EPIPE',
	'EAI_AGAIN',
	'ESOCKETTIMEDOUT',
]);

function isRetryableStatus(statusCode: number): boolean {
	return statusCode === 429 || statusCode >= 500;
}

/** Delay before the next attempt: the gateway's Retry-After, but never less than exponential backoff. */
export function retryDelayMs(headers: IDataObject, attempt: number, policy: RetryPolicy, nowMs = Date.now()): number {
	const retryAfter = headers['retry-after'] ?? headers['x-ratelimit-after'];
	const backoff = policy.baseDelayMs * 2 ** (attempt - 1);
	let requested = 0;
	if (typeof retryAfter === 'string' || typeof retryAfter === 'number') {
		const text = String(retryAfter).trim();
		if (/^\d+(\.\d+)?$/.test(text)) requested = Number(text) * 1000;
		else if (!Number.isNaN(Date.parse(text))) requested = Math.max(0, Date.parse(text) - nowMs);
	}
	// Rate limiters round Retry-After down (often to 0), so backoff stays the floor.
	return Math.min(Math.max(requested, backoff), policy.maxDelayMs);
}

function networkErrorCode(error: unknown): string | undefined {
	const candidates = [error, (error as { cause?: unknown })?.cause];
	for (const candidate of candidates) {
		const code = (candidate as { code?: unknown })?.code;
		if (typeof code === 'string' && TRANSIENT_NETWORK_CODES.has(code)) return code;
	}
	return undefined;
}

/** Errors after which the gateway may have processed the request anyway (no answer, or a 5xx). */
const outcomeUnknown = new WeakSet<object>();

/** True when the request behind `error` may have been processed by the gateway: no answer came back, or a 5xx. */
export function mayHaveBeenProcessed(error: unknown): boolean {
	return typeof error === 'object' && error !== null && outcomeUnknown.has(error);
}

/** Said whenever a write without an idempotency key may have reached the gateway but was not resent. */
export const NOT_RETRIED_HINT =
	'Not retried automatically: this request is not idempotent and the gateway may have processed it. Query it by your order number before re-running.';

/**
 * Sends a request signed by the credential's authenticate(). HTTP errors come back as
 * responses (the gateway's transport maps them); transient failures are retried only when
 * `retrySafe`. Errors thrown here carry no request headers, so no secret can leak through them.
 */
export async function sendGatewayRequest(
	context: RequestContext,
	credentialType: string,
	request: GatewayRequest,
	policy: RetryPolicy = DEFAULT_RETRY_POLICY,
): Promise<GatewayResponse> {
	const attemptLimit = (statusCode?: number) =>
		!request.retrySafe ? 1 : statusCode === 429 ? policy.maxRateLimitedAttempts : policy.maxAttempts;
	for (let attempt = 1; ; attempt++) {
		const options: IHttpRequestOptions = {
			method: request.method,
			url: request.url,
			qs: request.qs,
			headers: { Accept: 'application/json', ...request.headers },
			body: request.body,
			json: typeof request.body !== 'string',
			arrayFormat: 'repeat',
			returnFullResponse: true,
			ignoreHttpStatusErrors: true,
			timeout: policy.timeoutMs,
			...(request.rawResponse ? { encoding: 'text' as const } : {}),
		};
		let response: GatewayResponse;
		try {
			const raw = (await context.helpers.httpRequestWithAuthentication.call(
				context,
				credentialType,
				options,
			)) as { statusCode: number; headers: IDataObject; body: unknown };
			response = { statusCode: raw.statusCode, headers: raw.headers ?? {}, body: raw.body };
		} catch (error) {
			const code = networkErrorCode(error);
			if (code && attempt < attemptLimit()) {
				await sleep(retryDelayMs({}, attempt, policy));
				continue;
			}
			const failure = new NodeApiError(
				context.getNode(),
				{ message: (error as Error).message, code: code ?? 'REQUEST_FAILED' } as JsonObject,
				{
					message: `The request to ${new URL(request.url).host} failed: ${code ?? (error as Error).message}`,
					description: request.retrySafe
						? `Tried ${attempt} time(s).`
						: NOT_RETRIED_HINT,
				},
			);
			outcomeUnknown.add(failure);
			throw failure;
		}
		if (isRetryableStatus(response.statusCode) && attempt < attemptLimit(response.statusCode)) {
			await sleep(retryDelayMs(response.headers, attempt, policy));
			continue;
		}
		return response;
	}
}

/** A gateway's error, with its own code and message, for the user and for error workflows. */
export function gatewayError(
	context: RequestContext,
	gateway: string,
	details: {
		httpCode: number;
		code: string;
		message: string;
		body: unknown;
		itemIndex?: number;
		description?: string;
		/** False for writes sent once: a 5xx may come after the gateway committed them. */
		retrySafe?: boolean;
	},
): NodeApiError {
	const hints = [details.description, details.retrySafe === false && details.httpCode >= 500 ? NOT_RETRIED_HINT : undefined];
	const description = hints.filter(Boolean).join(' ') || undefined;
	const body =
		details.body !== null && typeof details.body === 'object'
			? (details.body as JsonObject)
			: ({ body: String(details.body ?? '') } as JsonObject);
	const error = new NodeApiError(context.getNode(), body, {
		message: `${gateway} error ${details.code}: ${details.message}`,
		description,
		httpCode: String(details.httpCode),
		itemIndex: details.itemIndex,
	});
	if (details.httpCode >= 500) outcomeUnknown.add(error);
	return error;
}

/** How much of an answer body that carries no gateway message goes into an error message (a proxy's HTML page is cut short). */
export const BODY_EXCERPT_CHARACTERS = 300;

/** The gateway's own message when it sent one, else the start of the answer body, else the HTTP status. */
export function errorMessage(gatewayMessage: unknown, body: unknown, httpCode: number): string {
	if (typeof gatewayMessage === 'string' && gatewayMessage !== '') return gatewayMessage;
	if (typeof body === 'string' && body !== '') return body.slice(0, BODY_EXCERPT_CHARACTERS);
	return `HTTP ${httpCode}`;
}

