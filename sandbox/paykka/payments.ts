/**
 * Payments (orders): query (`POST /v3/payment/acq/query`: one of trans_id / order_id /
 * session_id), capture ([ASSUMPTION] `POST /v3/payment/acq/capture` with order_id and an optional
 * amount/currency) and void (`POST /v3/payment/acq/void`: order_id, reason; answers only
 * ret_code/ret_msg). [ASSUMPTION] One capture per order: AUTHORIZED -> SUCCESS; void AUTHORIZED -> CANCELED.
 */
import { minorUnits, money } from './amounts';
import { REASONS } from './constants';
import { invalid, oneOf, orderMissing, refused, success, text, type Json, type Reply } from './envelope';
import type { Notifier } from './notifications';
import type { OrderRecord, PayKkaState } from './state';

export class Payments {
	constructor(
		private readonly state: PayKkaState,
		private readonly notifier: Notifier,
	) {}

	find(orderId: string | undefined): OrderRecord {
		const order = orderId === undefined ? undefined : this.state.orders.get(orderId);
		if (!order) throw orderMissing();
		return order;
	}

	query(body: Json): Reply {
		const { state } = this;
		const transId = text(body, 'trans_id');
		const orderId = text(body, 'order_id');
		const sessionId = text(body, 'session_id');
		if (!transId && !orderId && !sessionId) throw invalid('trans_id, order_id and session_id cannot all be empty');
		const session = sessionId ? state.sessions.get(sessionId) : transId ? state.sessionsByTransId.get(transId) : undefined;
		const order = state.orders.get(orderId ?? session?.order_id ?? '');
		if (!order) throw orderMissing();
		return success(state.orderView(order));
	}

	capture(body: Json, numbers: Map<string, string>): Reply {
		const order = this.find(text(body, 'order_id', { required: true }));
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

	void(body: Json): Reply {
		const order = this.find(text(body, 'order_id', { required: true }));
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
