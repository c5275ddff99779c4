/**
 * Guardrails on Payout > Create, inside n8n-core's WorkflowExecute against the Cashy sandbox: a
 * refused item stops the whole batch before any request (not even the exactly-once lookup), at the
 * maximum passes, and as an AI tool the payout is refused unless allowed with a maximum.
 */
import { ExecuteContext } from 'n8n-core';
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { Cashy } from '../../nodes/Cashy/Cashy.node';
import type { NodeRunResult } from '../harness/workflow';
import { cashyNodeFixture, PAYOUT, unique } from './fixture';

const cashy = cashyNodeFixture({ initialBalance: '100000000.00' });
afterEach(() => jest.restoreAllMocks());

const payout = (guardrails: IDataObject): INodeParameters => ({
	...PAYOUT,
	mchOrderNo: '={{ $json.reference }}',
	amount: '={{ $json.amount }}',
	bankId: { __rl: true, mode: 'list', value: '33', cachedResultName: 'NEQUI (2209)' },
	accountNo: '={{ $json.account }}',
	guardrails: guardrails as INodeParameters,
});

async function run(guardrails: IDataObject, items: IDataObject[], node = new Cashy()) {
	return await cashy.run(payout(guardrails), { items, node });
}

const row = (amount: string, account = '3023612345'): IDataObject => ({ reference: unique('po'), amount, account });

async function expectRefusedUnsent(running: Promise<NodeRunResult>, message: string) {
	const requests = cashy.sandbox.requests.length;
	const payouts = cashy.sandbox.payouts.size;
	const { error } = await running;
	expect(error?.name).toBe('NodeOperationError');
	expect(error?.message).toBe(message);
	expect(cashy.sandbox.requests.length).toBe(requests);
	expect(cashy.sandbox.payouts.size).toBe(payouts);
}

describe('Cashy Payout > Create guardrails', () => {
	it('offers the Guardrails collection on the payout only, with account numbers as destinations', () => {
		const guardrails = new Cashy().description.properties.filter((property) => property.name === 'guardrails');
		expect(guardrails.map((property) => property.displayOptions?.show)).toEqual([{ resource: ['payout'], operation: ['create'] }]);
		const options = guardrails[0].options as Array<{ name: string; description: string }>;
		expect(options.map((option) => option.name)).toEqual(['allowMoneyMovementAsTool', 'allowedDestinations', 'maximumAmountPerItem']);
		expect(options[1].description).toMatch(/account numbers/);
	});

	it('an item over the maximum stops the batch: error names item 2, nothing sent', async () => {
		await expectRefusedUnsent(
			run({ maximumAmountPerItem: '100000' }, [row('50000.00'), row('100000.00'), row('100000.01')]),
			'Item 2: amount 100000.01 exceeds Maximum Amount per Item 100000.00',
		);
	});

	it('an account outside Allowed Destinations stops the batch: error names item 1, nothing sent', async () => {
		await expectRefusedUnsent(
			run({ allowedDestinations: '3023612345, 3001112233' }, [row('50000.00'), row('50000.00', '3023612346'), row('50000.00', '3001112233')]),
			'Item 1: destination "3023612346" is not in Allowed Destinations',
		);
	});

	it('pays items at the maximum to allowed accounts', async () => {
		const before = cashy.sandbox.payouts.size;
		const { error, items } = await run({ maximumAmountPerItem: '100000.00', allowedDestinations: '3023612345\n3001112233' }, [
			row('100000'),
			row('99999.99', '3001112233'),
		]);
		expect(error).toBeUndefined();
		expect(items.map((item) => item.json.amount)).toEqual([100000, 99999.99]);
		expect(cashy.sandbox.payouts.size).toBe(before + 2);
		expect(cashy.sandbox.requests.at(-1)!.rawBody).toMatch(/"accountNo":"3001112233".*"amount":99999\.99,"bankId":33,/);
	});

	describe('as an AI agent tool', () => {
		const refusal = 'Item 0: As an AI tool this operation moves money: turn on "Allow Money Movement as a Tool" and set "Maximum Amount per Item"';

		it('is refused (isToolExecution) unless allowed with a maximum, and nothing is sent', async () => {
			jest.spyOn(ExecuteContext.prototype, 'isToolExecution').mockReturnValue(true);
			await expectRefusedUnsent(run({}, [row('50000.00')]), refusal);
			await expectRefusedUnsent(run({ allowMoneyMovementAsTool: true }, [row('50000.00')]), refusal);
		});

		it('is accepted when allowed with a maximum, which still applies', async () => {
			jest.spyOn(ExecuteContext.prototype, 'isToolExecution').mockReturnValue(true);
			const guardrails = { allowMoneyMovementAsTool: true, maximumAmountPerItem: '60000' };
			await expectRefusedUnsent(run(guardrails, [row('60000.01')]), 'Item 0: amount 60000.01 exceeds Maximum Amount per Item 60000.00');
			const before = cashy.sandbox.payouts.size;
			const { error, items } = await run(guardrails, [row('60000.00')]);
			expect(error).toBeUndefined();
			expect(items[0].json).toMatchObject({ amount: 60000, normalizedStatus: 'processing' });
			expect(cashy.sandbox.payouts.size).toBe(before + 1);
		});

		it('is refused as n8n\'s tool wrapper node type (<name>Tool)', async () => {
			const tool = new Cashy();
			tool.description = { ...tool.description, name: `${tool.description.name}Tool` };
			await expectRefusedUnsent(run({}, [row('50000.00')], tool), refusal);
		});
	});
});
