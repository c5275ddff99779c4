/* eslint-disable @n8n/community-nodes/no-restricted-imports */
/**
 * Pay-in orders: Create order session (http://docs.pinddpay.com/ › Payin), Create a transaction
 * (http://docs.pinddpay.com/330499047e0), Query a transaction (http://docs.pinddpay.com/341501367e0)
 * and the hosted checkout the session and paylink open.
 */
import type { ServerResponse } from 'http';

import { sendText } from '../shared/server';
import { CARD_OUTCOMES, INTERVALS, ORDER_STATUS_LABELS, PINDDPAY_TEST_CARDS } from './constants';
import {
	amountField,
	currencyField,
	integerField,
	objectField,
	stringField,
	stringRecord,
	urlField,
	type Body,
} from './fields';
import { integerOf, JsonNumber } from './json';
import { decimalNumber, decimalText } from './money';
import {
	badRequest,
	isoSeconds,
	newTradeNo,
	PinddpayError,
	shortId,
	type OrderRecord,
	type PinddpayState,
	type SubscriptionRecord,
} from './state';
import { captureSubscription, emit, orderEventPayload } from './webhooks';

const capitalise = (text: string) => text.charAt(0).toUpperCase() + text.slice(1).toLowerCase();

/** An unpaid order whose session ran out is cancelled when next looked at. */
export function refreshExpiry(order: OrderRecord): OrderRecord {
	if ((order.status === 'created' || order.status === 'failed') && Date.now() > order.expiresAt.getTime()) {
		order.status = 'cancelled';
	}
	return order;
}

/** For test controls: an order by Pinddpay id or by merchant order number. */
export function findOrderForControl(state: PinddpayState, id: string): OrderRecord {
	const order = state.orders.get(id) ?? state.ordersByMerchantNo.get(id);
	if (!order) throw badRequest(`Order ${id} not found`);
	return refreshExpiry(order);
}

function checkAppId(state: PinddpayState, body: Body): string {
	const appId = stringField(body, 'appid', 'appid', true)!;
	// Pinddpay's PHP client sends the access key as appid.
	if (appId !== state.options.appId && appId !== state.options.accessKey) throw badRequest(`appid ${appId} is invalid`);
	return appId;
}

/**
 * Creates the order, or reuses it when the same merchant order id comes again with the same
 * amount while it is still payable. [ASSUMPTION] The docs do not say how Pinddpay treats a
 * repeated order.id.
 */
function upsertOrder(state: PinddpayState, body: Body, via: OrderRecord['via']): OrderRecord {
	const appId = checkAppId(state, body);
	const order = objectField(body, 'order', true)!;
	const merchantOrderNo = stringField(order, 'id', 'order.id', true)!;
	const sku = objectField(order, 'sku', true)!;
	const currency = currencyField(sku, 'currency', 'order.sku.currency');
	const amount = amountField(sku, 'amount', 'order.sku.amount', currency);
	const name = stringField(sku, 'name', 'order.sku.name', true)!;
	const quantity = integerField(sku, 'quantity', 'order.sku.quantity');
	const notifyUrl = urlField(body, 'notifyUrl', 'notifyUrl', true)!;
	const customer = stringRecord(objectField(body, 'customer', false), ['id', 'country', 'ip', 'name', 'email'], 'customer');
	const paymentMethod = stringField(objectField(body, 'options', false) ?? {}, 'paymentMethod', 'options.paymentMethod', false);
	const now = new Date();
	const expiresAt = new Date(now.getTime() + state.options.sessionTtlSeconds * 1000);

	const existing = state.ordersByMerchantNo.get(merchantOrderNo);
	if (existing) {
		refreshExpiry(existing);
		if (existing.amount.minor !== amount.minor || existing.amount.currency !== amount.currency) {
			throw badRequest(`order.id ${merchantOrderNo} was already used with a different amount`);
		}
		if (existing.status !== 'created' && existing.status !== 'failed') {
			throw badRequest(`Order ${merchantOrderNo} is already ${existing.status}`);
		}
		existing.expiresAt = expiresAt;
		return existing;
	}
	const record: OrderRecord = {
		id: state.nextOrderId(),
		merchantOrderNo,
		appId,
		amount,
		quantity,
		sku: { id: stringField(sku, 'id', 'order.sku.id', false), name },
		customer,
		notifyUrl,
		redirectUrl: urlField(body, 'redirectUrl', 'redirectUrl', false),
		cancelUrl: urlField(body, 'cancelUrl', 'cancelUrl', false),
		paymentMethod,
		website: stringField(body, 'website', 'website', false),
		via,
		status: 'created',
		tradeNo: null,
		transactionError: null,
		createdAt: now,
		expiresAt,
	};
	state.orders.set(record.id, record);
	state.ordersByMerchantNo.set(merchantOrderNo, record);
	emit(state, 'order.created', orderEventPayload(record), record.notifyUrl);
	return record;
}

const checkoutUrl = (state: PinddpayState, order: OrderRecord) => `${state.baseUrl}/app/v2/checkout?token=${order.id}`;

/**
 * POST /api/gateway/createsession: `result.session` and `result.expiredAt` (Create order session,
 * http://docs.pinddpay.com/ › Payin, response example).
 */
export function createSession(state: PinddpayState, body: Body): unknown {
	const order = upsertOrder(state, body, 'session');
	return {
		// Base64 of "<orderId>:<checkout domain>", as Pinddpay's JS SDK decodes it.
		session: Buffer.from(`${order.id}:${state.baseUrl}`, 'utf8').toString('base64'),
		// [ASSUMPTION] The docs type expiredAt as "string" without a format.
		expiredAt: isoSeconds(order.expiresAt),
	};
}

/** POST /api/gateway/authorization: `result.payments[0].{id,paylink}` (Pinddpay's PHP client reads these). */
export function createTransaction(state: PinddpayState, body: Body): unknown {
	const options = objectField(body, 'options', false) ?? {};
	if (options.redirectionCountdown !== undefined) {
		const countdown = integerOf(options.redirectionCountdown);
		if (countdown === undefined || countdown < 0) throw badRequest('options.redirectionCountdown must be a whole number of seconds');
	}
	const orderType = stringField(options, 'orderType', 'options.orderType', false);
	if (orderType !== undefined && orderType !== 'checkout') throw badRequest(`options.orderType ${orderType} is not supported`);
	const subscriptionBody = objectField(body, 'subscription', false);
	let subscription: Omit<SubscriptionRecord, 'orderId' | 'userId' | 'amount'> | undefined;
	if (subscriptionBody) {
		const interval = stringField(subscriptionBody, 'interval', 'subscription.interval', false) ?? 'month';
		if (!INTERVALS.includes(interval)) throw badRequest(`subscription.interval must be one of ${INTERVALS.join(', ')}`);
		subscription = {
			contractId: shortId('ctr_'),
			planId: stringField(subscriptionBody, 'planId', 'subscription.planId', true)!,
			description: stringField(subscriptionBody, 'description', 'subscription.description', false),
			interval,
			intervalCount: integerField(subscriptionBody, 'intervalCount', 'subscription.intervalCount', 1),
			billingCycle: integerField(subscriptionBody, 'billingCycle', 'subscription.billingCycle', 1),
			capturedCycles: 0,
			status: 'pending',
		};
	}
	stringRecord(
		objectField(body, 'billing', false),
		['firstName', 'lastName', 'email', 'phone', 'address1', 'address2', 'city', 'state', 'zipCode', 'country'],
		'billing',
	);

	const order = upsertOrder(state, body, 'authorization');
	if (subscription && !order.contractId) {
		state.subscriptions.set(subscription.contractId, {
			...subscription,
			orderId: order.id,
			userId: order.customer.id ?? order.merchantOrderNo,
			amount: order.amount,
		});
		order.contractId = subscription.contractId;
	}
	return { payments: [{ id: order.id, paylink: checkoutUrl(state, order) }] };
}

/**
 * GET /api/order/detail?id=: the order by Pinddpay's order id only. [ASSUMPTION] The docs'
 * example is `?id=undefined`; the id the answer carries is Pinddpay's (`id`), beside
 * `merchantOrderNo`. An unknown id is code 400 "Order <id> not found" [ASSUMPTION: Admin.NET's
 * business errors are code 400].
 */
export function orderDetail(state: PinddpayState, query: URLSearchParams): unknown {
	const id = query.get('id');
	if (!id) throw badRequest('id is required');
	const found = state.orders.get(id);
	if (!found) throw badRequest(`Order ${id} not found`);
	const order = refreshExpiry(found);
	return {
		transaction: order.tradeNo
			? {
					tradeNo: order.tradeNo,
					capturedAmount: order.paidAt ? decimalNumber(order.amount) : new JsonNumber('0'),
					currency: order.amount.currency,
					error: order.transactionError,
				}
			: null,
		id: order.id,
		merchantOrderNo: order.merchantOrderNo,
		email: order.customer.email ?? null,
		amount: decimalNumber(order.amount),
		quantity: order.quantity,
		tradeNo: order.tradeNo,
		country: order.customer.country ?? null,
		currency: order.amount.currency,
		status: ORDER_STATUS_LABELS[order.status],
		statusEn: order.status,
		paymentMethod: order.paymentMethod ? capitalise(order.paymentMethod) : null,
		createdAt: isoSeconds(order.createdAt),
		paidAt: order.paidAt ? isoSeconds(order.paidAt) : null,
		...(order.contractId ? { contractId: order.contractId } : {}),
	};
}

/** The hosted checkout's payment: the test card decides the outcome. */
export function payOrder(state: PinddpayState, order: OrderRecord, card: string): OrderRecord {
	refreshExpiry(order);
	if (order.status !== 'created' && order.status !== 'failed') {
		throw new PinddpayError(409, `Order ${order.id} is ${order.status}; it can no longer be paid`);
	}
	if (!(card in CARD_OUTCOMES)) {
		throw badRequest(`Unknown test card; use one of ${Object.values(PINDDPAY_TEST_CARDS).join(', ')}`);
	}
	const failure = CARD_OUTCOMES[card];
	order.tradeNo = newTradeNo();
	order.paymentMethod = order.paymentMethod ?? 'card';
	order.transactionError = failure;
	if (failure) {
		order.status = 'failed';
		emit(state, 'order.failed', orderEventPayload(order), order.notifyUrl);
		return order;
	}
	order.status = 'paid';
	order.paidAt = new Date();
	emit(state, 'order.paid', orderEventPayload(order), order.notifyUrl);
	const subscription = order.contractId ? state.subscriptions.get(order.contractId) : undefined;
	if (subscription && subscription.status === 'pending') {
		subscription.status = 'active';
		captureSubscription(state, subscription, false);
	}
	return order;
}

function escapeHtml(text: string): string {
	return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

/** The payer's side of the hosted checkout (what the SDK and paylink open). */
export function checkoutPage(state: PinddpayState, res: ServerResponse, url: URL, rawBody: Buffer, method: string): void {
	const form = method === 'POST' ? new URLSearchParams(rawBody.toString('utf8')) : url.searchParams;
	const token = form.get('token') ?? '';
	const order = state.orders.get(token);
	if (!order) {
		sendText(res, 404, 'Unknown checkout token');
		return;
	}
	let notice = '';
	if (method === 'POST') {
		try {
			payOrder(state, order, (form.get('card') ?? '').replace(/\s+/g, ''));
			if (order.status === 'paid' && order.redirectUrl) {
				res.writeHead(303, { Location: order.redirectUrl }).end();
				return;
			}
		} catch (error) {
			notice = (error as Error).message;
		}
	}
	refreshExpiry(order);
	const cards = Object.entries(PINDDPAY_TEST_CARDS)
		.map(([outcome, card]) => `<option value="${card}">${card} (${outcome})</option>`)
		.join('');
	const html = `<!doctype html><html><head><meta charset="utf-8"><title>Pinddpay sandbox checkout</title></head><body>
<h1>${escapeHtml(order.sku.name)}: ${decimalText(order.amount)} ${order.amount.currency}</h1>
<p>Order ${order.id} (${escapeHtml(order.merchantOrderNo)}): <strong>${order.status}</strong>${order.transactionError ? ` - ${escapeHtml(order.transactionError.message)}` : ''}</p>
${notice ? `<p>${escapeHtml(notice)}</p>` : ''}
<form method="post" action="/app/v2/checkout"><input type="hidden" name="token" value="${order.id}">
<select name="card">${cards}</select> <button type="submit">Pay</button></form></body></html>`;
	sendText(res, 200, html, { 'Content-Type': 'text/html; charset=utf-8' });
}
