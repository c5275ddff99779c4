/**
 * Guardrails on Payout > Create, inside n8n-core's WorkflowExecute against the Pinddpay sandbox: a
 * refused item stops the whole batch before any request, at the maximum passes, payee e-mails match
 * in any letter case, and as an AI tool the payout is refused unless allowed with a maximum.
 */
import { ExecuteContext } from 'n8n-core';
import type { IDataObject } from 'n8n-workflow';

import { Pinddpay } from '../../nodes/Pinddpay/Pinddpay.node';
import type { NodeRunResult } from '../harness/workflow';
import { payoutParameters, runPinddpay, sandboxForThisFile, unique } from './fixture';

const sandbox = sandboxForThisFile({ initialBalances: { USD: '1000.00' } });
afterEach(() => jest.restoreAllMocks());

const payout = (guardrails: IDataObject) =>
	payoutParameters({ orderNo: '={{ $json.reference }}', amount: '={{ $json.amount }}', payoutAccount: '={{ $json.account }}', guardrails });

const row = (amount: string, account = 'payee@example.com'): IDataObject => ({ reference: unique('PAYOUT'), amount, account });

async function expectRefusedUnsent(running: Promise<NodeRunResult>, message: string) {
	const last = sandbox.requests.at(-1);
	const payouts = sandbox.payouts.size;
	const { error } = await running;
	expect(error?.name).toBe('NodeOperationError');
	expect(error?.message).toBe(message);
	expect(sandbox.requests.at(-1)).toBe(last);
	expect(sandbox.payouts.size).toBe(payouts);
}

describe('Pinddpay Payout > Create guardrails', () => {
	it('offers the Guardrails collection on the payout only, with payout accounts as destinations', () => {
		const guardrails = new Pinddpay().description.properties.filter((property) => property.name === 'guardrails');
		expect(guardrails.map((property) => property.displayOptions?.show)).toEqual([{ resource: ['payout'], operation: ['create'] }]);
		expect((guardrails[0].options as Array<{ name: string }>).map((option) => option.name)).toEqual([
			'allowMoneyMovementAsTool',
			'allowedDestinations',
			'maximumAmountPerItem',
		]);
	});

	it('an item over the maximum stops the batch: error names item 1, nothing sent', async () => {
		await expectRefusedUnsent(
			runPinddpay(sandbox, payout({ maximumAmountPerItem: '50' }), { items: [row('1.00'), row('50.01'), row('2.00')] }),
			'Item 1: amount 50.01 exceeds Maximum Amount per Item 50.00',
		);
	});

	it('a payout account outside Allowed Destinations stops the batch: error names item 1, nothing sent', async () => {
		await expectRefusedUnsent(
			runPinddpay(sandbox, payout({ allowedDestinations: 'payee@example.com\nsupplier@example.org' }), {
				items: [row('1.00'), row('1.00', 'attacker@example.net'), row('1.00', 'supplier@example.org')],
			}),
			'Item 1: destination "attacker@example.net" is not in Allowed Destinations',
		);
	});

	it('pays items at the maximum to allowed accounts; e-mail accounts match in any letter case', async () => {
		const before = sandbox.payouts.size;
		const { error, items } = await runPinddpay(sandbox, payout({ maximumAmountPerItem: '50.00', allowedDestinations: 'Payee@Example.com, supplier@example.org' }), {
			items: [row('50.00'), row('49.99', 'SUPPLIER@example.org')],
		});
		expect(error).toBeUndefined();
		expect(items).toHaveLength(2);
		expect(sandbox.payouts.size).toBe(before + 2);
		expect(sandbox.requests.at(-1)!.rawBody).toContain('"payoutAccount":"SUPPLIER@example.org"');
		expect(sandbox.requests.at(-1)!.rawBody).toContain('"amount":49.99');
	});

	it('accounts that are not e-mails must match exactly', async () => {
		await expectRefusedUnsent(
			runPinddpay(sandbox, payout({ allowedDestinations: 'acct-ABC' }), { items: [row('1.00', 'acct-abc')] }),
			'Item 0: destination "acct-abc" is not in Allowed Destinations',
		);
	});

	describe('as an AI agent tool', () => {
		const refusal = 'Item 0: As an AI tool this operation moves money: turn on "Allow Money Movement as a Tool" and set "Maximum Amount per Item"';

		it('is refused (isToolExecution) unless allowed with a maximum; accepted when both are set', async () => {
			jest.spyOn(ExecuteContext.prototype, 'isToolExecution').mockReturnValue(true);
			await expectRefusedUnsent(runPinddpay(sandbox, payout({}), { items: [row('1.00')] }), refusal);
			await expectRefusedUnsent(runPinddpay(sandbox, payout({ allowMoneyMovementAsTool: true }), { items: [row('1.00')] }), refusal);
			const before = sandbox.payouts.size;
			const { error } = await runPinddpay(sandbox, payout({ allowMoneyMovementAsTool: true, maximumAmountPerItem: '5' }), { items: [row('5.00')] });
			expect(error).toBeUndefined();
			expect(sandbox.payouts.size).toBe(before + 1);
		});

		it('is refused as n8n\'s tool wrapper node type (<name>Tool)', async () => {
			const tool = new Pinddpay();
			tool.description = { ...tool.description, name: `${tool.description.name}Tool` };
			const running = runPinddpay(sandbox, payout({}), { items: [row('1.00')], node: tool });
			await expectRefusedUnsent(running, refusal);
		});
	});
});
