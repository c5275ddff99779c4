import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { routeOperations, type RouteOptions } from '../../shared/router';
import * as checkoutSession from './checkoutSession/CheckoutSession.resource';
import * as payment from './payment/Payment.resource';
import * as recurringAgreement from './recurringAgreement/RecurringAgreement.resource';
import * as refund from './refund/Refund.resource';
import * as token from './token/Token.resource';

export async function router(this: IExecuteFunctions, options: RouteOptions = {}): Promise<INodeExecutionData[][]> {
	return await routeOperations.call(
		this,
		{
			checkoutSession: checkoutSession.operations,
			payment: payment.operations,
			recurringAgreement: recurringAgreement.operations,
			refund: refund.operations,
			token: token.operations,
		},
		options,
	);
}
