/**
 * The gateway-neutral half of `POST /_sandbox/sample-event` ("Listen for test event" in n8n):
 * checks the target URL, captures the delivery a sandbox's own event code would queue (so the body
 * and signature are exactly those of its real webhooks), and POSTs it once, outside the retry
 * dispatcher. Each sandbox builds its event and maps SampleEventError onto its control errors.
 */
import type { WebhookDelivery, WebhookDispatcher } from './webhook-dispatcher';

/** n8n answers a test webhook at once; a slow or hung receiver should not hold the control open. */
const SAMPLE_POST_TIMEOUT_MS = 10_000;

export class SampleEventError extends Error {
	constructor(
		readonly status: 400 | 409 | 502,
		message: string,
	) {
		super(message);
	}
}

export interface SampleEventAnswer {
	/** The HTTP status n8n (or whatever listens at the URL) answered. */
	status: number;
	eventId: string;
}

/** The sandbox is a local tool: it posts only to http(s) URLs on this machine. */
export function sampleEventUrl(value: unknown): string {
	if (typeof value !== 'string' || value === '') throw new SampleEventError(400, 'url is required');
	const url = URL.canParse(value) ? new URL(value) : undefined;
	if (!url) throw new SampleEventError(400, 'url must be an absolute http(s) URL');
	if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new SampleEventError(400, 'url must be an http(s) URL');
	if (!['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname)) {
		throw new SampleEventError(400, 'url must point to 127.0.0.1 or localhost (the sandbox is a local tool)');
	}
	return url.toString();
}

/**
 * Runs `emitEvent` (synchronously) with the dispatcher's enqueue diverted, and returns the newest
 * delivery it queued: nothing is scheduled or retried, and the sandbox's configured endpoint is untouched.
 */
export function captureDelivery(dispatcher: WebhookDispatcher, emitEvent: () => void): WebhookDelivery {
	const captured: WebhookDelivery[] = [];
	const diverted = dispatcher as { enqueue: WebhookDispatcher['enqueue'] };
	const hadOwn = Object.prototype.hasOwnProperty.call(dispatcher, 'enqueue');
	const original = diverted.enqueue;
	diverted.enqueue = (delivery) => {
		captured.push(delivery);
	};
	try {
		emitEvent();
	} finally {
		if (hadOwn) diverted.enqueue = original;
		else Reflect.deleteProperty(dispatcher, 'enqueue');
	}
	const delivery = captured.at(-1);
	if (!delivery) throw new SampleEventError(409, 'the sandbox sent no event (are its webhooks muted?)');
	return delivery;
}

/** One POST of the delivery, signed now; 502 when nothing answered. */
export async function sendSampleEvent(delivery: WebhookDelivery, url: string): Promise<SampleEventAnswer> {
	// Body first: a delivery may refresh its body (signed timestamp inside) when it is read.
	const body = delivery.body;
	const headers = delivery.headers(Math.floor(Date.now() / 1000));
	let failure: string | undefined;
	let status = 0;
	try {
		const response = await fetch(url, {
			method: 'POST',
			headers,
			body,
			redirect: 'manual',
			signal: AbortSignal.timeout(SAMPLE_POST_TIMEOUT_MS),
		});
		await response.arrayBuffer();
		status = response.status;
	} catch (error) {
		failure = (error as Error & { cause?: Error }).cause?.message ?? (error as Error).message;
	}
	if (failure !== undefined) throw new SampleEventError(502, `POST ${url} failed: ${failure}`);
	return { status, eventId: delivery.eventId };
}
