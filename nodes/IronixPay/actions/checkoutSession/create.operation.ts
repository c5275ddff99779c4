import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { withNormalizedStatus } from '../../../shared/status';
import { outputProperties, outputShaper } from '../../../shared/output';
import { forOperation } from '../../../shared/properties';
import type { SendItem } from '../../../shared/router';
import { checkUrl, inputError, requiredString, stringParameter } from '../../../shared/validation';
import { AMOUNT_MIN_CENTS, CHECKOUT_MAX_CENTS, FIAT_PRICING_CURRENCIES, NETWORKS, SESSION_STATUS_MAP, TOKENS } from '../../constants';
import { idempotencyKeyFor, userIdempotencyKey } from '../../idempotency';
import { CHECKOUT_SESSION } from '../../simplify';
import { ironixPayRequest } from '../../transport';
import { amountText, checkTokenOnNetwork, subMerchantOption } from '../validation';

export const description: INodeProperties[] = forOperation('checkoutSession', 'create', [
	{
		displayName: 'Order Reference',
		name: 'clientReferenceId',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. order_20260211_001',
		description:
			'Your order ID (client_reference_id), any text up to 200 characters. IronixPay returns the existing session for a reference it has already seen, and the Idempotency-Key is derived from it, so running the item again never opens a second checkout.',
	},
	{
		displayName: 'Amount',
		name: 'pricingAmount',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. 10.50',
		description:
			'Price as a decimal string in the pricing currency. Tokens: 1.00 to 10,000,000 with at most 2 decimals.',
	},
	{
		displayName: 'Pricing Currency',
		name: 'pricingCurrency',
		type: 'options',
		default: 'USDT',
		description: 'Currency the amount is given in. Fiat is converted to the token at a live rate.',
		options: [...TOKENS, ...FIAT_PRICING_CURRENCIES.map((code) => ({ name: code, value: code }))],
	},
	{
		displayName: 'Currency',
		name: 'currency',
		type: 'options',
		default: 'USDT',
		description: 'Token the customer pays in',
		options: TOKENS,
	},
	{
		displayName: 'Network',
		name: 'network',
		type: 'options',
		default: 'TRON',
		options: NETWORKS,
	},
	...outputProperties(CHECKOUT_SESSION),
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{ displayName: 'Cancel URL', name: 'cancelUrl', type: 'string', default: '', placeholder: 'e.g. https://example.com/cancel' },
			{
				displayName: 'Idempotency Key',
				name: 'idempotencyKey',
				type: 'string',
				default: '',
				description:
					'Overrides the key derived from the order reference. Text that is not plain ASCII without spaces is replaced by a fixed hash of it (n8n-key:sha256:...).',
			},
			{
				displayName: 'Sub-Merchant Code',
				name: 'subMerchantCode',
				type: 'string',
				default: '',
				description: 'Create the session for this sub-merchant (X-Sub-Merchant-Code)',
			},
			{ displayName: 'Success URL', name: 'successUrl', type: 'string', default: '', placeholder: 'e.g. https://example.com/success' },
		],
	},
]);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<SendItem> {
	const clientReferenceId = requiredString(this, 'clientReferenceId', itemIndex, 'Order Reference');
	// IronixPay: "Maximum 200 characters" (characters, not bytes or UTF-16 units).
	if ([...clientReferenceId].length > 200) throw inputError(this, itemIndex, 'Order Reference', 'must be at most 200 characters');
	const pricingCurrency = requiredString(this, 'pricingCurrency', itemIndex, 'Pricing Currency');
	const currency = requiredString(this, 'currency', itemIndex, 'Currency');
	const network = requiredString(this, 'network', itemIndex, 'Network');
	checkTokenOnNetwork(this, itemIndex, currency, network);

	const pricedInToken = !FIAT_PRICING_CURRENCIES.includes(pricingCurrency);
	if (pricedInToken && pricingCurrency !== currency) {
		throw inputError(this, itemIndex, 'Pricing Currency', `a token price must be in the paid token (${currency})`);
	}
	const pricingAmount = amountText(
		this,
		itemIndex,
		'Amount',
		this.getNodeParameter('pricingAmount', itemIndex),
		pricingCurrency,
		pricedInToken ? { min: AMOUNT_MIN_CENTS, max: CHECKOUT_MAX_CENTS } : {},
	);

	const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const body: IDataObject = { pricing_amount: pricingAmount, pricing_currency: pricingCurrency, currency, network };
	body.client_reference_id = clientReferenceId;
	if (options.successUrl) body.success_url = checkUrl(this, itemIndex, 'Success URL', String(options.successUrl));
	if (options.cancelUrl) body.cancel_url = checkUrl(this, itemIndex, 'Cancel URL', String(options.cancelUrl));
	const keyOverride = stringParameter(this, 'options.idempotencyKey', itemIndex);
	const idempotencyKey = keyOverride ? userIdempotencyKey(keyOverride) : idempotencyKeyFor('session', clientReferenceId);
	const subMerchantCode = subMerchantOption(this, itemIndex);
	const shape = outputShaper(this, itemIndex, CHECKOUT_SESSION);

	return async () => {
		const session = await ironixPayRequest(this, {
			method: 'POST',
			path: '/v1/checkout/sessions',
			itemIndex,
			body,
			idempotencyKey,
			subMerchantCode,
		});
		return shape(withNormalizedStatus(session, SESSION_STATUS_MAP));
	};
}
