/** Properties both pay-in creates (Create Order Session, Create Transaction) show: the order, its customer and URLs, and optional fields. */
import type { INodeProperties } from 'n8n-workflow';

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
export const orderAdditionalFields: INodeProperties[] = [
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
