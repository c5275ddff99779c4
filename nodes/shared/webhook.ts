import {
	fromFunction,
	fromParameter,
	webhookDescriptionFields,
	type ICredentialDataDecryptedObject,
	type IDataObject,
	type IHookFunctions,
	type IWebhookDescription,
	type IWebhookFunctions,
	type IWebhookResponseData,
} from 'n8n-workflow';
import { readTriggerCredentials } from './triggerCredentials';
import type { VerificationResult } from './verify';

/** Default replay window for signed timestamps, in seconds. */
export const DEFAULT_TOLERANCE_SECONDS = 300;

/** One header value; a header sent twice (array) is ambiguous and treated as missing. */
export function singleHeader(headers: IDataObject, name: string): string | undefined {
	const value = headers[name.toLowerCase()];
	return typeof value === 'string' && value !== '' ? value : undefined;
}

/**
 * The body exactly as received. n8n keeps it as `rawBody` (after gunzip). Without it there is
 * nothing to verify against, so callers treat `undefined` as a failed verification.
 */
export async function getRawBody(context: IWebhookFunctions): Promise<Buffer | undefined> {
	const request = context.getRequestObject() as { rawBody?: unknown; readRawBody?: () => Promise<void> };
	// From typeVersion 2 on, n8n reads the body only for content types it parses; read it here otherwise.
	if (request.rawBody === undefined && typeof request.readRawBody === 'function') {
		try {
			await request.readRawBody();
		} catch {
			return undefined;
		}
	}
	const rawBody = request.rawBody;
	if (Buffer.isBuffer(rawBody)) return rawBody;
	if (typeof rawBody === 'string') return Buffer.from(rawBody, 'utf8');
	return undefined;
}

const REJECTIONS: Record<number, string> = {
	400: 'Bad Request',
	401: 'Unauthorized',
	422: 'Unprocessable Entity: the gateway does not confirm this event',
	503: 'Service Unavailable: try again later',
};

/**
 * A real non-2xx answer and no execution (returning `webhookResponse` would not set the status).
 * 503 asks the gateway to resend later (the delivery could not be handled yet).
 */
export function rejectDelivery(context: IWebhookFunctions, status: 400 | 401 | 422 | 503 = 401): IWebhookResponseData {
	const response = context.getResponseObject();
	if (status === 503) response.setHeader('Retry-After', String(IN_FLIGHT_RETRY_AFTER_SECONDS));
	response.status(status).send(REJECTIONS[status]).end();
	return { noWebhookResponse: true };
}

/** Answers the gateway exactly as it expects, starting nothing (an event not selected, or already delivered). */
export function acknowledge(context: IWebhookFunctions, ack: { contentType: string; body: string }): IWebhookResponseData {
	const response = context.getResponseObject();
	response.status(200).type(ack.contentType).send(ack.body).end();
	return { noWebhookResponse: true };
}

/** Parses the raw body as a JSON object; anything else is `undefined`. */
export function parseJsonObject(rawBody: Buffer): IDataObject | undefined {
	try {
		const parsed: unknown = JSON.parse(rawBody.toString('utf8'));
		return parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as IDataObject) : undefined;
	} catch {
		return undefined;
	}
}

export const DEFAULT_DEDUPE_CAPACITY = 1000;
/**
 * How many of the newest keys are mirrored into static data. n8n writes the workflow's static data
 * back to the database after every delivery that changes it, so its size is paid on every webhook
 * (1,000 keys cost a third of the ingest rate in `npm run bench`); the keys a gateway resends after
 * an n8n restart are the latest ones, whose acknowledgement was lost.
 */
export const DEFAULT_PERSISTED_KEYS = 100;

/** How long a delivery whose sender hung up may still get n8n's answer before a redelivery may run. */
export const UNANSWERED_RELEASE_MS = 5 * 60_000;

/** Seconds a gateway is asked to wait before resending an event whose first delivery is still running. */
export const IN_FLIGHT_RETRY_AFTER_SECONDS = 5;

/** In flight: being handled (with the time its sender hung up, if it did); delivered: the gateway got its 2xx. */
type DeliveryState = { inFlight: true; hungUpAt?: number } | 'delivered';

/**
 * Delivered event keys per trigger node, so a redelivery starts no second execution. Process
 * memory is the authority (check-and-set is atomic in one event loop, so concurrent deliveries
 * are caught); the newest delivered keys are mirrored into the workflow's static data, which n8n
 * saves only when it answered the delivery successfully, so they survive a restart. A key becomes
 * "delivered" only once n8n has answered the gateway with a 2xx, i.e. after it stored the execution
 * (or, when acknowledging after success, after the workflow succeeded); a delivery n8n could not
 * store or run leaves no key behind, so the gateway's redelivery runs.
 */
const deliveriesByScope = new Map<string, Map<string, DeliveryState>>();

function scopeOf(context: IWebhookFunctions): Map<string, DeliveryState> {
	const scope = `${context.getWorkflow().id ?? ''}:${context.getNode().id ?? context.getNode().name}`;
	let deliveries = deliveriesByScope.get(scope);
	if (!deliveries) {
		deliveries = new Map();
		deliveriesByScope.set(scope, deliveries);
	}
	return deliveries;
}

function persistedKeys(context: IWebhookFunctions): string[] {
	const keys = context.getWorkflowStaticData('node').deliveredEventKeys;
	return Array.isArray(keys) ? (keys as string[]) : [];
}

export type DeliveryClaim = 'claimed' | 'in-flight' | 'delivered';

/**
 * Claims `eventKey` for this delivery, unless it was delivered already or another delivery of it
 * is still being handled. A claimed key is settled by `settleDelivery` once the gateway's answer
 * is known. `persist`: also mirror it into static data (saved only with a successful answer).
 */
export function claimDelivery(
	context: IWebhookFunctions,
	eventKey: string,
	options: { persist: boolean; persistedKeys?: number },
): DeliveryClaim {
	const deliveries = scopeOf(context);
	const state = deliveries.get(eventKey);
	if (state === 'delivered') return 'delivered';
	// A delivery whose sender hung up and that n8n never answered (see whenAnswered) is given up after a bound.
	if (state && (state.hungUpAt === undefined || Date.now() - state.hungUpAt < UNANSWERED_RELEASE_MS)) return 'in-flight';
	if (state) settleDelivery(context, eventKey, false);
	const persisted = persistedKeys(context);
	if (persisted.includes(eventKey)) return 'delivered';
	deliveries.set(eventKey, { inFlight: true });
	if (options.persist) {
		const staticData = context.getWorkflowStaticData('node');
		staticData.deliveredEventKeys = [...persisted, eventKey].slice(-(options.persistedKeys ?? DEFAULT_PERSISTED_KEYS));
	}
	return 'claimed';
}

/** Marks a claimed key delivered (the gateway got its 2xx) or releases it (it did not). */
export function settleDelivery(context: IWebhookFunctions, eventKey: string, delivered: boolean, capacity = DEFAULT_DEDUPE_CAPACITY): void {
	const deliveries = scopeOf(context);
	if (!delivered) {
		deliveries.delete(eventKey);
		// n8n does not save static data with a failed answer; a host that keeps the object must not keep the key either.
		const staticData = context.getWorkflowStaticData('node');
		const persisted = persistedKeys(context);
		if (persisted.includes(eventKey)) staticData.deliveredEventKeys = persisted.filter((key) => key !== eventKey);
		return;
	}
	// Re-inserted so the newest keys are the last ones dropped.
	deliveries.delete(eventKey);
	deliveries.set(eventKey, 'delivered');
	while (deliveries.size > capacity) deliveries.delete(deliveries.keys().next().value as string);
}

/**
 * Calls `onAnswer` once with whether the gateway got a 2xx, before the answer's last byte leaves
 * (so a redelivery sent after the gateway read its answer always sees the settled key).
 */
function whenAnswered(context: IWebhookFunctions, eventKey: string, onAnswer: (succeeded: boolean) => void): void {
	const response = context.getResponseObject();
	let answered = false;
	const settle = (succeeded: boolean) => {
		if (answered) return;
		answered = true;
		onAnswer(succeeded);
	};
	const end = response.end.bind(response) as (...args: unknown[]) => unknown;
	response.end = ((...args: unknown[]) => {
		settle(response.statusCode >= 200 && response.statusCode < 300);
		return end(...args);
	}) as typeof response.end;
	// A gateway that hangs up (its own timeout) before n8n answered says nothing about whether n8n
	// stores the execution: n8n still answers into the closed socket once it has. So the key stays in
	// flight (redeliveries get 503) until then; claimDelivery gives it up if no answer comes at all.
	response.once('close', () => {
		if (answered) return;
		const state = scopeOf(context).get(eventKey);
		if (state && state !== 'delivered') state.hungUpAt = Date.now();
	});
}

/** Event filter: `*` or empty means every event. */
export function isSelectedEvent(selected: string[], eventName: string): boolean {
	return selected.length === 0 || selected.includes('*') || selected.includes(eventName);
}

/** When the gateway gets its 2xx: once n8n stored the execution, or once the workflow succeeded. */
export type AcknowledgeMode = 'onReceived' | 'lastNode';

export interface TriggerOptions {
	toleranceSeconds?: number;
	dedupe?: boolean;
	/** Fetch the object the event names from the gateway before starting anything. */
	confirmWithGateway?: boolean;
	acknowledge?: AcknowledgeMode;
}

/** What the gateway's own API says about the object an event names. */
export type Confirmation =
	| { confirmed: true; object: IDataObject }
	/** The object does not exist, or its amount, currency or state contradict the event. */
	| { confirmed: false; reason: string };

/** What a gateway tells the shared receiver about its webhooks. */
export interface SignedWebhookSpec<Event extends IDataObject> {
	/** The credential type holding the secret(s); read once per CREDENTIAL_CACHE_SECONDS, not per delivery. */
	credentialType: string;
	/** Checks the signature over the raw bytes with the credential's secret(s); throwing counts as invalid. */
	verify(
		rawBody: Buffer,
		headers: IDataObject,
		options: Required<TriggerOptions>,
		credentials: ICredentialDataDecryptedObject,
	): Promise<VerificationResult>;
	/** Parses the verified body; `undefined` when it is not an event of this gateway. */
	parse(rawBody: Buffer, headers: IDataObject): Event | undefined;
	eventName(event: Event): string;
	/** Identifies one delivery for dedupe: a redelivery yields the same key. */
	eventKey(event: Event): string;
	/** Sent with HTTP 200 (n8n's answer code when it acknowledges a stored execution). */
	ack: { contentType: string; body: string };
	toItem(event: Event): IDataObject;
	/**
	 * Looks the event's object up at the gateway with the trigger's credential. Throws when the
	 * lookup cannot answer (network, 5xx): the delivery then gets a 503 and the gateway resends it.
	 */
	confirm?(event: Event): Promise<Confirmation>;
	/** Whether Confirm With Gateway is on when the user has not set it (on where the signature cannot stop a rewritten body). */
	confirmByDefault?: boolean;
}

/** A 2xx answer n8n sends only after it stored the execution (see `signedWebhookDescription`). */
function acknowledgeWhenStored(
	context: IWebhookFunctions,
	ack: SignedWebhookSpec<IDataObject>['ack'],
	workflowData: NonNullable<IWebhookResponseData['workflowData']>,
): IWebhookResponseData {
	context.getResponseObject().type(ack.contentType);
	return { workflowData, webhookResponse: ack.body };
}

/**
 * n8n answers after the workflow ran: HTTP 500 if it failed, otherwise its `noData` answer (no
 * body), which is replaced here by the gateway's exact acknowledgement.
 */
function acknowledgeWhenSucceeded(
	context: IWebhookFunctions,
	ack: SignedWebhookSpec<IDataObject>['ack'],
	workflowData: NonNullable<IWebhookResponseData['workflowData']>,
): IWebhookResponseData {
	const response = context.getResponseObject();
	response.type(ack.contentType);
	const send = response.send.bind(response);
	const json = response.json.bind(response);
	const succeeded = () => response.statusCode >= 200 && response.statusCode < 300;
	response.json = ((body?: unknown) => (succeeded() && body === undefined ? send(ack.body) : json(body))) as typeof response.json;
	response.send = ((body?: unknown) =>
		succeeded() && (body === undefined || body === '') ? send(ack.body) : send(body as string)) as typeof response.send;
	return { workflowData };
}

/**
 * The trigger's data path: verify (fail closed, 401) -> parse -> filter -> claim the event key ->
 * confirm with the gateway (optional) -> start the workflow; the gateway gets its exact
 * acknowledgement from n8n once the execution is stored (or once it succeeded). Dedupe runs only
 * after verification, so forged requests cannot poison the delivered-key store.
 */
export async function receiveSignedWebhook<Event extends IDataObject>(
	context: IWebhookFunctions,
	spec: SignedWebhookSpec<Event>,
): Promise<IWebhookResponseData> {
	const options = context.getNodeParameter('options', {}) as TriggerOptions;
	const resolved: Required<TriggerOptions> = {
		toleranceSeconds: options.toleranceSeconds ?? DEFAULT_TOLERANCE_SECONDS,
		dedupe: options.dedupe ?? true,
		confirmWithGateway: spec.confirm !== undefined && (options.confirmWithGateway ?? spec.confirmByDefault ?? false),
		acknowledge: options.acknowledge === 'lastNode' ? 'lastNode' : 'onReceived',
	};
	const headers = context.getHeaderData() as IDataObject;
	const rawBody = await getRawBody(context);
	if (!rawBody || rawBody.length === 0) return rejectDelivery(context);

	let verification: VerificationResult;
	try {
		const credentials = await readTriggerCredentials(context, spec.credentialType);
		verification = await spec.verify(rawBody, headers, resolved, credentials.data);
		if (!verification.valid) {
			// The secret may have been rotated since it was cached.
			const current = await credentials.reread();
			if (current) verification = await spec.verify(rawBody, headers, resolved, current);
		}
	} catch (error) {
		context.logger.warn(`Webhook rejected: verification could not run (${(error as Error).name})`);
		return rejectDelivery(context);
	}
	if (!verification.valid) {
		context.logger.debug(`Webhook rejected: ${verification.reason}`);
		return rejectDelivery(context);
	}

	const event = spec.parse(rawBody, headers);
	if (!event) return rejectDelivery(context, 400);

	const selected = context.getNodeParameter('events', []) as string[];
	if (!isSelectedEvent(selected, spec.eventName(event))) return acknowledge(context, spec.ack);

	const eventKey = spec.eventKey(event);
	if (resolved.dedupe) {
		// After success, a failed run must stay resendable after a restart too: nothing is persisted.
		const claim = claimDelivery(context, eventKey, { persist: resolved.acknowledge === 'onReceived' });
		if (claim === 'delivered') return acknowledge(context, spec.ack);
		if (claim === 'in-flight') {
			context.logger.debug('Webhook deferred (503): another delivery of this event is still being handled');
			return rejectDelivery(context, 503);
		}
		whenAnswered(context, eventKey, (succeeded) => settleDelivery(context, eventKey, succeeded));
	}

	const item = spec.toItem(event);
	if (resolved.confirmWithGateway && spec.confirm) {
		let confirmation: Confirmation;
		try {
			confirmation = await spec.confirm(event);
		} catch (error) {
			context.logger.warn(`Webhook not confirmed: the gateway lookup failed (${(error as Error).message})`);
			return rejectDelivery(context, 503);
		}
		if (!confirmation.confirmed) {
			context.logger.warn(`Webhook rejected: the gateway does not confirm it (${confirmation.reason})`);
			return rejectDelivery(context, 422);
		}
		item.gatewayState = confirmation.object;
	}

	const workflowData = [context.helpers.returnJsonArray([item])];
	return resolved.acknowledge === 'lastNode'
		? acknowledgeWhenSucceeded(context, spec.ack, workflowData)
		: acknowledgeWhenStored(context, spec.ack, workflowData);
}

/** Self-contained (n8n inlines its source as the editor's expression). */
const responseDataFor = (parameters: IDataObject) =>
	(parameters.options as IDataObject | undefined)?.acknowledge === 'lastNode' ? 'noData' : '';

/**
 * n8n 2.41+ resolves description fields from the node's parameters without the expression engine;
 * older versions evaluate the same expressions.
 */
function responseFields(): Record<'responseMode' | 'responseData', string> {
	if (typeof webhookDescriptionFields !== 'function' || typeof fromParameter !== 'function' || typeof fromFunction !== 'function') {
		return {
			responseMode: '={{$parameter["options"]["acknowledge"] || "onReceived"}}',
			responseData: '={{$parameter["options"]["acknowledge"] === "lastNode" ? "noData" : ""}}',
		};
	}
	return webhookDescriptionFields({
		responseMode: fromParameter(['options', 'acknowledge'], 'onReceived'),
		responseData: fromFunction(responseDataFor),
	});
}

/**
 * The webhook every signed trigger serves. n8n answers it itself, after it stored the execution
 * ("onReceived": with the node's `webhookResponse`, because `responseData` is empty) or after the
 * workflow succeeded ("lastNode": no body from n8n, replaced by the exact ack).
 */
export const signedWebhookDescription: IWebhookDescription = {
	name: 'default',
	httpMethod: 'POST',
	path: 'webhook',
	...responseFields(),
};

/**
 * For gateways whose webhook endpoint is set up by hand (dashboard, or a notify URL sent with each
 * order): there is nothing to register, but n8n requires the three methods.
 */
export const manuallyConfiguredWebhookMethods = {
	default: {
		async checkExists(this: IHookFunctions): Promise<boolean> {
			return true;
		},
		async create(this: IHookFunctions): Promise<boolean> {
			return true;
		},
		async delete(this: IHookFunctions): Promise<boolean> {
			return true;
		},
	},
};
