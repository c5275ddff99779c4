/**
 * The Output option of the Cashy node inside n8n-core's WorkflowExecute against the Cashy sandbox:
 * Raw by default, Simplified as an AI tool (COP named although Cashy's answers do not), Selected
 * Fields, and a bad Fields list stops the batch before anything is sent.
 */
import { ExecuteContext } from 'n8n-core';
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { Cashy } from '../../nodes/Cashy/Cashy.node';
import { CASHY_TEST_MERCHANT_ID } from '../../sandbox/cashy/server';
import { cashyNodeFixture, PAYOUT, PSE_PAYIN, unique } from './fixture';

const cashy = cashyNodeFixture({ initialBalance: '1000000.00' });
const { run } = cashy;
afterEach(() => jest.restoreAllMocks());

const payIn = (extra: IDataObject = {}): INodeParameters => ({ ...PSE_PAYIN, mchOrderNo: unique('pse'), ...extra });
const payout = (extra: IDataObject = {}): INodeParameters => ({ ...PAYOUT, mchOrderNo: unique('po'), ...extra });

async function json(parameters: INodeParameters): Promise<IDataObject> {
	const { error, items } = await run(parameters);
	expect(error).toBeUndefined();
	expect(items).toHaveLength(1);
	return items[0].json;
}

describe('Cashy Output', () => {
	it('is offered on Pay-In and Payout Create and Query (not on Balance or Bank List)', () => {
		const outputs = new Cashy().description.properties.filter((property) => property.name === 'output');
		expect(outputs.map((property) => `${property.displayOptions?.show?.resource}/${property.displayOptions?.show?.operation}`).sort()).toEqual([
			'payIn/create',
			'payIn/get',
			'payout/create',
			'payout/get',
		]);
	});

	it('is Raw by default', async () => {
		const created = await json(payIn());
		expect(created).toMatchObject({ merchantId: CASHY_TEST_MERCHANT_ID, payUrl: expect.any(String), orderNo: expect.any(String) });
		expect(created).not.toHaveProperty('reference');
	});

	it('as an AI tool, Create and Query default to Simplified', async () => {
		jest.spyOn(ExecuteContext.prototype, 'isToolExecution').mockReturnValue(true);
		const mchOrderNo = unique('pse');
		const created = await json(payIn({ mchOrderNo }));
		expect(created).toEqual({ id: expect.stringMatching(/^PAYIN/), reference: mchOrderNo, amount: 30000, currency: 'COP', url: expect.any(String) });

		const queried = await json({ resource: 'payIn', operation: 'get', orderNo: created.id as string });
		expect(queried).toMatchObject({ id: created.id, reference: mchOrderNo, status: expect.any(String), normalizedStatus: 'pending', currency: 'COP' });
		expect(Object.keys(queried).every((key) => ['id', 'reference', 'status', 'normalizedStatus', 'amount', 'currency', 'updated', 'url'].includes(key))).toBe(true);
	});

	it('Simplified payout, and Selected Fields on its Query', async () => {
		const mchOrderNo = unique('po');
		const created = await json(payout({ mchOrderNo, output: 'simplified' }));
		expect(created).toMatchObject({ id: expect.stringMatching(/^PAYOUT/), reference: mchOrderNo, status: expect.any(String), amount: 50000, currency: 'COP' });
		expect(created).not.toHaveProperty('fee');

		const selected = await json({ resource: 'payout', operation: 'get', mchOrderNo, output: 'selected', fields: 'orderNo,orderStatus,nothing' });
		expect(selected).toEqual({ orderNo: created.id, orderStatus: created.status });
	});

	it('a malformed Fields entry stops a payout batch before anything is sent', async () => {
		const before = cashy.sandbox.requests.length;
		const last = cashy.sandbox.requests.at(-1);
		const { error } = await run(payout({ mchOrderNo: '={{ $json.number }}', output: 'selected', fields: '={{ $json.fields }}' }), {
			items: [
				{ number: unique('po'), fields: 'orderNo' },
				{ number: unique('po'), fields: 'orderNo, .amount' },
			],
		});
		expect(error?.name).toBe('NodeOperationError');
		expect(error?.message).toBe('Fields: ".amount" is not a field path (names separated by dots, e.g. pricing.amount) (item 1)');
		expect(cashy.sandbox.requests.length).toBe(before);
		expect(cashy.sandbox.requests.at(-1)).toBe(last);
	});
});
