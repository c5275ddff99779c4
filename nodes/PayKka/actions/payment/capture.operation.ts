import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { createExactlyOnce } from '../../../shared/exactlyOnce';
import { checkGuardrails, guardrailsProperty, type GuardedAmount } from '../../../shared/guardrails';
import { currencyExponent } from '../../../shared/money';
import { forOperation } from '../../../shared/properties';
import type { SendItem } from '../../../shared/router';
import { withNormalizedStatus } from '../../../shared/status';
import { stringParameter } from '../../../shared/validation';
import { ORDER_NOT_FOUND, ORDER_STATUS_MAP } from '../../constants';
import { PayKkaClient } from '../../transport';
import { amountUnit, amountUnitProperty, currencyCode, currencyProperty, minorAmount, returnedAmount } from '../amounts';
import { referenceConflict } from '../createOnce';
import { reference } from '../inputs';
import { pathOverrideCollection, pathOverrides } from '../pathOverrides';

/** Order states after a capture (GatewayOrderStatusEnum). */
const CAPTURED = new Set(['SUCCESS', 'PARTIALLY_REFUNDED', 'REFUNDED', 'PARTIALLY_REVERSED']);

export const description: INodeProperties[] = forOperation('payment', 'capture', [
	{
		displayName: 'PayKKa Order ID',
		name: 'orderId',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. GW20598371023658327',
		description:
			'The authorised order (order_id) to capture. Before capturing, the node queries the order and returns it if it is already captured, so a re-run or retry never captures twice (one capture per order).',
	},
	amountUnitProperty(),
	{
		displayName: 'Amount',
		name: 'amount',
		type: 'string',
		default: '',
		placeholder: 'e.g. 4.45',
		description: 'Amount to capture, at most the authorised amount. Leave empty to capture everything.',
	},
	currencyProperty('Currency of the order (used to convert the amount).'),
	guardrailsProperty({ amountUnit: 'the unit chosen in Amount Unit (major or minor units of the currency)' }),
	pathOverrideCollection({ pathOverride: 'paymentCapture', lookupPathOverride: 'paymentQuery' }),
]);

/**
 * PayKKa documents no capture reference and no idempotency key, so a capture is made exactly once
 * through the order itself: the transaction query (POST /v3/payment/acq/query, documented) shows
 * whether it was captured (status, balances.captured_amount). [ASSUMPTION] One capture per order:
 * the docs' balances carry one captured amount and do not describe multiple partial captures.
 */
export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<SendItem> {
	const orderId = reference(this, itemIndex, 'orderId', 'PayKKa Order ID');
	const body: IDataObject = { order_id: orderId };
	const amountText = stringParameter(this, 'amount', itemIndex);
	let guarded: GuardedAmount | undefined;
	if (amountText !== '') {
		const currency = currencyCode(this, itemIndex);
		const unit = amountUnit(this, itemIndex);
		body.amount = minorAmount(this, itemIndex, 'Amount', amountText, currency, unit);
		body.currency = currency;
		guarded = { minor: BigInt(body.amount as number), exponent: currencyExponent(currency), unit };
	}
	// An empty amount captures the whole authorisation, unknown here: with a maximum set it is refused.
	checkGuardrails(this, itemIndex, { amount: guarded });
	const client = await PayKkaClient.prepare(this, itemIndex, undefined, pathOverrides(this, itemIndex, { pathOverride: 'paymentCapture', lookupPathOverride: 'paymentQuery' }));
	return async () => {
		const result = await createExactlyOnce(
			{
				find: async () => {
					const order = await client.lookup({ endpoint: 'paymentQuery', body: { order_id: orderId } }, [ORDER_NOT_FOUND], `order ${orderId}`);
					const captured = returnedAmount((order?.balances as IDataObject | undefined)?.captured_amount) ?? 0;
					if (!order || (captured === 0 && !CAPTURED.has(String(order.status)))) return undefined;
					if (body.amount !== undefined && captured !== 0 && captured !== body.amount) {
						throw referenceConflict(
							this,
							itemIndex,
							`Order ${orderId} is already captured for ${captured} (minor units), not ${String(body.amount)}`,
							'PayKKa captures an order once; check the order with Payment > Get.',
						);
					}
					return order;
				},
				create: async () => await client.request({ endpoint: 'paymentCapture', body, retrySafe: false }),
			},
			{ lookedUpBy: `order ${orderId} (its captured amount)` },
		);
		return result.status === undefined ? { order_id: orderId, ...result } : withNormalizedStatus(result, ORDER_STATUS_MAP);
	};
}
