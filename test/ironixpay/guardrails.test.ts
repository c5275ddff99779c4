/**
 * Guardrails on Payout > Create, inside n8n-core's WorkflowExecute against the IronixPay sandbox:
 * a refused item stops the whole batch before any request, at the maximum passes, and as an AI tool
 * the payout is refused unless allowed with a maximum.
 */
import { ExecuteContext } from 'n8n-core';
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { IronixPay } from '../../nodes/IronixPay/IronixPay.node';
import type { IronixPaySandbox } from '../../sandbox/ironixpay/server';
import type { NodeRunResult } from '../harness/workflow';
import { runIronixPay, startSandbox, unique } from './fixture';

const ALLOWED = 'TQFEyGNzHZAJmebJUvsoZvJghHm2yNhXAD';
const OTHER = 'TJRabPrwbZy45sbavfcjinPJC18kjpRTv8';
const EVM = '0x52908400098527886E0F7030069857D2E4169EE7';

let sandbox: IronixPaySandbox;

beforeAll(async () => {
	sandbox = await startSandbox({ initialBalance: '1000' });
});
afterAll(async () => await sandbox.close());
afterEach(() => jest.restoreAllMocks());

/** Each item brings its own reference, amount and address, as a batch from a sheet would. */
const payout = (guardrails: IDataObject): INodeParameters => ({
	resource: 'payout',
	operation: 'create',
	reference: '={{ $json.reference }}',
	amount: '={{ $json.amount }}',
	currency: 'USDT',
	network: '={{ $json.network ?? "TRON" }}',
	toAddress: '={{ $json.to }}',
	guardrails: guardrails as INodeParameters,
});

async function run(guardrails: IDataObject, items: IDataObject[], node = new IronixPay()) {
	return await runIronixPay(sandbox, payout(guardrails), { items, node });
}

const row = (amount: string, to = ALLOWED, extra: IDataObject = {}): IDataObject => ({ reference: unique('po'), amount, to, ...extra });

/** Runs and expects a NodeOperationError with `message` and no request at the gateway. */
async function expectRefusedUnsent(run: Promise<NodeRunResult>, message: string | RegExp) {
	const last = sandbox.requests.at(-1);
	const payouts = sandbox.payouts.size;
	const { error } = await run;
	expect(error?.name).toBe('NodeOperationError');
	if (typeof message === 'string') expect(error?.message).toBe(message);
	else expect(error?.message).toMatch(message);
	expect(sandbox.requests.at(-1)).toBe(last);
	expect(sandbox.payouts.size).toBe(payouts);
	return error!;
}

describe('IronixPay Payout > Create guardrails', () => {
	it('offers the Guardrails collection with Allowed Destinations on the payout only', () => {
		const guardrails = new IronixPay().description.properties.filter((property) => property.name === 'guardrails');
		expect(guardrails.map((property) => property.displayOptions?.show)).toEqual([{ resource: ['payout'], operation: ['create'] }]);
		expect((guardrails[0].options as Array<{ name: string }>).map((option) => option.name)).toEqual([
			'allowMoneyMovementAsTool',
			'allowedDestinations',
			'maximumAmountPerItem',
		]);
	});

	it('an item over the maximum stops the batch: error names item 1, nothing sent', async () => {
		const error = await expectRefusedUnsent(
			run({ maximumAmountPerItem: '500.00' }, [row('10.00'), row('750.00'), row('20.00')]),
			'Item 1: amount 750.00 exceeds Maximum Amount per Item 500.00',
		);
		expect(error.description).toMatch(/Nothing was sent/);
	});

	it('a destination outside Allowed Destinations stops the batch: error names item 2, nothing sent', async () => {
		await expectRefusedUnsent(
			run({ allowedDestinations: `${ALLOWED}\n${EVM}` }, [row('10.00'), row('10.00'), row('10.00', OTHER)]),
			`Item 2: destination "${OTHER}" is not in Allowed Destinations`,
		);
		// TRON is Base58: another letter case is another address.
		const otherCase = `T${ALLOWED.slice(1).toLowerCase()}`;
		await expectRefusedUnsent(run({ allowedDestinations: otherCase }, [row('10.00')]), `Item 0: destination "${ALLOWED}" is not in Allowed Destinations`);
	});

	it('a guardrail whose expression resolves to nothing stops the batch instead of lifting the limit', async () => {
		await expectRefusedUnsent(
			run({ maximumAmountPerItem: '={{ $json.limit }}' }, [row('10.00')]),
			'Maximum Amount per Item: is empty; enter a maximum or remove the guardrail (item 0)',
		);
		await expectRefusedUnsent(
			run({ maximumAmountPerItem: '' }, [row('10.00')]),
			'Maximum Amount per Item: is empty; enter a maximum or remove the guardrail (item 0)',
		);
		await expectRefusedUnsent(
			run({ allowedDestinations: '={{ $json.payees }}' }, [row('10.00')]),
			'Allowed Destinations: is empty; list at least one destination or remove the guardrail (item 0)',
		);
	});

	it('pays items at the maximum to an allowed destination', async () => {
		const before = sandbox.payouts.size;
		const { error, items } = await run({ maximumAmountPerItem: '10', allowedDestinations: `${EVM}, ${ALLOWED}` }, [row('10.00'), row('9.99')]);
		expect(error).toBeUndefined();
		expect(items.map((item) => item.json.amount)).toEqual(['10', '9.99']);
		expect(sandbox.payouts.size).toBe(before + 2);
		expect(JSON.parse(sandbox.requests.at(-1)!.rawBody as string)).toMatchObject({ amount: '9.99', to_address: ALLOWED });
	});

	it('an EVM address matches the list in any letter case (EIP-55 checksum only)', async () => {
		// The sandbox pays out on TRON only, so an allowed EVM payout is refused by IronixPay, not by the guardrail.
		const { error } = await run({ allowedDestinations: EVM.toLowerCase() }, [row('10.00', EVM, { network: 'ETHEREUM' })]);
		expect(error?.name).toBe('NodeApiError');
		expect(JSON.parse(sandbox.requests.at(-1)!.rawBody as string)).toMatchObject({ to_address: EVM, network: 'ETHEREUM' });
	});

	describe('as an AI agent tool', () => {
		const refusal = 'Item 0: As an AI tool this operation moves money: turn on "Allow Money Movement as a Tool" and set "Maximum Amount per Item"';

		it('is refused (isToolExecution) unless allowed with a maximum, and nothing is sent', async () => {
			jest.spyOn(ExecuteContext.prototype, 'isToolExecution').mockReturnValue(true);
			await expectRefusedUnsent(run({}, [row('10.00')]), refusal);
			await expectRefusedUnsent(run({ allowMoneyMovementAsTool: true }, [row('10.00')]), refusal);
			await expectRefusedUnsent(run({ maximumAmountPerItem: '50' }, [row('10.00')]), refusal);
		});

		it('is accepted when allowed with a maximum, which still applies', async () => {
			jest.spyOn(ExecuteContext.prototype, 'isToolExecution').mockReturnValue(true);
			const guardrails = { allowMoneyMovementAsTool: true, maximumAmountPerItem: '50' };
			await expectRefusedUnsent(run(guardrails, [row('50.01')]), 'Item 0: amount 50.01 exceeds Maximum Amount per Item 50.00');
			const before = sandbox.payouts.size;
			const { error, items } = await run(guardrails, [row('50.00')]);
			expect(error).toBeUndefined();
			// As a tool the output is Simplified (no to_address); the destination is checked on the wire.
			expect(items[0].json).toMatchObject({ amount: '50', normalizedStatus: expect.any(String) });
			expect(JSON.parse(sandbox.requests.at(-1)!.rawBody as string)).toMatchObject({ amount: '50.00', to_address: ALLOWED });
			expect(sandbox.payouts.size).toBe(before + 1);
		});

		it('refuses a maximum the agent would fill in itself ($fromAI)', async () => {
			jest.spyOn(ExecuteContext.prototype, 'isToolExecution').mockReturnValue(true);
			await expectRefusedUnsent(
				run({ allowMoneyMovementAsTool: true, maximumAmountPerItem: "={{ $fromAI('maximum', 'the maximum', 'string') }}" }, [row('10.00')]),
				'Item 0: Guardrails must not come from the AI agent ($fromAI)',
			);
		});

		it('is refused as n8n\'s tool wrapper node type (<name>Tool), whatever isToolExecution says', async () => {
			const tool = new IronixPay();
			tool.description = { ...tool.description, name: `${tool.description.name}Tool` };
			await expectRefusedUnsent(run({}, [row('10.00')], tool), refusal);
		});
	});
});
