import type { IDataObject, IHookFunctions, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';
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
export function getRawBody(context: IWebhookFunctions): Buffer | undefined {
	const rawBody = (context.getRequestObject() as { rawBody?: unknown }).rawBody;
	if (Buffer.isBuffer(rawBody)) return rawBody;
	if (typeof rawBody === 'string') return Buffer.from(rawBody, 'utf8');
	return undefined;
}

/** A real HTTP 401 and no execution (returning `webhookResponse` would not set the status). */
export function rejectDelivery(context: IWebhookFunctions, status = 401): IWebhookResponseData {
	context.getResponseObject().status(status).send(status === 401 ? 'Unauthorized' : 'Bad Request').end();
	return { noWebhookResponse: true };
}

/** Answers the gateway exactly as it expects, then optionally starts the workflow. */
export function acknowledge(
	context: IWebhookFunctions,
	ack: { status?: number; contentType: string; body: string },
	workflowData?: IWebhookResponseData['workflowData'],
): IWebhookResponseData {
	const response = context.getResponseObject();
	response.status(ack.status ?? 200).type(ack.contentType).send(ack.body).end();
	return workflowData ? { workflowData, noWebhookResponse: true } : { noWebhookResponse: true };
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

/**
 * Remembers delivered event keys per trigger node so a redelivery starts no second execution.
 * Kept in process memory (check-and-set is atomic in one event loop, so concurrent redeliveries
 * are caught) and the newest ones mirrored into the workflow's static data (survives restarts).
 * Both are bounded: the oldest keys are dropped first.
 */
const deliveredByScope = new Map<string, Map<string, true>>();

export function isFirstDelivery(
	context: IWebhookFunctions,
	eventKey: string,
	capacity = DEFAULT_DEDUPE_CAPACITY,
	persistedKeys = DEFAULT_PERSISTED_KEYS,
): boolean {
	const scope = `${context.getWorkflow().id ?? ''}:${context.getNode().id ?? context.getNode().name}`;
	let delivered = deliveredByScope.get(scope);
	if (!delivered) {
		delivered = new Map();
		deliveredByScope.set(scope, delivered);
	}
	const staticData = context.getWorkflowStaticData('node');
	const persisted = Array.isArray(staticData.deliveredEventKeys) ? (staticData.deliveredEventKeys as string[]) : [];
	if (delivered.has(eventKey) || persisted.includes(eventKey)) return false;

	delivered.set(eventKey, true);
	while (delivered.size > capacity) delivered.delete(delivered.keys().next().value as string);
	staticData.deliveredEventKeys = [...persisted, eventKey].slice(-persistedKeys);
	return true;
}

/** Event filter: `*` or empty means every event. */
export function isSelectedEvent(selected: string[], eventName: string): boolean {
	return selected.length === 0 || selected.includes('*') || selected.includes(eventName);
}

export interface TriggerOptions {
	toleranceSeconds?: number;
	dedupe?: boolean;
}

/** What a gateway tells the shared receiver about its webhooks. */
export interface SignedWebhookSpec<Event extends IDataObject> {
	/** Loads the secret(s) and checks the signature over the raw bytes; throwing counts as invalid. */
	verify(rawBody: Buffer, headers: IDataObject, options: Required<TriggerOptions>): Promise<VerificationResult>;
	/** Parses the verified body; `undefined` when it is not an event of this gateway. */
	parse(rawBody: Buffer, headers: IDataObject): Event | undefined;
	eventName(event: Event): string;
	/** Identifies one delivery for dedupe: a redelivery yields the same key. */
	eventKey(event: Event): string;
	ack: { status?: number; contentType: string; body: string };
	toItem(event: Event): IDataObject;
}

/**
 * The trigger's data path: verify (fail closed, 401) -> parse -> filter -> dedupe -> ack -> emit.
 * Dedupe runs only after verification, so forged requests cannot poison the delivered-key store.
 */
export async function receiveSignedWebhook<Event extends IDataObject>(
	context: IWebhookFunctions,
	spec: SignedWebhookSpec<Event>,
): Promise<IWebhookResponseData> {
	const options = context.getNodeParameter('options', {}) as TriggerOptions;
	const resolved: Required<TriggerOptions> = {
		toleranceSeconds: options.toleranceSeconds ?? DEFAULT_TOLERANCE_SECONDS,
		dedupe: options.dedupe ?? true,
	};
	const headers = context.getHeaderData() as IDataObject;
	const rawBody = getRawBody(context);
	if (!rawBody || rawBody.length === 0) return rejectDelivery(context);

	let verification: VerificationResult;
	try {
		verification = await spec.verify(rawBody, headers, resolved);
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
	if (resolved.dedupe && !isFirstDelivery(context, spec.eventKey(event))) return acknowledge(context, spec.ack);

	return acknowledge(context, spec.ack, [context.helpers.returnJsonArray([spec.toItem(event)])]);
}

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
