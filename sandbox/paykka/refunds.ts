/**
 * Refunds: create (`POST /v3/payment/acq/refund`: refund_trans_id, ori_order_id, refund_amount,
 * currency, reason, notify_url, as PayKKa's WooCommerce plugin sends them) and query
 * (`POST /v3/payment/acq/refund/query` by refund_trans_id or refund_order_id). [ASSUMPTION] An
 * unknown refund answers 206024 "The order doesn't exist"; a reused refund_trans_id with the same
 * body returns the existing refund, with another body 010000.
 */
import { minorUnits, money } from './amounts';
import { REASONS } from './constants';
import { invalid, oneOf, orderMissing, refused, success, text, urlField, type Json, type Reply } from './envelope';
import type { Notifier } from './notifications';
import type { Payments } from './payments';
import { byMerchant, fingerprint, isoWithOffset, newId, type Caller, type PayKkaState, type RefundRecord } from './state';

export class Refunds {
	constructor(
		private readonly state: PayKkaState,
		private readonly payments: Payments,
		private readonly notifier: Notifier,
	) {}

	create(body: Json, numbers: Map<string, string>, caller: Caller): Reply {
		const { state } = this;
		const refundTransId = text(body, 'refund_trans_id', { required: true, max: 64 })!;
		const existing = state.refundsByTransId.get(byMerchant(caller.merchantId, refundTransId));
		if (existing) {
			if (existing.fingerprint !== fingerprint(body)) {
				throw refused(`refund_trans_id ${refundTransId} was already used with different parameters`);
			}
			return success(state.refundView(existing));
		}
		const order = this.payments.find(text(body, 'ori_order_id', { required: true }), caller);
		const amount = minorUnits(body, numbers, 'refund_amount', { required: true })!;
		const currency = text(body, 'currency', { required: true });
		if (currency !== order.currency) throw invalid(`currency must be ${order.currency}, the order's currency`);
		const reason = body.reason === undefined ? undefined : oneOf(body, 'reason', REASONS);
		const notifyUrl = urlField(body, 'notify_url');
		if (order.status !== 'SUCCESS' && order.status !== 'PARTIALLY_REFUNDED') {
			throw refused(`Order ${order.order_id} is ${order.status}; only captured orders can be refunded`);
		}
		const refundable = order.balances.captured - order.balances.refunded;
		if (amount > refundable) {
			throw refused(
				`refund_amount ${money(amount, order.currency)} exceeds the refundable amount ${money(refundable, order.currency)} (able_to_refund_amount ${refundable})`,
			);
		}
		const record: RefundRecord = {
			merchant_id: caller.merchantId,
			refund_order_id: newId('RG'),
			refund_trans_id: refundTransId,
			fingerprint: fingerprint(body),
			ori_order_id: order.order_id,
			trans_id: order.trans_id,
			amount,
			currency: order.currency,
			reason,
			status: 'SUCCESS',
			notify_url: notifyUrl ?? order.notify_url,
			created_at: isoWithOffset(Date.now(), caller.apiVersion),
		};
		state.refunds.set(record.refund_order_id, record);
		state.refundsByTransId.set(byMerchant(caller.merchantId, refundTransId), record);
		order.balances.refunded += amount;
		order.status = order.balances.refunded === order.balances.captured ? 'REFUNDED' : 'PARTIALLY_REFUNDED';
		// Refund notifications: trans_id is the merchant's refund number (as PayKKa's plugin reads them).
		this.notifier.notify(
			'REFUND.SUCCESS',
			{
				notify_type: 'REFUND.SUCCESS',
				merchant_id: caller.merchantId,
				trans_id: refundTransId,
				order_id: order.order_id,
				refund_order_id: record.refund_order_id,
				status: 'SUCCESS',
				amount,
				currency: order.currency,
			},
			record.notify_url,
		);
		return success(state.refundView(record));
	}

	query(body: Json, caller: Caller): Reply {
		const refundTransId = text(body, 'refund_trans_id');
		const refundOrderId = text(body, 'refund_order_id');
		if (!refundTransId && !refundOrderId) throw invalid('refund_trans_id or refund_order_id is required');
		const record = refundOrderId ? this.state.refunds.get(refundOrderId) : this.state.refundsByTransId.get(byMerchant(caller.merchantId, refundTransId!));
		if (!record || record.merchant_id !== caller.merchantId) throw orderMissing();
		return success(this.state.refundView(record));
	}
}
