import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { outputProperties, outputShaper } from '../../../shared/output';
import { forOperation } from '../../../shared/properties';
import type { SendItem } from '../../../shared/router';
import { gatewayError } from '../../../shared/transport';
import { checkUrl } from '../../../shared/validation';
import { PATHS, SUBSCRIPTION_INTERVALS } from '../../constants';
import { TRANSACTION_LINK } from '../../simplify';
import { pinddpayRequest } from '../../transport';
import { normalizeCountry, positiveInteger, presentStrings } from '../parameters';
import { orderUnknownOutcome } from '../unknownOutcome';
import { buildOrderBody } from './orderBody';
import { orderAdditionalFields, orderProperties } from './orderFields';

const BILLING_FIELDS = ['firstName', 'lastName', 'email', 'phone', 'address1', 'address2', 'city', 'state', 'zipCode', 'country'];

export const description: INodeProperties[] = forOperation('payIn', 'createTransaction', [
	{
		displayName:
			'Pinddpay marks this endpoint as "to be deprecated". Prefer Create Order Session with the front-end SDK for new integrations.',
		name: 'deprecationNotice',
		type: 'notice',
		default: '',
	},
	...orderProperties,
	...outputProperties(TRANSACTION_LINK),
	{
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		options: [
			{ displayName: 'Cancel URL', name: 'cancelUrl', type: 'string', default: '', description: 'Where the payer goes after cancelling' },
			...orderAdditionalFields,
			{
				displayName: 'Order Type',
				name: 'orderType',
				type: 'options',
				default: 'checkout',
				options: [{ name: 'Checkout', value: 'checkout' }],
				description: 'Options.orderType; checkout is the only documented value',
			},
			{
				displayName: 'Redirection Countdown (Seconds)',
				name: 'redirectionCountdown',
				type: 'number',
				typeOptions: { minValue: 0, numberPrecision: 0 },
				default: 5,
				description: 'Seconds before the payer is redirected automatically after paying',
			},
		],
	},
	{
		displayName: 'Subscription',
		name: 'subscription',
		type: 'collection',
		placeholder: 'Add Subscription Field',
		default: {},
		description: 'Makes the order recurring. Plan ID is needed for a subscription; leave empty for a one-off payment.',
		options: [
			{ displayName: 'Billing Cycles', name: 'billingCycle', type: 'number', typeOptions: { minValue: 1, numberPrecision: 0 }, default: 12, description: 'Number of charges' },
			{ displayName: 'Description', name: 'description', type: 'string', default: '' },
			{ displayName: 'Interval', name: 'interval', type: 'options', default: 'month', options: SUBSCRIPTION_INTERVALS },
			{ displayName: 'Interval Count', name: 'intervalCount', type: 'number', typeOptions: { minValue: 1, numberPrecision: 0 }, default: 1, description: 'Intervals between two charges' },
			{ displayName: 'Plan ID', name: 'planId', type: 'string', default: '', placeholder: 'e.g. plan-123456' },
		],
	},
	{
		displayName: 'Billing Address',
		name: 'billing',
		type: 'collection',
		placeholder: 'Add Billing Field',
		default: {},
		options: [
			{ displayName: 'Address Line 1', name: 'address1', type: 'string', default: '' },
			{ displayName: 'Address Line 2', name: 'address2', type: 'string', default: '' },
			{ displayName: 'City', name: 'city', type: 'string', default: '' },
			{ displayName: 'Country', name: 'country', type: 'string', default: '', placeholder: 'e.g. US', description: 'ISO 3166 alpha-2 code' },
			{ displayName: 'Email', name: 'email', type: 'string', placeholder: 'e.g. name@email.com', default: '' },
			{ displayName: 'First Name', name: 'firstName', type: 'string', default: '' },
			{ displayName: 'Last Name', name: 'lastName', type: 'string', default: '' },
			{ displayName: 'Phone', name: 'phone', type: 'string', default: '' },
			{ displayName: 'State', name: 'state', type: 'string', default: '' },
			{ displayName: 'ZIP Code', name: 'zipCode', type: 'string', default: '' },
		],
	},
]);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<SendItem> {
	const { body, orderId, additionalFields } = await buildOrderBody(this, itemIndex);
	const extra = presentStrings(additionalFields, ['cancelUrl', 'orderType']);
	if (extra.cancelUrl !== undefined) body.cancelUrl = checkUrl(this, itemIndex, 'Cancel URL', String(extra.cancelUrl));
	body.options = {
		...(body.options as IDataObject | undefined),
		orderType: extra.orderType ?? 'checkout',
		...(additionalFields.redirectionCountdown !== undefined
			? { redirectionCountdown: Number(additionalFields.redirectionCountdown) }
			: {}),
	};

	const subscription = this.getNodeParameter('subscription', itemIndex, {}) as IDataObject;
	const planId = String(subscription.planId ?? '').trim();
	if (planId !== '') {
		body.subscription = {
			planId,
			...presentStrings(subscription, ['description']),
			interval: subscription.interval ?? 'month',
			intervalCount: positiveInteger(this, itemIndex, 'Subscription Interval Count', subscription.intervalCount ?? 1),
			billingCycle: positiveInteger(this, itemIndex, 'Subscription Billing Cycles', subscription.billingCycle ?? 12),
		};
	}

	const billing = presentStrings(this.getNodeParameter('billing', itemIndex, {}) as IDataObject, BILLING_FIELDS);
	normalizeCountry(this, itemIndex, 'Billing Country', billing);
	if (Object.keys(billing).length > 0) body.billing = billing;
	const shape = outputShaper(this, itemIndex, TRANSACTION_LINK);

	return async () => {
		const result = ((await pinddpayRequest(this, {
			method: 'POST',
			path: PATHS.createTransaction,
			itemIndex,
			body,
			unknownOutcome: orderUnknownOutcome(orderId),
		})) ?? {}) as IDataObject;
		// Pinddpay's PHP client treats an answer without payments as a failure.
		const payments = Array.isArray(result.payments) ? (result.payments as IDataObject[]) : [];
		if (payments.length === 0) {
			throw gatewayError(this, 'Pinddpay', {
				httpCode: 200,
				code: 'no_payment',
				message: 'The transaction was accepted but no payment link came back',
				body: result,
				itemIndex,
				description: orderUnknownOutcome(orderId, 'its answer carried no payment link'),
			});
		}
		return shape({ ...result, id: payments[0].id, paylink: payments[0].paylink, merchantOrderNo: orderId });
	};
}
