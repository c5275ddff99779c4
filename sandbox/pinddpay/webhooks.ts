/**
 * Webhooks Pinddpay POSTs to the notify URL (pay-in: http://docs.pinddpay.com/341969792e0; payout:
 * http://docs.pinddpay.com/346256453e0; subscription: http://docs.pinddpay.com/341963635e0), signed with `sign-token`, retried
 * until the receiver answers HTTP 200 ("After pinddpay receives a response with status code 200,
 * it believes that the other party has successfully received the callback", Payin webhook).
 */
import { ORDER_STATUS_LABELS } from './constants';
import { writeJson } from './json';
import { decimalNumber, decimalText } from './money';
import type { Body } from './fields';
import { adminTime, isoSeconds, newTradeNo, shortId, type OrderRecord, type PayoutRecord, type PinddpayState, type SubscriptionRecord } from './state';
import { signToken } from './signing';

const capitalise = (text: string) => text.charAt(0).toUpperCase() + text.slice(1).toLowerCase();

function isLoopback(url: string): boolean {
	try {
		const host = new URL(url).hostname;
		return host === '127.0.0.1' || host === 'localhost' || host === '[::1]';
	} catch {
		return false;
	}
}

/** Records the event and queues its delivery; `eventAt` is Admin.NET's UTC time (payout sample "2025-09-05T06:13:10.6522948Z"). */
export function emit(state: PinddpayState, eventName: string, payload: Body | Record<string, unknown>, notifyUrl: string | undefined): void {
	if (state.muted) return;
	const eventId = state.nextEventId();
	const body = writeJson({ eventId, eventAt: adminTime(), eventName, appId: state.options.appId, ...payload });
	const target = state.options.webhookUrl ?? notifyUrl;
	const url = target && (state.options.allowExternalWebhooks || isLoopback(target)) ? target : undefined;
	state.events.push({ eventId, eventName, body, url });
	if (!url) return;
	state.dispatcher.enqueue({
		url,
		eventId,
		body,
		headers: () => ({
			'Content-Type': 'application/json',
			'sign-token': signToken(state.options.secret, state.options.signTokenContent, body),
		}),
	});
}

/** The pay-in event's sections (Payin webhook, http://docs.pinddpay.com/341969792e0); amounts are strings here. */
export function orderEventPayload(order: OrderRecord): Record<string, unknown> {
	const money = order.amount;
	return {
		order: {
			id: order.id,
			merchantOrderNo: order.merchantOrderNo,
			email: order.customer.email ?? '',
			amount: decimalText(money),
			quantity: String(order.quantity),
			tradeNo: order.tradeNo ?? '',
			currency: money.currency,
			country: order.customer.country ?? '',
			status: ORDER_STATUS_LABELS[order.status],
			statusEn: order.status,
			paymentMethod: order.paymentMethod ? capitalise(order.paymentMethod) : '',
			rate: 0,
		},
		transaction: order.tradeNo
			? {
					tradeNo: order.tradeNo,
					capturedAmount: order.paidAt ? decimalText(money) : '0',
					currency: money.currency,
					error: order.transactionError,
				}
			: null,
		dispute: order.dispute
			? { id: order.dispute.id, reason: order.dispute.reason, disputeAt: isoSeconds(order.dispute.disputeAt), status: order.dispute.status }
			: null,
		refund: order.refund
			? {
					id: order.refund.id,
					refundAmount: decimalText({ ...money, minor: order.refund.minor }),
					currency: money.currency,
					refundAt: isoSeconds(order.refund.refundAt),
				}
			: null,
	};
}

/** The payout event: `resouce` (sic, as documented), amount a JSON number. */
export function payoutEventPayload(payout: PayoutRecord): Record<string, unknown> {
	return {
		resouce: {
			id: payout.id,
			amount: decimalNumber(payout.amount),
			payAt: payout.payAt ? isoSeconds(payout.payAt) : null,
			targetAccount: payout.payoutAccount,
			currency: payout.amount.currency,
			status: payout.status,
			error: payout.error,
			orderNo: payout.orderNo,
		},
	};
}

/** The subscription (card) event: `resouce.capture` and `resouce.plan`, amounts as strings. */
export function subscriptionEventPayload(subscription: SubscriptionRecord, capture: Record<string, unknown> | null): Record<string, unknown> {
	return {
		resouce: {
			capture,
			plan: {
				id: subscription.planId,
				merchantPlanId: subscription.planId,
				amount: decimalText(subscription.amount),
				currency: subscription.amount.currency,
				intervalUnit: subscription.interval,
				totalCycles: String(subscription.billingCycle),
			},
		},
	};
}

export function captureSubscription(state: PinddpayState, subscription: SubscriptionRecord, failed: boolean): void {
	const order = state.orders.get(subscription.orderId)!;
	const capture = {
		userId: subscription.userId,
		currency: subscription.amount.currency,
		amount: decimalText(subscription.amount),
		id: shortId('cap_'),
		contractId: subscription.contractId,
		tradeNo: newTradeNo(),
	};
	if (!failed) subscription.capturedCycles++;
	emit(
		state,
		failed ? 'subscription.capture.failed' : 'subscription.capture.successful',
		subscriptionEventPayload(subscription, capture),
		order.notifyUrl,
	);
}
