/** Test-only controls under /_sandbox/ (no signature): drive orders, payouts and webhooks. */
import { Router } from '../shared/server';
import { PINDDPAY_TEST_CARDS } from './constants';
import { currencyField, type Body } from './fields';
import { JsonNumber } from './json';
import { toMinor } from './money';
import { createSession, findOrderForControl, orderDetail, payOrder } from './orders';
import { balanceList, findPayoutForControl, payoutResponse } from './payouts';
import { badRequest, balanceOf, PinddpayError, shortId, type PinddpayState } from './state';
import { sampleEvent } from './sample-event';
import { subscriptionResponse } from './subscriptions';
import { captureSubscription, emit, orderEventPayload, payoutEventPayload } from './webhooks';

export type ControlHandler = (body: Body, params: Record<string, string>) => unknown;

/** A decimal given to a control as a JSON number or a string. */
function decimalFromControl(value: unknown): string {
	if (value instanceof JsonNumber) return value.text;
	return typeof value === 'string' ? value.trim() : '';
}

export function controlRoutes(state: PinddpayState): Router<ControlHandler> {
	const { options, dispatcher, events } = state;
	return new Router<ControlHandler>()
		.add('POST', '/_sandbox/sample-event', async (body) => await sampleEvent(state, body))
		.add('POST', '/_sandbox/webhook-endpoint', (body) => {
			if (body.url !== null && typeof body.url !== 'string') throw badRequest('url must be a string or null');
			options.webhookUrl = body.url ?? undefined;
			return { url: options.webhookUrl ?? null };
		})
		.add('POST', '/_sandbox/settings', (body) => {
			if (body.signTokenContent !== undefined) {
				if (body.signTokenContent !== 'secret' && body.signTokenContent !== 'bodyAndSecret') {
					throw badRequest('signTokenContent must be secret or bodyAndSecret');
				}
				options.signTokenContent = body.signTokenContent;
			}
			if (body.successCode !== undefined) {
				const code = body.successCode instanceof JsonNumber ? body.successCode.text : body.successCode;
				if (code === '200' && typeof body.successCode === 'string') options.successCode = '200';
				else if (code === '200') options.successCode = 200;
				else if (code === '0') options.successCode = 0;
				else throw badRequest('successCode must be 200, 0 or "200"');
			}
			return { signTokenContent: options.signTokenContent, successCode: options.successCode };
		})
		/**
		 * An order as Create order session makes it, without a signed call: for end-to-end senders
		 * whose events must name orders Pinddpay has (the trigger's Confirm With Gateway looks them
		 * up). `{merchantOrderNo?, amount?: "1.99", currency?: "USD", notifyUrl?, pay?: true, webhooks?: false}`;
		 * answers the order as Query a transaction shows it and the pay-in event section Pinddpay would
		 * send. `webhooks: false` sends (and records) no order.created / order.paid for it.
		 */
		.add('POST', '/_sandbox/orders', (body) => {
			const amount = decimalFromControl(body.amount ?? '1.99');
			const merchantOrderNo = typeof body.merchantOrderNo === 'string' ? body.merchantOrderNo : shortId('SBX-');
			const currency = typeof body.currency === 'string' ? body.currency : 'USD';
			const notifyUrl = typeof body.notifyUrl === 'string' ? body.notifyUrl : 'https://example.com/notify';
			state.muted = body.webhooks === false;
			let id: string;
			try {
				const session = createSession(state, {
					appid: options.appId,
					order: { id: merchantOrderNo, sku: { id: merchantOrderNo, currency, amount: new JsonNumber(amount), name: 'Sandbox order', quantity: new JsonNumber('1') } },
					notifyUrl,
				}) as { session: string };
				id = Buffer.from(session.session, 'base64').toString('utf8').split(':')[0];
				if (body.pay === true) payOrder(state, findOrderForControl(state, id), PINDDPAY_TEST_CARDS.success);
			} finally {
				state.muted = false;
			}
			const order = findOrderForControl(state, id);
			return { order: orderDetail(state, new URLSearchParams({ id })), event: orderEventPayload(order) };
		})
		.add('POST', '/_sandbox/orders/:id/pay', (body, params) => {
			const card = typeof body.card === 'string' ? body.card.replace(/\s+/g, '') : PINDDPAY_TEST_CARDS.success;
			const order = payOrder(state, findOrderForControl(state, params.id), card);
			return orderDetail(state, new URLSearchParams({ id: order.id }));
		})
		.add('POST', '/_sandbox/orders/:id/refund', (body, params) => {
			const order = findOrderForControl(state, params.id);
			if (order.status !== 'paid') throw new PinddpayError(409, `Order ${order.id} is ${order.status}; only paid orders can be refunded`);
			let minor = order.amount.minor;
			if (body.amount !== undefined) {
				const requested = toMinor(decimalFromControl(body.amount), order.amount.exponent);
				if (requested === undefined) throw badRequest('amount is not a valid decimal for this currency');
				if (requested <= 0n || requested > order.amount.minor) throw badRequest('amount must be more than 0 and at most the order amount');
				minor = requested;
			}
			order.status = 'refunded';
			order.refund = { id: shortId('rf_'), minor, refundAt: new Date() };
			emit(state, 'order.refunded', orderEventPayload(order), order.notifyUrl);
			return orderEventPayload(order);
		})
		.add('POST', '/_sandbox/orders/:id/dispute', (body, params) => {
			const order = findOrderForControl(state, params.id);
			if (order.status !== 'paid') throw new PinddpayError(409, `Order ${order.id} is ${order.status}; only paid orders can be disputed`);
			order.status = 'disputed';
			order.dispute = {
				id: shortId('dp_'),
				reason: typeof body.reason === 'string' ? body.reason : 'fraudulent',
				disputeAt: new Date(),
				status: 'open',
			};
			emit(state, 'order.disputed', orderEventPayload(order), order.notifyUrl);
			return orderEventPayload(order);
		})
		.add('POST', '/_sandbox/payouts/:id/pay', (_body, params) => {
			const payout = findPayoutForControl(state, params.id);
			payout.status = 'PAID';
			payout.payAt = new Date();
			emit(state, 'payout.paid', payoutEventPayload(payout), payout.details.notifyUrl);
			return payoutResponse(payout);
		})
		.add('POST', '/_sandbox/payouts/:id/fail', (body, params) => {
			const payout = findPayoutForControl(state, params.id);
			payout.status = 'FAILED';
			payout.error = typeof body.reason === 'string' ? body.reason : 'Beneficiary account rejected the payout';
			state.balances.set(payout.amount.currency, balanceOf(state, payout.amount.currency) + payout.amount.minor);
			emit(state, 'payout.failed', payoutEventPayload(payout), payout.details.notifyUrl);
			return payoutResponse(payout);
		})
		.add('POST', '/_sandbox/balance', (body) => {
			const currency = currencyField(body, 'currency', 'currency');
			const minor = toMinor(decimalFromControl(body.amount), currency.exponent);
			if (minor === undefined) throw badRequest('amount must be a decimal with the currency\'s decimals');
			state.balances.set(currency.currency, minor);
			return balanceList(state);
		})
		.add('POST', '/_sandbox/subscriptions/:contractId/capture', (body, params) => {
			const subscription = state.subscriptions.get(params.contractId);
			if (!subscription) throw new PinddpayError(404, `Subscription ${params.contractId} not found`);
			if (subscription.status !== 'active') throw new PinddpayError(409, `Subscription is ${subscription.status}`);
			if (subscription.capturedCycles >= subscription.billingCycle) throw new PinddpayError(409, 'All billing cycles are captured');
			captureSubscription(state, subscription, body.fail === true);
			return subscriptionResponse(subscription);
		})
		.add('GET', '/_sandbox/webhooks', () => ({ events, attempts: dispatcher.attempts }))
		.add('POST', '/_sandbox/webhooks/:id/redeliver', (_body, params) => {
			const event = events.find((candidate) => candidate.eventId === params.id);
			if (!event?.url) throw new PinddpayError(404, `Event ${params.id} was not delivered to any URL`);
			dispatcher.redeliver(params.id);
			return { eventId: params.id };
		})
		.add('GET', '/_sandbox/state', () => ({
			orders: state.orders.size,
			payouts: state.payouts.size,
			subscriptions: state.subscriptions.size,
			events: events.length,
			webhookUrl: options.webhookUrl ?? null,
			signTokenContent: options.signTokenContent,
			balances: balanceList(state),
			testCards: PINDDPAY_TEST_CARDS,
		}));
}
