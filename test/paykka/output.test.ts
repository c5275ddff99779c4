/**
 * The Output option of the PayKKa node inside n8n-core's WorkflowExecute against the PayKKa sandbox:
 * Raw by default, Simplified as an AI tool (PayKKa's ids as id, the merchant's numbers as
 * reference), Selected Fields, and a bad Fields list stops the batch before anything is sent.
 */
import { ExecuteContext } from 'n8n-core';
import type { IDataObject } from 'n8n-workflow';

import { PayKka } from '../../nodes/PayKka/PayKka.node';
import { startPayKkaSandbox, type PayKkaSandbox } from '../../sandbox/paykka/server';
import { completeSession, runPayKka, sessionParameters, unique } from './fixture';

let sandbox: PayKkaSandbox;

beforeAll(async () => {
	sandbox = await startPayKkaSandbox({ timeScale: 0.00001, maxWebhookAttempts: 1 });
});
afterAll(async () => await sandbox.close());
afterEach(() => jest.restoreAllMocks());

async function json(parameters: Record<string, unknown>): Promise<IDataObject> {
	const { error, items } = await runPayKka(sandbox, parameters);
	expect(error).toBeUndefined();
	expect(items).toHaveLength(1);
	return items[0].json;
}

const session = sessionParameters;

const asTool = () => jest.spyOn(ExecuteContext.prototype, 'isToolExecution').mockReturnValue(true);

describe('PayKKa Output', () => {
	it('is offered on Create and Get of sessions, payments and refunds only', () => {
		const outputs = new PayKka().description.properties.filter((property) => property.name === 'output');
		expect(outputs.map((property) => `${property.displayOptions?.show?.resource}/${property.displayOptions?.show?.operation}`).sort()).toEqual([
			'checkoutSession/create',
			'checkoutSession/get',
			'payment/create',
			'payment/get',
			'refund/create',
			'refund/get',
		]);
	});

	it('is Raw by default', async () => {
		const created = await json(session());
		expect(created).toMatchObject({ merchant_id: sandbox.merchantId, session_id: expect.any(String), session_url: expect.any(String) });
	});

	it('as an AI tool, sessions, payments and refunds default to Simplified (amounts in minor units, as PayKKa gives them)', async () => {
		const transId = unique('order');
		const raw = await json(session({ transId }));
		const { json: order } = await completeSession(sandbox, raw.session_id as string);

		asTool();
		const created = await json(session({ transId }));
		expect(created).toEqual({
			id: raw.session_id,
			reference: transId,
			status: expect.any(String),
			normalizedStatus: expect.any(String),
			amount: 1250,
			currency: 'EUR',
			url: raw.session_url,
		});

		const payment = await json({ resource: 'payment', operation: 'get', lookupBy: 'transId', lookupValue: transId });
		expect(order.order_id).toMatch(/^GW/);
		expect(payment).toMatchObject({ id: order.order_id, reference: transId, status: 'SUCCESS', normalizedStatus: 'paid', amount: 1250, currency: 'EUR' });
		expect(payment).not.toHaveProperty('balances');

		const refundTransId = unique('refund');
		const refund = await json({
			resource: 'refund',
			operation: 'create',
			refundTransId,
			orderId: order.order_id,
			amount: '1.00',
			currency: 'EUR',
			guardrails: { allowMoneyMovementAsTool: true, maximumAmountPerItem: '5.00' },
		});
		expect(refund).toMatchObject({ id: expect.any(String), reference: refundTransId, amount: 100, currency: 'EUR', normalizedStatus: expect.any(String) });
		const got = await json({ resource: 'refund', operation: 'get', lookupBy: 'refundTransId', lookupValue: refundTransId });
		expect(got).toMatchObject({ id: refund.id, reference: refundTransId, amount: 100 });
	});

	it('Selected Fields keeps nested fields of a payment', async () => {
		const transId = unique('order');
		const raw = await json(session({ transId }));
		await completeSession(sandbox, raw.session_id as string);
		const selected = await json({ resource: 'payment', operation: 'get', lookupBy: 'transId', lookupValue: transId, output: 'selected', fields: 'status, balances.captured_amount, card_info.nope' });
		expect(selected).toEqual({ status: 'SUCCESS', balances: { captured_amount: 1250 } });
	});

	it('an empty Fields list stops the batch before any session is created', async () => {
		const last = sandbox.requests.at(-1);
		const { error } = await runPayKka(sandbox, session({ output: 'selected', fields: '={{ $json.fields }}', transId: '={{ $json.reference }}' }), {
			items: [
				{ reference: unique('order'), fields: 'session_id' },
				{ reference: unique('order'), fields: ' ' },
			],
		});
		expect(error?.name).toBe('NodeOperationError');
		expect(error?.message).toBe('Fields: is empty; list the fields to output, or choose another Output (item 1)');
		expect(sandbox.requests.at(-1)).toBe(last);
	});
});
