import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { checkPattern, checkUrl, requiredString } from '../../../shared/validation';
import type { JsonBody } from '../../transport';
import { amountParameter, appId, checkEmail, currencyParameter, normalizeCountry, positiveInteger, presentStrings } from '../common';

/** Merchant order numbers: visible ASCII, as Pinddpay echoes them back in merchantOrderNo. [ASSUMPTION on the limit] */
const ORDER_ID_PATTERN = /^[\x21-\x7e]{1,64}$/;

/** The order, customer and URL fields that Create Order Session and Create Transaction share. */
export const orderProperties: INodeProperties[] = [
	{
		displayName: 'Merchant Order ID',
		name: 'orderId',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. ORDER_123456',
		description: 'Your unique order number (order.ID). Pinddpay returns it as merchantOrderNo.',
	},
	{
		displayName: 'Currency',
		name: 'currency',
		type: 'string',
		required: true,
		default: 'USD',
		description: 'ISO 4217 code of the SKU price, e.g. USD',
	},
	{
		displayName: 'Amount',
		name: 'amount',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. 1.99',
		description:
			'SKU price in major units as a decimal string, with no more decimals than the currency has (USD 2, JPY 0). Sent as the exact number typed.',
	},
	{
		displayName: 'Product Name',
		name: 'productName',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. VIP',
		description: 'Name of the SKU shown to the payer (order.sku.name)',
	},
	{
		displayName: 'Quantity',
		name: 'quantity',
		type: 'number',
		typeOptions: { minValue: 1, numberPrecision: 0 },
		default: 1,
		description: 'Quantity of the SKU (order.sku.quantity)',
	},
	{
		displayName: 'Notify URL',
		name: 'notifyUrl',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. https://your-n8n.example.com/webhook/.../webhook',
		description: 'Where Pinddpay posts the webhooks of this order: the Production URL of a Pinddpay Trigger',
	},
	{
		displayName: 'Customer',
		name: 'customer',
		type: 'collection',
		placeholder: 'Add Customer Field',
		default: {},
		options: [
			{ displayName: 'Country', name: 'country', type: 'string', default: '', placeholder: 'e.g. US', description: 'ISO 3166 alpha-2 code' },
			{ displayName: 'Customer ID', name: 'id', type: 'string', default: '', description: 'Your ID of the payer' },
			{ displayName: 'Email', name: 'email', type: 'string', placeholder: 'e.g. name@email.com', default: '' },
			{ displayName: 'IP Address', name: 'ip', type: 'string', default: '', placeholder: 'e.g. 203.0.113.7' },
			{ displayName: 'Name', name: 'name', type: 'string', default: '' },
		],
	},
];

/** Optional fields of both pay-in creates; Create Transaction adds its own. */
export const commonAdditionalFields: INodeProperties[] = [
	{
		displayName: 'Payment Method',
		name: 'paymentMethod',
		type: 'string',
		default: '',
		placeholder: 'e.g. paypal',
		description: 'Preselected payment method (options.paymentMethod), e.g. paypal',
	},
	{ displayName: 'Redirect URL', name: 'redirectUrl', type: 'string', default: '', description: 'Where the payer returns after paying' },
	{
		displayName: 'SKU ID',
		name: 'skuId',
		type: 'string',
		default: '',
		description: 'Your SKU ID (order.sku.ID). Defaults to the merchant order ID.',
	},
	{ displayName: 'Website', name: 'website', type: 'string', default: '', placeholder: 'e.g. https://yourwebsite.com' },
];

/**
 * The body both pay-in creates send (spec A.4.1), validated before any request, plus the
 * additional fields so the caller can add its own.
 */
export async function buildOrderBody(
	context: IExecuteFunctions,
	itemIndex: number,
): Promise<{ body: JsonBody; orderId: string; additionalFields: IDataObject }> {
	const orderId = checkPattern(
		context,
		itemIndex,
		'Merchant Order ID',
		requiredString(context, 'orderId', itemIndex, 'Merchant Order ID'),
		ORDER_ID_PATTERN,
		'must be 1-64 visible ASCII characters without spaces',
	);
	const currency = currencyParameter(context, 'currency', itemIndex, 'Currency');
	const amount = amountParameter(context, 'amount', itemIndex, 'Amount', currency);
	const name = requiredString(context, 'productName', itemIndex, 'Product Name');
	const quantity = positiveInteger(context, itemIndex, 'Quantity', context.getNodeParameter('quantity', itemIndex, 1));
	const notifyUrl = checkUrl(context, itemIndex, 'Notify URL', requiredString(context, 'notifyUrl', itemIndex, 'Notify URL'));

	const customer = presentStrings(context.getNodeParameter('customer', itemIndex, {}) as IDataObject, [
		'id',
		'country',
		'ip',
		'name',
		'email',
	]);
	normalizeCountry(context, itemIndex, 'Customer Country', customer);
	checkEmail(context, itemIndex, 'Customer Email', customer.email);

	const additionalFields = context.getNodeParameter('additionalFields', itemIndex, {}) as IDataObject;
	const extra = presentStrings(additionalFields, ['paymentMethod', 'redirectUrl', 'website', 'skuId']);
	for (const [key, field] of [
		['redirectUrl', 'Redirect URL'],
		['website', 'Website'],
	]) {
		if (extra[key] !== undefined) checkUrl(context, itemIndex, field, String(extra[key]));
	}

	const body: JsonBody = {
		appid: await appId(context),
		order: {
			id: orderId,
			// The PHP client always sends a SKU id; the merchant order ID is a stable default. [ASSUMPTION]
			sku: { id: extra.skuId ?? orderId, currency, amount, name, quantity },
		},
		// The PHP client always sends the customer; an empty one is left out. [ASSUMPTION]
		customer: Object.keys(customer).length > 0 ? customer : undefined,
		notifyUrl,
		redirectUrl: extra.redirectUrl,
		options: extra.paymentMethod !== undefined ? { paymentMethod: extra.paymentMethod } : undefined,
		website: extra.website,
	};
	return { body, orderId, additionalFields };
}
