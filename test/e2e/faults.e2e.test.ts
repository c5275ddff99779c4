/* eslint-disable @n8n/community-nodes/no-restricted-imports */
/**
 * Gateway faults inside a real n8n 2.41.1 (the package installed from its tarball), workflows
 * created through the public API and run with `n8n execute`:
 * - IronixPay payout whose response is lost after the gateway committed it, with n8n's Retry On
 *   Fail on the node: one payout, balance debited once; a manual re-run replays the same payout;
 * - IronixPay reads under 500, 429 + Retry-After and a stall past the 30 s timeout: retried, right object;
 * - payouts and refunds at gateways without an idempotency key (Cashy, PayKKa, Pinddpay): looked up
 *   by the merchant reference before and after each send, so a dropped answer, Retry On Fail and a
 *   manual re-run leave exactly one object and one debit.
 */
import * as path from 'path';

import { GATEWAYS, webhookUrl, type GatewayEntry } from '../../scripts/gateways';
import { startStack, type Stack } from '../../scripts/stack';
import type { CashySandbox } from '../../sandbox/cashy/server';
import type { IronixPaySandbox } from '../../sandbox/ironixpay/server';
import type { PayKkaSandbox } from '../../sandbox/paykka/server';
import type { PinddpaySandbox } from '../../sandbox/pinddpay/server';
import { SandboxFaults, createChainWorkflow, errorText, gatewayNode, nodeTimeMs, runWorkflow, type FaultRun } from './faults';
import { findSecretLeaks } from './secrets';
import { ExecutionLedger, e2eLog, runDir, tarballPath } from './support';

const ledger = new ExecutionLedger();
const measured: string[] = [];
let stack: Stack | undefined;
const suiteStarted = Date.now();

const gateway = (key: string): GatewayEntry => {
	const entry = GATEWAYS.find((candidate) => candidate.key === key);
	if (!entry) throw new Error(`no gateway ${key} in scripts/gateways.ts`);
	return entry;
};
const IRONIXPAY = gateway('ironixpay');
const CASHY = gateway('cashy');
const PAYKKA = gateway('paykka');
const PINDDPAY = gateway('pinddpay');

beforeAll(async () => {
	stack = await startStack({
		workDir: path.join(runDir(), 'faults'),
		tarball: tarballPath(),
		gateways: [IRONIXPAY, CASHY, PAYKKA, PINDDPAY],
		// The IronixPay sandbox's real rate limiter (60/min, burst 20) stays out of the request counts.
		sandboxOptions: { rateLimitPerMinute: 60_000, rateLimitBurst: 1_000 },
		log: e2eLog,
	});
	e2eLog(`n8n on ${stack.url}; setup timings (ms): ${JSON.stringify(stack.timings)}`);
}, 10 * 60_000);

afterAll(async () => {
	ledger.print('gateway faults on real n8n');
	if (measured.length > 0) e2eLog(`fault measurements:\n  ${measured.join('\n  ')}`);
	e2eLog(`faults suite: ${Math.round((Date.now() - suiteStarted) / 1000)} s including setup`);
	await stack?.stop();
}, 60_000);

function running(): Stack {
	if (!stack) throw new Error('the n8n stack did not start (see beforeAll)');
	return stack;
}

const ironixPay = () => running().sandboxes.get('ironixpay') as unknown as IronixPaySandbox;
const cashy = () => running().sandboxes.get('cashy') as unknown as CashySandbox;
const paykka = () => running().sandboxes.get('paykka') as unknown as PayKkaSandbox;
const pinddpay = () => running().sandboxes.get('pinddpay') as unknown as PinddpaySandbox;
const ironixFaults = () => new SandboxFaults(ironixPay().url);
const cashyFaults = () => new SandboxFaults(cashy().url);
const paykkaFaults = () => new SandboxFaults(paykka().url);
const pinddpayFaults = () => new SandboxFaults(pinddpay().url);

const IRONIX_CREDENTIAL = { type: IRONIXPAY.credentialType, id: IRONIXPAY.credentialId, name: 'IronixPay (local sandbox)' };
const CASHY_CREDENTIAL = { type: CASHY.credentialType, id: CASHY.credentialId, name: 'Cashy (local sandbox)' };
const PAYKKA_CREDENTIAL = { type: PAYKKA.credentialType, id: PAYKKA.credentialId, name: 'PayKKa (local sandbox)' };
const PINDDPAY_CREDENTIAL = { type: PINDDPAY.credentialType, id: PINDDPAY.credentialId, name: 'Pinddpay (local sandbox)' };
/** n8n's node setting: 3 tries, 200 ms apart. */
const RETRY_ON_FAIL = { maxTries: 3, waitBetweenTries: 200 };
/** The transport's attempts for a retry-safe request on network errors (nodes/shared/transport.ts). */
const TRANSPORT_ATTEMPTS = 3;
const PAYOUTS = 'POST /v1/payouts';
/** Longer than the transport's fixed 30 s timeout (not configurable from the node). */
const STALL_MS = 45_000;

const runTag = Date.now().toString(36);

const ironixPayout = (reference: string, retry?: typeof RETRY_ON_FAIL) =>
	gatewayNode(
		'Pay out',
		'ironixPay',
		IRONIX_CREDENTIAL,
		{
			resource: 'payout',
			operation: 'create',
			reference,
			amount: '10.00',
			currency: 'USDT',
			network: 'TRON',
			toAddress: 'TQn9Y2khEsLJW1ChVWFMSMeRDow5KcbLSE',
			options: { description: 'e2e fault test' },
		},
		retry,
	);

const payoutsFor = (reference: string) => [...ironixPay().payouts.values()].filter((payout) => payout.idempotencyKey === `n8n-payout-${reference}`);
const balance = () => Number(ironixPay().balance('USDT'));

/** The run's output for `node` (first item), or the failure if the execution did not succeed. */
function onlyItem(run: FaultRun, node: string): Record<string, unknown> {
	if (run.status !== 'success') throw new Error(`execution ${run.execution.id} ${run.status}: ${errorText(run.error)}`);
	const items = run.execution.outputs[node] ?? [];
	expect(items).toHaveLength(1);
	return items[0];
}

/** No secret of either credential in the stored error or in anything `n8n execute` printed. */
function expectNoSecrets(run: FaultRun): void {
	expect(run.error?.name).toBe('NodeApiError');
	const secrets = [ironixPay().options.secretKey, ironixPay().options.webhookSecret, cashy().options.apiKey];
	const stored = JSON.stringify(run.execution.data ?? {});
	for (const secret of secrets) {
		expect(stored.includes(secret) ? `secret ${secret.slice(0, 6)}... in the stored execution` : 'clean').toBe('clean');
		expect(run.output.includes(secret) ? `secret ${secret.slice(0, 6)}... in the n8n execute output` : 'clean').toBe('clean');
	}
}

let committedPayoutId: string | undefined;
let exhaustedPayoutId: string | undefined;

describe('IronixPay payout: response lost after the gateway committed it (Idempotency-Key from the reference)', () => {
	afterEach(async () => await ironixFaults().clear());

	test('Retry On Fail re-runs the node after the transport gave up: one payout, balance debited once; a manual re-run replays it', async () => {
		const reference = `e2e-drop-${runTag}`;
		const workflowId = await createChainWorkflow(running(), `faults: IronixPay payout drop (${reference})`, [ironixPayout(reference, RETRY_ON_FAIL)]);
		const balanceBefore = balance();
		// One more drop than the transport's own attempts: try 1 of the node fails, try 2 gets the replay.
		const drops = TRANSPORT_ATTEMPTS + 1;
		await ironixFaults().inject({ method: 'POST', path: '/v1/payouts', kind: 'drop_after_commit', times: drops });

		const { result: run, delta } = await ironixFaults().countDuring([PAYOUTS], async () => await runWorkflow(running(), workflowId));
		ledger.record('ironixpay', 'payout, drop_after_commit x4, Retry On Fail 3', run.newExecutions);
		measured.push(`ironixpay payout drop x${drops} + Retry On Fail: ${run.status}, ${delta[PAYOUTS]} POSTs, ${payoutsFor(reference).length} payout(s), ${run.ms} ms`);
		const item = onlyItem(run, 'Pay out');
		expect(run.newExecutions).toBe(1);
		// Node try 1: 3 transport attempts, all dropped; node try 2: 1 dropped + the replayed answer.
		expect(delta[PAYOUTS]).toBe(drops + 1);
		const payouts = payoutsFor(reference);
		expect(payouts).toHaveLength(1);
		expect(item.id).toBe(payouts[0].id);
		expect(item.amount).toBe('10');
		expect(balance()).toBe(balanceBefore - 10);
		committedPayoutId = payouts[0].id;

		// The user runs the same workflow again by hand (same reference): IronixPay replays the payout.
		const rerun = await ironixFaults().countDuring([PAYOUTS], async () => await runWorkflow(running(), workflowId));
		ledger.record('ironixpay', 'payout, manual re-run (same reference)', rerun.result.newExecutions);
		measured.push(`ironixpay payout manual re-run: ${rerun.result.status}, ${rerun.delta[PAYOUTS]} POST, ${payoutsFor(reference).length} payout(s), ${rerun.result.ms} ms`);
		expect(onlyItem(rerun.result, 'Pay out').id).toBe(payouts[0].id);
		expect(rerun.result.newExecutions).toBe(1);
		expect(rerun.delta[PAYOUTS]).toBe(1);
		expect(payoutsFor(reference)).toHaveLength(1);
		expect(balance()).toBe(balanceBefore - 10);
	});

	test('every attempt dropped: the execution fails with a clear error, still one payout; the re-run returns it', async () => {
		const reference = `e2e-drop-all-${runTag}`;
		const workflowId = await createChainWorkflow(running(), `faults: IronixPay payout drop all (${reference})`, [ironixPayout(reference, RETRY_ON_FAIL)]);
		const balanceBefore = balance();
		const attempts = TRANSPORT_ATTEMPTS * RETRY_ON_FAIL.maxTries;
		await ironixFaults().inject({ method: 'POST', path: '/v1/payouts', kind: 'drop_after_commit', times: attempts + 5 });

		const { result: run, delta } = await ironixFaults().countDuring([PAYOUTS], async () => await runWorkflow(running(), workflowId));
		ledger.record('ironixpay', 'payout, every attempt dropped, Retry On Fail 3', run.newExecutions);
		measured.push(
			`ironixpay payout every attempt dropped: ${run.status}, ${delta[PAYOUTS]} POSTs, ${payoutsFor(reference).length} payout(s), error "${errorText(run.error)}", ${run.ms} ms`,
		);
		expect(run.status).toBe('error');
		expect(run.newExecutions).toBe(1);
		expect(delta[PAYOUTS]).toBe(attempts);
		expect(errorText(run.error)).toMatch(/Tried 3 time\(s\)/);
		expectNoSecrets(run);
		expect(payoutsFor(reference)).toHaveLength(1);
		expect(balance()).toBe(balanceBefore - 10);

		await ironixFaults().clear();
		const rerun = await ironixFaults().countDuring([PAYOUTS], async () => await runWorkflow(running(), workflowId));
		ledger.record('ironixpay', 'payout, re-run after the failed execution', rerun.result.newExecutions);
		expect(onlyItem(rerun.result, 'Pay out').id).toBe(payoutsFor(reference)[0]?.id);
		expect(rerun.delta[PAYOUTS]).toBe(1);
		expect(payoutsFor(reference)).toHaveLength(1);
		expect(balance()).toBe(balanceBefore - 10);
		exhaustedPayoutId = payoutsFor(reference)[0].id;
	});
});

describe('IronixPay reads under faults', () => {
	afterEach(async () => await ironixFaults().clear());

	test('500 x2, a stall past the 30 s timeout and 429 + Retry-After: retried, the right objects', async () => {
		if (!committedPayoutId || !exhaustedPayoutId) throw new Error('needs the payouts of the previous tests');
		const first = committedPayoutId;
		const second = exhaustedPayoutId;
		const getFirst = `GET /v1/payouts/${first}`;
		const list = 'GET /v1/payouts';
		const getSecond = `GET /v1/payouts/${second}`;
		// The list comes last: every node runs once per input item, and the list outputs several.
		const workflowId = await createChainWorkflow(running(), `faults: IronixPay reads (${runTag})`, [
			gatewayNode('Get payout (500 x2)', 'ironixPay', IRONIX_CREDENTIAL, { resource: 'payout', operation: 'get', payoutId: first }),
			gatewayNode('Get payout (stall)', 'ironixPay', IRONIX_CREDENTIAL, { resource: 'payout', operation: 'get', payoutId: second }),
			gatewayNode('List payouts (429)', 'ironixPay', IRONIX_CREDENTIAL, { resource: 'payout', operation: 'getAll', returnAll: false, limit: 50 }),
		]);
		await ironixFaults().inject({ method: 'GET', path: `/v1/payouts/${first}`, kind: 'status', status: 500, times: 2 });
		await ironixFaults().inject({ method: 'GET', path: `/v1/payouts/${second}`, kind: 'stall', delayMs: STALL_MS, times: 1 });
		await ironixFaults().inject({ method: 'GET', path: '/v1/payouts', kind: 'status', status: 429, retryAfter: 2, times: 1 });

		const { result: run, delta } = await ironixFaults().countDuring([getFirst, list, getSecond], async () => await runWorkflow(running(), workflowId));
		ledger.record('ironixpay', `reads: 500 x2, stall ${STALL_MS / 1000} s, 429 Retry-After 2`, run.newExecutions);
		const times = {
			500: nodeTimeMs(run, 'Get payout (500 x2)'),
			stall: nodeTimeMs(run, 'Get payout (stall)'),
			429: nodeTimeMs(run, 'List payouts (429)'),
		};
		measured.push(
			`ironixpay reads: ${run.status}; GET payout (500 x2) ${delta[getFirst]} requests in ${times[500]} ms, ` +
				`GET payout (stall ${STALL_MS / 1000} s) ${delta[getSecond]} in ${times.stall} ms, list (429, Retry-After 2) ${delta[list]} in ${times[429]} ms; n8n execute ${run.ms} ms`,
		);
		expect(onlyItem(run, 'Get payout (500 x2)').id).toBe(first);
		expect(onlyItem(run, 'Get payout (stall)').id).toBe(second);
		const listed = (run.execution.outputs['List payouts (429)'] ?? []).map((item) => item.id);
		expect(listed).toEqual(expect.arrayContaining([first, second]));
		expect(run.newExecutions).toBe(1);
		expect(delta).toEqual({ [getFirst]: 3, [getSecond]: 2, [list]: 2 });
		// Backoff 0.5 s + 1 s; the whole 30 s timeout, then the retry; Retry-After (2 s) honoured.
		expect(times[500]).toBeGreaterThanOrEqual(1_500);
		expect(times.stall).toBeGreaterThanOrEqual(30_000);
		expect(times.stall).toBeLessThan(STALL_MS);
		expect(times[429]).toBeGreaterThanOrEqual(2_000);
	});
});

describe('Cashy payout (no idempotency key): looked up by mchOrderNo before and after every send', () => {
	const PAYOUT = 'POST /api/payOut';
	const QUERY = 'POST /api/payOutQuery';
	afterEach(async () => await cashyFaults().clear());

	const cashyPayout = (mchOrderNo: string, retry?: typeof RETRY_ON_FAIL) =>
		gatewayNode(
			'Cashy payout',
			'cashy',
			CASHY_CREDENTIAL,
			{
				resource: 'payout',
				operation: 'create',
				mchOrderNo,
				amount: '50000.00',
				currency: 'COP',
				bankId: '20',
				accountType: '1',
				accountNo: '3001234567',
				accountName: 'Fault Test Payee',
				idType: '1',
				idCard: '1020304050',
				notifyUrl: webhookUrl(CASHY, running().url),
				remark: 'payout',
				options: {},
			},
			retry,
		);
	const ordersFor = (mchOrderNo: string) => [...cashy().payouts.values()].filter((order) => order.mchOrderNo === mchOrderNo);
	const available = () => Number(cashy().balance().balance);
	/** amount + Cashy's fixed payout fee (sandbox default 3,000.00 COP). */
	const DEBIT = 50_000 + 3_000;

	test('HTTP 500 that left nothing: each send is followed by a lookup proving it absent; 3 sends, nothing created, a clear error', async () => {
		const mchOrderNo = `e2e-500-${runTag}`;
		const workflowId = await createChainWorkflow(running(), `faults: Cashy payout 500 (${mchOrderNo})`, [cashyPayout(mchOrderNo)]);
		await cashyFaults().inject({ method: 'POST', path: '/api/payOut', kind: 'status', status: 500, times: 5 });
		const { result: run, delta } = await cashyFaults().countDuring([PAYOUT, QUERY], async () => await runWorkflow(running(), workflowId));
		ledger.record('cashy', 'payout, HTTP 500 on every send', run.newExecutions);
		measured.push(`cashy payout 500: ${run.status}, ${delta[PAYOUT]} send(s), ${delta[QUERY]} lookup(s), ${ordersFor(mchOrderNo).length} payout(s), error "${errorText(run.error)}"`);
		expect(run.status).toBe('error');
		expect(run.newExecutions).toBe(1);
		expect(delta).toEqual({ [PAYOUT]: 3, [QUERY]: 4 });
		expect(ordersFor(mchOrderNo)).toHaveLength(0);
		expect(run.error?.message).toMatch(/^Cashy error http_500: /);
		expect(errorText(run.error)).toMatch(/Sent 3 time\(s\); each time the gateway's lookup by merchant order number .* found nothing/);
		expectNoSecrets(run);
	});

	test('connection dropped after commit: the lookup finds the payout; one send, one payout, debited once; a manual re-run sends nothing', async () => {
		const mchOrderNo = `e2e-drop-${runTag}`;
		const workflowId = await createChainWorkflow(running(), `faults: Cashy payout drop (${mchOrderNo})`, [cashyPayout(mchOrderNo)]);
		const before = available();
		await cashyFaults().inject({ method: 'POST', path: '/api/payOut', kind: 'drop_after_commit', times: 5 });
		const { result: run, delta } = await cashyFaults().countDuring([PAYOUT, QUERY], async () => await runWorkflow(running(), workflowId));
		ledger.record('cashy', 'payout, drop_after_commit', run.newExecutions);
		measured.push(`cashy payout drop: ${run.status}, ${delta[PAYOUT]} send(s), ${delta[QUERY]} lookup(s), ${ordersFor(mchOrderNo).length} payout(s)`);
		const item = onlyItem(run, 'Cashy payout');
		expect(run.newExecutions).toBe(1);
		expect(delta).toEqual({ [PAYOUT]: 1, [QUERY]: 2 });
		expect(ordersFor(mchOrderNo)).toHaveLength(1);
		expect(item.orderNo).toBe(ordersFor(mchOrderNo)[0].orderNo);
		expect(available()).toBe(before - DEBIT);

		await cashyFaults().clear();
		const rerun = await cashyFaults().countDuring([PAYOUT, QUERY], async () => await runWorkflow(running(), workflowId));
		ledger.record('cashy', 'payout, manual re-run (same mchOrderNo)', rerun.result.newExecutions);
		measured.push(`cashy payout manual re-run: ${rerun.result.status}, ${rerun.delta[PAYOUT]} send(s), ${rerun.delta[QUERY]} lookup(s), ${ordersFor(mchOrderNo).length} payout(s)`);
		expect(onlyItem(rerun.result, 'Cashy payout').orderNo).toBe(item.orderNo);
		expect(rerun.delta).toEqual({ [PAYOUT]: 0, [QUERY]: 1 });
		expect(ordersFor(mchOrderNo)).toHaveLength(1);
		expect(available()).toBe(before - DEBIT);
	});

	test('Retry On Fail: the send is dropped after commit and the lookups fail, n8n re-runs the node, which finds the payout: one payout', async () => {
		const mchOrderNo = `e2e-retry-${runTag}`;
		const workflowId = await createChainWorkflow(running(), `faults: Cashy payout drop + Retry On Fail (${mchOrderNo})`, [
			cashyPayout(mchOrderNo, RETRY_ON_FAIL),
		]);
		const before = available();
		await cashyFaults().inject({ method: 'POST', path: '/api/payOut', kind: 'drop_after_commit', times: 1 });
		// The first lookup (before the send) answers; the one after the dropped send fails on every transport attempt.
		await cashyFaults().inject({ method: 'POST', path: '/api/payOutQuery', kind: 'status', status: 503, times: TRANSPORT_ATTEMPTS, after: 1 });
		const { result: run, delta } = await cashyFaults().countDuring([PAYOUT, QUERY], async () => await runWorkflow(running(), workflowId));
		ledger.record('cashy', 'payout, drop_after_commit + lookups down, Retry On Fail 3', run.newExecutions);
		measured.push(`cashy payout drop + lookup down + Retry On Fail: ${run.status}, ${delta[PAYOUT]} send(s), ${delta[QUERY]} lookup(s), ${ordersFor(mchOrderNo).length} payout(s)`);
		const item = onlyItem(run, 'Cashy payout');
		expect(run.newExecutions).toBe(1);
		// Try 1: lookup, send (dropped), lookup x3 (503); try 2: lookup finds it.
		expect(delta).toEqual({ [PAYOUT]: 1, [QUERY]: 1 + TRANSPORT_ATTEMPTS + 1 });
		expect(ordersFor(mchOrderNo)).toHaveLength(1);
		expect(item.orderNo).toBe(ordersFor(mchOrderNo)[0].orderNo);
		expect(available()).toBe(before - DEBIT);
	});
});

describe('PayKKa refund (no idempotency key): looked up by the merchant refund number before and after every send', () => {
	const REFUND = 'POST /v3/payment/acq/refund';
	const QUERY = 'POST /v3/payment/acq/refund/query';
	afterEach(async () => await paykkaFaults().clear());

	/** A paid 12.50 EUR order: a checkout session created by the node, paid at the sandbox's hosted page. */
	async function paidOrder(transId: string): Promise<string> {
		const workflowId = await createChainWorkflow(running(), `faults: PayKKa session (${transId})`, [
			gatewayNode('PayKKa session', 'payKka', PAYKKA_CREDENTIAL, {
				resource: 'checkoutSession',
				operation: 'create',
				transId,
				amount: '12.50',
				currency: 'EUR',
				returnUrl: 'https://merchant.example/return',
			}),
		]);
		const session = onlyItem(await runWorkflow(running(), workflowId), 'PayKKa session');
		const paid = await fetch(`${paykka().url}/_sandbox/sessions/${String(session.session_id)}/complete`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: '{}',
			signal: AbortSignal.timeout(10_000),
		});
		const order = (await paid.json()) as { order_id: string };
		expect(paid.status).toBe(200);
		return order.order_id;
	}
	const refundNode = (orderId: string, refundTransId: string, retry?: typeof RETRY_ON_FAIL) =>
		gatewayNode(
			'PayKKa refund',
			'payKka',
			PAYKKA_CREDENTIAL,
			{ resource: 'refund', operation: 'create', refundTransId, orderId, amount: '4.00', currency: 'EUR', reason: 'REQUESTED_BY_CUSTOMER' },
			retry,
		);
	const refundsFor = (refundTransId: string) => [...paykka().refunds.values()].filter((refund) => refund.refund_trans_id === refundTransId);

	test('refund dropped after commit, then the lookups fail: Retry On Fail re-runs the node, which finds it; a manual re-run sends nothing', async () => {
		const orderId = await paidOrder(`e2e-order-${runTag}`);
		const refundTransId = `e2e-refund-${runTag}`;
		const workflowId = await createChainWorkflow(running(), `faults: PayKKa refund drop + Retry On Fail (${refundTransId})`, [
			refundNode(orderId, refundTransId, RETRY_ON_FAIL),
		]);
		await paykkaFaults().inject({ method: 'POST', path: '/v3/payment/acq/refund', kind: 'drop_after_commit', times: 1 });
		await paykkaFaults().inject({ method: 'POST', path: '/v3/payment/acq/refund/query', kind: 'status', status: 503, times: TRANSPORT_ATTEMPTS, after: 1 });
		const { result: run, delta } = await paykkaFaults().countDuring([REFUND, QUERY], async () => await runWorkflow(running(), workflowId));
		ledger.record('paykka', 'refund, drop_after_commit + lookups down, Retry On Fail 3', run.newExecutions);
		measured.push(`paykka refund drop + lookup down + Retry On Fail: ${run.status}, ${delta[REFUND]} send(s), ${delta[QUERY]} lookup(s), ${refundsFor(refundTransId).length} refund(s)`);
		const item = onlyItem(run, 'PayKKa refund');
		expect(run.newExecutions).toBe(1);
		expect(delta).toEqual({ [REFUND]: 1, [QUERY]: 1 + TRANSPORT_ATTEMPTS + 1 });
		expect(refundsFor(refundTransId)).toHaveLength(1);
		expect(item.refund_order_id).toBe(refundsFor(refundTransId)[0].refund_order_id);
		// Refunded once: 4.00 of the 12.50 EUR order.
		expect(paykka().orders.get(orderId)?.balances.refunded).toBe(400);

		await paykkaFaults().clear();
		const rerun = await paykkaFaults().countDuring([REFUND, QUERY], async () => await runWorkflow(running(), workflowId));
		ledger.record('paykka', 'refund, manual re-run (same refund number)', rerun.result.newExecutions);
		measured.push(`paykka refund manual re-run: ${rerun.result.status}, ${rerun.delta[REFUND]} send(s), ${rerun.delta[QUERY]} lookup(s), ${refundsFor(refundTransId).length} refund(s)`);
		expect(onlyItem(rerun.result, 'PayKKa refund').refund_order_id).toBe(item.refund_order_id);
		expect(rerun.delta).toEqual({ [REFUND]: 0, [QUERY]: 1 });
		expect(refundsFor(refundTransId)).toHaveLength(1);
	});
});

describe('Pinddpay payout (no idempotency key and no payout lookup): sent once, never resent', () => {
	const PAYOUT = 'POST /api/payout/create';
	afterEach(async () => await pinddpayFaults().clear());

	const pinddpayPayout = (orderNo: string, retry?: typeof RETRY_ON_FAIL) =>
		gatewayNode(
			'Pinddpay payout',
			'pinddpay',
			PINDDPAY_CREDENTIAL,
			{ resource: 'payout', operation: 'create', orderNo, amount: '1.99', currency: 'USD', payoutAccount: 'payee@example.com', gateway: 'paypal', additionalFields: {} },
			retry,
		);
	const payoutsFor = (orderNo: string) => [...pinddpay().payouts.values()].filter((payout) => payout.orderNo === orderNo);
	const usd = () => pinddpay().balance('USD');

	test('response dropped after commit: one send, a clear error naming the unknown outcome; the payout exists once', async () => {
		const orderNo = `e2e-drop-${runTag}`;
		const workflowId = await createChainWorkflow(running(), `faults: Pinddpay payout drop (${orderNo})`, [pinddpayPayout(orderNo)]);
		const before = usd();
		await pinddpayFaults().inject({ method: 'POST', path: '/api/payout/create', kind: 'drop_after_commit', times: 5 });
		const { result: run, delta } = await pinddpayFaults().countDuring([PAYOUT], async () => await runWorkflow(running(), workflowId));
		ledger.record('pinddpay', 'payout, drop_after_commit', run.newExecutions);
		measured.push(`pinddpay payout drop: ${run.status}, ${delta[PAYOUT]} send(s), ${payoutsFor(orderNo).length} payout(s), error "${errorText(run.error)}"`);
		expect(run.status).toBe('error');
		expect(run.newExecutions).toBe(1);
		expect(delta[PAYOUT]).toBe(1);
		expect(payoutsFor(orderNo)).toHaveLength(1);
		expect(usd()).not.toBe(before);
		expect(errorText(run.error)).toMatch(/Pinddpay may have made this payout/);
	});

	test('Retry On Fail on a payout node is refused before anything is sent', async () => {
		const orderNo = `e2e-retry-${runTag}`;
		const workflowId = await createChainWorkflow(running(), `faults: Pinddpay payout + Retry On Fail (${orderNo})`, [pinddpayPayout(orderNo, RETRY_ON_FAIL)]);
		const { result: run, delta } = await pinddpayFaults().countDuring([PAYOUT], async () => await runWorkflow(running(), workflowId));
		ledger.record('pinddpay', 'payout with Retry On Fail: refused', run.newExecutions);
		measured.push(`pinddpay payout with Retry On Fail: ${run.status}, ${delta[PAYOUT]} send(s), error "${errorText(run.error)}"`);
		expect(run.status).toBe('error');
		expect(delta[PAYOUT]).toBe(0);
		expect(payoutsFor(orderNo)).toHaveLength(0);
		expect(errorText(run.error)).toMatch(/Retry On Fail/);
	});
});

test('no credential secret (raw, Base64 or hex) in execution data, errors or the n8n log', async () => {
	// Last, so it scans every failed and retried run above (see test/e2e/secrets.ts).
	expect(await findSecretLeaks(running())).toEqual([]);
}, 5 * 60_000);
