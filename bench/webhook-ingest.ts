/**
 * Webhook ingest on the real n8n: N signed deliveries at a fixed concurrency, per side, each side
 * in its own freshly published workflow:
 * - `trigger`: the IronixPay Trigger as shipped (verify HMAC over the raw bytes, replay window,
 *   dedupe, exact ack once n8n stored the execution); `trigger-nodedupe`: the same with "Ignore
 *   Redeliveries" off, to show what the dedupe store costs;
 * - `plain`: n8n's Webhook node ("Respond: Immediately"), no verification at all;
 * - `stripe`: n8n's own Stripe Trigger with its signing secret (its signature check on), activated
 *   against a loopback stand-in for api.stripe.com (bench/stripe-standin.ts);
 * - `userBuilt`: what a user builds without this package: Webhook (answer from a node) -> Crypto
 *   (HMAC-SHA256 of timestamp + "." + the body re-serialized) -> If (signature equal, timestamp
 *   within 300 s) -> Respond to Webhook (200 + ack, or 401).
 * Per side: requests/s, p50/p99 latency, and the executions n8n recorded, matched by event id (lost =
 * no execution, duplicated = more than one).
 */
import { createHmac, randomBytes, randomUUID } from 'crypto';

import { delay, listExecutions } from '../scripts/n8n-runtime';
import type { Stack } from '../scripts/stack';
import type { StripeStandIn } from './stripe-standin';
import { benchLog, createChainedWorkflow, createCredential, firstItemOf, percentile, sendLoad, waitForExecutions, waitForWebhook } from './support';

export type IngestSideName = 'trigger' | 'trigger-nodedupe' | 'plain' | 'stripe' | 'userBuilt';

export interface IngestSide {
	side: IngestSideName;
	requestsPerSecond: number;
	p50Ms: number;
	p99Ms: number;
	/** Answers other than the expected 200, plus requests without an answer. */
	failedRequests: number;
	executions: number;
	lost: number;
	duplicated: number;
}

export interface IngestContext {
	/** The IronixPay sandbox's webhook secret (also the user-built flow's). */
	secret: string;
	stripe?: StripeStandIn;
	/** The Stripe credential in this n8n (created on first use). */
	stripeCredential?: { id: string; name: string };
	/** The Crypto node's credential holding the HMAC secret (created on first use). */
	cryptoCredential?: { id: string; name: string };
}

const CREDENTIAL = { ironixPayApi: { id: 'IrnxPaySandbox01', name: 'IronixPay (local sandbox)' } };

interface Delivery {
	id: string;
	body: string;
	headers: Record<string, string>;
}

function ironixPayDeliveries(count: number, runTag: string, secret: string): Delivery[] {
	const timestamp = String(Math.floor(Date.now() / 1000));
	return Array.from({ length: count }, (_, index) => {
		const id = `evt_${runTag}${String(index).padStart(6, '0')}`;
		const body = JSON.stringify({
			id,
			event_type: 'payout.completed',
			created: Number(timestamp),
			data: { object: 'payout', id: `po_${runTag}${index}`, status: 'Completed', amount: '10.00', currency: 'USDT', network: 'TRON', livemode: false },
		});
		const signature = createHmac('sha256', secret).update(`${timestamp}.${body}`, 'utf8').digest('hex');
		return { id, body, headers: { 'Content-Type': 'application/json', 'X-Timestamp': timestamp, 'X-Signature': signature } };
	});
}

/** Stripe's scheme: `Stripe-Signature: t=<unix>,v1=<hex HMAC-SHA256 of "<t>.<body>">`. */
function stripeDeliveries(count: number, runTag: string, secret: string): Delivery[] {
	const timestamp = String(Math.floor(Date.now() / 1000));
	return Array.from({ length: count }, (_, index) => {
		const id = `evt_${runTag}${String(index).padStart(6, '0')}`;
		const body = JSON.stringify({
			id,
			object: 'event',
			type: 'payout.paid',
			created: Number(timestamp),
			livemode: false,
			data: { object: { id: `po_${runTag}${index}`, object: 'payout', amount: 1000, currency: 'usd', status: 'paid' } },
		});
		const signature = createHmac('sha256', secret).update(`${timestamp}.${body}`, 'utf8').digest('hex');
		return { id, body, headers: { 'Content-Type': 'application/json', 'Stripe-Signature': `t=${timestamp},v1=${signature}` } };
	});
}

/** Webhook -> Crypto -> If -> Respond to Webhook, configured as the n8n docs show each node. */
async function createUserBuiltWorkflow(stack: Stack, runTag: string, webhookId: string, context: IngestContext): Promise<string> {
	context.cryptoCredential ??= await createCredential(stack, 'HMAC secret (bench)', 'crypto', { hmacSecret: context.secret });
	const condition = (id: string, leftValue: string, rightValue: string | number, type: string, operation: string) => ({
		id,
		leftValue,
		rightValue,
		operator: { type, operation },
	});
	return await createChainedWorkflow(
		stack,
		`bench ingest userBuilt ${runTag}`,
		[
			{
				name: 'Webhook',
				type: 'n8n-nodes-base.webhook',
				typeVersion: 2,
				webhookId,
				parameters: { httpMethod: 'POST', path: webhookId, responseMode: 'responseNode', options: {} },
			},
			{
				name: 'Crypto',
				type: 'n8n-nodes-base.crypto',
				typeVersion: 2,
				parameters: {
					action: 'hmac',
					type: 'SHA256',
					binaryData: false,
					// The Crypto node signs text, not the Webhook node's raw-body binary (stored by reference in n8n 2.x),
					// so the user re-serializes the parsed body: equal to the bytes sent only for compact JSON like
					// this bench's (a gateway's pretty-printed body or `10.00` would not verify).
					value: '={{ $json.headers["x-timestamp"] + "." + JSON.stringify($json.body) }}',
					dataPropertyName: 'expected',
					encoding: 'hex',
				},
				credentials: { crypto: context.cryptoCredential },
			},
			{
				name: 'If',
				type: 'n8n-nodes-base.if',
				typeVersion: 2.2,
				parameters: {
					conditions: {
						options: { caseSensitive: true, leftValue: '', typeValidation: 'strict', version: 2 },
						conditions: [
							condition('signature', '={{ $json.expected }}', '={{ $json.headers["x-signature"] }}', 'string', 'equals'),
							condition('fresh', '={{ Math.abs($now.toSeconds() - Number($json.headers["x-timestamp"])) }}', 300, 'number', 'lte'),
						],
						combinator: 'and',
					},
					options: {},
				},
			},
			{
				name: 'Acknowledge',
				type: 'n8n-nodes-base.respondToWebhook',
				typeVersion: 1.1,
				parameters: { respondWith: 'text', responseBody: '{"received":true}', options: { responseCode: 200 } },
			},
			{
				name: 'Unauthorized',
				type: 'n8n-nodes-base.respondToWebhook',
				typeVersion: 1.1,
				parameters: { respondWith: 'noData', options: { responseCode: 401 } },
			},
		],
		{
			publish: true,
			connections: {
				Webhook: { main: [[{ node: 'Crypto', type: 'main', index: 0 }]] },
				Crypto: { main: [[{ node: 'If', type: 'main', index: 0 }]] },
				If: { main: [[{ node: 'Acknowledge', type: 'main', index: 0 }], [{ node: 'Unauthorized', type: 'main', index: 0 }]] },
			},
		},
	);
}

interface PublishedSide {
	workflowId: string;
	url: string;
	nodeName: string;
	deliveries: Delivery[];
	/** The event id n8n recorded in the start node's first item. */
	eventIdOf(item: Record<string, unknown> | undefined): unknown;
}

async function publishSide(stack: Stack, side: IngestSideName, count: number, context: IngestContext): Promise<PublishedSide> {
	const runTag = randomBytes(4).toString('hex');
	const webhookId = randomUUID();
	const bodyId = (item: Record<string, unknown> | undefined) => (item?.body as Record<string, unknown> | undefined)?.id;
	switch (side) {
		case 'trigger':
		case 'trigger-nodedupe': {
			const options = side === 'trigger-nodedupe' ? { dedupe: false } : {};
			const nodeName = 'IronixPay Trigger';
			const workflowId = await createChainedWorkflow(
				stack,
				`bench ingest ${side} ${runTag}`,
				[{ name: nodeName, type: 'n8n-nodes-payment-gateways.ironixPayTrigger', typeVersion: 2, webhookId, parameters: { events: ['*'], options }, credentials: CREDENTIAL }],
				{ publish: true },
			);
			const url = `${stack.url}/webhook/${webhookId}/webhook`;
			return { workflowId, url, nodeName, deliveries: ironixPayDeliveries(count, runTag, context.secret), eventIdOf: (item) => item?.id };
		}
		case 'plain': {
			const workflowId = await createChainedWorkflow(
				stack,
				`bench ingest plain ${runTag}`,
				[{ name: 'Webhook', type: 'n8n-nodes-base.webhook', typeVersion: 2, webhookId, parameters: { httpMethod: 'POST', path: webhookId, responseMode: 'onReceived', options: {} } }],
				{ publish: true },
			);
			const url = `${stack.url}/webhook/${webhookId}`;
			return { workflowId, url, nodeName: 'Webhook', deliveries: ironixPayDeliveries(count, runTag, context.secret), eventIdOf: bodyId };
		}
		case 'userBuilt': {
			const workflowId = await createUserBuiltWorkflow(stack, runTag, webhookId, context);
			const url = `${stack.url}/webhook/${webhookId}`;
			return { workflowId, url, nodeName: 'Webhook', deliveries: ironixPayDeliveries(count, runTag, context.secret), eventIdOf: bodyId };
		}
		case 'stripe': {
			if (!context.stripe) throw new Error('the stripe side needs the api.stripe.com stand-in');
			context.stripeCredential ??= await createCredential(stack, 'Stripe (bench stand-in)', 'stripeApi', { secretKey: 'sk_test_bench_standin' });
			const nodeName = 'Stripe Trigger';
			const workflowId = await createChainedWorkflow(
				stack,
				`bench ingest stripe ${runTag}`,
				[{ name: nodeName, type: 'n8n-nodes-base.stripeTrigger', typeVersion: 1, webhookId, parameters: { events: ['*'] }, credentials: { stripeApi: context.stripeCredential } }],
				{ publish: true },
			);
			// n8n registers the endpoint while it publishes; allow for it to finish.
			let secret = context.stripe.secretFor(webhookId);
			for (let waited = 0; !secret && waited < 30_000; waited += 250) {
				await delay(250);
				secret = context.stripe.secretFor(webhookId);
			}
			if (!secret) throw new Error(`the Stripe Trigger did not register its endpoint at the stand-in (it was asked: ${context.stripe.requests.join(', ') || 'nothing'})`);
			const url = `${stack.url}/webhook/${webhookId}/webhook`;
			return { workflowId, url, nodeName, deliveries: stripeDeliveries(count, runTag, secret), eventIdOf: (item) => item?.id };
		}
	}
}

async function runSide(stack: Stack, side: IngestSideName, count: number, concurrency: number, context: IngestContext): Promise<IngestSide> {
	const published = await publishSide(stack, side, count, context);
	const { workflowId, url, nodeName } = published;
	await waitForWebhook(url);
	const load = await sendLoad(
		published.deliveries.map(({ body, headers }) => ({ url, body, headers })),
		concurrency,
	);
	const executions = await waitForExecutions(stack, workflowId, count, 10 * 60_000);
	// Match every execution to its event id (needs the run data: fetched once, at the end).
	const withData = await listExecutions(stack.instance, stack.apiKey, workflowId, true);
	const seen = new Map<string, number>();
	for (const execution of withData) {
		const id = published.eventIdOf(firstItemOf(execution, nodeName));
		if (typeof id === 'string') seen.set(id, (seen.get(id) ?? 0) + 1);
	}
	const lost = published.deliveries.filter((delivery) => !seen.has(delivery.id)).length;
	const duplicated = [...seen.values()].reduce((sum, times) => sum + Math.max(0, times - 1), 0);
	const ok = load.statuses.get(200) ?? 0;
	const result: IngestSide = {
		side,
		requestsPerSecond: count / (load.wallMs / 1000),
		p50Ms: percentile(load.latenciesMs, 50),
		p99Ms: percentile(load.latenciesMs, 99),
		failedRequests: count - ok,
		executions: executions.length,
		lost,
		duplicated,
	};
	benchLog(
		`ingest ${side.padEnd(16)} ${count} x c${concurrency}: ${result.requestsPerSecond.toFixed(0)} req/s, p50 ${result.p50Ms.toFixed(1)} ms, p99 ${result.p99Ms.toFixed(1)} ms, ` +
			`statuses ${JSON.stringify(Object.fromEntries(load.statuses))}${load.errors ? `, ${load.errors} without answer` : ''}; executions ${result.executions}, lost ${lost}, duplicated ${duplicated}`,
	);
	return result;
}

/** `runs` rounds; the order of the sides rotates so warm-up and drift hit all of them alike. */
export async function benchWebhookIngest(
	stack: Stack,
	options: { count: number; concurrency: number; runs: number; sides: IngestSideName[]; context: IngestContext },
): Promise<Map<IngestSideName, IngestSide[]>> {
	const results = new Map<IngestSideName, IngestSide[]>(options.sides.map((side) => [side, []]));
	// Warm-up (not counted): JIT, n8n's caches and SQLite pages for every kind of workflow.
	for (const side of options.sides) await runSide(stack, side, Math.min(500, options.count), options.concurrency, options.context);
	for (let run = 0; run < options.runs; run++) {
		const order = options.sides.map((_, index) => options.sides[(index + run) % options.sides.length]);
		for (const side of order) results.get(side)?.push(await runSide(stack, side, options.count, options.concurrency, options.context));
	}
	return results;
}
