// Keys here are deliberately fake, to prove a wrong key is reported and never echoed.
/* eslint-disable @n8n/community-nodes/no-hardcoded-secrets */
import type { ICredentialDataDecryptedObject, IDataObject, INodeParameters } from 'n8n-workflow';

import { startHttpServer, sendJson, type RunningServer } from '../../sandbox/shared/server';
import { IRONIXPAY_TEST_LIVE_KEY, type IronixPaySandbox } from '../../sandbox/ironixpay/server';
import type { NodeRunResult } from '../harness/workflow';
import { runIronixPay, sandboxCredentials, startSandbox } from './fixture';

const TRON_ADDRESS = 'TQFEyGNzHZAJmebJUvsoZvJghHm2yNhXAD';

let sandbox: IronixPaySandbox;

const credentials = (overrides: ICredentialDataDecryptedObject = {}) => sandboxCredentials(sandbox, overrides);

async function run(parameters: INodeParameters, extra: { items?: IDataObject[]; continueOnFail?: boolean; credentials?: ICredentialDataDecryptedObject } = {}) {
	return await runIronixPay(sandbox, parameters, extra);
}

function json(result: NodeRunResult, index = 0): IDataObject {
	expect(result.error).toBeUndefined();
	return result.items[index].json;
}

async function control(path: string, body: IDataObject = {}) {
	const response = await fetch(`${sandbox.url}/_sandbox${path}`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify(body),
	});
	expect(response.status).toBeLessThan(300);
	return (await response.json()) as IDataObject;
}

const sessionParameters = (reference: string, amount = '10.50'): INodeParameters => ({
	resource: 'checkoutSession',
	operation: 'create',
	clientReferenceId: reference,
	pricingAmount: amount,
	pricingCurrency: 'USDT',
	currency: 'USDT',
	network: 'TRON',
	options: { successUrl: 'https://shop.example/success', cancelUrl: 'https://shop.example/cancel' },
});

const payoutParameters = (reference: string, amount = '25.00'): INodeParameters => ({
	resource: 'payout',
	operation: 'create',
	reference,
	amount,
	currency: 'USDT',
	network: 'TRON',
	toAddress: TRON_ADDRESS,
	options: { description: 'supplier invoice', metadata: '{"invoice":"INV-7"}' },
});

beforeAll(async () => {
	sandbox = await startSandbox({ initialBalance: '1000' });
});
afterAll(async () => await sandbox.close());

describe('IronixPay node through WorkflowExecute against the sandbox', () => {
	describe('checkout sessions', () => {
		it('creates a session with the exact request shape and returns the hosted URL', async () => {
			const session = json(await run(sessionParameters('order-1001')));
			expect(session).toMatchObject({
				status: 'Pending',
				normalizedStatus: 'pending',
				amount: '10.5',
				currency: 'USDT',
				network: 'TRON',
				client_reference_id: 'order-1001',
				success_url: 'https://shop.example/success',
			});
			expect(session.id).toMatch(/^cs_[0-9a-f]{32}$/);
			expect(String(session.url)).toContain(String(session.id));
			const stored = sandbox.sessions.get(String(session.id))!;
			expect(stored.clientReferenceId).toBe('order-1001');
			expect(stored.amount).toBe(10_500_000n); // micro-units: exactly 10.50 USDT
		});

		it('re-running the same order reference returns the same session', async () => {
			const before = sandbox.sessions.size;
			const first = json(await run(sessionParameters('order-1002')));
			const second = json(await run(sessionParameters('order-1002')));
			expect(second.id).toBe(first.id);
			expect(sandbox.sessions.size).toBe(before + 1);
		});

		it('prices in fiat with the ISO exponent (JPY has no decimals)', async () => {
			const session = json(
				await run({ ...sessionParameters('order-jpy'), pricingAmount: '1500', pricingCurrency: 'JPY' }),
			);
			expect(session.pricing).toMatchObject({ currency: 'JPY', amount: '1500' });
			const rejected = await run({ ...sessionParameters('order-jpy-2'), pricingAmount: '1500.5', pricingCurrency: 'JPY' });
			expect(rejected.error?.message).toBe('Amount: "1500.5" has decimals, but this currency has none (item 0)');
		});

		it('gets a session and reports the normalised status after payment', async () => {
			const created = json(await run(sessionParameters('order-1003', '20')));
			await control(`/sessions/${String(created.id)}/pay`, { amount: '20' });
			const session = json(await run({ resource: 'checkoutSession', operation: 'get', sessionId: created.id as string }));
			expect(session).toMatchObject({ id: created.id, status: 'Paid', normalizedStatus: 'paid', amount_received: '20' });
			expect(session.transactions).toHaveLength(1);
		});

		it('maps underpaid and overpaid sessions', async () => {
			const under = json(await run(sessionParameters('order-under', '20')));
			await control(`/sessions/${String(under.id)}/pay`, { amount: '5' });
			const over = json(await run(sessionParameters('order-over', '20')));
			await control(`/sessions/${String(over.id)}/pay`, { amount: '25' });
			const read = async (id: unknown) => json(await run({ resource: 'checkoutSession', operation: 'get', sessionId: id as string }));
			expect((await read(under.id)).normalizedStatus).toBe('partially_paid');
			expect((await read(over.id)).normalizedStatus).toBe('overpaid');
		});

		it('pages through every session with Return All, and stops at Limit', async () => {
			for (let index = 0; index < 105; index++) {
				const response = await fetch(`${sandbox.url}/v1/checkout/sessions`, {
					method: 'POST',
					headers: { authorization: `Bearer ${sandbox.options.secretKey}`, 'content-type': 'application/json' },
					body: JSON.stringify({ pricing_amount: '1', pricing_currency: 'USDT', currency: 'USDT', network: 'TRON' }),
				});
				expect(response.status).toBe(201);
			}
			const all = await run({ resource: 'checkoutSession', operation: 'getAll', returnAll: true });
			expect(all.error).toBeUndefined();
			expect(all.items).toHaveLength(sandbox.sessions.size);
			expect(sandbox.sessions.size).toBeGreaterThan(100);
			expect(new Set(all.items.map((item) => item.json.id)).size).toBe(sandbox.sessions.size);
			expect(all.items.every((item) => item.pairedItem && (item.pairedItem as { item: number }).item === 0)).toBe(true);

			const limited = await run({ resource: 'checkoutSession', operation: 'getAll', returnAll: false, limit: 7 });
			expect(limited.items).toHaveLength(7);
		});

		it('filters by status', async () => {
			const paid = await run({
				resource: 'checkoutSession',
				operation: 'getAll',
				returnAll: true,
				filters: { status: ['Paid'] },
			});
			expect(paid.items.length).toBeGreaterThanOrEqual(1);
			expect(paid.items.every((item) => item.json.status === 'Paid' && item.json.normalizedStatus === 'paid')).toBe(true);
		});
	});

	describe('payouts', () => {
		it('creates a payout, debits the balance once, and replays it for the same reference', async () => {
			const balanceBefore = sandbox.balance();
			const payoutsBefore = sandbox.payouts.size;
			const first = json(await run(payoutParameters('payout-0001')));
			expect(first).toMatchObject({ amount: '25', currency: 'USDT', network: 'TRON', to_address: TRON_ADDRESS, normalizedStatus: 'pending' });
			expect(first.id).toMatch(/^po_/);

			const second = json(await run(payoutParameters('payout-0001')));
			expect(second.id).toBe(first.id);
			expect(sandbox.payouts.size).toBe(payoutsBefore + 1);
			expect(sandbox.balance()).toBe(String(Number(balanceBefore) - 25));
			const stored = sandbox.payouts.get(String(first.id))!;
			expect(stored.idempotencyKey).toBe('n8n-payout-payout-0001');
			expect(stored.metadata).toEqual({ invoice: 'INV-7', merchant_reference: 'payout-0001' });
		});

		it('refuses a reused reference with different details (idempotency_conflict) and pays nothing', async () => {
			json(await run(payoutParameters('payout-0002', '10')));
			const payoutsBefore = sandbox.payouts.size;
			const conflict = await run(payoutParameters('payout-0002', '11'));
			expect(conflict.error?.name).toBe('NodeApiError');
			expect(conflict.error?.message).toBe('IronixPay error idempotency_conflict: Idempotency key was used with a different request body');
			expect(sandbox.payouts.size).toBe(payoutsBefore);
		});

		it('surfaces insufficient_balance as a NodeApiError with the gateway message', async () => {
			await control('/balance', { currency: 'USDT', amount: '5' });
			try {
				const payoutsBefore = sandbox.payouts.size;
				const result = await run(payoutParameters('payout-0003', '10'));
				expect(result.error?.name).toBe('NodeApiError');
				expect(result.error?.message).toBe(
					'IronixPay error insufficient_balance: Insufficient balance: have 5.00 USDT, need 10.00 USDT',
				);
				expect((result.error as { httpCode?: string }).httpCode).toBe('400');
				expect(sandbox.payouts.size).toBe(payoutsBefore);
			} finally {
				await control('/balance', { currency: 'USDT', amount: '1000' });
			}
		});

		it('gets a payout and follows it to completion', async () => {
			const created = json(await run(payoutParameters('payout-0004', '30')));
			await control(`/payouts/${String(created.id)}/complete`);
			const payout = json(await run({ resource: 'payout', operation: 'get', payoutId: created.id as string }));
			expect(payout).toMatchObject({ id: created.id, status: 'Completed', normalizedStatus: 'paid' });
			expect(payout.tx_hash).toEqual(expect.any(String));
		});

		it('lists payouts', async () => {
			const result = await run({ resource: 'payout', operation: 'getAll', returnAll: true });
			expect(result.items).toHaveLength(sandbox.payouts.size);
		});
	});

	describe('references that are not header text (any text IronixPay accepts)', () => {
		const VISIBLE_ASCII = /^[\x21-\x7e]+$/;
		const sentKeys = (path: string, since: number) =>
			sandbox.requests
				.slice(since)
				.filter((request) => request.method === 'POST' && request.path === path)
				.map((request) => request.headers['idempotency-key']);

		it.each(['Pedido nº 12', '注文 7', 'order 12 (gift)'])('creates a checkout session for %j and sends a header-safe key', async (reference) => {
			const since = sandbox.requests.length;
			const first = json(await run(sessionParameters(reference)));
			expect(first.client_reference_id).toBe(reference);
			expect(sandbox.sessions.get(String(first.id))!.clientReferenceId).toBe(reference);
			const again = json(await run(sessionParameters(reference)));
			expect(again.id).toBe(first.id);
			const keys = sentKeys('/v1/checkout/sessions', since);
			expect(keys).toHaveLength(2);
			expect(keys[0]).toBe(keys[1]);
			expect(keys[0]).toMatch(/^n8n-session:sha256:[A-Za-z0-9_-]{43}$/);
			expect(keys[0]).toMatch(VISIBLE_ASCII);
			// The sandbox reads the key like IronixPay does: the second request was a replay of the first.
			expect(sandbox.requests.slice(since).map((request) => JSON.parse(request.rawBody).client_reference_id)).toEqual([reference, reference]);
		});

		it('sends different keys for different references', async () => {
			const since = sandbox.requests.length;
			const seven = json(await run(sessionParameters('注文 7b')));
			const eight = json(await run(sessionParameters('注文 8b')));
			expect(seven.id).not.toBe(eight.id);
			const [keySeven, keyEight] = sentKeys('/v1/checkout/sessions', since);
			expect(keySeven).not.toBe(keyEight);
		});

		it('pays out once for a non-ASCII payout reference, also when run again', async () => {
			const reference = 'Pago nº 7 – café 注文';
			const balanceBefore = sandbox.balance();
			const since = sandbox.requests.length;
			const first = json(await run(payoutParameters(reference, '12.00')));
			const second = json(await run(payoutParameters(reference, '12.00')));
			expect(second.id).toBe(first.id);
			const stored = sandbox.payouts.get(String(first.id))!;
			expect(stored.metadata).toEqual({ invoice: 'INV-7', merchant_reference: reference });
			const keys = sentKeys('/v1/payouts', since);
			expect(keys).toEqual([stored.idempotencyKey, stored.idempotencyKey]);
			expect(stored.idempotencyKey).toMatch(/^n8n-payout:sha256:[A-Za-z0-9_-]{43}$/);
			expect(sandbox.balance()).toBe(String(Number(balanceBefore) - 12));
			const other = json(await run(payoutParameters('Pago nº 8 – café 注文', '12.00')));
			expect(other.id).not.toBe(first.id);
			expect(sandbox.payouts.get(String(other.id))!.idempotencyKey).not.toBe(stored.idempotencyKey);
		});

		it('derives a key from a typed Idempotency Key that is not header text', async () => {
			const since = sandbox.requests.length;
			const session = json(
				await run({ ...sessionParameters('order-typed-key'), options: { idempotencyKey: 'clé de commande 1' } }),
			);
			expect(session.id).toMatch(/^cs_/);
			const [key] = sentKeys('/v1/checkout/sessions', since);
			expect(key).toMatch(/^n8n-key:sha256:[A-Za-z0-9_-]{43}$/);
		});
	});

	describe('sub-merchants', () => {
		it('creates, gets, lists and suspends a sub-merchant; sessions can be created for it', async () => {
			const created = json(await run({ resource: 'subMerchant', operation: 'create', subMerchantCode: 'shop_tokyo', displayName: 'Tokyo Shop' }));
			expect(created).toMatchObject({ sub_merchant_code: 'shop_tokyo', display_name: 'Tokyo Shop', status: 'active' });
			const fetched = json(await run({ resource: 'subMerchant', operation: 'get', subMerchantCode: 'shop_tokyo' }));
			expect(fetched.display_name).toBe('Tokyo Shop');

			const session = json(
				await run({ ...sessionParameters('order-tokyo'), options: { subMerchantCode: 'shop_tokyo' } }),
			);
			expect(session.sub_merchant_code).toBe('shop_tokyo');

			const list = await run({ resource: 'subMerchant', operation: 'getAll', returnAll: true });
			expect(list.items.map((item) => item.json.sub_merchant_code)).toContain('shop_tokyo');

			const updated = json(
				await run({ resource: 'subMerchant', operation: 'update', subMerchantCode: 'shop_tokyo', updateFields: { status: 'suspended' } }),
			);
			expect(updated.status).toBe('suspended');
			const refused = await run({ ...sessionParameters('order-tokyo-2'), options: { subMerchantCode: 'shop_tokyo' } });
			expect(refused.error?.message).toMatch(/^IronixPay error invalid_sub_merchant_code/);
		});
	});

	describe('errors', () => {
		it('reports a bad key as authentication_failed without echoing the key', async () => {
			const result = await run(sessionParameters('order-badkey'), { credentials: credentials({ secretKey: 'sk_test_wrong_key_123' }) });
			expect(result.error?.name).toBe('NodeApiError');
			expect(result.error?.message).toBe('IronixPay error authentication_failed: Invalid API Key or Token');
			const everything = JSON.stringify({ message: result.error?.message, description: result.error?.description, run: result.run.data });
			expect(everything).not.toContain('sk_test_wrong_key_123');
			expect(everything).not.toContain(sandbox.options.secretKey);
		});

		it('reports a live key on the sandbox as environment_mismatch', async () => {
			const result = await run(sessionParameters('order-live'), { credentials: credentials({ secretKey: IRONIXPAY_TEST_LIVE_KEY }) });
			expect(result.error?.message).toMatch(/^IronixPay error environment_mismatch/);
			expect((result.error as { httpCode?: string }).httpCode).toBe('403');
		});

		it('reports an unknown session as resource_missing', async () => {
			const result = await run({ resource: 'checkoutSession', operation: 'get', sessionId: 'cs_00000000000000000000000000000000' });
			expect(result.error?.message).toMatch(/^IronixPay error resource_missing/);
		});
	});
});

describe('IronixPay input validation (nothing is sent)', () => {
	let counter: RunningServer;
	let requests = 0;
	beforeAll(async () => {
		counter = await startHttpServer(
			async (_req, res) => {
				requests++;
				sendJson(res, 500, { error: { code: 'unexpected', message: 'no request should reach the gateway' } });
			},
			{ port: 0 },
		);
	});
	afterAll(async () => await counter.close());
	beforeEach(() => (requests = 0));

	const runOffline = async (parameters: INodeParameters, extra: { items?: IDataObject[]; continueOnFail?: boolean } = {}) =>
		await run(parameters, { ...extra, credentials: credentials({ baseUrl: counter.url }) });

	it.each([
		['more decimals than allowed', { amount: '10.555' }, 'Amount: "10.555" has more than 2 decimal places (item 0)'],
		['an amount below the minimum', { amount: '0.99' }, 'Amount: Amount must be at least 1.00 (item 0)'],
		['an amount above the per-payout limit', { amount: '10000.01' }, 'Amount: Amount must be at most 10000.00 (item 0)'],
		['a negative amount', { amount: '-5' }, 'Amount: "-5" is not a decimal amount such as "10.50" (item 0)'],
		// n8n itself refuses a literally empty required field; an expression can still resolve to nothing.
		['an amount expression that resolves to nothing', { amount: '={{ $json.missing }}' }, 'Amount: is required (item 0)'],
		['a reference expression that resolves to nothing', { reference: '={{ $json.missing }}' }, 'Payout Reference: is required (item 0)'],
		['a reference longer than 200 characters', { reference: 'ñ'.repeat(201) }, 'Payout Reference: must be at most 200 characters (item 0)'],
		[
			'a sub-merchant code that cannot travel in a header',
			{ options: { subMerchantCode: '東京店' } },
			'Sub-Merchant Code: "東京店" cannot be sent in the X-Sub-Merchant-Code header (ASCII letters, digits and punctuation only); IronixPay would ignore it and act for the parent merchant (item 0)',
		],
		['USDC on TRON', { currency: 'USDC' }, 'Currency: USDC is not available on TRON; choose USDT or another network (item 0)'],
		['a malformed TRON address', { toAddress: '0x1234' }, 'To Address: "0x1234" is not a valid TRON address (item 0)'],
		['a zero EVM address', { network: 'BSC', toAddress: `0x${'0'.repeat(40)}` }, `To Address: "0x${'0'.repeat(40)}" is not a valid BSC address (item 0)`],
		['metadata that is not JSON', { options: { metadata: '{oops' } }, 'Metadata: is not valid JSON (item 0)'],
	])('rejects %s before any request', async (_name, overrides, message) => {
		const result = await runOffline({ ...payoutParameters('payout-x'), ...overrides } as INodeParameters);
		expect(result.error?.name).toBe('NodeOperationError');
		expect(result.error?.message).toBe(message);
		expect(requests).toBe(0);
	});

	it('rejects a bad checkout URL and a token price in another token', async () => {
		const badUrl = await runOffline({ ...sessionParameters('o-1'), options: { successUrl: 'javascript:alert(1)' } });
		expect(badUrl.error?.message).toBe('Success URL: "javascript:alert(1)" is not an http(s) URL (item 0)');
		const mismatch = await runOffline({ ...sessionParameters('o-2'), pricingCurrency: 'USDC', currency: 'USDT' });
		expect(mismatch.error?.message).toBe('Pricing Currency: a token price must be in the paid token (USDT) (item 0)');
		expect(requests).toBe(0);
	});

	it('names the failing item and keeps pairing with Continue On Fail', async () => {
		const result = await run(
			{ ...payoutParameters('={{ $json.reference }}', '={{ $json.amount }}') },
			{
				continueOnFail: true,
				items: [
					{ reference: 'payout-cof-1', amount: '12.5' },
					{ reference: 'payout-cof-2', amount: '12.345' },
				],
			},
		);
		expect(result.error).toBeUndefined();
		expect(result.items).toHaveLength(2);
		expect(result.items[0].json).toMatchObject({ amount: '12.5', normalizedStatus: 'pending' });
		expect(result.items[0].pairedItem).toEqual({ item: 0 });
		expect(result.items[1].json.error).toBe('Amount: "12.345" has more than 2 decimal places (item 1)');
		expect(result.items[1].pairedItem).toEqual({ item: 1 });
	});

	it('accepts a number from an expression without floating-point drift', async () => {
		const result = await run({ ...payoutParameters('payout-float'), amount: '={{ 0.1 + 0.2 }}' });
		// 0.1 + 0.2 = 0.30000000000000004 in JS: refused rather than rounded.
		expect(result.error?.message).toBe('Amount: "0.30000000000000004" has more than 2 decimal places (item 0)');
		const exact = json(await run({ ...payoutParameters('payout-float-2'), amount: '={{ 19.99 }}' }));
		expect(exact.amount).toBe('19.99');
	});
});
