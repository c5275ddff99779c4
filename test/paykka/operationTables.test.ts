/** The PayKKa node's resource and operation lists and its handler tables are one: a mismatch fails `npm run typecheck`. */
import { PayKka } from '../../nodes/PayKka/PayKka.node';
import * as checkoutSession from '../../nodes/PayKka/actions/checkoutSession/CheckoutSession.resource';
import * as payment from '../../nodes/PayKka/actions/payment/Payment.resource';
import * as recurringAgreement from '../../nodes/PayKka/actions/recurringAgreement/RecurringAgreement.resource';
import * as refund from '../../nodes/PayKka/actions/refund/Refund.resource';
import { RESOURCES } from '../../nodes/PayKka/actions/router';
import * as token from '../../nodes/PayKka/actions/token/Token.resource';
import type { HandlersFor, ResourceTable } from '../../nodes/shared/router';

describe('PayKKa operation tables', () => {
	it('offers exactly the resources and operations it has handlers for', () => {
		const resource = new PayKka().description.properties.find((property) => property.name === 'resource');
		expect(resource?.options).toEqual([...RESOURCES]);
		for (const module of [checkoutSession, payment, recurringAgreement, refund, token]) {
			expect(Object.keys(module.operations)).toEqual(module.OPERATIONS.map((operation) => operation.value));
		}
	});

	it('does not compile with a handler missing or an operation or resource not listed', () => {
		// @ts-expect-error "void" is listed for payments but has no handler
		const missing: HandlersFor<typeof payment.OPERATIONS> = { capture: payment.operations.capture, create: payment.operations.create, get: payment.operations.get };
		// @ts-expect-error "refund" is not a listed payment operation
		const extra: HandlersFor<typeof payment.OPERATIONS> = { ...payment.operations, refund: payment.operations.get };
		const resources: ResourceTable<typeof RESOURCES> = {
			checkoutSession: checkoutSession.operations,
			payment: payment.operations,
			recurringAgreement: recurringAgreement.operations,
			refund: refund.operations,
			token: token.operations,
			// @ts-expect-error the "payout" resource is not listed
			payout: {},
		};
		expect([missing, extra, resources]).toHaveLength(3);
	});
});
