/**
 * Result notifications (https://docs.paykka.com/payments/apis/payments/openapi/notify-webhook):
 * POST JSON to the order's or refund's notify_url, signed by the platform key afresh for every attempt,
 * retried until a 2xx ([ASSUMPTION] schedule). The merchant's API version decides the signing: v3
 * x-paykka-* headers; v1.2 `signature` / `type` / `version` over the body's merchant_id and `timestamp`
 * (the v1.2 notification schema carries `timestamp`; [ASSUMPTION] ms, set at each attempt).
 */
import type { WebhookDispatcher } from '../shared/webhook-dispatcher';
import type { Json } from './envelope';
import { platformHeaders, v12PlatformHeaders, type PlatformKey } from './signing';
import { isoWithOffset, newId, type OrderRecord, type PayKkaState } from './state';

/** notify_type per order status (GatewayOrderStatusEnum -> notify type enum of the docs). */
const NOTIFY_TYPES: Record<string, string> = {
	AUTHORIZED: 'PAYMENT.AUTHORIZATION',
	SUCCESS: 'PAYMENT.SUCCESS',
	FAILURE: 'PAYMENT.FAILURE',
	CANCELED: 'PAYMENT.CANCELED',
};

export class Notifier {
	constructor(
		private readonly state: PayKkaState,
		private readonly dispatcher: WebhookDispatcher,
		private readonly key: PlatformKey,
		private readonly appId: string,
	) {}

	/** Records the notification and queues it for the override URL, else for `url`. */
	notify(type: string, payload: Json, url: string | undefined): void {
		const id = newId('NT');
		const merchantId = typeof payload.merchant_id === 'string' ? payload.merchant_id : this.state.merchantId;
		const apiVersion = this.state.versionOf(merchantId);
		const target = this.state.webhookUrl ?? url;
		if (apiVersion === 'v1.2') {
			// The signed timestamp is inside the body, so each attempt sends the body with a fresh timestamp
			// (read by the dispatcher before it asks for the headers) and signs that body.
			const fresh = () => JSON.stringify({ ...payload, timestamp: Date.now() });
			const record = { id, type, url: target, body: fresh(), merchant_id: merchantId, apiVersion };
			this.state.notifications.push(record);
			if (!target) return;
			const key = this.key;
			this.dispatcher.enqueue({
				url: target,
				eventId: id,
				get body() {
					record.body = fresh();
					return record.body;
				},
				headers: () => {
					const sent = JSON.parse(record.body) as Json;
					return { 'Content-Type': 'application/json', ...v12PlatformHeaders(key, merchantId, String(sent.timestamp), record.body) };
				},
			});
			return;
		}
		const body = JSON.stringify(payload);
		this.state.notifications.push({ id, type, url: target, body, merchant_id: merchantId, apiVersion });
		if (!target) return;
		this.dispatcher.enqueue({
			url: target,
			eventId: id,
			body,
			// Fresh timestamp, nonce and signature for every attempt, over the notify URL's path.
			headers: () => ({
				'Content-Type': 'application/json',
				'x-paykka-appid': this.appId,
				...platformHeaders(this.key, 'POST', new URL(target).pathname, body),
			}),
		});
	}

	/** The payment result notification for the order's current status (v3 example of the docs). */
	payment(order: OrderRecord): void {
		const type = NOTIFY_TYPES[order.status];
		if (!type) return;
		const session = order.session_id ? this.state.sessions.get(order.session_id) : undefined;
		const version = this.state.versionOf(order.merchant_id);
		this.notify(
			type,
			{
				notify_type: type,
				merchant_id: order.merchant_id,
				trans_id: order.trans_id,
				order_id: order.order_id,
				status: order.status,
				amount: order.amount,
				currency: order.currency,
				...(order.session_id ? { session_id: order.session_id } : {}),
				...(order.shopper_reference ? { shopper_reference: order.shopper_reference } : {}),
				...(order.token ? { token: order.token } : {}),
				...(order.recurring_agreement_id ? { recurring_agreement_id: order.recurring_agreement_id } : {}),
				...(order.error_code ? { error_code: order.error_code, error_description: order.error_description } : {}),
				pay_finish_time: order.pay_finish_time,
				expire_time: session ? isoWithOffset(session.expireAt, version) : undefined,
				payment: { payment_method: 'BANKCARD' },
				card_info: order.card,
			},
			order.notify_url,
		);
	}
}
