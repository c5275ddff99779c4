/**
 * Guardrails on PayKKa's money-moving operations (Payment > Create of a saved card, Payment >
 * Capture, Refund > Create), inside n8n-core's WorkflowExecute against the PayKKa sandbox: a refused
 * item stops the whole batch before any request, at the maximum passes (in the Amount Unit chosen),
 * and as an AI tool the operation is refused unless allowed with a maximum. The money goes to the
 * merchant (charge, capture) or back to the original payment method (refund): no destination to list.
 */
import { ExecuteContext } from 'n8n-core';
import type { IDataObject } from 'n8n-workflow';

import { PayKka } from '../../nodes/PayKka/PayKka.node';
import { startPayKkaSandbox, type PayKkaSandbox } from '../../sandbox/paykka/server';
import type { NodeRunResult } from '../harness/workflow';
import { paidOrder, runPayKka, storedToken, unique } from './fixture';

let sandbox: PayKkaSandbox;

beforeAll(async () => (sandbox = await startPayKkaSandbox({ timeScale: 0.00001, maxWebhookAttempts: 1 })));
afterAll(async () => await sandbox.close());
afterEach(() => jest.restoreAllMocks());

async function expectRefusedUnsent(running: Promise<NodeRunResult>, message: string) {
	const last = sandbox.recordedRequests.at(-1);
	const orders = sandbox.orders.size;
	const { error } = await running;
	expect(error?.name).toBe('NodeOperationError');
	expect(error?.message).toBe(message);
	expect(sandbox.recordedRequests.at(-1)).toBe(last);
	expect(sandbox.orders.size).toBe(orders);
}

const sentPaths = (from: number) => sandbox.recordedRequests.slice(from).map((request) => request.path);

describe('PayKKa guardrails', () => {
	it('offers Guardrails without Allowed Destinations on Payment > Create, Payment > Capture and Refund > Create only', () => {
		const guardrails = new PayKka().description.properties.filter((property) => property.name === 'guardrails');
		expect(guardrails.map((property) => property.displayOptions?.show)).toEqual([
			{ resource: ['payment'], operation: ['capture'] },
			{ resource: ['payment'], operation: ['create'] },
			{ resource: ['refund'], operation: ['create'] },
		]);
		for (const property of guardrails) {
			expect((property.options as Array<{ name: string }>).map((option) => option.name)).toEqual(['allowMoneyMovementAsTool', 'maximumAmountPerItem']);
		}
	});

	describe('Payment > Create (saved card)', () => {
		const charge = (guardrails: IDataObject, extra: IDataObject = {}) => ({
			resource: 'payment',
			operation: 'create',
			chargeType: 'token',
			transId: '={{ $json.reference }}',
			token: '={{ $json.token }}',
			shopperReference: '={{ $json.shopper }}',
			amount: '={{ $json.amount }}',
			currency: 'EUR',
			guardrails,
			...extra,
		});
		let customer: { token: string; shopper: string };
		beforeAll(async () => {
			const shopper = unique('shopper');
			customer = { token: await storedToken(sandbox, sandbox.merchantId, shopper), shopper };
		});
		const row = (amount: string) => ({ reference: unique('renew'), amount, ...customer });

		it('an item over the maximum stops the batch: error names item 1, nothing sent (not even the lookup)', async () => {
			await expectRefusedUnsent(
				runPayKka(sandbox, charge({ maximumAmountPerItem: '20.00' }), { items: [row('19.99'), row('20.01'), row('5.00')] }),
				'Item 1: amount 20.01 exceeds Maximum Amount per Item 20.00',
			);
		});

		it('reads the maximum in minor units when Amount Unit is minor', async () => {
			await expectRefusedUnsent(
				runPayKka(sandbox, charge({ maximumAmountPerItem: '2000' }, { amountUnit: 'minor' }), { items: [row('2000'), row('2001')] }),
				'Item 1: amount 2001 exceeds Maximum Amount per Item 2000',
			);
		});

		it('charges items at the maximum', async () => {
			const from = sandbox.recordedRequests.length;
			const { error, items } = await runPayKka(sandbox, charge({ maximumAmountPerItem: '20' }), { items: [row('20.00')] });
			expect(error).toBeUndefined();
			expect(items[0].json).toMatchObject({ amount: 2000, status: 'SUCCESS' });
			expect(sentPaths(from)).toEqual(['/v3/payment/acq/query', '/v3/payment/acq']);
		});

		it('as an AI tool: refused unless allowed with a maximum; then charged', async () => {
			jest.spyOn(ExecuteContext.prototype, 'isToolExecution').mockReturnValue(true);
			await expectRefusedUnsent(
				runPayKka(sandbox, charge({ maximumAmountPerItem: '20' }), { items: [row('5.00')] }),
				'Item 0: As an AI tool this operation moves money: turn on "Allow Money Movement as a Tool" and set "Maximum Amount per Item"',
			);
			const { error, items } = await runPayKka(sandbox, charge({ allowMoneyMovementAsTool: true, maximumAmountPerItem: '20' }), { items: [row('5.00')] });
			expect(error).toBeUndefined();
			expect(items[0].json).toMatchObject({ amount: 500, status: 'SUCCESS' });
		});
	});

	describe('Payment > Capture', () => {
		const capture = (orderId: string, guardrails: IDataObject, amount?: string) => ({
			resource: 'payment',
			operation: 'capture',
			orderId,
			currency: 'EUR',
			guardrails,
			...(amount === undefined ? {} : { amount }),
		});

		it('refuses a capture over the maximum, and a capture without an amount (the whole authorisation) when a maximum is set', async () => {
			const order = await paidOrder(sandbox, { captureMethod: 'MANUAL' });
			await expectRefusedUnsent(runPayKka(sandbox, capture(order.order_id, { maximumAmountPerItem: '10.00' }, '10.01')), 'Item 0: amount 10.01 exceeds Maximum Amount per Item 10.00');
			await expectRefusedUnsent(
				runPayKka(sandbox, capture(order.order_id, { maximumAmountPerItem: '10.00' })),
				'Amount: is required when "Maximum Amount per Item" is set: without it the gateway decides the amount, which cannot be checked before sending (item 0)',
			);
			const { error, items } = await runPayKka(sandbox, capture(order.order_id, { maximumAmountPerItem: '10.00' }, '10.00'));
			expect(error).toBeUndefined();
			expect(items[0].json).toMatchObject({ status: 'SUCCESS', balances: { captured_amount: 1000 } });
		});

		it('as an AI tool: refused without the opt-in', async () => {
			const order = await paidOrder(sandbox, { captureMethod: 'MANUAL' });
			jest.spyOn(ExecuteContext.prototype, 'isToolExecution').mockReturnValue(true);
			await expectRefusedUnsent(
				runPayKka(sandbox, capture(order.order_id, {}, '5.00')),
				'Item 0: As an AI tool this operation moves money: turn on "Allow Money Movement as a Tool" and set "Maximum Amount per Item"',
			);
		});
	});

	describe('Refund > Create', () => {
		const refund = (guardrails: IDataObject) => ({
			resource: 'refund',
			operation: 'create',
			refundTransId: '={{ $json.reference }}',
			orderId: '={{ $json.order }}',
			amount: '={{ $json.amount }}',
			currency: 'EUR',
			guardrails,
		});

		it('an item over the maximum stops the batch: error names item 2, nothing refunded', async () => {
			const order = await paidOrder(sandbox, { captureMethod: 'AUTOMATIC' });
			const rows = ['1.00', '2.00', '2.01'].map((amount) => ({ reference: unique('refund'), order: order.order_id, amount }));
			await expectRefusedUnsent(runPayKka(sandbox, refund({ maximumAmountPerItem: '2' }), { items: rows }), 'Item 2: amount 2.01 exceeds Maximum Amount per Item 2.00');
			const { error, items } = await runPayKka(sandbox, refund({ maximumAmountPerItem: '2' }), { items: rows.slice(0, 2) });
			expect(error).toBeUndefined();
			expect(items.map((item) => item.json.amount)).toEqual([100, 200]);
		});

		it('as an AI tool: refused without a maximum, accepted with the opt-in and a maximum', async () => {
			const order = await paidOrder(sandbox, { captureMethod: 'AUTOMATIC' });
			jest.spyOn(ExecuteContext.prototype, 'isToolExecution').mockReturnValue(true);
			const rows = [{ reference: unique('refund'), order: order.order_id, amount: '3.00' }];
			await expectRefusedUnsent(
				runPayKka(sandbox, refund({ allowMoneyMovementAsTool: true }), { items: rows }),
				'Item 0: As an AI tool this operation moves money: turn on "Allow Money Movement as a Tool" and set "Maximum Amount per Item"',
			);
			const { error, items } = await runPayKka(sandbox, refund({ allowMoneyMovementAsTool: true, maximumAmountPerItem: '3.00' }), { items: rows });
			expect(error).toBeUndefined();
			expect(items[0].json).toMatchObject({ amount: 300, status: 'SUCCESS' });
		});
	});
});
