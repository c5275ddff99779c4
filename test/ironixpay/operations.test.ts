/**
 * The IronixPay node's resources and operations are declared once: the options shown in n8n are the
 * OPERATIONS / RESOURCES lists, and the handler tables are typed by them, so an operation without a
 * handler (or a handler without an operation) fails `npm run typecheck`.
 */
import * as checkoutSession from '../../nodes/IronixPay/actions/checkoutSession/CheckoutSession.resource';
import * as payout from '../../nodes/IronixPay/actions/payout/Payout.resource';
import { RESOURCES } from '../../nodes/IronixPay/actions/router';
import * as subMerchant from '../../nodes/IronixPay/actions/subMerchant/SubMerchant.resource';
import { IronixPay } from '../../nodes/IronixPay/IronixPay.node';
import type { HandlersFor, ResourceTable } from '../../nodes/shared/router';

const properties = new IronixPay().description.properties;

describe('IronixPay operation tables', () => {
	test('the Resource options are RESOURCES', () => {
		expect(properties.find((property) => property.name === 'resource')?.options).toEqual([...RESOURCES]);
	});

	test.each([
		['checkoutSession', checkoutSession],
		['payout', payout],
		['subMerchant', subMerchant],
	] as const)('%s: the Operation options are OPERATIONS, each with its handler', (resource, module) => {
		const operation = properties.find((property) => property.name === 'operation' && property.displayOptions?.show?.resource?.[0] === resource);
		expect(operation?.options).toEqual([...module.OPERATIONS]);
		expect(Object.keys(module.operations).sort()).toEqual(module.OPERATIONS.map((option) => option.value).sort());
	});

	test('a missing handler, an unlisted operation or a missing resource does not compile', () => {
		const { create, get, getAll } = subMerchant.operations;
		// @ts-expect-error "update" is listed but has no handler
		const missing: HandlersFor<typeof subMerchant.OPERATIONS> = { create, get, getAll };
		// @ts-expect-error "refund" is not listed
		const extra: HandlersFor<typeof payout.OPERATIONS> = { ...payout.operations, refund: get };
		// @ts-expect-error the resource "subMerchant" has no table
		const resources: ResourceTable<typeof RESOURCES> = { checkoutSession: checkoutSession.operations, payout: payout.operations };
		expect([missing, extra, resources]).toHaveLength(3);
	});
});
