import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { outputProperties, outputShaper } from '../../../shared/output';
import { forOperation } from '../../../shared/properties';
import type { SendItem } from '../../../shared/router';
import { withNormalizedStatus } from '../../../shared/status';
import { checkPattern, checkUrl, inputError, requiredString } from '../../../shared/validation';
import { SESSION_STATUS_MAP } from '../../constants';
import { CHECKOUT_SESSION } from '../../simplify';
import { PayKkaClient } from '../../transport';
import {
	amountUnit,
	amountUnitProperty,
	chargeAmountProperty,
	currencyCode,
	currencyProperty,
	minorAmount,
	type AmountUnit,
} from '../amounts';
import { createByReference, isOtherCharge } from '../createOnce';
import { compact, dateTimeMs, reference } from '../inputs';
import { pathOverrideOptions, pathOverrides } from '../pathOverrides';

const ADDRESS_FIELDS: INodeProperties[] = [
	{ displayName: 'Address Line 1', name: 'address_line1', type: 'string', default: '' },
	{ displayName: 'Address Line 2', name: 'address_line2', type: 'string', default: '' },
	{ displayName: 'City', name: 'city', type: 'string', default: '' },
	{
		displayName: 'Country',
		name: 'country',
		type: 'string',
		default: '',
		placeholder: 'e.g. HK',
		description: 'ISO 3166 alpha-2 code',
	},
	{ displayName: 'Email', name: 'email', type: 'string', placeholder: 'e.g. name@email.com', default: '' },
	{ displayName: 'First Name', name: 'first_name', type: 'string', default: '' },
	{ displayName: 'Last Name', name: 'last_name', type: 'string', default: '' },
	{ displayName: 'Middle Name', name: 'middle_name', type: 'string', default: '' },
	{ displayName: 'Phone Area Code', name: 'area_code', type: 'string', default: '', placeholder: 'e.g. +852' },
	{ displayName: 'Phone Number', name: 'phone_number', type: 'string', default: '' },
	{ displayName: 'Postal Code', name: 'postal_code', type: 'string', default: '' },
	{ displayName: 'State', name: 'state', type: 'string', default: '' },
];

const BILL_ONLY_FIELDS: INodeProperties[] = [
	{
		displayName: 'Billing Address Collection',
		name: 'billing_address_collection',
		type: 'options',
		default: 'REQUIRED',
		description: 'Whether the checkout page asks the shopper for a billing address',
		options: [{ name: 'Required', value: 'REQUIRED' }],
	},
	{ displayName: 'Descriptor', name: 'descriptor', type: 'string', default: '', description: 'Text on the shopper\'s statement' },
];

/** PaymentMethodEnum (https://docs.paykka.com/payments/apis/payments/openapi/transaction), spelled as the v1.2 reference's 收银台创建 (create checkout session) example sends it (`BankCard`, https://open-aq-paykka.apifox.cn). */
const PAYMENT_METHODS = [
	'9Pay', 'AlipayPlus', 'ApplePay', 'BankCard', 'Bancontact', 'Boost', 'EPS', 'GCash', 'GooglePay', 'GrabPay', 'iDEAL', 'LinePay',
	'Maybank QRPay', 'OpayWallet', 'P24', 'PayMaya', 'PicPay', 'Pix', 'SEPA', 'ShopeePay', 'Sofort', "Touch'n Go eWallet", 'VietQR',
	'WechatPayGlobal', 'ZaloPay', 'eftpos',
].map((method) => ({ name: method, value: method }));

const BILL_FIELDS = [...ADDRESS_FIELDS, ...BILL_ONLY_FIELDS].sort((a, b) => a.displayName.localeCompare(b.displayName));

export const description: INodeProperties[] = forOperation('checkoutSession', 'create', [
	{
		displayName: 'Merchant Order Number',
		name: 'transId',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. order-2026-0001',
		description:
			'Your unique order number (trans_id, at most 64 characters). PayKKa keeps one session per trans_id, so running the same item again returns the existing session instead of opening a second one.',
	},
	amountUnitProperty(),
	chargeAmountProperty(),
	currencyProperty('Currency of the payment.'),
	{
		displayName: 'Return URL',
		name: 'returnUrl',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. https://shop.example.com/checkout/return',
		description: 'Where the shopper\'s browser goes after paying or after 3-D Secure',
	},
	{
		displayName: 'Payment Type',
		name: 'paymentType',
		type: 'options',
		default: 'PURCHASE',
		options: [
			{ name: 'Purchase', value: 'PURCHASE' },
			{ name: 'Recurring', value: 'RECURRING', description: 'First payment of a recurring agreement' },
		],
	},
	{
		displayName: 'Capture Method',
		name: 'captureMethod',
		type: 'options',
		default: 'AUTOMATIC',
		options: [
			{ name: 'Automatic', value: 'AUTOMATIC', description: 'Capture as soon as the payment is authorised' },
			{ name: 'Manual', value: 'MANUAL', description: 'Authorise only; capture later with Payment > Capture' },
		],
	},
	...outputProperties(CHECKOUT_SESSION),
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Allowed Payment Methods',
				name: 'allowedPaymentMethods',
				type: 'multiOptions',
				default: [],
				description: 'Only these methods on the checkout page (allowed_payment_methods)',
				options: PAYMENT_METHODS,
			},
			{
				displayName: 'Blocked Payment Methods',
				name: 'blockedPaymentMethods',
				type: 'multiOptions',
				default: [],
				description: 'Never these methods on the checkout page (blocked_payment_methods)',
				options: PAYMENT_METHODS,
			},
			{
				displayName: 'Cancel URL',
				name: 'cancelUrl',
				type: 'string',
				default: '',
				placeholder: 'e.g. https://shop.example.com/checkout/cancel',
			},
			{ displayName: 'Display Locale', name: 'displayLocale', type: 'string', default: '', placeholder: 'e.g. en-US' },
			{ displayName: 'Display Merchant Name', name: 'displayMerchantName', type: 'string', default: '' },
			{
				displayName: 'Expire Time',
				name: 'expireTime',
				type: 'dateTime',
				default: '',
				description: 'When the checkout page stops accepting payments',
			},
			...pathOverrideOptions({ lookupPathOverride: 'sessionQuery' }),
			{
				displayName: 'Notify URL',
				name: 'notifyUrl',
				type: 'string',
				default: '',
				placeholder: 'e.g. https://n8n.example.com/webhook/.../webhook',
				description: 'Where PayKKa posts the payment result: the Production URL of a PayKKa Trigger node',
			},
			...pathOverrideOptions({ pathOverride: 'sessionCreate' }),
			{
				displayName: 'Shopper Reference',
				name: 'shopperReference',
				type: 'string',
				default: '',
				description: 'Your customer ID; required when the card is stored for later payments',
			},
			{
				displayName: 'Store Payment Method',
				name: 'storePaymentMethod',
				type: 'boolean',
				default: false,
				description: 'Whether PayKKa stores the card and returns a token (needs Shopper Reference)',
			},
			{ displayName: 'Theme ID', name: 'themeId', type: 'string', default: '' },
			{
				displayName: 'Token Usage',
				name: 'tokenUsage',
				type: 'options',
				default: 'CARD_ON_FILE',
				options: [
					{ name: 'Card on File', value: 'CARD_ON_FILE' },
					{ name: 'Subscription', value: 'SUBSCRIPTION' },
				],
			},
		],
	},
	{
		displayName: 'Goods',
		name: 'goods',
		type: 'fixedCollection',
		placeholder: 'Add Item',
		default: {},
		typeOptions: { multipleValues: true },
		description: 'Items in the order; prices use the Amount Unit above',
		options: [
			{
				displayName: 'Item',
				name: 'item',
				values: [
					{ displayName: 'Brand', name: 'brand', type: 'string', default: '' },
					{ displayName: 'Category', name: 'category', type: 'string', default: '' },
					{ displayName: 'Delivery Date', name: 'delivery_date', type: 'dateTime', default: '' },
					{ displayName: 'Description', name: 'description', type: 'string', default: '' },
					{ displayName: 'ID', name: 'id', type: 'string', default: '' },
					{ displayName: 'Link', name: 'link', type: 'string', default: '' },
					{ displayName: 'Name', name: 'name', type: 'string', default: '' },
					{ displayName: 'Picture URL', name: 'picture_url', type: 'string', default: '' },
					{ displayName: 'Price', name: 'price', type: 'string', default: '', placeholder: 'e.g. 6.25' },
					{ displayName: 'Quantity', name: 'quantity', type: 'number', default: 1, typeOptions: { minValue: 1 } },
				],
			},
		],
	},
	{
		displayName: 'Bill',
		name: 'bill',
		type: 'collection',
		placeholder: 'Add Billing Field',
		default: {},
		options: BILL_FIELDS,
	},
	{
		displayName: 'Shipping',
		name: 'shipping',
		type: 'collection',
		placeholder: 'Add Shipping Field',
		default: {},
		options: ADDRESS_FIELDS,
	},
	{
		displayName: 'Customer',
		name: 'customer',
		type: 'collection',
		placeholder: 'Add Customer Field',
		default: {},
		options: [
			{ displayName: 'Customer ID', name: 'id', type: 'string', default: '' },
			{ displayName: 'Date of Birth', name: 'date_of_birth', type: 'string', default: '', placeholder: 'e.g. 1990-01-31' },
			{ displayName: 'Email', name: 'email', type: 'string', placeholder: 'e.g. name@email.com', default: '' },
			{ displayName: 'First Shopping Time', name: 'first_shopping_time', type: 'dateTime', default: '' },
			{ displayName: 'Gender', name: 'gender', type: 'string', default: '' },
			{ displayName: 'Last Shopping Time', name: 'last_shopping_time', type: 'dateTime', default: '' },
			{ displayName: 'Level', name: 'level', type: 'string', default: '', description: 'Your loyalty level or segment' },
			{ displayName: 'Order IP', name: 'order_ip', type: 'string', default: '' },
			{ displayName: 'Past Transactions', name: 'past_transactions', type: 'number', default: 0 },
			{ displayName: 'Phone Area Code', name: 'area_code', type: 'string', default: '', placeholder: 'e.g. +852' },
			{ displayName: 'Phone Number', name: 'phone_number', type: 'string', default: '' },
			{ displayName: 'Registration Time', name: 'registration_time', type: 'dateTime', default: '' },
		],
	},
	{
		displayName: 'Authentication',
		name: 'authentication',
		type: 'collection',
		placeholder: 'Add 3-D Secure Preference',
		default: {},
		description: '3-D Secure preferences (authentication)',
		options: [
			{ displayName: 'Authentication Only', name: 'authentication_only', type: 'boolean', default: false, description: 'Whether to authenticate the shopper without charging' },
			{ displayName: 'Challenge Indicator', name: 'challenge_indicator', type: 'string', default: '', placeholder: 'e.g. AUTO' },
			{ displayName: 'Exemption', name: 'exemption', type: 'string', default: '', placeholder: 'e.g. NONE' },
		],
	},
]);


function goodsList(
	context: IExecuteFunctions,
	itemIndex: number,
	currency: string,
	unit: AmountUnit,
): IDataObject[] | undefined {
	const items = ((context.getNodeParameter('goods', itemIndex, {}) as IDataObject).item ?? []) as IDataObject[];
	if (items.length === 0) return undefined;
	return items.map((item, position) => {
		const good = compact({ ...item, price: undefined });
		// Held as epoch ms in place, formatted for the credential's API version once it is read.
		if (good.delivery_date !== undefined) good.delivery_date = dateTimeMs(context, itemIndex, `Goods ${position + 1} Delivery Date`, good.delivery_date);
		if (item.price !== '' && item.price !== undefined) {
			good.price = minorAmount(context, itemIndex, `Goods ${position + 1} Price`, item.price, currency, unit);
		}
		if (!Number.isInteger(item.quantity) || (item.quantity as number) < 1) {
			throw inputError(context, itemIndex, `Goods ${position + 1} Quantity`, 'must be a whole number of at least 1');
		}
		return good;
	});
}

function optionalObject(context: IExecuteFunctions, itemIndex: number, name: string): IDataObject | undefined {
	const values = compact(context.getNodeParameter(name, itemIndex, {}) as IDataObject);
	return Object.keys(values).length === 0 ? undefined : values;
}

/**
 * PayKKa documents no idempotency key, so a session is created exactly once through a lookup by
 * trans_id first (session query; its path and trans_id field are [ASSUMPTION], the "not found"
 * answer 206011 "The session does not exist" is documented at
 * https://docs.paykka.com/payments/apis/introduction/response-code).
 */
export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<SendItem> {
	const transId = reference(this, itemIndex, 'transId', 'Merchant Order Number');
	const currency = currencyCode(this, itemIndex);
	const unit = amountUnit(this, itemIndex);
	const amount = minorAmount(this, itemIndex, 'Amount', this.getNodeParameter('amount', itemIndex, ''), currency, unit);
	const returnUrl = checkUrl(this, itemIndex, 'Return URL', requiredString(this, 'returnUrl', itemIndex, 'Return URL'));
	const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;

	const body: IDataObject = {
		payment_type: this.getNodeParameter('paymentType', itemIndex, 'PURCHASE') as string,
		authorisation_type: 'FINAL_AUTH',
		capture_method: this.getNodeParameter('captureMethod', itemIndex, 'AUTOMATIC') as string,
		trans_id: transId,
		currency,
		amount,
		return_url: returnUrl,
		session_mode: 'HOSTED',
	};
	if (options.notifyUrl) body.notify_url = checkUrl(this, itemIndex, 'Notify URL', String(options.notifyUrl));
	if (options.cancelUrl) body.cancel_url = checkUrl(this, itemIndex, 'Cancel URL', String(options.cancelUrl));
	// Date-times go out in the form of the credential's API version (v1.2: 2023-11-24T11:34:37+0800, the v1.2 reference's 收银台创建 example, https://open-aq-paykka.apifox.cn).
	// Held as epoch ms in place (so the field order of the body stays), formatted once the credential is read.
	const expireAt = options.expireTime ? dateTimeMs(this, itemIndex, 'Expire Time', options.expireTime) : undefined;
	if (expireAt !== undefined) body.expire_time = expireAt;
	if (options.displayMerchantName) body.display_merchant_name = String(options.displayMerchantName);
	if (options.displayLocale) body.display_locale = String(options.displayLocale);
	if (options.themeId) body.theme_id = String(options.themeId);

	const shopperReference = typeof options.shopperReference === 'string' ? options.shopperReference.trim() : '';
	if (options.storePaymentMethod === true && shopperReference === '') {
		throw inputError(this, itemIndex, 'Shopper Reference', 'is required when Store Payment Method is on');
	}
	if (shopperReference !== '' || options.storePaymentMethod === true) {
		body.payment = compact({
			store_payment_method: options.storePaymentMethod === true,
			token_usage: options.storePaymentMethod === true ? (options.tokenUsage ?? 'CARD_ON_FILE') : undefined,
			shopper_reference: shopperReference,
		});
	}

	const goods = goodsList(this, itemIndex, currency, unit);
	if (goods) body.goods = goods;
	for (const [name, label] of [['bill', 'Bill'], ['shipping', 'Shipping'], ['customer', 'Customer']]) {
		const values = optionalObject(this, itemIndex, name);
		if (!values) continue;
		if (typeof values.country === 'string') {
			const country = values.country.toUpperCase();
			values.country = checkPattern(this, itemIndex, `${label} Country`, country, /^[A-Z]{2}$/, 'is not an ISO 3166 alpha-2 code');
		}
		for (const [field, label] of [['registration_time', 'Registration Time'], ['first_shopping_time', 'First Shopping Time'], ['last_shopping_time', 'Last Shopping Time']]) {
			if (values[field]) values[field] = dateTimeMs(this, itemIndex, label, values[field]);
		}
		body[name] = values;
	}

	const authentication = this.getNodeParameter('authentication', itemIndex, {}) as IDataObject;
	if (Object.keys(authentication).length > 0) {
		body.authentication = compact({
			challenge_indicator: typeof authentication.challenge_indicator === 'string' ? authentication.challenge_indicator.trim() : undefined,
			authentication_only: typeof authentication.authentication_only === 'boolean' ? authentication.authentication_only : undefined,
			exemption: typeof authentication.exemption === 'string' ? authentication.exemption.trim() : undefined,
		});
	}
	for (const [option, field] of [['allowedPaymentMethods', 'allowed_payment_methods'], ['blockedPaymentMethods', 'blocked_payment_methods']]) {
		const methods = options[option];
		if (Array.isArray(methods) && methods.length > 0) body[field] = methods.map(String);
	}

	const overrides = pathOverrides(this, itemIndex, { pathOverride: 'sessionCreate', lookupPathOverride: 'sessionQuery' });
	const client = await PayKkaClient.prepare(this, itemIndex, undefined, overrides);
	if (expireAt !== undefined) body.expire_time = client.dateTime(expireAt);
	const customer = body.customer as IDataObject | undefined;
	for (const field of ['registration_time', 'first_shopping_time', 'last_shopping_time']) {
		if (typeof customer?.[field] === 'number') customer[field] = client.dateTime(customer[field] as number);
	}
	for (const good of (body.goods ?? []) as IDataObject[]) {
		if (typeof good.delivery_date === 'number') good.delivery_date = client.dateTime(good.delivery_date);
	}
	const shape = outputShaper(this, itemIndex, CHECKOUT_SESSION);
	return async () => {
		const session = await createByReference(this, itemIndex, client, 'checkoutSession', {
			reference: transId,
			body,
			conflict: (found) =>
				isOtherCharge(found, amount, currency)
					? {
							message: `Merchant Order Number "${transId}" already has a checkout session for ${String(found.amount)} ${String(found.currency)} (minor units), not ${amount} ${currency}`,
							fix: 'One Merchant Order Number has one session: use a new Merchant Order Number for a different payment.',
						}
					: undefined,
		});
		return shape(withNormalizedStatus(session, SESSION_STATUS_MAP));
	};
}
