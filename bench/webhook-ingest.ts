/**
 * Webhook ingest on the real n8n: N signed IronixPay deliveries at a fixed concurrency to the
 * IronixPay Trigger (verify HMAC over the raw bytes, replay window, dedupe, exact ack) and the same
 * N bodies to n8n's plain Webhook node (no verification, "Respond: Immediately"), each in its own
 * freshly published workflow. Per side: requests/s, p50/p99 latency, and the executions n8n
 * recorded, matched by event id (lost = no execution, duplicated = more than one).
 */
import { createHmac, randomBytes, randomUUID } from 'crypto';

import { listExecutions } from '../scripts/n8n-runtime';
import type { Stack } from '../scripts/stack';
import { benchLog, createChainedWorkflow, firstItemOf, percentile, sendLoad, waitForExecutions, waitForWebhook } from './support';

/**
 * `trigger`: the IronixPay Trigger as shipped (dedupe on). `trigger-nodedupe`: the same with
 * "Ignore Redeliveries" off, to show what the dedupe store costs. `plain`: n8n's Webhook node.
 */
export type IngestSideName = 'trigger' | 'trigger-nodedupe' | 'plain';

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

const CREDENTIAL = { ironixPayApi: { id: 'IrnxPaySandbox01', name: 'IronixPay (local sandbox)' } };

function deliveries(count: number, runTag: string, secret: string): Array<{ id: string; body: string; headers: Record<string, string> }> {
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

async function runSide(
	stack: Stack,
	side: IngestSideName,
	count: number,
	concurrency: number,
	secret: string,
): Promise<IngestSide> {
	const runTag = randomBytes(4).toString('hex');
	const webhookId = randomUUID();
	const ours = side !== 'plain';
	const nodeName = ours ? 'IronixPay Trigger' : 'Webhook';
	const options = side === 'trigger-nodedupe' ? { dedupe: false } : {};
	const workflowId = ours
			? await createChainedWorkflow(
					stack,
					`bench ingest ${side} ${runTag}`,
					[{ name: nodeName, type: 'n8n-nodes-payment-gateways.ironixPayTrigger', typeVersion: 1, webhookId, parameters: { events: ['*'], options }, credentials: CREDENTIAL }],
					{ publish: true },
				)
			: await createChainedWorkflow(
					stack,
					`bench ingest plain ${runTag}`,
					[{ name: nodeName, type: 'n8n-nodes-base.webhook', typeVersion: 2, webhookId, parameters: { httpMethod: 'POST', path: webhookId, responseMode: 'onReceived', options: {} } }],
					{ publish: true },
				);
	const url = ours ? `${stack.url}/webhook/${webhookId}/webhook` : `${stack.url}/webhook/${webhookId}`;
	await waitForWebhook(url);
	const batch = deliveries(count, runTag, secret);
	const load = await sendLoad(
		batch.map(({ body, headers }) => ({ url, body, headers })),
		concurrency,
	);
	const executions = await waitForExecutions(stack, workflowId, count, 10 * 60_000);
	// Match every execution to its event id (needs the run data: fetched once, at the end).
	const withData = await listExecutions(stack.instance, stack.apiKey, workflowId, true);
	const seen = new Map<string, number>();
	for (const execution of withData) {
		const item = firstItemOf(execution, nodeName);
		const id = ours ? item?.id : (item?.body as Record<string, unknown> | undefined)?.id;
		if (typeof id === 'string') seen.set(id, (seen.get(id) ?? 0) + 1);
	}
	const lost = batch.filter((delivery) => !seen.has(delivery.id)).length;
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
	options: { count: number; concurrency: number; runs: number; secret: string; sides: IngestSideName[] },
): Promise<Map<IngestSideName, IngestSide[]>> {
	const results = new Map<IngestSideName, IngestSide[]>(options.sides.map((side) => [side, []]));
	// Warm-up (not counted): JIT, n8n's caches and SQLite pages for every kind of workflow.
	for (const side of options.sides) await runSide(stack, side, Math.min(500, options.count), options.concurrency, options.secret);
	for (let run = 0; run < options.runs; run++) {
		const order = options.sides.map((_, index) => options.sides[(index + run) % options.sides.length]);
		for (const side of order) results.get(side)?.push(await runSide(stack, side, options.count, options.concurrency, options.secret));
	}
	return results;
}
