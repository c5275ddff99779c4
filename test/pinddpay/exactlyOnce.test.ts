/**
 * Pinddpay documents no idempotency key and no lookup by merchant reference, so its writes are
 * sent once and never resent; the errors say what the user can check. Batches are validated whole
 * before anything is sent (nodes/shared/router.ts).
 */
import type { IDataObject } from 'n8n-workflow';

import { Pinddpay } from '../../nodes/Pinddpay/Pinddpay.node';
import { orderSessionParameters, payoutParameters, runPinddpay, sandboxForThisFile, unique } from './fixture';

const sandbox = sandboxForThisFile({ initialBalances: { USD: '10.00' } });

afterEach(async () => await fetch(`${sandbox.url}/_sandbox/faults`, { method: 'DELETE' }));

async function fault(body: IDataObject): Promise<void> {
	const response = await fetch(`${sandbox.url}/_sandbox/faults`, {
		method: 'POST',
		headers: { 'Content-Type': 'application/json' },
		body: JSON.stringify(body),
	});
	expect(response.status).toBe(201);
}

const sent = (path: string) => sandbox.requests.filter((request) => request.path === path).length;

describe('Create Payout: sent once, never resent', () => {
	it('after a lost answer: one request, the payout committed, and an error saying it may exist and how to check', async () => {
		const orderNo = unique('LOST');
		await fault({ method: 'POST', path: '/api/payout/create', kind: 'drop_after_commit', times: 1 });
		const before = sent('/api/payout/create');
		const { error } = await runPinddpay(sandbox, payoutParameters({ orderNo }));
		expect(sent('/api/payout/create') - before).toBe(1);
		expect([...sandbox.payouts.values()].filter((payout) => payout.orderNo === orderNo)).toHaveLength(1);
		const details = error as unknown as { name: string; description: string };
		expect(details.name).toBe('NodeApiError');
		expect(details.description).toContain('Pinddpay may have made this payout');
		expect(details.description).toContain(`"${orderNo}"`);
		expect(details.description).toContain('no way to look a payout up by its order number');
		expect(details.description).not.toContain('Query it by your order number');
	});

	it('after HTTP 500: one request, the same unknown-outcome error', async () => {
		await fault({ method: 'POST', path: '/api/payout/create', kind: 'status', status: 500, times: 1 });
		const before = sent('/api/payout/create');
		const { error } = await runPinddpay(sandbox, payoutParameters({ orderNo: unique('E500') }));
		expect(sent('/api/payout/create') - before).toBe(1);
		expect((error as unknown as { description: string }).description).toContain('Pinddpay may have made this payout');
	});

	it('a definite refusal (insufficient balance) is reported as Pinddpay said it, without the unknown-outcome text', async () => {
		const { error } = await runPinddpay(sandbox, payoutParameters({ orderNo: unique('BIG'), amount: '999.00' }));
		const details = error as unknown as { message: string; description?: string };
		expect(details.message).toContain('Insufficient balance');
		expect(details.description ?? '').not.toContain('may have made this payout');
	});

	it('refuses to run with Retry On Fail, before anything is sent', async () => {
		const before = sandbox.requests.length;
		const { error } = await runPinddpay(sandbox, payoutParameters({ orderNo: unique('RETRY') }), { retryOnFail: true });
		const details = error as unknown as { name: string; message: string; description: string };
		expect(details.name).toBe('NodeOperationError');
		expect(details.message).toContain('Retry On Fail');
		expect(details.description).toContain('Nothing was sent');
		expect(sandbox.requests.length).toBe(before);
	});

	it('says so in the operation description', () => {
		const texts = JSON.stringify(new Pinddpay().description.properties);
		expect(texts).toContain('Sent once, never resent: Pinddpay documents no idempotency key and no way to look a payout up by its order number');
	});
});

describe('Pay-in creates: sent once, never resent', () => {
	it.each(['createOrderSession', 'createTransaction'])('%s after a lost answer: one request and an error naming the merchant order ID', async (operation) => {
		const path = operation === 'createOrderSession' ? '/api/gateway/createsession' : '/api/gateway/authorization';
		const orderId = unique('ORD');
		await fault({ method: 'POST', path, kind: 'drop_after_commit', times: 1 });
		const before = sent(path);
		const { error } = await runPinddpay(sandbox, { ...orderSessionParameters({ orderId }), operation });
		expect(sent(path) - before).toBe(1);
		const description = (error as unknown as { description: string }).description;
		expect(description).toContain('Pinddpay may have created this order');
		expect(description).toContain(`merchantOrderNo "${orderId}"`);
	});
});

describe('Batches (router contract)', () => {
	it('validates every item before sending any: an invalid third item stops the batch with nothing sent', async () => {
		const before = sandbox.requests.length;
		const { error } = await runPinddpay(sandbox, payoutParameters({ orderNo: '={{ $json.no }}', amount: '={{ $json.amount }}' }), {
			items: [
				{ no: unique('B'), amount: '0.10' },
				{ no: unique('B'), amount: '0.10' },
				{ no: unique('B'), amount: 'ten' },
			],
		});
		const details = error as unknown as { name: string; message: string };
		expect(details.name).toBe('NodeOperationError');
		expect(details.message).toContain('Amount:');
		expect(details.message).toContain('(item 2)');
		expect(sandbox.requests.length).toBe(before);
	});

	it('a failure while sending names the items already sent with their Pinddpay payout ids', async () => {
		const numbers = [unique('S'), unique('S')];
		const { error } = await runPinddpay(sandbox, payoutParameters({ orderNo: '={{ $json.no }}', amount: '={{ $json.amount }}' }), {
			items: [
				{ no: numbers[0], amount: '0.20' },
				{ no: numbers[1], amount: '500.00' },
			],
		});
		const first = [...sandbox.payouts.values()].find((payout) => payout.orderNo === numbers[0])!;
		const description = (error as unknown as { description: string }).description;
		expect(description).toContain(`item 0 (id ${first.id})`);
		expect([...sandbox.payouts.values()].some((payout) => payout.orderNo === numbers[1])).toBe(false);
	});
});
