/**
 * The Output option of the Pinddpay node inside n8n-core's WorkflowExecute against the Pinddpay
 * sandbox: Raw by default, Simplified as an AI tool, Selected Fields, and a bad Fields list stops
 * the batch before anything is sent.
 */
import { ExecuteContext } from 'n8n-core';
import type { IDataObject } from 'n8n-workflow';

import { Pinddpay } from '../../nodes/Pinddpay/Pinddpay.node';
import { orderSessionParameters, payoutParameters, runPinddpay, sandboxForThisFile, unique } from './fixture';

const sandbox = sandboxForThisFile({ initialBalances: { USD: '100.00' } });
afterEach(() => jest.restoreAllMocks());

async function json(parameters: IDataObject): Promise<IDataObject> {
	const { error, items } = await runPinddpay(sandbox, parameters);
	expect(error).toBeUndefined();
	expect(items).toHaveLength(1);
	return items[0].json;
}

const transaction = (orderId: string, extra: IDataObject = {}) => orderSessionParameters({ operation: 'createTransaction', orderId, ...extra });

describe('Pinddpay Output', () => {
	it('is offered on the pay-in creates, Get Transaction and Payout Create (not on Get Balance or Cancel)', () => {
		const outputs = new Pinddpay().description.properties.filter((property) => property.name === 'output');
		expect(outputs.map((property) => `${property.displayOptions?.show?.resource}/${property.displayOptions?.show?.operation}`).sort()).toEqual([
			'payIn/createOrderSession',
			'payIn/createTransaction',
			'payIn/getTransaction',
			'payout/create',
		]);
	});

	it('is Raw by default', async () => {
		const session = await json(orderSessionParameters({ orderId: unique('ORDER') }));
		expect(session).toMatchObject({ session: expect.any(String), orderId: expect.any(String), checkoutUrl: expect.any(String) });
	});

	it('as an AI tool, the creates and Get Transaction default to Simplified', async () => {
		jest.spyOn(ExecuteContext.prototype, 'isToolExecution').mockReturnValue(true);
		const sessionOrder = unique('ORDER');
		const session = await json(orderSessionParameters({ orderId: sessionOrder }));
		expect(session).toEqual({ id: expect.any(String), reference: sessionOrder, url: expect.stringContaining('/app/v2/checkout?token=') });

		const orderId = unique('ORDER');
		const created = await json(transaction(orderId));
		expect(created).toEqual({ id: expect.any(String), reference: orderId, url: expect.any(String) });

		await fetch(`${sandbox.url}/_sandbox/orders/${sandbox.orders.get(created.id as string)!.id}/pay`, { method: 'POST' });
		const got = await json({ resource: 'payIn', operation: 'getTransaction', id: created.id });
		expect(got).toMatchObject({ id: created.id, reference: orderId, status: 'paid', normalizedStatus: 'paid', amount: 1.99, currency: 'USD', created: expect.any(String) });
		expect(got).not.toHaveProperty('transaction');
	});

	it('Simplified payout, and Selected Fields on Get Transaction', async () => {
		const orderNo = unique('PO');
		const payout = await json(payoutParameters({ orderNo, output: 'simplified' }));
		expect(payout).toMatchObject({ id: expect.any(String), reference: orderNo, status: expect.any(String), normalizedStatus: expect.any(String), amount: 1.99, currency: 'USD' });
		expect(payout).not.toHaveProperty('payoutAccount');

		const created = await json(transaction(unique('ORDER')));
		const selected = await json({ resource: 'payIn', operation: 'getTransaction', id: created.id, output: 'selected', fields: 'merchantOrderNo\nstatusEn' });
		expect(selected).toEqual({ merchantOrderNo: created.merchantOrderNo, statusEn: expect.any(String) });
	});

	it('an empty Fields list stops a payout batch before anything is sent', async () => {
		const payouts = sandbox.payouts.size;
		const last = sandbox.requests.at(-1);
		const { error } = await runPinddpay(sandbox, payoutParameters({ orderNo: '={{ $json.orderNo }}', output: 'selected', fields: '={{ $json.fields }}' }), {
			items: [
				{ orderNo: unique('PO'), fields: 'id' },
				{ orderNo: unique('PO'), fields: '' },
			],
		});
		expect(error?.name).toBe('NodeOperationError');
		expect(error?.message).toBe('Fields: is empty; list the fields to output, or choose another Output (item 1)');
		expect(sandbox.requests.at(-1)).toBe(last);
		expect(sandbox.payouts.size).toBe(payouts);
	});
});
