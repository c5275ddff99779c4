import {
	NodeApiError,
	NodeOperationError,
	type IDataObject,
	type IExecuteFunctions,
	type INode,
	type INodeExecutionData,
} from 'n8n-workflow';

import { routeOperations, type HandlersFor, type OperationHandler, type OperationTable, type ResourceTable } from '../../nodes/shared/router';

const node = { name: 'Gateway', type: 'test', typeVersion: 1, position: [0, 0], parameters: {} } as unknown as INode;

/** The parts of IExecuteFunctions the router uses, over plain items. */
function context(items: IDataObject[], options: { concurrency?: number; continueOnFail?: boolean } = {}) {
	return {
		getInputData: () => items.map((json) => ({ json })),
		getNodeParameter: (name: string, itemIndex: number, fallback?: unknown) => {
			if (name === 'resource') return 'payout';
			if (name === 'operation') return 'create';
			if (name === 'options.concurrency') return options.concurrency ?? fallback;
			return items[itemIndex][name] ?? fallback;
		},
		continueOnFail: () => options.continueOnFail ?? false,
		getNode: () => node,
		helpers: {
			returnJsonArray: (data: IDataObject | IDataObject[]) => (Array.isArray(data) ? data : [data]).map((json) => ({ json })),
			constructExecutionMetaData: (data: INodeExecutionData[], meta: { itemData: { item: number } }) =>
				data.map((entry) => ({ ...entry, pairedItem: meta.itemData })),
		},
	} as unknown as IExecuteFunctions;
}

/** A payout table whose sends are recorded; amount "bad" fails validation, "down" fails at the gateway. */
function payouts(sent: string[]): OperationTable {
	return {
		payout: {
			async create(this: IExecuteFunctions, itemIndex: number) {
				const amount = this.getNodeParameter('amount', itemIndex) as string;
				if (amount === 'bad') {
					throw new NodeOperationError(this.getNode(), `Amount of item ${itemIndex} is invalid`, { itemIndex });
				}
				return async () => {
					sent.push(`item ${itemIndex}`);
					if (amount === 'down') {
						throw new NodeApiError(this.getNode(), { code: 'E500' }, { message: 'gateway down', httpCode: '500' });
					}
					return { payoutId: `po_${itemIndex}`, amount };
				};
			},
		},
	};
}

describe('routeOperations', () => {
	it('validates every item before sending any', async () => {
		const sent: string[] = [];
		const run = routeOperations.call(context([{ amount: '1' }, { amount: '2' }, { amount: 'bad' }]), payouts(sent));
		await expect(run).rejects.toThrow('Amount of item 2 is invalid');
		expect(sent).toEqual([]);
	});

	it('with Continue On Fail, an invalid item becomes an error item and the others are sent', async () => {
		const sent: string[] = [];
		const [out] = await routeOperations.call(
			context([{ amount: '1' }, { amount: 'bad' }, { amount: '3' }], { continueOnFail: true }),
			payouts(sent),
		);
		expect(sent).toEqual(['item 0', 'item 2']);
		expect(out.map((entry) => entry.json.payoutId ?? entry.json.error)).toEqual(['po_0', 'Amount of item 1 is invalid', 'po_2']);
		expect(out.map((entry) => entry.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		// n8n's "Continue (using error output)" sends an item to the error output only when these are its only keys.
		expect(Object.keys(out[1].json).filter((key) => !['error', 'message', 'details'].includes(key))).toEqual([]);
	});

	it.each([1, 3])('on a failure while sending (Concurrency %i) names the items already sent with their ids', async (concurrency) => {
		const sent: string[] = [];
		const items = [{ amount: '1' }, { amount: '2' }, { amount: 'down' }, { amount: '4' }, { amount: '5' }];
		const error = await routeOperations
			.call(context(items, { concurrency }), payouts(sent), { idFields: ['payoutId'] })
			.catch((caught: NodeApiError) => caught);
		expect(error).toBeInstanceOf(NodeApiError);
		expect((error as NodeApiError).context.itemIndex).toBe(2);
		expect((error as NodeApiError).description).toContain('item 0 (payoutId po_0); item 1 (payoutId po_1)');
		// Started items finish; with Concurrency 1 nothing after the failure starts.
		if (concurrency === 1) expect(sent).toEqual(['item 0', 'item 1', 'item 2']);
		for (const itemIndex of sent.map((label) => Number(label.slice(5))).filter((index) => index !== 2)) {
			expect((error as NodeApiError).description).toContain(`item ${itemIndex} (payoutId po_${itemIndex})`);
		}
	});

	it('says nothing about sent items when the first one fails', async () => {
		const error = (await routeOperations
			.call(context([{ amount: 'down' }, { amount: '2' }]), payouts([]), { idFields: ['payoutId'] })
			.catch((caught: NodeApiError) => caught)) as NodeApiError;
		expect(error.description ?? '').not.toContain('Already sent');
	});
});

describe('typed operation tables (checked by `npm run typecheck`)', () => {
	type OPERATIONS = readonly [{ name: 'Create'; value: 'create' }, { name: 'Get'; value: 'get' }];
	const handler: OperationHandler = async () => async () => ({});

	test('a table with exactly the listed operations compiles', () => {
		const table: HandlersFor<OPERATIONS> = { create: handler, get: handler };
		expect(Object.keys(table)).toEqual(['create', 'get']);
	});

	test('a missing handler or a handler for an unlisted operation does not compile', () => {
		// @ts-expect-error "get" is listed but has no handler
		const missing: HandlersFor<OPERATIONS> = { create: handler };
		// @ts-expect-error "query" is not listed
		const extra: HandlersFor<OPERATIONS> = { create: handler, get: handler, query: handler };
		type RESOURCES = readonly [{ name: 'Payout'; value: 'payout' }];
		// @ts-expect-error the resource "payIn" is not listed
		const resources: ResourceTable<RESOURCES> = { payout: { create: handler }, payIn: { get: handler } };
		expect([missing, extra, resources]).toHaveLength(3);
	});
});
