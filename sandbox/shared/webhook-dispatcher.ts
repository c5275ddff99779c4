/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals */
/**
 * Generic signed-webhook delivery with a retry schedule, shared by the gateway sandboxes.
 * Each gateway supplies its own signing (per-attempt headers) and acknowledgement rule.
 */
import * as http from 'http';
import * as https from 'https';

export interface WebhookDispatcherOptions {
	/** Delay before attempt i (index 0 = first attempt); the last entry repeats if short. */
	delaysMs: number[];
	maxAttempts: number;
	/** Multiplies every delay, e.g. 0.001 in tests. */
	timeScale?: number;
	/** Per-attempt request timeout (not scaled). */
	timeoutMs?: number;
	isAcknowledged(status: number, bodyText: string): boolean;
}

export interface WebhookDelivery {
	url: string;
	eventId: string;
	body: string;
	/** Computed per attempt so timestamps and signatures are fresh. */
	headers(attemptNowSeconds: number): Record<string, string>;
}

export interface DeliveryAttempt {
	eventId: string;
	attempt: number;
	url: string;
	statusCode?: number;
	error?: string;
	acknowledged: boolean;
	/** Epoch milliseconds when the attempt finished. */
	at: number;
}

export type DeliveryStatus = 'pending' | 'delivered' | 'giving_up';

export class WebhookDispatcher {
	readonly attempts: DeliveryAttempt[] = [];
	private readonly deliveries = new Map<string, WebhookDelivery>();
	private readonly statuses = new Map<string, DeliveryStatus>();
	private readonly timers = new Set<NodeJS.Timeout>();
	private inFlight = 0;
	private idleWaiters: Array<() => void> = [];
	private stopped = false;

	constructor(private readonly options: WebhookDispatcherOptions) {}

	enqueue(delivery: WebhookDelivery): void {
		this.deliveries.set(delivery.eventId, delivery);
		this.statuses.set(delivery.eventId, 'pending');
		this.schedule(delivery, 1);
	}

	/** Sends an already-known event again with a fresh retry chain (like a dashboard "resend"). */
	redeliver(eventId: string): void {
		const delivery = this.deliveries.get(eventId);
		if (!delivery) throw new Error(`Unknown webhook event ${eventId}`);
		this.enqueue(delivery);
	}

	status(eventId: string): DeliveryStatus | undefined {
		return this.statuses.get(eventId);
	}

	attemptsFor(eventId: string): DeliveryAttempt[] {
		return this.attempts.filter((attempt) => attempt.eventId === eventId);
	}

	get pending(): number {
		return this.timers.size + this.inFlight;
	}

	/** Resolves once nothing is scheduled or in flight; rejects after `timeoutMs`. */
	async idle(timeoutMs = 10_000): Promise<void> {
		if (this.pending === 0) return;
		await new Promise<void>((resolve, reject) => {
			const timer = setTimeout(() => {
				this.idleWaiters = this.idleWaiters.filter((waiter) => waiter !== done);
				reject(new Error(`Webhook deliveries still pending after ${timeoutMs} ms`));
			}, timeoutMs);
			timer.unref();
			const done = () => {
				clearTimeout(timer);
				resolve();
			};
			this.idleWaiters.push(done);
		});
	}

	stop(): void {
		this.stopped = true;
		for (const timer of this.timers) clearTimeout(timer);
		this.timers.clear();
		this.notifyIfIdle();
	}

	private schedule(delivery: WebhookDelivery, attempt: number): void {
		if (this.stopped) return;
		const { delaysMs, timeScale = 1 } = this.options;
		const delay = (delaysMs[Math.min(attempt - 1, delaysMs.length - 1)] ?? 0) * timeScale;
		const timer = setTimeout(() => {
			this.timers.delete(timer);
			void this.attempt(delivery, attempt);
		}, delay);
		timer.unref();
		this.timers.add(timer);
	}

	private async attempt(delivery: WebhookDelivery, attempt: number): Promise<void> {
		this.inFlight++;
		const { statusCode, body, error } = await post(
			delivery.url,
			delivery.body,
			delivery.headers(Math.floor(Date.now() / 1000)),
			this.options.timeoutMs ?? 30_000,
		);
		const acknowledged = statusCode !== undefined && this.options.isAcknowledged(statusCode, body);
		this.attempts.push({ eventId: delivery.eventId, attempt, url: delivery.url, statusCode, error, acknowledged, at: Date.now() });
		if (acknowledged) this.statuses.set(delivery.eventId, 'delivered');
		else if (attempt >= this.options.maxAttempts) this.statuses.set(delivery.eventId, 'giving_up');
		else this.schedule(delivery, attempt + 1);
		this.inFlight--;
		this.notifyIfIdle();
	}

	private notifyIfIdle(): void {
		if (this.pending > 0) return;
		const waiters = this.idleWaiters;
		this.idleWaiters = [];
		for (const waiter of waiters) waiter();
	}
}

interface PostResult {
	statusCode?: number;
	body: string;
	error?: string;
}

/** One POST; never rejects. Redirects are not followed (3xx is simply not an ack). */
async function post(
	url: string,
	body: string,
	headers: Record<string, string>,
	timeoutMs: number,
): Promise<PostResult> {
	return await new Promise<PostResult>((resolve) => {
		const transport = url.startsWith('https:') ? https : http;
		// agent: false -> no pooled keep-alive sockets outliving the sandbox.
		const req = transport.request(
			url,
			{ method: 'POST', agent: false, headers: { ...headers, 'Content-Length': Buffer.byteLength(body) } },
			(res) => {
				const chunks: Buffer[] = [];
				res.on('data', (chunk: Buffer) => chunks.push(chunk));
				res.on('end', () => resolve({ statusCode: res.statusCode, body: Buffer.concat(chunks).toString('utf8') }));
				res.on('error', (error) => resolve({ body: '', error: error.message }));
			},
		);
		req.setTimeout(timeoutMs, () => req.destroy(new Error(`timeout after ${timeoutMs} ms`)));
		req.on('error', (error) => resolve({ body: '', error: error.message }));
		req.end(body);
	});
}
