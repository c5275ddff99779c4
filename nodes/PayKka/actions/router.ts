import type { INodePropertyOptions } from 'n8n-workflow';

import { defineResources } from '../../shared/router';
import * as checkoutSession from './checkoutSession/CheckoutSession.resource';
import * as payment from './payment/Payment.resource';
import * as recurringAgreement from './recurringAgreement/RecurringAgreement.resource';
import * as refund from './refund/Refund.resource';
import * as token from './token/Token.resource';

/** The PayKKa node's resources, in the order its Resource dropdown lists them. */
export const RESOURCES = [
	{ name: 'Checkout Session', value: 'checkoutSession' },
	{ name: 'Payment', value: 'payment' },
	{ name: 'Recurring Agreement', value: 'recurringAgreement' },
	{ name: 'Refund', value: 'refund' },
	{ name: 'Token', value: 'token' },
] as const satisfies readonly INodePropertyOptions[];

export const { properties, table } = defineResources(RESOURCES, 'checkoutSession', { checkoutSession, payment, recurringAgreement, refund, token });
