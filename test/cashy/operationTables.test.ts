/** The Cashy node's resource and operation lists and its handler tables are one: a mismatch fails `npm run typecheck`. */
import { Cashy } from '../../nodes/Cashy/Cashy.node';
import * as payIn from '../../nodes/Cashy/actions/payIn/PayIn.resource';
import * as payout from '../../nodes/Cashy/actions/payout/Payout.resource';
import { RESOURCES } from '../../nodes/Cashy/actions/router';
import type { HandlersFor, ResourceTable } from '../../nodes/shared/router';

describe('Cashy operation tables', () => {
	it('offers exactly the resources and operations it has handlers for', () => {
		const resource = new Cashy().description.properties.find((property) => property.name === 'resource');
		expect(resource?.options).toEqual([...RESOURCES]);
		expect(Object.keys(payout.operations)).toEqual(payout.OPERATIONS.map((operation) => operation.value));
		expect(Object.keys(payIn.operations)).toEqual(payIn.OPERATIONS.map((operation) => operation.value));
	});

	it('does not compile with a handler missing or an operation or resource not listed', () => {
		// @ts-expect-error "get" is listed for payouts but has no handler
		const missing: HandlersFor<typeof payout.OPERATIONS> = { create: payout.operations.create };
		// @ts-expect-error "query" is not a listed payout operation
		const extra: HandlersFor<typeof payout.OPERATIONS> = { ...payout.operations, query: payout.operations.get };
		// @ts-expect-error the "refund" resource is not listed
		const resources: ResourceTable<typeof RESOURCES> = { balance: {}, bankList: {}, payIn: payIn.operations, payout: payout.operations, refund: {} };
		expect([missing, extra, resources]).toHaveLength(3);
	});
});
