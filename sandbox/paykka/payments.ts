/**
 * Payments (orders): initiate a merchant-initiated transaction (`POST /v3/payment/acq`, v1.2
 * [ASSUMPTION] `/payments`: a stored `payment.token` with `shopper_reference`, or a subsequent recurring
 * payment `mit: true` with `recurring_agreement_id`), query (`POST /v3/payment/acq/query`: one of trans_id /
 * order_id / session_id), capture ([ASSUMPTION] `POST /v3/payment/acq/capture` with order_id and an optional
 * amount/currency) and void (`POST /v3/payment/acq/void`: order_id, reason; answers only ret_code/ret_msg).
 * [ASSUMPTION] One capture per order: AUTHORIZED -> SUCCESS; void AUTHORIZED -> CANCELED. Every lookup is
 * scoped to the calling merchant.
 */
import { minorUnits, money } from './amounts';
import { REASONS, RET } from './constants';
import { invalid, oneOf, orderMissing, PayKkaError, refused, success, text, urlField, type Json, type Reply } from './envelope';
import type { Notifier } from './notifications';
import { CARDS, type Sessions } from './sessions';
import { byMerchant, fingerprint, newId, type Caller, type OrderRecord, type PayKkaState } from './state';

export class Payments {
	constructor(
		private readonly state: PayKkaState,
		private readonly notifier: Notifier,
		private readonly sessions?: Sessions,
	) {}

	find(orderId: string | undefined, caller?: Caller): OrderRecord {
		const order = orderId === undefined ? undefined : this.state.orders.get(orderId);
		if (!order || (caller && order.merchant_id !== caller.merchantId)) throw orderMissing();
		return order;
	}

	/**
	 * Merchant-initiated charge. Card numbers (`card_no`, `encrypted_card_no`) are refused with 1008 (this
	 * sandbox merchant is not PCI certified). [ASSUMPTION] A repeated trans_id with the same body returns the
	 * existing order, with another body 010000; a stored card that needs 3-D Secure answers
	 * `authentication_result.authentication_url` (status PROCESSING).
	 */
	create(body: Json, numbers: Map<string, string>, caller: Caller): Reply {
		const { state } = this;
		const transId = text(body, 'trans_id', { required: true, max: 64 })!;
		const key = byMerchant(caller.merchantId, transId);
		const existing = state.ordersByTransId.get(key);
		if (existing) {
			if (existing.fingerprint !== fingerprint(body)) throw refused(`trans_id ${transId} was already used with different parameters`);
			return success(state.orderView(existing));
		}
		if (state.sessionsByTransId.has(key)) throw refused(`trans_id ${transId} already belongs to a checkout session`);
		const paymentType = oneOf(body, 'payment_type', ['PURCHASE', 'RECURRING']);
		const captureMethod = oneOf(body, 'capture_method', ['AUTOMATIC', 'MANUAL'], 'AUTOMATIC');
		oneOf(body, 'authorisation_type', ['FINAL_AUTH'], 'FINAL_AUTH');
		const currency = text(body, 'currency', { required: true })!;
		if (!/^[A-Z]{3}$/.test(currency)) throw invalid('currency must be an ISO 4217 code');
		const amount = minorUnits(body, numbers, 'amount', { required: true })!;
		urlField(body, 'return_url');
		const notifyUrl = urlField(body, 'notify_url');
		const payment = (body.payment ?? {}) as Json;
		if (typeof payment !== 'object' || Array.isArray(payment)) throw invalid('payment must be an object');
		if (payment.card_no !== undefined || payment.encrypted_card_no !== undefined) {
			throw new PayKkaError(200, '1008', 'Not PCI certified, cannot initiate plain card transaction');
		}
		let card: { number: string; info: OrderRecord['card'] };
		let shopperReference: string | undefined;
		let agreementId: string | undefined;
		if (paymentType === 'RECURRING') {
			if (body.mit !== true) throw new PayKkaError(200, '2011', 'For non-first recurring payments, mit must be true');
			agreementId = text(body, 'recurring_agreement_id', { required: true })!;
			const agreement = state.agreements.get(agreementId);
			if (!agreement || agreement.merchant_id !== caller.merchantId) throw new PayKkaError(200, '2015', 'Recurring payment agreement does not exist');
			if (agreement.status !== 'ACTIVE') throw new PayKkaError(200, '2016', 'Recurring payment agreement is not active');
			card = { number: agreement.card_number, info: agreement.card };
			shopperReference = text(payment, 'shopper_reference');
		} else {
			const token = text(payment, 'token', { required: true, max: 64 })!;
			shopperReference = text(payment, 'shopper_reference');
			if (!shopperReference) throw new PayKkaError(200, RET.shopperReferenceMissing, 'shopperReference cannot be empty');
			const stored = state.tokens.get(token);
			if (!stored || stored.merchant_id !== caller.merchantId || stored.shopper_reference !== shopperReference) {
				throw refused(`Token ${token} does not exist for shopper_reference ${shopperReference}`);
			}
			card = { number: stored.card_number, info: stored.card };
		}
		const order: OrderRecord = {
			merchant_id: caller.merchantId,
			order_id: newId('GW'),
			trans_id: transId,
			fingerprint: fingerprint(body),
			status: 'PROCESSING',
			amount,
			currency,
			payment_type: paymentType,
			capture_method: captureMethod,
			card: card.info,
			card_number: card.number,
			balances: { authed: 0, captured: 0, voided: 0, refunded: 0, open: true },
			notify_url: notifyUrl,
			shopper_reference: shopperReference,
			...(paymentType === 'PURCHASE' ? { token: text(payment, 'token') } : {}),
			...(agreementId ? { recurring_agreement_id: agreementId } : {}),
		};
		state.orders.set(order.order_id, order);
		state.ordersByTransId.set(key, order);
		const outcome = CARDS[card.number]?.outcome ?? 'success';
		if (outcome === '3ds') order.authentication_url = `${state.baseUrl}/3ds/${order.order_id}`;
		else this.sessions?.settle(order, outcome === 'success');
		return success(state.orderView(order));
	}

	query(body: Json, caller: Caller): Reply {
		const { state } = this;
		const transId = text(body, 'trans_id');
		const orderId = text(body, 'order_id');
		const sessionId = text(body, 'session_id');
		if (!transId && !orderId && !sessionId) throw invalid('trans_id, order_id and session_id cannot all be empty');
		const byTrans = transId ? byMerchant(caller.merchantId, transId) : undefined;
		const session = sessionId ? state.sessions.get(sessionId) : byTrans ? state.sessionsByTransId.get(byTrans) : undefined;
		const order = state.orders.get(orderId ?? session?.order_id ?? '') ?? (byTrans && !sessionId && !orderId ? state.ordersByTransId.get(byTrans) : undefined);
		if (!order || order.merchant_id !== caller.merchantId) throw orderMissing();
		return success(state.orderView(order));
	}

	capture(body: Json, numbers: Map<string, string>, caller: Caller): Reply {
		const order = this.find(text(body, 'order_id', { required: true }), caller);
		const amount = minorUnits(body, numbers, 'amount', { required: false }) ?? order.balances.authed;
		const currency = text(body, 'currency');
		if (currency !== undefined && currency !== order.currency) throw invalid(`currency must be ${order.currency}, the order's currency`);
		if (order.status !== 'AUTHORIZED' || !order.balances.open) {
			throw refused(`Order ${order.order_id} is ${order.status}; only AUTHORIZED orders can be captured`);
		}
		if (amount > order.balances.authed) {
			throw refused(`amount ${money(amount, order.currency)} exceeds able_to_capture_amount ${money(order.balances.authed, order.currency)}`);
		}
		order.balances.captured = amount;
		order.balances.open = false;
		order.status = 'SUCCESS';
		this.notifier.payment(order);
		return success(this.state.orderView(order));
	}

	void(body: Json, caller: Caller): Reply {
		const order = this.find(text(body, 'order_id', { required: true }), caller);
		if (body.reason !== undefined) oneOf(body, 'reason', REASONS);
		if (order.status !== 'AUTHORIZED' || !order.balances.open) {
			throw refused(`Order ${order.order_id} is ${order.status}; only AUTHORIZED orders can be voided`);
		}
		order.balances.voided = order.balances.authed;
		order.balances.open = false;
		order.status = 'CANCELED';
		this.notifier.payment(order);
		return success();
	}
}
