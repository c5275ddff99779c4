/* eslint-disable @n8n/community-nodes/no-restricted-imports */
/**
 * Test-only controls under /_sandbox/ (no signature): what the shopper, the issuer or PayKKa's
 * back office would do, and views of the sandbox's state. Same endpoints as before the split.
 */
import type { ServerResponse } from 'http';

import { Router, sendText } from '../shared/server';
import type { WebhookDispatcher } from '../shared/webhook-dispatcher';
import { money } from './amounts';
import { PAYKKA_TEST_CARDS, RET } from './constants';
import { CARDS } from './sessions';
import { invalid, orderMissing, PayKkaError, sessionMissing, type Json, type Reply } from './envelope';
import type { Notifier } from './notifications';
import { sampleEvent } from './sample-event';
import type { Sessions } from './sessions';
import { isoWithOffset, newId, randomDigits, type PayKkaState } from './state';

export type Control = (body: Json, params: Record<string, string>) => Reply | Promise<Reply>;

export interface ControlDeps {
	state: PayKkaState;
	sessions: Sessions;
	notifier: Notifier;
	dispatcher: WebhookDispatcher;
	appId: string;
	platformPublicKeyPem: string;
}

export function controlRoutes({ state, sessions, notifier, dispatcher, appId, platformPublicKeyPem }: ControlDeps): Router<Control> {
	const { merchantId } = state;
	return new Router<Control>()
		.add('POST', '/_sandbox/sessions/:id/complete', (body, params) => {
			const card = typeof body.card_number === 'string' ? body.card_number.replace(/\s+/g, '') : PAYKKA_TEST_CARDS.success;
			return { status: 200, body: state.orderView(sessions.complete(params.id, card)) };
		})
		.add('POST', '/_sandbox/sessions/:id/expire', (_body, params) => {
			const session = state.sessions.get(params.id);
			if (!session) throw sessionMissing(404);
			if (session.status !== 'PROCESSING' || session.order_id) throw new PayKkaError(409, RET.invalid, `Session is ${session.status}`);
			session.status = 'EXPIRED';
			return { status: 200, body: state.sessionView(session) };
		})
		.add('POST', '/_sandbox/orders/:id/authenticate', (body, params) => {
			const order = state.orders.get(params.id);
			if (!order) throw orderMissing();
			if (!order.authentication_url) throw new PayKkaError(409, RET.invalid, `Order ${order.order_id} is not waiting for 3-D Secure`);
			sessions.settle(order, body.success !== false && body.success !== 'false');
			return { status: 200, body: state.orderView(order) };
		})
		.add('POST', '/_sandbox/orders/:id/dispute', (body, params) => {
			const order = state.orders.get(params.id);
			if (!order) throw orderMissing();
			// Dispute notification fields of the v3 notify-webhook page.
			const payload = {
				event_type: 'DISPUTE',
				merchant_id: order.merchant_id,
				merchant_name: 'Sandbox Merchant',
				trans_id: order.trans_id,
				order_id: order.order_id,
				dispute_id: newId('DG'),
				arn: randomDigits(23),
				card_bin: order.card.bin,
				card_last4: order.card.last4,
				payment_method: 'BANKCARD',
				pay_finish_time: order.pay_finish_time,
				dispute_stage: typeof body.dispute_stage === 'string' ? body.dispute_stage : 'DISPUTE_CREATED',
				reason_code: typeof body.reason_code === 'string' ? body.reason_code : '10.4',
				reason_code_description: 'Other Fraud - Card Absent Environment',
				dispute_amount: order.balances.captured,
				dispute_currency: order.currency,
				order_amount: order.amount,
				order_currency: order.currency,
				dispute_time: isoWithOffset(Date.now()),
				due_time: isoWithOffset(Date.now() + 7 * 24 * 3_600_000),
			};
			notifier.notify('DISPUTE', payload, order.notify_url);
			return { status: 200, body: payload };
		})
		// A card the shopper stored earlier (as a checkout with Store Payment Method would): returns its token.
		.add('POST', '/_sandbox/tokens', (body) => {
			const owner = typeof body.merchant_id === 'string' ? body.merchant_id : merchantId;
			if (!state.merchants.has(owner)) throw invalid(`merchant_id ${owner} is not a sandbox merchant`);
			if (typeof body.shopper_reference !== 'string' || body.shopper_reference === '') throw invalid('shopper_reference is required');
			const cardNumber = typeof body.card_number === 'string' ? body.card_number.replace(/\s+/g, '') : PAYKKA_TEST_CARDS.success;
			const card = CARDS[cardNumber];
			if (!card) throw invalid(`card_number must be one of ${Object.keys(CARDS).join(', ')}`);
			const token = newId('TK');
			const record = {
				merchant_id: owner,
				shopper_reference: body.shopper_reference,
				card: { bin: cardNumber.slice(0, 6), last4: cardNumber.slice(-4), card_brand: card.brand },
				card_number: cardNumber,
				token_usage: typeof body.token_usage === 'string' ? body.token_usage : 'CARD_ON_FILE',
			};
			state.tokens.set(token, record);
			return { status: 200, body: { token, merchant_id: owner, shopper_reference: record.shopper_reference, card_info: record.card, token_usage: record.token_usage } };
		})
		.add('POST', '/_sandbox/webhook-endpoint', (body) => {
			if (body.url !== null && body.url !== undefined && typeof body.url !== 'string') throw invalid('url must be a string or null');
			state.webhookUrl = (body.url as string | null | undefined) ?? undefined;
			return { status: 200, body: { url: state.webhookUrl ?? null } };
		})
		.add('POST', '/_sandbox/notifications/:id/redeliver', (_body, params) => {
			const record = state.notifications.find((notification) => notification.id === params.id);
			if (!record?.url) throw new PayKkaError(404, RET.invalid, `Notification ${params.id} was never sent`);
			dispatcher.redeliver(params.id);
			return { status: 200, body: { id: params.id } };
		})
		.add('POST', '/_sandbox/sample-event', async (body) => await sampleEvent(state, sessions, dispatcher, body))
		.add('GET', '/_sandbox/notifications', () => ({
			status: 200,
			body: { notifications: state.notifications, attempts: dispatcher.attempts },
		}))
		.add('GET', '/_sandbox/keys', () => ({
			status: 200,
			body: { merchant_id: merchantId, app_id: appId, platform_public_key: platformPublicKeyPem, merchants: [...state.merchants.values()] },
		}))
		.add('GET', '/_sandbox/state', () => ({
			status: 200,
			body: {
				sessions: state.sessions.size,
				orders: [...state.orders.values()].map((order) => ({ order_id: order.order_id, status: order.status, balances: state.balancesView(order) })),
				refunds: state.refunds.size,
				tokens: state.tokens.size,
				notifications: state.notifications.length,
				webhook_url: state.webhookUrl ?? null,
			},
		}));
}

function htmlPage(title: string, body: string): string {
	return `<!doctype html><html><head><meta charset="utf-8"><title>${title}</title></head><body><h1>${title}</h1>${body}</body></html>`;
}

/** The hosted checkout page (session_url) and the 3-D Secure page; true when `pathname` was one. */
export function shopperPage(state: PayKkaState, res: ServerResponse, pathname: string): boolean {
	const checkout = /^\/checkout\/([A-Za-z0-9]+)$/.exec(pathname);
	if (checkout) {
		const session = state.sessions.get(checkout[1]);
		if (!session) sendText(res, 404, 'Unknown session');
		else {
			sendText(
				res,
				200,
				htmlPage(
					'PayKKa sandbox checkout',
					`<p>${session.trans_id}: ${money(session.amount, session.currency)} (${session.status})</p>` +
						`<form method="post" action="/_sandbox/sessions/${session.session_id}/complete"><input name="card_number" value="${PAYKKA_TEST_CARDS.success}"><button>Pay</button></form>`,
				),
				{ 'Content-Type': 'text/html; charset=utf-8' },
			);
		}
		return true;
	}
	const threeDs = /^\/3ds\/([A-Za-z0-9]+)$/.exec(pathname);
	if (threeDs) {
		sendText(
			res,
			200,
			htmlPage('PayKKa sandbox 3-D Secure', `<form method="post" action="/_sandbox/orders/${threeDs[1]}/authenticate"><button>Authenticate</button></form>`),
			{ 'Content-Type': 'text/html; charset=utf-8' },
		);
		return true;
	}
	return false;
}
