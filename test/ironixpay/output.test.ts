/**
 * The Output option of the IronixPay node inside n8n-core's WorkflowExecute against the IronixPay
 * sandbox: Raw by default, Simplified as an AI tool, Selected Fields, and a bad Fields list stops
 * the batch before anything is sent.
 */
import { ExecuteContext } from 'n8n-core';
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { IronixPay } from '../../nodes/IronixPay/IronixPay.node';
import type { IronixPaySandbox } from '../../sandbox/ironixpay/server';
import { runIronixPay, startSandbox, unique } from './fixture';

const TRON_ADDRESS = 'TQFEyGNzHZAJmebJUvsoZvJghHm2yNhXAD';

let sandbox: IronixPaySandbox;

beforeAll(async () => {
	sandbox = await startSandbox({ initialBalance: '1000' });
});
afterAll(async () => await sandbox.close());
afterEach(() => jest.restoreAllMocks());

async function run(parameters: INodeParameters, items?: IDataObject[]) {
	return await runIronixPay(sandbox, parameters, { items });
}

async function json(parameters: INodeParameters): Promise<IDataObject[]> {
	const { error, items } = await run(parameters);
	expect(error).toBeUndefined();
	return items.map((item) => item.json);
}

const asTool = () => jest.spyOn(ExecuteContext.prototype, 'isToolExecution').mockReturnValue(true);

const session = (extra: IDataObject = {}): INodeParameters => ({
	resource: 'checkoutSession',
	operation: 'create',
	clientReferenceId: unique('order'),
	pricingAmount: '10.50',
	pricingCurrency: 'USDT',
	currency: 'USDT',
	network: 'TRON',
	...extra,
});

const SIMPLIFIED_SESSION = ['id', 'reference', 'status', 'normalizedStatus', 'amount', 'currency', 'created', 'url'];

describe('IronixPay Output', () => {
	it('is offered on every Create, Get and Get Many (not on Sub-Merchant Update)', () => {
		const outputs = new IronixPay().description.properties.filter((property) => property.name === 'output');
		expect(outputs.map((property) => `${property.displayOptions?.show?.resource}/${property.displayOptions?.show?.operation}`).sort()).toEqual([
			'checkoutSession/create',
			'checkoutSession/get',
			'checkoutSession/getAll',
			'payout/create',
			'payout/get',
			'payout/getAll',
			'subMerchant/create',
			'subMerchant/get',
			'subMerchant/getAll',
		]);
	});

	it('is Raw by default: the session as IronixPay returned it, plus normalizedStatus', async () => {
		const [created] = await json(session());
		expect(created).toMatchObject({ livemode: false, pay_address: expect.any(String), pricing: expect.any(Object), normalizedStatus: 'pending' });
	});

	it('as an AI tool, Create, Get and Get Many default to Simplified', async () => {
		asTool();
		const reference = unique('order');
		const [created] = await json(session({ clientReferenceId: reference }));
		expect(Object.keys(created)).toEqual(SIMPLIFIED_SESSION);
		expect(created).toMatchObject({ reference, status: 'Pending', normalizedStatus: 'pending', amount: '10.5', currency: 'USDT' });
		expect(created.url).toMatch(/^https?:\/\//);

		const [got] = await json({ resource: 'checkoutSession', operation: 'get', sessionId: created.id as string });
		expect(got).toEqual(created);

		const listed = await json({ resource: 'checkoutSession', operation: 'getAll', returnAll: true });
		expect(listed.length).toBeGreaterThan(1);
		for (const entry of listed) expect(Object.keys(entry).every((key) => SIMPLIFIED_SESSION.includes(key))).toBe(true);
		expect(listed).toContainEqual(created);
	});

	it('as an AI tool, an explicit Raw stays Raw', async () => {
		asTool();
		const [created] = await json(session({ output: 'raw' }));
		expect(created).toHaveProperty('pay_address');
	});

	it('Simplified on payouts and sub-merchants', async () => {
		const [payout] = await json({
			resource: 'payout',
			operation: 'create',
			reference: unique('po'),
			amount: '12.00',
			currency: 'USDT',
			network: 'TRON',
			toAddress: TRON_ADDRESS,
			output: 'simplified',
		});
		expect(payout).toEqual({
			id: expect.stringMatching(/^po_/),
			status: expect.any(String),
			normalizedStatus: expect.any(String),
			amount: '12',
			currency: 'USDT',
			created: expect.any(String),
		});
		const code = unique('shop');
		const [subMerchant] = await json({ resource: 'subMerchant', operation: 'create', subMerchantCode: code, displayName: 'Shop', output: 'simplified' });
		expect(subMerchant).toEqual({ id: expect.any(String), reference: code, status: 'active', created: expect.any(String), updated: expect.any(String) });
	});

	it('Selected Fields keeps only the named fields, with dot paths', async () => {
		const [created] = await json(session({ output: 'selected', fields: 'id, pricing.currency, missing.field' }));
		expect(created).toEqual({ id: expect.stringMatching(/^cs_/), pricing: { currency: 'USDT' } });
	});

	it('an empty Fields list stops the batch before any session is created', async () => {
		const last = sandbox.requests.at(-1);
		const { error } = await run(session({ output: 'selected', fields: '={{ $json.fields }}', clientReferenceId: '={{ $json.reference }}' }), [
			{ reference: unique('order'), fields: 'id' },
			{ reference: unique('order'), fields: '' },
		]);
		expect(error?.name).toBe('NodeOperationError');
		expect(error?.message).toBe('Fields: is empty; list the fields to output, or choose another Output (item 1)');
		expect(sandbox.requests.at(-1)).toBe(last);
	});
});
