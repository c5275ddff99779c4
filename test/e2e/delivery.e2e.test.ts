/* eslint-disable @n8n/community-nodes/no-restricted-imports */
/**
 * Delivery guarantees on the real n8n 2.41.1 in queue mode: PostgreSQL + Redis, a main process, two
 * `n8n webhook` processes behind nginx (routing by a hash of the path: the recipe in README), one
 * worker; events signed here, independently of the node code.
 * - The gateway gets its 2xx only once n8n stored the execution: inserts into the executions table
 *   made to fail, and PostgreSQL fully down, answer non-2xx; the redelivery after recovery runs once.
 * - Acknowledge "After the Workflow Succeeds": a failed run answers 5xx, the redelivery's successful
 *   run answers the exact ack.
 * - Confirm With Gateway (default on for Cashy and Pinddpay): a notification that contradicts the
 *   gateway, or a body rewritten under a captured Pinddpay token, starts nothing; with the gateway's
 *   API down the delivery gets 503 and the redelivery after recovery runs once.
 * - Redeliveries through the router run once (200 events x 3 deliveries); without the router, the
 *   count of events that ran twice is measured and reported.
 */
import { createHash, createHmac, randomBytes } from 'crypto';

import { GATEWAYS, webhookUrl, type GatewayEntry } from '../../scripts/gateways';
import { queueModeEnv, startPostgres, startRedis, startWebhookRouter, type Postgres, type Service } from '../../scripts/queue-services';
import { createChainedWorkflow, startStack, type ApiWorkflowNode, type Stack } from '../../scripts/stack';
import type { CashySandbox } from '../../sandbox/cashy/server';
import type { IronixPaySandbox } from '../../sandbox/ironixpay/server';
import type { PinddpaySandbox } from '../../sandbox/pinddpay/server';
import { SandboxFaults } from './faults';
import { findSecretLeaks } from './secrets';
import { ExecutionLedger, deliver, e2eLog, executionsOf, runDir, settledExecutions, tarballPath, waitFor, type DeliveryResponse } from './support';

import * as path from 'path';

const ledger = new ExecutionLedger();
const measured: string[] = [];
let redis: Service | undefined;
let postgres: Postgres | undefined;
let router: Service | undefined;
let stack: Stack | undefined;
const dir = () => path.join(runDir(), 'delivery');
const runTag = Date.now().toString(36);

const gateway = (key: string): GatewayEntry => {
	const entry = GATEWAYS.find((candidate) => candidate.key === key);
	if (!entry) throw new Error(`no gateway ${key}`);
	return entry;
};
const IRONIXPAY = gateway('ironixpay');
const CASHY = gateway('cashy');
const PINDDPAY = gateway('pinddpay');

beforeAll(async () => {
	redis = await startRedis(path.join(dir(), 'redis'), e2eLog);
	postgres = await startPostgres(path.join(dir(), 'postgres'), e2eLog);
	stack = await startStack({
		workDir: dir(),
		tarball: tarballPath(),
		gateways: [IRONIXPAY, CASHY, PINDDPAY],
		extraEnv: queueModeEnv(redis, postgres),
		workers: 1,
		webhookProcesses: 2,
		sandboxOptions: { rateLimitPerMinute: 60_000, rateLimitBurst: 1_000 },
		log: e2eLog,
	});
	router = await startWebhookRouter(
		path.join(dir(), 'nginx'),
		stack.webhookProcesses.map((processOf) => Number(new URL(processOf.url).port)),
		e2eLog,
	);
	// The gateways' own deliveries go through the router too (the recipe: every delivery for a trigger to one process).
	for (const entry of [IRONIXPAY, CASHY, PINDDPAY]) {
		const sandbox = stack.sandboxes.get(entry.key);
		if (sandbox) await entry.setWebhookUrl(sandbox, webhookUrl(entry, `http://127.0.0.1:${router.port}`));
	}
	for (const entry of [CASHY, PINDDPAY]) await untilServed(entry.webhookId);
	e2eLog(`delivery guarantees: main ${stack.url}, 2 webhook processes behind nginx 127.0.0.1:${router.port}, 1 worker; setup (ms): ${JSON.stringify(stack.timings)}`);
}, 20 * 60_000);

afterAll(async () => {
	ledger.print('delivery guarantees (queue mode: main + 2 webhook processes behind nginx + 1 worker)');
	if (measured.length > 0) e2eLog(`delivery measurements:\n  ${measured.join('\n  ')}`);
	await router?.stop();
	await stack?.stop();
	await postgres?.stop();
	await redis?.stop();
}, 120_000);

function running(): Stack {
	if (!stack || !router) throw new Error('the stack did not start (see beforeAll)');
	return stack;
}
const front = () => `http://127.0.0.1:${router!.port}`;
const ironixPay = () => running().sandboxes.get('ironixpay') as unknown as IronixPaySandbox;
const cashy = () => running().sandboxes.get('cashy') as unknown as CashySandbox;
const pinddpay = () => running().sandboxes.get('pinddpay') as unknown as PinddpaySandbox;

// ---------- independent signers (the gateways' documented rules) ----------

function ironixDelivery(eventId: string, data: Record<string, unknown> = {}) {
	const body = JSON.stringify({
		id: eventId,
		event_type: 'payout.completed',
		created: Math.floor(Date.now() / 1000),
		data: { object: 'payout', id: `po_e2e_${randomBytes(6).toString('hex')}`, status: 'Completed', amount: '2', currency: 'USDT', network: 'TRON', ...data },
	});
	return { body, headers: () => ironixHeaders(body) };
}
function ironixHeaders(body: string): Record<string, string> {
	const timestamp = String(Math.floor(Date.now() / 1000));
	const signature = createHmac('sha256', ironixPay().options.webhookSecret).update(`${timestamp}.${body}`, 'utf8').digest('hex');
	return { 'Content-Type': 'application/json', 'X-Timestamp': timestamp, 'X-Signature': signature };
}
const cashySign = (body: string) => createHash('md5').update(body + cashy().options.apiKey, 'utf8').digest('hex').toUpperCase();
const cashyHeaders = (body: string) => ({ 'Content-Type': 'application/json', MerchantId: cashy().options.merchantId, Sign: cashySign(body) });
const pinddpayToken = () => createHash('md5').update(pinddpay().options.secret, 'utf8').digest('hex').toUpperCase();

const is2xx = (answer: DeliveryResponse) => answer.status >= 200 && answer.status < 300;

/** Delivers, and reads a dropped connection (n8n stopped mid-way) as status 0. */
async function tryDeliver(url: string, body: string, headers: Record<string, string>): Promise<DeliveryResponse> {
	try {
		return await deliver(url, body, headers);
	} catch (error) {
		return { status: 0, contentType: null, body: String((error as Error).message) };
	}
}

async function publishedWorkflow(name: string, nodes: ApiWorkflowNode[]): Promise<string> {
	return await createChainedWorkflow(running(), name, nodes, { publish: true });
}

/**
 * Waits until every webhook process serves the trigger's path (they learn of a newly published
 * workflow asynchronously): an unsigned delivery then gets the trigger's 401 instead of n8n's 404.
 */
async function untilServed(webhookId: string): Promise<void> {
	for (const processOf of running().webhookProcesses) {
		const url = `${processOf.url}/webhook/${webhookId}/webhook`;
		await waitFor(`${url} to be served`, async () => ((await tryDeliver(url, '{}', { 'Content-Type': 'application/json' })).status === 401 ? true : undefined), 60_000, 500);
	}
}
const ironixCredential = { [IRONIXPAY.credentialType]: { id: IRONIXPAY.credentialId, name: 'IronixPay (local sandbox)' } };

function ironixTrigger(webhookId: string, options: Record<string, unknown> = {}): ApiWorkflowNode {
	return {
		name: 'IronixPay Trigger',
		type: 'n8n-nodes-payment-gateways.ironixPayTrigger',
		typeVersion: 2,
		webhookId,
		parameters: { events: ['*'], options },
		credentials: ironixCredential,
	};
}
const noOp = (name = 'Done'): ApiWorkflowNode => ({ name, type: 'n8n-nodes-base.noOp', typeVersion: 1, parameters: {} });

/** Executions of `workflowId` whose trigger item carries `key` in `field`. */
async function runsOf(workflowId: string, trigger: string, field: string, keys: Set<string>, timeoutMs = 120_000) {
	const executions = await settledExecutions(running().instance, running().apiKey, workflowId, timeoutMs);
	const byKey = new Map<string, typeof executions>();
	for (const execution of executions) {
		for (const item of execution.outputs[trigger] ?? []) {
			const key = String(item[field]);
			if (!keys.has(key)) continue;
			byKey.set(key, [...(byKey.get(key) ?? []), execution]);
		}
	}
	return { executions, byKey };
}

function uuid(): string {
	const hex = randomBytes(16).toString('hex');
	return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

// ---------- acknowledge only what n8n has stored ----------

let storedWorkflowId = '';
const storedWebhookId = uuid();
const storedUrl = () => `${front()}/webhook/${storedWebhookId}/webhook`;

describe('the gateway gets its 2xx only once n8n stored the execution', () => {
	const url = storedUrl;
	beforeAll(async () => {
		storedWorkflowId = await publishedWorkflow(`delivery: stored before ack (${runTag})`, [ironixTrigger(storedWebhookId), noOp()]);
		await untilServed(storedWebhookId);
	});

	test('inserts into the executions table fail while the database is up: no 2xx, nothing stored; the redelivery after recovery runs once', async () => {
		const table = postgres!.sql("SELECT tablename FROM pg_tables WHERE tablename LIKE '%execution_entity' ORDER BY length(tablename) LIMIT 1");
		expect(table).toMatch(/execution_entity$/);
		postgres!.sql(
			`CREATE OR REPLACE FUNCTION e2e_refuse_execution() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION 'e2e: executions cannot be stored'; END $$ LANGUAGE plpgsql;
			 CREATE TRIGGER e2e_refuse_execution BEFORE INSERT ON ${table} FOR EACH ROW EXECUTE FUNCTION e2e_refuse_execution();`,
		);
		const eventId = `evt_stored_${runTag}`;
		const event = ironixDelivery(eventId);
		let refused: DeliveryResponse;
		try {
			refused = await tryDeliver(url(), event.body, event.headers());
		} finally {
			postgres!.sql(`DROP TRIGGER e2e_refuse_execution ON ${table}; DROP FUNCTION e2e_refuse_execution();`);
		}
		measured.push(`executions insert refused: the gateway saw ${refused.status} ${refused.body.slice(0, 120)}`);
		expect(refused).toMatchObject({ status: 500, body: '{"code":0,"message":"There was a problem executing the workflow"}' });
		const afterRefusal = await runsOf(storedWorkflowId, 'IronixPay Trigger', 'id', new Set([eventId]));
		expect(afterRefusal.byKey.get(eventId) ?? []).toHaveLength(0);

		const redelivered = await tryDeliver(url(), event.body, event.headers());
		expect(redelivered).toMatchObject({ status: 200, body: '{"received":true}' });
		const again = await tryDeliver(url(), event.body, event.headers());
		expect(again).toMatchObject({ status: 200, body: '{"received":true}' });
		const { byKey } = await runsOf(storedWorkflowId, 'IronixPay Trigger', 'id', new Set([eventId]));
		ledger.record('ironixpay', 'insert refused -> non-2xx; 2 redeliveries after recovery', byKey.get(eventId)?.length ?? 0);
		expect(byKey.get(eventId) ?? []).toHaveLength(1);
	});

});

// ---------- acknowledge after the workflow succeeds ----------

describe('Acknowledge "After the Workflow Succeeds"', () => {
	test('the run fails on the first delivery and succeeds on the redelivery: 5xx then the exact ack, one successful run', async () => {
		const webhookId = uuid();
		const payout = (await (
			await fetch(`${ironixPay().url}/v1/payouts`, {
				method: 'POST',
				headers: { Authorization: `Bearer ${ironixPay().options.secretKey}`, 'Idempotency-Key': `e2e-after-${runTag}`, 'Content-Type': 'application/json' },
				body: JSON.stringify({ amount: '2', currency: 'USDT', network: 'TRON', to_address: 'TQn9Y2khEsLJW1ChVWFMSMeRDow5KcbLSE' }),
			})
		).json()) as { id: string };
		expect(payout.id).toMatch(/^po_/);
		const workflowId = await publishedWorkflow(`delivery: after success (${runTag})`, [
			ironixTrigger(webhookId, { acknowledge: 'lastNode' }),
			{
				name: 'Get payout',
				type: 'n8n-nodes-payment-gateways.ironixPay',
				typeVersion: 1,
				parameters: { resource: 'payout', operation: 'get', payoutId: '={{ $json.data.id }}' },
				credentials: ironixCredential,
			},
		]);
		await untilServed(webhookId);
		const faults = new SandboxFaults(ironixPay().url);
		await faults.inject({ method: 'GET', path: `/v1/payouts/${payout.id}`, kind: 'status', status: 500, times: 3 });
		const eventId = `evt_after_${runTag}`;
		const event = ironixDelivery(eventId, { id: payout.id });
		const url = `${front()}/webhook/${webhookId}/webhook`;
		const first = await tryDeliver(url, event.body, event.headers());
		await faults.clear();
		const second = await tryDeliver(url, event.body, event.headers());
		const third = await tryDeliver(url, event.body, event.headers());
		measured.push(`after success: the gateway saw ${first.status}, then ${second.status} ${second.body}, then ${third.status}`);
		expect(first.status).toBe(500);
		expect(second).toMatchObject({ status: 200, body: '{"received":true}' });
		expect(second.contentType).toMatch(/^application\/json/);
		expect(third).toMatchObject({ status: 200, body: '{"received":true}' });
		const { byKey } = await runsOf(workflowId, 'IronixPay Trigger', 'id', new Set([eventId]));
		const runs = byKey.get(eventId) ?? [];
		ledger.record('ironixpay', 'after success: failed run, then the redelivery', runs.length);
		expect(runs.map((execution) => execution.status).sort()).toEqual(['error', 'success']);
	});
});

// ---------- confirm with the gateway ----------

describe('Confirm With Gateway (default on for Cashy and Pinddpay)', () => {
	test('Cashy: a validly signed notification that contradicts the gateway (SUCCESS for an order still PAYING) starts nothing', async () => {
		const url = webhookUrl(CASHY, front());
		const mchOrderNo = `e2e-contra-${runTag}`;
		const seeded = (await (
			await fetch(`${cashy().url}/_sandbox/payins`, {
				method: 'POST',
				headers: { 'Content-Type': 'application/json' },
				body: JSON.stringify({ mchOrderNo, amount: '30000.00', notifyUrl: url }),
			})
		).json()) as { data: { orderNo: string } };
		const orderNo = seeded.data.orderNo;
		const before = await executionsOf(running().instance, running().apiKey, CASHY.workflowId);
		const body = `{"orderStatus":"SUCCESS","amount":30000.00,"fee":900.00,"mchOrderNo":"${mchOrderNo}","merchantId":"${cashy().options.merchantId}","orderNo":"${orderNo}","completionTime":"2026-11-27 10:00:00","nonceStr":"${Date.now()}"}`;
		const answer = await tryDeliver(url, body, cashyHeaders(body));
		measured.push(`cashy contradicting notification: ${answer.status} ${answer.body.slice(0, 100)}`);
		expect(answer.status).toBe(422);
		const after = await settledExecutions(running().instance, running().apiKey, CASHY.workflowId);
		ledger.record('cashy', 'SUCCESS for an order the gateway shows PAYING', after.length - before.length);
		expect(after.length).toBe(before.length);
	});

	test('Cashy: with the gateway API down the delivery gets 503; the redelivery after recovery runs once', async () => {
		const url = webhookUrl(CASHY, front());
		const mchOrderNo = `e2e-down-${runTag}`;
		// Seeded as paid, so the sandbox sends no notification of its own: the test is the only sender.
		// (Settling it through the sandbox would race the sandbox's delivery of the same event with
		// the test's; a second delivery of an event still in flight rightly gets 503 too.)
		const seeded = (await (
			await fetch(`${cashy().url}/_sandbox/payins`, {
				method: 'POST',
				headers: { 'Content-Type': 'application/json' },
				body: JSON.stringify({ mchOrderNo, amount: '30000.00', status: 'SUCCESS', notifyUrl: url }),
			})
		).json()) as { data: { orderNo: string; orderStatus: string } };
		const orderNo = seeded.data.orderNo;
		expect(seeded.data.orderStatus).toBe('SUCCESS');
		const faults = new SandboxFaults(cashy().url);
		await faults.inject({ method: 'POST', path: '/api/payInQuery', kind: 'status', status: 500, times: 1_000 });
		const body = JSON.stringify({ orderStatus: 'SUCCESS', amount: 30000.0, fee: 900.0, mchOrderNo, merchantId: cashy().options.merchantId, orderNo, nonceStr: String(Date.now()) });
		const refused = await tryDeliver(url, body, cashyHeaders(body));
		await faults.clear();
		const redelivered = await tryDeliver(url, body, cashyHeaders(body));
		const again = await tryDeliver(url, body, cashyHeaders(body));
		measured.push(`cashy lookup down: ${refused.status}; after recovery ${redelivered.status} ${redelivered.body}, then ${again.status}`);
		expect(refused.status).toBe(503);
		expect(redelivered).toMatchObject({ status: 200, body: 'SUCCESS' });
		expect(again).toMatchObject({ status: 200, body: 'SUCCESS' });
		const executions = await settledExecutions(running().instance, running().apiKey, CASHY.workflowId);
		const runs = executions.filter((execution) => (execution.outputs['Cashy Trigger'] ?? []).some((item) => item.orderNo === orderNo));
		ledger.record('cashy', 'lookup down -> 503; 2 redeliveries after recovery', runs.length);
		expect(runs).toHaveLength(1);
		expect((runs[0].outputs['Cashy Trigger'][0].gatewayState as { orderStatus?: string }).orderStatus).toBe('SUCCESS');
	});

	test('Pinddpay: a body rewritten under a captured sign-token (new eventId, amount 9999.99, fresh eventAt) starts nothing', async () => {
		const url = webhookUrl(PINDDPAY, front());
		// A real paid 25.00 USD order; the attacker has the static token and rewrites the order.paid body.
		const created = (await (
			await fetch(`${pinddpay().url}/_sandbox/orders`, {
				method: 'POST',
				headers: { 'Content-Type': 'application/json' },
				body: JSON.stringify({ pay: true, amount: '25.00', webhooks: false }),
			})
		).json()) as { result: { event: { order: Record<string, unknown>; transaction: Record<string, unknown> } } };
		const before = await executionsOf(running().instance, running().apiKey, PINDDPAY.workflowId);
		const body = JSON.stringify({
			eventId: String(97_000_000_000 + Math.floor(Math.random() * 1_000_000_000)),
			eventAt: new Date().toISOString(),
			eventName: 'order.paid',
			appId: pinddpay().options.appId,
			order: { ...created.result.event.order, amount: '9999.99' },
			transaction: { ...created.result.event.transaction, capturedAmount: '9999.99' },
		});
		const answer = await tryDeliver(url, body, { 'Content-Type': 'application/json', 'sign-token': pinddpayToken() });
		measured.push(`pinddpay rewritten body under a captured token: ${answer.status} ${answer.body.slice(0, 100)}`);
		expect(answer.status).toBe(422);
		const after = await settledExecutions(running().instance, running().apiKey, PINDDPAY.workflowId);
		ledger.record('pinddpay', 'rewritten body under a captured token', after.length - before.length);
		expect(after.length).toBe(before.length);
	});
});

// ---------- dedupe across processes: the routing recipe ----------

describe('redeliveries through nginx (hash of the path) run once; without it they may not', () => {
	test('200 events, each delivered 3 times (one concurrently with the first, one after its answer): exactly 200 runs', async () => {
		const webhookId = uuid();
		const workflowId = await publishedWorkflow(`delivery: routed dedupe (${runTag})`, [ironixTrigger(webhookId), noOp()]);
		await untilServed(webhookId);
		const url = `${front()}/webhook/${webhookId}/webhook`;
		const events = Array.from({ length: 200 }, (_, index) => ironixDelivery(`evt_routed_${runTag}_${index}`));
		const statuses = new Map<number, number>();
		const count = (answer: DeliveryResponse) => statuses.set(answer.status, (statuses.get(answer.status) ?? 0) + 1);
		const pending = new Set<number>();
		const started = Date.now();
		let next = 0;
		const worker = async () => {
			while (next < events.length) {
				const index = next++;
				const event = events[index];
				const [first, concurrent] = await Promise.all([tryDeliver(url, event.body, event.headers()), tryDeliver(url, event.body, event.headers())]);
				const after = await tryDeliver(url, event.body, event.headers());
				for (const answer of [first, concurrent, after]) count(answer);
				if (![first, concurrent, after].some(is2xx)) pending.add(index);
			}
		};
		await Promise.all(Array.from({ length: 6 }, worker));
		// The gateway resends whatever was not acknowledged (503 while a first delivery was still running).
		for (const index of pending) count(await tryDeliver(url, events[index].body, events[index].headers()));
		const keys = new Set(events.map((event) => (JSON.parse(event.body) as { id: string }).id));
		const { byKey } = await runsOf(workflowId, 'IronixPay Trigger', 'id', keys, 300_000);
		const runs = [...byKey.values()].reduce((sum, list) => sum + list.length, 0);
		const twice = [...byKey.values()].filter((list) => list.length > 1).length;
		measured.push(
			`routed: 200 events x 3 deliveries in ${Math.round((Date.now() - started) / 1000)} s: answers ${JSON.stringify(Object.fromEntries(statuses))}; ${runs} runs, ${byKey.size} events ran, ${twice} ran twice`,
		);
		ledger.record('ironixpay', '200 events x 3 deliveries through nginx', runs);
		expect([...statuses.keys()].every((status) => status === 200 || status === 503)).toBe(true);
		expect(byKey.size).toBe(200);
		expect(runs).toBe(200);
	}, 15 * 60_000);

	test('without the router (each delivery to a different webhook process): measured and reported', async () => {
		const webhookId = uuid();
		const workflowId = await publishedWorkflow(`delivery: unrouted (${runTag})`, [ironixTrigger(webhookId), noOp()]);
		await untilServed(webhookId);
		const urls = running().webhookProcesses.map((processOf) => `${processOf.url}/webhook/${webhookId}/webhook`);
		const events = Array.from({ length: 50 }, (_, index) => ironixDelivery(`evt_unrouted_${runTag}_${index}`));
		for (const [index, event] of events.entries()) {
			if (index % 2 === 0) await Promise.all(urls.map(async (url) => await tryDeliver(url, event.body, event.headers())));
			else for (const url of urls) await tryDeliver(url, event.body, event.headers());
		}
		const keys = new Set(events.map((event) => (JSON.parse(event.body) as { id: string }).id));
		const { byKey } = await runsOf(workflowId, 'IronixPay Trigger', 'id', keys, 120_000);
		const twice = [...byKey.values()].filter((list) => list.length > 1).length;
		measured.push(`unrouted: 50 events, each to both webhook processes (25 at once, 25 one after the other): ${twice} of 50 ran twice`);
		ledger.record('ironixpay', '50 events to both webhook processes (no router)', [...byKey.values()].reduce((sum, list) => sum + list.length, 0));
		// What README's guarantees table says: every event runs, and without the routing recipe a redelivery
		// that reaches another process may run again.
		expect(byKey.size).toBe(50);
	}, 10 * 60_000);
});

// ---------- what each mode costs ----------

describe('latency per delivery by mode (measured and reported)', () => {
	test('When Stored, After the Workflow Succeeds, and When Stored + Confirm With Gateway: 15 sequential deliveries each', async () => {
		// A completed payout at the gateway, for the confirmed deliveries (each a new event id for it).
		const created = (await (
			await fetch(`${ironixPay().url}/v1/payouts`, {
				method: 'POST',
				headers: { Authorization: `Bearer ${ironixPay().options.secretKey}`, 'Idempotency-Key': `e2e-latency-${runTag}`, 'Content-Type': 'application/json' },
				body: JSON.stringify({ amount: '2', currency: 'USDT', network: 'TRON', to_address: 'TQn9Y2khEsLJW1ChVWFMSMeRDow5KcbLSE' }),
			})
		).json()) as { id: string };
		const completed = (await (await fetch(`${ironixPay().url}/_sandbox/payouts/${created.id}/complete`, { method: 'POST' })).json()) as Record<string, unknown>;
		const payoutData = { id: created.id, status: 'Completed', amount: String(completed.amount ?? '2'), currency: 'USDT', network: 'TRON' };
		const modes: Array<[string, Record<string, unknown>]> = [
			['When Stored', {}],
			['After the Workflow Succeeds', { acknowledge: 'lastNode' }],
			['When Stored + Confirm With Gateway', { confirmWithGateway: true }],
		];
		for (const [mode, options] of modes) {
			const webhookId = uuid();
			const workflowId = await publishedWorkflow(`delivery: latency ${mode} (${runTag})`, [ironixTrigger(webhookId, options), noOp()]);
			await untilServed(webhookId);
			const url = `${front()}/webhook/${webhookId}/webhook`;
			const times: number[] = [];
			const keys = new Set<string>();
			for (let index = 0; index < 16; index++) {
				const eventId = `evt_latency_${runTag}_${workflowId}_${index}`;
				keys.add(eventId);
				const event = ironixDelivery(eventId, payoutData);
				const started = performance.now();
				const answer = await tryDeliver(url, event.body, event.headers());
				if (index > 0) times.push(performance.now() - started); // the first one warms the path up
				expect(answer).toMatchObject({ status: 200, body: '{"received":true}' });
			}
			times.sort((a, b) => a - b);
			const median = times[Math.floor(times.length / 2)];
			measured.push(`latency ${mode}: median ${median.toFixed(0)} ms, p90 ${times[Math.floor(times.length * 0.9)].toFixed(0)} ms (15 sequential deliveries through nginx, queue mode)`);
			const { byKey } = await runsOf(workflowId, 'IronixPay Trigger', 'id', keys);
			expect(byKey.size).toBe(16);
			if (options.confirmWithGateway) {
				const [execution] = byKey.get(`evt_latency_${runTag}_${workflowId}_0`) ?? [];
				expect((execution?.outputs['IronixPay Trigger']?.[0]?.gatewayState as { id?: string } | undefined)?.id).toBe(created.id);
			}
		}
	}, 10 * 60_000);
});

// Last but one: the other processes must reconnect after it.
describe('database outage', () => {
	test('PostgreSQL fully down: no 2xx; after it is back the redelivery runs once', async () => {
		const eventId = `evt_dbdown_${runTag}`;
		const event = ironixDelivery(eventId);
		await postgres!.down();
		let answer: DeliveryResponse;
		try {
			answer = await tryDeliver(storedUrl(), event.body, event.headers());
		} finally {
			await postgres!.up();
		}
		measured.push(`PostgreSQL down: the gateway saw ${answer.status} ${answer.body.slice(0, 120)}`);
		expect(is2xx(answer)).toBe(false);
		// n8n reconnects by itself; the gateway keeps resending until it gets its 2xx.
		const redelivered = await waitFor(
			'a 2xx after PostgreSQL is back',
			async () => {
				const attempt = await tryDeliver(storedUrl(), event.body, event.headers());
				return is2xx(attempt) ? attempt : undefined;
			},
			120_000,
			2_000,
		);
		expect(redelivered).toMatchObject({ status: 200, body: '{"received":true}' });
		const { byKey } = await runsOf(storedWorkflowId, 'IronixPay Trigger', 'id', new Set([eventId]));
		ledger.record('ironixpay', 'PostgreSQL down -> non-2xx; redeliveries after it is back', byKey.get(eventId)?.length ?? 0);
		expect(byKey.get(eventId) ?? []).toHaveLength(1);
	}, 5 * 60_000);
});

test('no credential secret (raw, Base64 or hex) in execution data, errors or the n8n logs', async () => {
	expect(await findSecretLeaks(running())).toEqual([]);
}, 5 * 60_000);
