/* eslint-disable @n8n/community-nodes/no-restricted-imports */
/**
 * Local stand-in for the Pinddpay API, an independent implementation of its public docs
 * (http://docs.pinddpay.com/: Signature, Payin, Payout and Subscription pages):
 * accessKey/timestamp/nonce/sign headers checked in Admin.NET's order (drift, replayed nonce), the `{code,type,message,result,extras,time}`
 * envelope (auth failures in HTTP 200), amounts as exact JSON numbers, the order and payout state
 * machines, a payout balance, card subscriptions and `sign-token` webhooks retried until HTTP 200.
 * Test-only controls live under /_sandbox/ and need no signature.
 *
 * Modules: constants.ts, signing.ts, json.ts, money.ts, fields.ts, state.ts, webhooks.ts,
 * orders.ts, payouts.ts, subscriptions.ts, controls.ts; this file wires them to HTTP.
 */
import type { IncomingMessage, ServerResponse } from 'http';

import { header, Router, sendText, startHttpServer, type RecordedRequest } from '../shared/server';
import { WebhookDispatcher } from '../shared/webhook-dispatcher';
import {
	API_PATHS,
	currencyDecimals,
	DEFAULT_DRIFT_SECONDS,
	PINDDPAY_TEST_ACCESS_KEY,
	PINDDPAY_TEST_APP_ID,
	PINDDPAY_TEST_SECRET,
	WEBHOOK_DELAYS_MS,
	WEBHOOK_MAX_ATTEMPTS,
} from './constants';
import { controlRoutes } from './controls';
import type { Body } from './fields';
import { JsonNumber, parseJson, writeJson, type JsonValue } from './json';
import { toDecimal, toMinor } from './money';
import { checkoutPage, createSession, createTransaction, orderDetail } from './orders';
import { balanceList, createPayout } from './payouts';
import { requestSign, sameText } from './signing';
import {
	adminTime,
	badRequest,
	balanceOf,
	createState,
	PinddpayError,
	type OrderRecord,
	type PayoutRecord,
	type PinddpaySandboxOptions,
	type ResolvedPinddpayOptions,
	type SandboxEvent,
	type SubscriptionRecord,
} from './state';
import { cancelSubscription } from './subscriptions';

export { PINDDPAY_TEST_ACCESS_KEY, PINDDPAY_TEST_APP_ID, PINDDPAY_TEST_CARDS, PINDDPAY_TEST_SECRET } from './constants';
export type { Money } from './money';
export type { RecordedRequest } from '../shared/server';
export type {
	LoggedRequest,
	OrderRecord,
	OrderStatus,
	PayoutRecord,
	PinddpaySandboxOptions,
	ResolvedPinddpayOptions,
	SandboxEvent,
	SignTokenContent,
	SubscriptionRecord,
} from './state';

export interface PinddpaySandbox {
	url: string;
	options: ResolvedPinddpayOptions;
	dispatcher: WebhookDispatcher;
	orders: ReadonlyMap<string, OrderRecord>;
	payouts: ReadonlyMap<string, PayoutRecord>;
	subscriptions: ReadonlyMap<string, SubscriptionRecord>;
	events: readonly SandboxEvent[];
	/** The newest requests received outside /_sandbox/ (API and hosted checkout), as the shared kit records them. */
	requests: readonly RecordedRequest[];
	/** Payout balance as a decimal string with the currency's decimals. */
	balance(currency: string): string;
	close(): Promise<void>;
}

interface Reply {
	httpStatus: number;
	code: unknown;
	message: string;
	result: unknown;
}

type ApiHandler = (body: Body, query: URLSearchParams) => unknown;

const authError = (message: string) => new PinddpayError(401, message);

export async function startPinddpaySandbox(options: PinddpaySandboxOptions = {}): Promise<PinddpaySandbox> {
	const resolved: ResolvedPinddpayOptions = {
		port: options.port ?? 0,
		accessKey: options.accessKey ?? PINDDPAY_TEST_ACCESS_KEY,
		secret: options.secret ?? PINDDPAY_TEST_SECRET,
		appId: options.appId ?? PINDDPAY_TEST_APP_ID,
		webhookUrl: options.webhookUrl,
		signTokenContent: options.signTokenContent ?? 'secret',
		successCode: options.successCode ?? 200,
		timeScale: options.timeScale ?? 1,
		initialBalances: options.initialBalances ?? { USD: '1000.00' },
		sessionTtlSeconds: options.sessionTtlSeconds ?? 1800,
		driftSeconds: options.driftSeconds ?? DEFAULT_DRIFT_SECONDS,
		allowExternalWebhooks: options.allowExternalWebhooks ?? false,
	};

	const dispatcher = new WebhookDispatcher({
		delaysMs: WEBHOOK_DELAYS_MS,
		maxAttempts: WEBHOOK_MAX_ATTEMPTS,
		timeScale: resolved.timeScale,
		timeoutMs: 10_000,
		// "After pinddpay receives a response with status code 200 ..." (Payin webhook,
		// http://docs.pinddpay.com/341969792e0; the body is not checked).
		isAcknowledged: (status) => status === 200,
	});
	const state = createState(resolved, dispatcher);
	for (const [code, amount] of Object.entries(resolved.initialBalances)) {
		const currency = code.toUpperCase();
		const decimals = currencyDecimals(currency);
		const minor = decimals === undefined ? undefined : toMinor(String(amount), decimals);
		if (minor === undefined) throw new Error(`initialBalances.${code}: ${amount} is not a decimal for ${currency}`);
		state.balances.set(currency, minor);
	}

	const api = new Router<ApiHandler>()
		.add('POST', API_PATHS.createSession, (body) => createSession(state, body))
		.add('POST', API_PATHS.authorization, (body) => createTransaction(state, body))
		.add('GET', API_PATHS.orderDetail, (_body, query) => orderDetail(state, query))
		.add('POST', API_PATHS.createPayout, (body) => createPayout(state, body))
		.add('POST', API_PATHS.cancelSubscription, (body) => cancelSubscription(state, body));
	for (const path of API_PATHS.balance) api.add('GET', path, () => balanceList(state));
	const controls = controlRoutes(state);

	/** Admin.NET SignatureAuthenticationHandler: these checks in this order, the first failure wins. */
	function authenticate(req: IncomingMessage, path: string): void {
		const accessKey = header(req, 'accesskey');
		const timestamp = header(req, 'timestamp');
		const nonce = header(req, 'nonce');
		const sign = header(req, 'sign');
		if (!accessKey) throw authError('accessKey 不能为空');
		if (!timestamp) throw authError('timestamp 不能为空');
		if (!nonce) throw authError('nonce 不能为空');
		if (!sign) throw authError('sign 不能为空');
		// A .NET long; the drift check below then refuses milliseconds.
		if (!/^-?\d{1,18}$/.test(timestamp)) throw authError('timestamp 值不合法');
		const nowSeconds = Math.floor(Date.now() / 1000);
		if (Math.abs(nowSeconds - Number(timestamp)) > resolved.driftSeconds) throw authError('timestamp 值已超过允许的偏差范围');
		if (accessKey !== resolved.accessKey) throw authError('accessKey 无效');
		const expected = requestSign(resolved.secret, { method: req.method ?? 'GET', path, accessKey, timestamp, nonce });
		if (!sameText(expected, sign)) throw authError('sign 无效的签名');
		for (const [key, seenAt] of state.seenNonces) {
			if (nowSeconds - seenAt > resolved.driftSeconds * 2) state.seenNonces.delete(key);
		}
		const nonceKey = `${accessKey}:${nonce}`;
		if (state.seenNonces.has(nonceKey)) throw authError('重复的请求');
		state.seenNonces.set(nonceKey, nowSeconds);
	}

	function parseBody(req: IncomingMessage, rawBody: Buffer, strict: boolean): Body {
		if (rawBody.length === 0) {
			if (strict) throw badRequest('Request body is required');
			return {};
		}
		if (strict && !/^application\/(.+\+)?json\s*(;|$)/i.test(header(req, 'content-type') ?? '')) {
			throw new PinddpayError(415, 'Content-Type must be application/json');
		}
		let parsed: JsonValue;
		try {
			parsed = parseJson(rawBody.toString('utf8'));
		} catch {
			throw badRequest('Request body is not valid JSON');
		}
		if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed) || parsed instanceof JsonNumber) {
			throw badRequest('Request body must be a JSON object');
		}
		return parsed;
	}

	function sendEnvelope(res: ServerResponse, reply: Reply): void {
		const success = reply.httpStatus < 300 && reply.message === '';
		const text = writeJson({
			code: reply.code,
			type: success ? 'success' : 'error',
			message: reply.message,
			result: reply.result ?? null,
			extras: null,
			time: adminTime(),
		});
		sendText(res, reply.httpStatus, text, { 'Content-Type': 'application/json; charset=utf-8' });
	}

	function errorReply(error: unknown): Reply {
		const failure = error instanceof PinddpayError ? error : new PinddpayError(500, 'Internal server error');
		return { httpStatus: failure.httpStatus, code: failure.code, message: failure.message, result: null };
	}

	async function handle(req: IncomingMessage, res: ServerResponse, rawBody: Buffer): Promise<void> {
		const url = new URL(req.url ?? '/', state.baseUrl);
		const method = (req.method ?? 'GET').toUpperCase();
		try {
			if (url.pathname.startsWith('/_sandbox/')) {
				const control = controls.match(method, url.pathname);
				if (!control) throw new PinddpayError(404, `Unknown sandbox control ${method} ${url.pathname}`);
				const result: unknown = await control.handler(parseBody(req, rawBody, false), control.params);
				sendEnvelope(res, { httpStatus: 200, code: 200, message: '', result });
				return;
			}
			if (url.pathname === '/app/v2/checkout' && (method === 'GET' || method === 'POST')) {
				checkoutPage(state, res, url, rawBody, method);
				return;
			}
			// Authentication runs before routing, as in ASP.NET: an unsigned request never learns what exists.
			authenticate(req, url.pathname);
			const match = api.match(method, url.pathname);
			if (!match) throw new PinddpayError(404, `${method} ${url.pathname} not found`);
			const result = match.handler(method === 'GET' ? {} : parseBody(req, rawBody, true), url.searchParams);
			sendEnvelope(res, { httpStatus: 200, code: resolved.successCode, message: '', result });
		} catch (error) {
			sendEnvelope(res, errorReply(error));
		}
	}

	const server = await startHttpServer(handle, { port: resolved.port });
	state.baseUrl = server.url;
	resolved.port = server.port;

	return {
		url: server.url,
		options: resolved,
		dispatcher,
		orders: state.orders,
		payouts: state.payouts,
		subscriptions: state.subscriptions,
		events: state.events,
		requests: server.requests,
		balance: (currency: string) => {
			const code = currency.toUpperCase();
			return toDecimal(balanceOf(state, code), currencyDecimals(code) ?? 2);
		},
		close: async () => {
			dispatcher.stop();
			await server.close();
		},
	};
}
