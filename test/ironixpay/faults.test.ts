import type { INodeParameters } from 'n8n-workflow';

import { NOT_RETRIED_HINT } from '../../nodes/shared/transport';
import type { IronixPaySandbox } from '../../sandbox/ironixpay/server';
import { runIronixPay, startSandbox } from './fixture';

let sandbox: IronixPaySandbox;

async function sandboxCall(method: string, path: string, body?: object) {
	const response = await fetch(`${sandbox.url}${path}`, {
		method,
		headers: { 'content-type': 'application/json' },
		body: body ? JSON.stringify(body) : undefined,
	});
	return (await response.json()) as Record<string, unknown>;
}

const injectFault = async (fault: object) => await sandboxCall('POST', '/_sandbox/faults', fault);
const requestCount = async (key: string) =>
	((await sandboxCall('GET', '/_sandbox/faults')).requestCounts as Record<string, number>)[key] ?? 0;

async function run(parameters: INodeParameters) {
	return await runIronixPay(sandbox, parameters);
}

const payout = (reference: string): INodeParameters => ({
	resource: 'payout',
	operation: 'create',
	reference,
	amount: '15',
	currency: 'USDT',
	network: 'TRON',
	toAddress: 'TQFEyGNzHZAJmebJUvsoZvJghHm2yNhXAD',
});

beforeEach(async () => {
	sandbox = await startSandbox();
});
afterEach(async () => await sandbox.close());

describe('IronixPay under gateway faults', () => {
	it('a payout whose response is lost after IronixPay committed it is retried with the same key: one payout', async () => {
		await injectFault({ method: 'POST', path: '/v1/payouts', kind: 'drop_after_commit', times: 1 });
		const result = await run(payout('fault-payout-1'));
		expect(result.error).toBeUndefined();
		expect(await requestCount('POST /v1/payouts')).toBe(2);
		expect(sandbox.payouts.size).toBe(1);
		expect(result.items[0].json.id).toBe([...sandbox.payouts.keys()][0]);
		expect(sandbox.balance()).toBe('985');
	});

	it('a manual re-run of the same item after a lost response still leaves one payout', async () => {
		await injectFault({ method: 'POST', path: '/v1/payouts', kind: 'drop_after_commit', times: 3 });
		const failed = await run(payout('fault-payout-2'));
		expect(failed.error?.message).toMatch(/^The connection to the server was closed unexpectedly/);
		expect(failed.error?.description).toBe('Tried 3 time(s).');
		expect(await requestCount('POST /v1/payouts')).toBe(3);
		expect(sandbox.payouts.size).toBe(1);
		const rerun = await run(payout('fault-payout-2'));
		expect(rerun.error).toBeUndefined();
		expect(sandbox.payouts.size).toBe(1);
		expect(sandbox.balance()).toBe('985');
	});

	it('reads are retried on 500 and on 429 with Retry-After, then succeed', async () => {
		const created = await run(payout('fault-payout-3'));
		const id = String(created.items[0].json.id);
		await injectFault({ method: 'GET', path: `/v1/payouts/${id}`, kind: 'status', status: 500, times: 1 });
		await injectFault({ method: 'GET', path: `/v1/payouts/${id}`, kind: 'status', status: 429, retryAfter: 1, times: 1 });
		const started = Date.now();
		const result = await run({ resource: 'payout', operation: 'get', payoutId: id });
		expect(result.error).toBeUndefined();
		expect(result.items[0].json.id).toBe(id);
		expect(await requestCount(`GET /v1/payouts/${id}`)).toBe(3);
		// Waited at least the 1 s Retry-After before the third attempt.
		expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
	});

	it('gives up on reads after 3 attempts and reports the gateway status', async () => {
		await injectFault({ method: 'GET', path: '/v1/payouts', kind: 'status', status: 503, times: 5 });
		const result = await run({ resource: 'payout', operation: 'getAll', returnAll: true });
		expect(result.error?.message).toBe('IronixPay error http_503: Injected fault: HTTP 503');
		// A read changes nothing at the gateway: no "not retried" warning.
		expect(String(result.error?.description ?? '')).not.toContain('Not retried automatically');
		expect(await requestCount('GET /v1/payouts')).toBe(3);
	});

	it('never resends a write that has no idempotency key', async () => {
		await injectFault({ method: 'POST', path: '/v1/sub-merchants', kind: 'status', status: 500, times: 1 });
		const result = await run({ resource: 'subMerchant', operation: 'create', subMerchantCode: 'shop_osaka', displayName: 'Osaka' });
		expect(result.error?.name).toBe('NodeApiError');
		// A 5xx may come after the gateway committed the write: the user is told to look before re-running.
		expect(result.error?.description).toContain(NOT_RETRIED_HINT);
		expect(await requestCount('POST /v1/sub-merchants')).toBe(1);

		await injectFault({ method: 'POST', path: '/v1/sub-merchants', kind: 'drop_after_commit', times: 1 });
		const dropped = await run({ resource: 'subMerchant', operation: 'create', subMerchantCode: 'shop_kyoto', displayName: 'Kyoto' });
		expect(dropped.error?.description).toBe(NOT_RETRIED_HINT);
		expect(await requestCount('POST /v1/sub-merchants')).toBe(2);
	});
});

describe('IronixPay bulk payouts with Concurrency', () => {
	it('runs at most N at once, waits out 429s, keeps order and pairing, pays each reference once', async () => {
		await sandbox.close();
		// A tight limiter (burst 4, 20 tokens/s) so concurrency 8 is rate limited for real.
		sandbox = await startSandbox({ rateLimitBurst: 4, rateLimitPerMinute: 1200, processingDelayMs: 20 });
		const items = Array.from({ length: 24 }, (_, index) => ({ reference: `bulk-${index}`, amount: `${index + 2}.25` }));
		const result = await runIronixPay(sandbox, {
				...payout('={{ $json.reference }}'),
				amount: '={{ $json.amount }}',
				options: { concurrency: 8 },
			}, { items });
		expect(result.error).toBeUndefined();
		expect(result.items.map((item) => item.json.amount)).toEqual(items.map((item) => item.amount));
		expect(result.items.map((item) => item.pairedItem)).toEqual(items.map((_, index) => ({ item: index })));
		expect(sandbox.payouts.size).toBe(24);
		const state = await sandboxCall('GET', '/_sandbox/faults');
		expect(state.maxInFlight).toBeGreaterThan(1);
		expect(state.maxInFlight).toBeLessThanOrEqual(8);
		// Some were refused with 429 and sent again: more requests than payouts, still one payout each.
		expect((state.requestCounts as Record<string, number>)['POST /v1/payouts']).toBeGreaterThan(24);
		const references = [...sandbox.payouts.values()].map((record) => record.metadata?.merchant_reference).sort();
		expect(references).toEqual(items.map((item) => item.reference).sort());
	});

	it('waits out 202 request_in_progress: the same reference twice at Concurrency 2 pays once, both items get it', async () => {
		await sandbox.close();
		sandbox = await startSandbox({ processingDelayMs: 300 });
		const result = await runIronixPay(sandbox, { ...payout('={{ $json.reference }}'), options: { concurrency: 2 } }, { items: [{ reference: 'Pago nº 3' }, { reference: 'Pago nº 3' }] });
		expect(result.error).toBeUndefined();
		expect(sandbox.payouts.size).toBe(1);
		const [only] = [...sandbox.payouts.keys()];
		expect(result.items.map((item) => item.json.id)).toEqual([only, only]);
		// The second item met the first one in progress (202) and was sent again with the same key.
		expect(await requestCount('POST /v1/payouts')).toBeGreaterThanOrEqual(3);
		expect(sandbox.balance()).toBe('985');
	});

	it('refuses the whole batch before sending anything when one item is invalid', async () => {
		const items = [{ amount: '10' }, { amount: '10' }, { amount: '99999' }, { amount: '10' }];
		const result = await runIronixPay(sandbox, { ...payout('={{ "stop-" + $itemIndex }}'), amount: '={{ $json.amount }}', options: { concurrency: 1 } }, { items });
		expect(result.error?.message).toBe('Amount: Amount must be at most 10000.00 (item 2)');
		expect(sandbox.payouts.size).toBe(0);
		expect(sandbox.requests).toHaveLength(0);
	});

	it('stops after a gateway failure and names the payouts already sent, with their ids', async () => {
		// 1000 USDT: items 0 and 1 (400 each) are paid, item 2 (400) is refused for insufficient balance.
		const items = [{ amount: '400' }, { amount: '400' }, { amount: '400' }, { amount: '10' }];
		const result = await runIronixPay(sandbox, { ...payout('={{ "sent-" + $itemIndex }}'), amount: '={{ $json.amount }}', options: { concurrency: 1 } }, { items });
		expect(result.error?.message).toBe('IronixPay error insufficient_balance: Insufficient balance: have 200.00 USDT, need 400.00 USDT');
		const [first, second] = [...sandbox.payouts.values()].sort((a, b) => a.seq - b.seq);
		expect(sandbox.payouts.size).toBe(2);
		expect(result.error?.description).toContain(
			`Already sent and accepted by the gateway before this failure: item 0 (id ${first.id}); item 1 (id ${second.id}).`,
		);
	});
});
