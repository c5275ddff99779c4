import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { checkGuardrails, guardrailsProperty } from '../../../shared/guardrails';
import { currencyExponent } from '../../../shared/money';
import { outputProperties, outputShaper } from '../../../shared/output';
import { forOperation } from '../../../shared/properties';
import type { SendItem } from '../../../shared/router';
import { withNormalizedStatus } from '../../../shared/status';
import { checkUrl } from '../../../shared/validation';
import { REASONS, REFUND_STATUS_MAP } from '../../constants';
import { REFUND } from '../../simplify';
import { PayKkaClient } from '../../transport';
import { amountUnit, amountUnitProperty, currencyCode, currencyProperty, minorAmount, returnedAmount } from '../amounts';
import { createByReference } from '../createOnce';
import { reference } from '../inputs';
import { pathOverrideOptions, pathOverrides } from '../pathOverrides';

export const description: INodeProperties[] = forOperation('refund', 'create', [
	{
		displayName: 'Merchant Refund Number',
		name: 'refundTransId',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. refund-2026-0001',
		description:
			'Your unique refund number (refund_trans_id). PayKKa keeps one refund per number, so running the same item again never refunds twice.',
	},
	{
		displayName: 'PayKKa Order ID',
		name: 'orderId',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. GW20598371023658327',
		description: 'The captured order (order_id) to refund',
	},
	amountUnitProperty(),
	{
		displayName: 'Amount',
		name: 'amount',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. 4.45',
		description: 'Amount to refund; partial refunds are allowed up to the refundable amount',
	},
	currencyProperty('Currency of the order.'),
	guardrailsProperty({ amountUnit: 'the unit chosen in Amount Unit (major or minor units of the currency)' }),
	{
		displayName: 'Reason',
		name: 'reason',
		type: 'options',
		default: 'REQUESTED_BY_CUSTOMER',
		options: REASONS,
	},
	...outputProperties(REFUND),
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			...pathOverrideOptions({ lookupPathOverride: 'refundQuery' }),
			{
				displayName: 'Notify URL',
				name: 'notifyUrl',
				type: 'string',
				default: '',
				description: 'Where PayKKa posts the refund result: the Production URL of a PayKKa Trigger node',
			},
			...pathOverrideOptions({ pathOverride: 'refundCreate' }),
		],
	},
]);

/**
 * PayKKa documents no idempotency key, so the refund is created exactly once through a lookup by
 * refund_trans_id first (refund query, POST /v3/payment/acq/refund/query as PayKKa's WooCommerce
 * plugin calls it). [ASSUMPTION] An unknown refund answers 206024 "The order doesn't exist"
 * (https://docs.paykka.com/payments/apis/introduction/response-code lists no refund-specific code).
 */
export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<SendItem> {
	const refundTransId = reference(this, itemIndex, 'refundTransId', 'Merchant Refund Number');
	const orderId = reference(this, itemIndex, 'orderId', 'PayKKa Order ID');
	const currency = currencyCode(this, itemIndex);
	const unit = amountUnit(this, itemIndex);
	const refundAmount = minorAmount(this, itemIndex, 'Amount', this.getNodeParameter('amount', itemIndex, ''), currency, unit);
	// The refund goes back to the original payment method: there is no destination to restrict.
	checkGuardrails(this, itemIndex, { amount: { minor: BigInt(refundAmount), exponent: currencyExponent(currency), unit } });
	const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const body: IDataObject = {
		refund_trans_id: refundTransId,
		ori_order_id: orderId,
		refund_amount: refundAmount,
		currency,
		reason: this.getNodeParameter('reason', itemIndex, 'REQUESTED_BY_CUSTOMER') as string,
	};
	if (options.notifyUrl) body.notify_url = checkUrl(this, itemIndex, 'Notify URL', String(options.notifyUrl));
	const client = await PayKkaClient.prepare(
		this,
		itemIndex,
		undefined,
		pathOverrides(this, itemIndex, { pathOverride: 'refundCreate', lookupPathOverride: 'refundQuery' }),
	);
	const shape = outputShaper(this, itemIndex, REFUND);
	return async () => {
		const refund = await createByReference(this, itemIndex, client, 'refund', {
			reference: refundTransId,
			body,
			conflict: (found) => {
				const foundOrder = found.ori_order_id ?? found.order_id;
				const foundAmount = returnedAmount(found.amount);
				const otherAmount = foundAmount !== undefined && foundAmount !== refundAmount;
				const otherOrder = foundOrder !== undefined && foundOrder !== orderId;
				if (!otherAmount && !otherOrder) return undefined;
				return {
					message: `Merchant Refund Number "${refundTransId}" already refunded ${String(found.amount)} (minor units) of order ${String(foundOrder)}, not ${refundAmount} of ${orderId}`,
					fix: 'Use a new Merchant Refund Number for another refund.',
				};
			},
		});
		return shape(withNormalizedStatus(refund, REFUND_STATUS_MAP));
	};
}
