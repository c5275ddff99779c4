import { NodeApiError, type INode } from 'n8n-workflow';

import { createExactlyOnce } from '../../nodes/shared/exactlyOnce';
import { gatewayError } from '../../nodes/shared/transport';

const node = { name: 'Gateway', type: 'test', typeVersion: 1, position: [0, 0], parameters: {} } as unknown as INode;
const context = { getNode: () => node } as Parameters<typeof gatewayError>[0];

/** A gateway holding orders by merchant reference; `commitThenFail` makes the next creates commit and then fail. */
function gateway() {
	const orders = new Map<string, { id: string }>();
	const calls = { find: 0, create: 0 };
	let plan: Array<'ok' | 'commit-then-500' | '500' | 'refuse'> = [];
	return {
		orders,
		calls,
		plan: (steps: typeof plan) => (plan = steps),
		write: (reference: string) => ({
			find: async () => {
				calls.find++;
				return orders.get(reference);
			},
			create: async () => {
				calls.create++;
				const step = plan.shift() ?? 'ok';
				if (step === 'refuse') {
					throw gatewayError(context, 'Gateway', { httpCode: 200, code: '4001', message: 'balance too low', body: {}, retrySafe: false });
				}
				if (step !== '500') orders.set(reference, { id: `id_${reference}` });
				if (step !== 'ok') {
					throw gatewayError(context, 'Gateway', { httpCode: 500, code: 'http_500', message: 'boom', body: {}, retrySafe: false });
				}
				return orders.get(reference)!;
			},
		}),
	};
}

describe('createExactlyOnce', () => {
	it('creates once, and a re-run returns the existing object without sending', async () => {
		const g = gateway();
		expect(await createExactlyOnce(g.write('A'))).toEqual({ id: 'id_A' });
		expect(await createExactlyOnce(g.write('A'))).toEqual({ id: 'id_A' });
		expect(g.calls).toEqual({ find: 2, create: 1 });
	});

	it('a write committed but answered 500 is found, not sent again', async () => {
		const g = gateway();
		g.plan(['commit-then-500']);
		expect(await createExactlyOnce(g.write('B'))).toEqual({ id: 'id_B' });
		expect(g.calls).toEqual({ find: 2, create: 1 });
		expect(g.orders.size).toBe(1);
	});

	it('a 500 that left nothing is sent again, up to maxCreates', async () => {
		const g = gateway();
		g.plan(['500', 'ok']);
		expect(await createExactlyOnce(g.write('C'))).toEqual({ id: 'id_C' });
		expect(g.calls).toEqual({ find: 2, create: 2 });

		const h = gateway();
		h.plan(['500', '500', '500', '500']);
		const error = (await createExactlyOnce(h.write('D'), { maxCreates: 3, lookedUpBy: 'order "D"' }).catch((e: unknown) => e)) as NodeApiError;
		expect(error).toBeInstanceOf(NodeApiError);
		expect(h.calls).toEqual({ find: 4, create: 3 });
		expect(error.description).toContain('Sent 3 time(s)');
		expect(error.description).toContain('by order "D"');
	});

	it('a refusal is not resent', async () => {
		const g = gateway();
		g.plan(['refuse']);
		await expect(createExactlyOnce(g.write('E'))).rejects.toThrow('balance too low');
		expect(g.calls).toEqual({ find: 2, create: 1 });
	});

	it('when the lookup cannot tell, nothing is sent', async () => {
		let creates = 0;
		const write = {
			find: async () => {
				throw new Error('lookup down');
			},
			create: async () => {
				creates++;
				return {};
			},
		};
		await expect(createExactlyOnce(write)).rejects.toThrow('lookup down');
		expect(creates).toBe(0);
	});
});
