import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { checkGuardrails, guardrailsProperty } from '../../../shared/guardrails';
import { currencyExponent } from '../../../shared/money';
import { outputProperties, outputShaper } from '../../../shared/output';
import { forOperation } from '../../../shared/properties';
import type { SendItem } from '../../../shared/router';
import { withNormalizedStatus } from '../../../shared/status';
import { checkUrl } from '../../../shared/validation';
import { ORDER_STATUS_MAP } from '../../constants';
import { PAYMENT } from '../../simplify';
import { PayKkaClient } from '../../transport';
import { amountUnit, amountUnitProperty, chargeAmountProperty, currencyCode, currencyProperty, minorAmount } from '../amounts';
import { createByReference, isOtherCharge } from '../createOnce';
import { reference } from '../inputs';
import { pathOverrideOptions, pathOverrides } from '../pathOverrides';

export const description: INodeProperties[] = forOperation('payment', 'create', [
	{
		displayName:
			'Charges a card PayKKa already stores (a token) or continues a recurring agreement, without the shopper present. This node never takes card numbers, plain or encrypted: card data does not belong in workflow data. Collect cards on PayKKa\'s hosted checkout (Checkout Session > Create with Store Payment Method).',
		name: 'mitNotice',
		type: 'notice',
		default: '',
	},
	{
		displayName: 'Merchant Order Number',
		name: 'transId',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. renewal-2026-0001',
		description:
			'Your unique order number for this charge (trans_id, at most 64 characters). Before charging, the node looks the number up and returns the existing payment, so a re-run or retry never charges twice; use a new number for every new charge.',
	},
	{
		displayName: 'Charge',
		name: 'chargeType',
		type: 'options',
		default: 'token',
		options: [
			{
				name: 'Saved Card (Token)',
				value: 'token',
				description: 'Charge a stored card token of a shopper (payment.token + payment.shopper_reference)',
			},
			{
				name: 'Subsequent Recurring Payment',
				value: 'recurring',
				description: 'Next payment of a recurring agreement (payment_type RECURRING, mit true, recurring_agreement_id)',
			},
		],
	},
	{
		displayName: 'Token',
		name: 'token',
		type: 'string',
		typeOptions: { password: true },
		required: true,
		default: '',
		placeholder: 'e.g. TK20535xxxx8947',
		description: 'The stored card token (from a payment that stored the card, or Token > Get)',
		displayOptions: { show: { chargeType: ['token'] } },
	},
	{
		displayName: 'Shopper Reference',
		name: 'shopperReference',
		type: 'string',
		required: true,
		default: '',
		description: 'Your customer ID the token was stored for',
		displayOptions: { show: { chargeType: ['token'] } },
	},
	{
		displayName: 'Recurring Agreement ID',
		name: 'recurringAgreementId',
		type: 'string',
		required: true,
		default: '',
		description: 'The recurring_agreement_id returned with the first recurring payment',
		displayOptions: { show: { chargeType: ['recurring'] } },
	},
	amountUnitProperty(),
	chargeAmountProperty(),
	currencyProperty('Currency of the payment.'),
	guardrailsProperty({ amountUnit: 'the unit chosen in Amount Unit (major or minor units of the currency)' }),
	...outputProperties(PAYMENT),
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
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
			...pathOverrideOptions({ lookupPathOverride: 'paymentQuery' }),
			{
				displayName: 'Notify URL',
				name: 'notifyUrl',
				type: 'string',
				default: '',
				description: 'Where PayKKa posts the payment result: the Production URL of a PayKKa Trigger node',
			},
			...pathOverrideOptions({ pathOverride: 'paymentCreate' }),
			{
				displayName: 'Return URL',
				name: 'returnUrl',
				type: 'string',
				default: '',
				placeholder: 'e.g. https://shop.example.com/return',
				description: 'Where the shopper\'s browser goes after 3-D Secure, if PayKKa asks for it (not needed for subsequent recurring payments)',
			},
			{
				displayName: 'Shopper Reference (Recurring)',
				name: 'recurringShopperReference',
				type: 'string',
				default: '',
				description: 'Your customer ID, sent with a subsequent recurring payment',
			},
		],
	},
]);

/**
 * A charge needing 3-D Secure is not a success: PayKKa answers `authentication_result.authentication_url`
 * (https://docs.paykka.com/payments/docs/transaction/web/api-only) and the shopper must finish it there.
 */
function paymentResult(payment: IDataObject): IDataObject {
	const authentication = payment.authentication_result as IDataObject | undefined;
	const url = authentication?.authentication_url;
	if (typeof url === 'string' && url !== '') {
		return { ...payment, normalizedStatus: 'requires_action', requiresAction: true, authenticationUrl: url };
	}
	return withNormalizedStatus(payment, ORDER_STATUS_MAP);
}

/**
 * Initiate transaction, merchant-initiated (https://docs.paykka.com/payments/apis/payments/openapi/transaction,
 * "Initiate transaction": payment.token + shopper_reference, or mit + recurring_agreement_id for subsequent
 * recurring payments). PayKKa documents no idempotency key: exactly once through a lookup of trans_id with the
 * transaction query first (absent = 206024 "The order doesn't exist").
 */
export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<SendItem> {
	const transId = reference(this, itemIndex, 'transId', 'Merchant Order Number');
	const recurring = this.getNodeParameter('chargeType', itemIndex, 'token') === 'recurring';
	const currency = currencyCode(this, itemIndex);
	const unit = amountUnit(this, itemIndex);
	const amount = minorAmount(this, itemIndex, 'Amount', this.getNodeParameter('amount', itemIndex, ''), currency, unit);
	checkGuardrails(this, itemIndex, { amount: { minor: BigInt(amount), exponent: currencyExponent(currency), unit } });
	const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const body: IDataObject = {
		payment_type: recurring ? 'RECURRING' : 'PURCHASE',
		authorisation_type: 'FINAL_AUTH',
		capture_method: options.captureMethod === 'MANUAL' ? 'MANUAL' : 'AUTOMATIC',
		trans_id: transId,
		amount,
		currency,
	};
	if (options.notifyUrl) body.notify_url = checkUrl(this, itemIndex, 'Notify URL', String(options.notifyUrl));
	if (options.returnUrl) body.return_url = checkUrl(this, itemIndex, 'Return URL', String(options.returnUrl));
	if (recurring) {
		// Error 2011 "For non-first recurring payments, mit must be true" (transaction error codes).
		body.mit = true;
		body.recurring_agreement_id = reference(this, itemIndex, 'recurringAgreementId', 'Recurring Agreement ID');
		const shopper = typeof options.recurringShopperReference === 'string' ? options.recurringShopperReference.trim() : '';
		body.payment = shopper === '' ? { payment_method: 'BANKCARD' } : { payment_method: 'BANKCARD', shopper_reference: shopper };
	} else {
		body.payment = {
			payment_method: 'BANKCARD',
			token: reference(this, itemIndex, 'token', 'Token'),
			shopper_reference: reference(this, itemIndex, 'shopperReference', 'Shopper Reference'),
		};
	}
	const client = await PayKkaClient.prepare(
		this,
		itemIndex,
		undefined,
		pathOverrides(this, itemIndex, { pathOverride: 'paymentCreate', lookupPathOverride: 'paymentQuery' }),
	);
	const shape = outputShaper(this, itemIndex, PAYMENT);
	return async () => {
		const payment = await createByReference(this, itemIndex, client, 'payment', {
			reference: transId,
			body,
			conflict: (found) =>
				isOtherCharge(found, amount, currency)
					? {
							message: `Merchant Order Number "${transId}" already has a payment of ${String(found.amount)} ${String(found.currency)} (minor units), not ${amount} ${currency}`,
							fix: 'One Merchant Order Number is one payment: use a new Merchant Order Number for another charge.',
						}
					: undefined,
		});
		return shape(paymentResult(payment));
	};
}
