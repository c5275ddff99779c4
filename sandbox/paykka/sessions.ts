/**
 * Hosted checkout sessions: create (`POST /v3/payment/acq/session`; fields from the 收银台创建
 * example of the v1.2 reference, SessionCreateReqDto) and query ([ASSUMPTION] path and fields,
 * by session_id or trans_id; 206011 "The session does not exist" when there is none). Plus what the
 * shopper does on the hosted page (pay with a test card, 3-D Secure), driven by control endpoints.
 */
import { minorUnits } from './amounts';
import { PAYKKA_TEST_CARDS, RET, SESSION_TTL_MS } from './constants';
import { invalid, oneOf, PayKkaError, refused, sessionMissing, success, text, urlField, type Json, type Reply } from './envelope';
import type { Notifier } from './notifications';
import { byMerchant, fingerprint, isoWithOffset, newId, type Caller, type OrderRecord, type PayKkaState, type SessionRecord } from './state';

export const CARDS: Record<string, { brand: string; outcome: 'success' | 'decline' | '3ds' }> = {
	[PAYKKA_TEST_CARDS.success]: { brand: 'VISA', outcome: 'success' },
	[PAYKKA_TEST_CARDS.successMastercard]: { brand: 'MASTERCARD', outcome: 'success' },
	[PAYKKA_TEST_CARDS.decline]: { brand: 'VISA', outcome: 'decline' },
	[PAYKKA_TEST_CARDS.threeDSecure]: { brand: 'VISA', outcome: '3ds' },
};

export class Sessions {
	constructor(
		private readonly state: PayKkaState,
		private readonly notifier: Notifier,
	) {}

	create(body: Json, numbers: Map<string, string>, caller: Caller): Reply {
		const { state } = this;
		const transId = text(body, 'trans_id', { required: true, max: 64 })!;
		const existing = state.sessionsByTransId.get(byMerchant(caller.merchantId, transId));
		if (existing) {
			// [ASSUMPTION] One trans_id = one session (PayKKa's plugin design): the same request gets the same session.
			if (existing.fingerprint !== fingerprint(body)) {
				throw refused(`trans_id ${transId} was already used with different parameters`);
			}
			return success(state.sessionView(existing));
		}
		oneOf(body, 'payment_type', ['PURCHASE', 'RECURRING']);
		oneOf(body, 'session_mode', ['HOSTED', 'DROP_IN', 'COMPONENT']);
		oneOf(body, 'capture_method', ['AUTOMATIC', 'MANUAL'], 'AUTOMATIC');
		oneOf(body, 'authorisation_type', ['FINAL_AUTH'], 'FINAL_AUTH');
		const currency = text(body, 'currency', { required: true })!;
		if (!/^[A-Z]{3}$/.test(currency)) throw invalid('currency must be an ISO 4217 code');
		const amount = minorUnits(body, numbers, 'amount', { required: true })!;
		urlField(body, 'return_url', true);
		urlField(body, 'notify_url');
		urlField(body, 'cancel_url');
		const payment = (body.payment ?? {}) as Json;
		if (payment.store_payment_method === true && !payment.shopper_reference) {
			throw new PayKkaError(200, RET.shopperReferenceMissing, 'shopperReference cannot be empty');
		}
		if (body.goods !== undefined && !Array.isArray(body.goods)) throw invalid('goods must be an array');
		for (const field of ['allowed_payment_methods', 'blocked_payment_methods']) {
			const methods = body[field];
			if (methods !== undefined && (!Array.isArray(methods) || methods.some((method) => typeof method !== 'string'))) throw invalid(`${field} must be an array of PaymentMethodEnum`);
		}
		((body.goods ?? []) as Json[]).forEach((good, index) =>
			minorUnits(good, numbers, 'price', { required: false, path: `goods[${index}].price` }),
		);
		let expireAt = Date.now() + SESSION_TTL_MS;
		const expireTime = text(body, 'expire_time');
		if (expireTime !== undefined) {
			expireAt = Date.parse(expireTime);
			if (Number.isNaN(expireAt) || !/([+-]\d{2}:?\d{2}|Z)$/.test(expireTime)) {
				throw invalid('expire_time must be an ISO-8601 date-time with offset');
			}
		}
		// v1.2: every date-time in the v1.2 reference's form, 2023-11-24T11:34:37+0800 (https://open-aq-paykka.apifox.cn, 收银台创建 example).
		if (caller.apiVersion === 'v1.2') {
			const customer = (body.customer ?? {}) as Json;
			const dates: Array<[string, unknown]> = [
				['expire_time', expireTime],
				['customer.registration_time', customer.registration_time],
				['customer.first_shopping_time', customer.first_shopping_time],
				['customer.last_shopping_time', customer.last_shopping_time],
				...((body.goods ?? []) as Json[]).map((good, index): [string, unknown] => [`goods[${index}].delivery_date`, good.delivery_date]),
			];
			for (const [field, value] of dates) {
				if (value !== undefined && (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{4}$/.test(value))) {
					throw invalid(`${field} must look like 2023-11-24T11:34:37+0800`);
				}
			}
		}
		const sessionId = newId('CS');
		const session: SessionRecord = {
			merchant_id: caller.merchantId,
			session_id: sessionId,
			trans_id: transId,
			fingerprint: fingerprint(body),
			request: body,
			status: 'PROCESSING',
			amount,
			currency,
			expireAt,
			session_url: `${state.baseUrl}/checkout/${sessionId}`,
		};
		state.sessions.set(sessionId, session);
		state.sessionsByTransId.set(byMerchant(caller.merchantId, transId), session);
		return success(state.sessionView(session));
	}

	query(body: Json, caller: Caller): Reply {
		const sessionId = text(body, 'session_id');
		const transId = text(body, 'trans_id');
		if (!sessionId && !transId) throw invalid('session_id is required');
		const session = sessionId ? this.state.sessions.get(sessionId) : this.state.sessionsByTransId.get(byMerchant(caller.merchantId, transId!));
		if (!session || session.merchant_id !== caller.merchantId) throw sessionMissing();
		return success(this.state.sessionView(session));
	}

	/** The shopper pays on the hosted page with a test card. */
	complete(sessionId: string, cardNumber: string): OrderRecord {
		const { state } = this;
		const session = state.sessions.get(sessionId);
		if (!session) throw sessionMissing(404);
		state.expireDueSessions();
		if (session.status !== 'PROCESSING' || session.order_id) {
			throw new PayKkaError(409, RET.invalid, `Session ${sessionId} is ${session.status}${session.order_id ? ` with order ${session.order_id}` : ''}`);
		}
		const card = CARDS[cardNumber];
		if (!card) throw new PayKkaError(400, '206022', `Card not supported in the sandbox; use one of ${Object.keys(CARDS).join(', ')}`);
		const request = session.request;
		const payment = (request.payment ?? {}) as Json;
		const order: OrderRecord = {
			merchant_id: session.merchant_id,
			order_id: newId('GW'),
			trans_id: session.trans_id,
			session_id: sessionId,
			status: 'PROCESSING',
			amount: session.amount,
			currency: session.currency,
			payment_type: String(request.payment_type),
			capture_method: String(request.capture_method ?? 'AUTOMATIC'),
			card: { bin: cardNumber.slice(0, 6), last4: cardNumber.slice(-4), card_brand: card.brand },
			card_number: cardNumber,
			balances: { authed: 0, captured: 0, voided: 0, refunded: 0, open: true },
			notify_url: typeof request.notify_url === 'string' ? request.notify_url : undefined,
			shopper_reference: typeof payment.shopper_reference === 'string' ? payment.shopper_reference : undefined,
		};
		state.orders.set(order.order_id, order);
		session.order_id = order.order_id;
		if (card.outcome === '3ds') order.authentication_url = `${state.baseUrl}/3ds/${order.order_id}`;
		else this.settle(order, card.outcome === 'success');
		return order;
	}

	/** The issuer's answer (after 3-D Secure where needed): AUTHORIZED/SUCCESS or FAILURE 2099. */
	settle(order: OrderRecord, approved: boolean): void {
		const { state } = this;
		const session = order.session_id ? state.sessions.get(order.session_id) : undefined;
		order.authentication_url = undefined;
		order.pay_finish_time = isoWithOffset(Date.now(), state.versionOf(order.merchant_id));
		if (!approved) {
			order.status = 'FAILURE';
			// [ASSUMPTION] 2099 "Invalid Card" (a doc example) for every decline.
			order.error_code = '2099';
			order.error_description = 'Invalid Card';
			order.balances.open = false;
			if (session) session.status = 'FAILURE';
			this.notifier.payment(order);
			return;
		}
		order.balances.authed = order.amount;
		if (order.capture_method === 'MANUAL') {
			order.status = 'AUTHORIZED';
		} else {
			order.status = 'SUCCESS';
			order.balances.captured = order.amount;
			order.balances.open = false;
		}
		const payment = (session?.request.payment ?? {}) as Json;
		if (session && payment.store_payment_method === true && typeof payment.shopper_reference === 'string') {
			order.token = newId('TK');
			state.tokens.set(order.token, {
				merchant_id: order.merchant_id,
				shopper_reference: payment.shopper_reference,
				card: order.card,
				card_number: order.card_number ?? '',
				token_usage: typeof payment.token_usage === 'string' ? payment.token_usage : 'CARD_ON_FILE',
			});
		}
		// A first recurring payment opens an agreement; a subsequent one (mit) continues its agreement.
		if (session && order.payment_type === 'RECURRING') {
			order.recurring_agreement_id = newId('RA');
			state.agreements.set(order.recurring_agreement_id, { status: 'ACTIVE', merchant_id: order.merchant_id, card_number: order.card_number ?? '', card: order.card });
		}
		if (session) session.status = 'SUCCESS';
		this.notifier.payment(order);
	}
}
