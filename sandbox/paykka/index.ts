/* eslint-disable @n8n/community-nodes/no-restricted-imports */
/**
 * Local stand-in for PayKKa's acquiring API (v3, and v1.2 per merchant), written from PayKKa's public docs
 * (https://docs.paykka.com/payments/apis/...) and independent of the node (it imports nothing
 * from nodes/ or credentials/). Speaks the wire format: every call is a POST with JSON, signed by
 * the merchant (x-paykka-* headers, SHA256withRSA over METHOD\nPATH\nTIMESTAMP\nNONCE\nBODY) and
 * answered with the {ret_code, ret_msg, data} envelope signed by a sandbox platform key. Keeps
 * sessions, orders (PROCESSING -> AUTHORIZED -> SUCCESS / CANCELED / FAILURE, refunds to
 * PARTIALLY_REFUNDED / REFUNDED), refunds, tokens and recurring agreements, and posts signed
 * notifications with retries. Test-only controls live under /_sandbox/ and need no signature.
 *
 * Merchants: the main one (`merchantId`, on `apiVersion`, default v3) and `merchants` beside it (default: one
 * merchant on v1.2, PAYKKA_SANDBOX_V12_MERCHANT_ID). Each merchant is on one API version: v1.2 requests
 * (`/payments...`, headers `signature` / `type: RSA256` / `version: v1.2`, signature over
 * `merchantId=…&timestamp=…&requestBody=…`) from a v3 merchant, or v3 requests from a v1.2 merchant, get 401
 * 206001 "Invalid API version". Answers and notifications are signed for the merchant's version.
 *
 * Modules: constants (paths, codes), signing, amounts, envelope, state, notifications, and one
 * per resource (sessions, payments, refunds, tokens), controls (+ hosted pages).
 */
import type { IncomingMessage, ServerResponse } from 'http';

import { header, sendText, startHttpServer, type RecordedRequest } from '../shared/server';
import { WebhookDispatcher } from '../shared/webhook-dispatcher';
import { numberTexts } from './amounts';
import {
	PATHS,
	PAYKKA_SANDBOX_APP_ID,
	PAYKKA_SANDBOX_MERCHANT_ID,
	PAYKKA_SANDBOX_V12_MERCHANT_ID,
	RET,
	WEBHOOK_DELAYS_MS,
	WEBHOOK_TIMEOUT_MS,
	type ApiVersion,
	type Operation,
} from './constants';
import { controlRoutes, shopperPage } from './controls';
import { invalid, PayKkaError, type Json, type Reply } from './envelope';
import { Notifier } from './notifications';
import { Payments } from './payments';
import { Refunds } from './refunds';
import { Sessions } from './sessions';
import { loadMerchantPublicKey, platformHeaders, platformKey, RequestVerifier, v12PlatformHeaders, type Merchant } from './signing';
import {
	PayKkaState,
	type Caller,
	type MerchantInfo,
	type NotificationRecord,
	type OrderRecord,
	type RefundRecord,
	type RequestLogEntry,
	type SessionRecord,
} from './state';
import { Tokens } from './tokens';

export {
	PATHS as PAYKKA_PATHS,
	PAYKKA_SANDBOX_APP_ID,
	PAYKKA_SANDBOX_MERCHANT_ID,
	PAYKKA_SANDBOX_V12_MERCHANT_ID,
	PAYKKA_TEST_CARDS,
	PAYKKA_TEST_MERCHANT_PUBLIC_KEY_FILE,
} from './constants';
export type { ApiVersion } from './constants';
export type { Balances, MerchantInfo, NotificationRecord, OrderRecord, RefundRecord, RequestLogEntry, SessionRecord, TokenRecord } from './state';

/** A further merchant of the same sandbox, on its own API version. */
export interface PayKkaSandboxMerchant {
	merchantId: string;
	apiVersion: ApiVersion;
	/** v3 x-paykka-appid accepted besides the merchant ID (default: the merchant ID). */
	appId?: string;
	/** Defaults to the main merchant's public key. */
	merchantPublicKeyPem?: string;
}

export interface PayKkaSandboxOptions {
	port?: number;
	merchantId?: string;
	/** Accepted in x-paykka-appid besides the merchant ID. */
	appId?: string;
	/** API version of the main merchant (default v3). */
	apiVersion?: ApiVersion;
	/**
	 * Merchants beside the main one, each on its own API version. Default: one v1.2 merchant
	 * (PAYKKA_SANDBOX_V12_MERCHANT_ID, same keys) when the main merchant is on v3, none otherwise.
	 */
	merchants?: PayKkaSandboxMerchant[];
	/** Public key (PEM) the merchant's request signatures are checked with; defaults to the test vector. */
	merchantPublicKeyPem?: string;
	/** Platform key pair signing responses and notifications; generated at start when not given. */
	platformPrivateKeyPem?: string;
	platformPublicKeyPem?: string;
	/**
	 * False: answers carry no x-paykka-timestamp/-nonce/-sign (PayKKa's response signing is not
	 * documented, so a node must not depend on it). Notifications stay signed. Default true.
	 */
	signResponses?: boolean;
	/**
	 * When set, every notification goes here instead of the order's notify_url (e.g. a local n8n
	 * behind the CLI's --paykka-webhook-url). Unset: each order's or refund's notify_url.
	 */
	webhookUrl?: string;
	/** Multiplies notification retry delays (e.g. 0.001 in tests). */
	timeScale?: number;
	webhookDelaysMs?: number[];
	maxWebhookAttempts?: number;
}

export interface PayKkaSandbox {
	url: string;
	port: number;
	merchantId: string;
	appId: string;
	/** API version of the main merchant. */
	apiVersion: ApiVersion;
	/** Every merchant (the main one first) with its API version. */
	merchants: readonly MerchantInfo[];
	/** The first merchant on `version` (e.g. the v1.2 one for a v1.2 credential), if any. */
	merchantOn(version: ApiVersion): MerchantInfo | undefined;
	/** PEM of the sandbox platform public key: put it in the credential's Platform Public Key. */
	platformPublicKeyPem: string;
	dispatcher: WebhookDispatcher;
	sessions: ReadonlyMap<string, SessionRecord>;
	orders: ReadonlyMap<string, OrderRecord>;
	refunds: ReadonlyMap<string, RefundRecord>;
	notifications: readonly NotificationRecord[];
	/** Every API call received (controls excluded), with the ret_code answered. */
	requests: readonly RequestLogEntry[];
	/** Every API request as received (method, path, query, headers, raw body), for conformance checks. */
	recordedRequests: RecordedRequest[];
	setWebhookUrl(url: string | undefined): void;
	close(): Promise<void>;
}

type ApiHandler = (body: Json, numbers: Map<string, string>, caller: Caller) => Reply;

export async function startPayKkaSandbox(options: PayKkaSandboxOptions = {}): Promise<PayKkaSandbox> {
	const merchantId = options.merchantId ?? PAYKKA_SANDBOX_MERCHANT_ID;
	const appId = options.appId ?? PAYKKA_SANDBOX_APP_ID;
	const apiVersion: ApiVersion = options.apiVersion ?? 'v3';
	const mainKey = loadMerchantPublicKey(options.merchantPublicKeyPem);
	const extra =
		options.merchants ?? (apiVersion === 'v3' && merchantId !== PAYKKA_SANDBOX_V12_MERCHANT_ID ? [{ merchantId: PAYKKA_SANDBOX_V12_MERCHANT_ID, apiVersion: 'v1.2' as const }] : []);
	const merchants: Merchant[] = [
		{ merchantId, appId, apiVersion, publicKey: mainKey },
		...extra.map((merchant) => ({
			merchantId: merchant.merchantId,
			appId: merchant.appId ?? merchant.merchantId,
			apiVersion: merchant.apiVersion,
			publicKey: merchant.merchantPublicKeyPem ? loadMerchantPublicKey(merchant.merchantPublicKeyPem) : mainKey,
		})),
	];
	const verifier = new RequestVerifier(merchants);
	const key = platformKey(options.platformPrivateKeyPem, options.platformPublicKeyPem);
	const signResponses = options.signResponses !== false;

	const state = new PayKkaState(merchantId);
	for (const merchant of merchants) {
		state.merchants.set(merchant.merchantId, { merchantId: merchant.merchantId, appId: merchant.appId, apiVersion: merchant.apiVersion });
	}
	state.webhookUrl = options.webhookUrl;
	const dispatcher = new WebhookDispatcher({
		delaysMs: options.webhookDelaysMs ?? WEBHOOK_DELAYS_MS,
		maxAttempts: options.maxWebhookAttempts ?? WEBHOOK_DELAYS_MS.length,
		timeScale: options.timeScale ?? 1,
		timeoutMs: WEBHOOK_TIMEOUT_MS,
		isAcknowledged: (status) => status >= 200 && status < 300,
	});
	const notifier = new Notifier(state, dispatcher, key, appId);
	const sessions = new Sessions(state, notifier);
	const payments = new Payments(state, notifier, sessions);
	const refunds = new Refunds(state, payments, notifier);
	const tokens = new Tokens(state);

	const handlers: Record<Operation, ApiHandler> = {
		sessionCreate: (body, numbers, caller) => sessions.create(body, numbers, caller),
		sessionQuery: (body, _numbers, caller) => sessions.query(body, caller),
		paymentCreate: (body, numbers, caller) => payments.create(body, numbers, caller),
		paymentQuery: (body, _numbers, caller) => payments.query(body, caller),
		paymentCapture: (body, numbers, caller) => payments.capture(body, numbers, caller),
		paymentVoid: (body, _numbers, caller) => payments.void(body, caller),
		refundCreate: (body, numbers, caller) => refunds.create(body, numbers, caller),
		refundQuery: (body, _numbers, caller) => refunds.query(body, caller),
		tokenQuery: (body, _numbers, caller) => tokens.query(body, caller),
		tokenRemove: (body, _numbers, caller) => tokens.remove(body, caller),
		recurringCancel: (body, _numbers, caller) => tokens.cancelAgreement(body, caller),
	};
	// One path table per version; a path names its version.
	const api = new Map<string, { version: ApiVersion; handler: ApiHandler }>();
	for (const version of Object.keys(PATHS) as ApiVersion[]) {
		for (const name of Object.keys(handlers) as Operation[]) api.set(PATHS[version][name], { version, handler: handlers[name] });
	}
	const controls = controlRoutes({ state, sessions, notifier, dispatcher, appId, platformPublicKeyPem: key.publicKeyPem });

	function parseBody(req: IncomingMessage, rawBody: Buffer): Json {
		if (!/^application\/json\s*(;|$)/i.test(header(req, 'content-type') ?? '')) throw invalid('Content-Type must be application/json');
		let parsed: unknown;
		try {
			parsed = JSON.parse(rawBody.toString('utf8'));
		} catch {
			throw invalid('malformed JSON');
		}
		if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw invalid('the body must be a JSON object');
		return parsed as Json;
	}

	function parseControlBody(req: IncomingMessage, rawBody: Buffer): Json {
		if (rawBody.length === 0) return {};
		if (/^application\/x-www-form-urlencoded/i.test(header(req, 'content-type') ?? '')) {
			return Object.fromEntries(new URLSearchParams(rawBody.toString('utf8')));
		}
		return parseBody(req, rawBody);
	}

	function failureOf(error: unknown): PayKkaError {
		return error instanceof PayKkaError ? error : new PayKkaError(500, RET.system, 'System exception');
	}

	async function handleControl(req: IncomingMessage, res: ServerResponse, method: string, pathname: string, rawBody: Buffer): Promise<void> {
		try {
			const control = controls.match(method, pathname);
			if (!control) throw new PayKkaError(404, RET.invalid, `Unknown sandbox control ${method} ${pathname}`);
			const reply = await control.handler(parseControlBody(req, rawBody), control.params);
			sendText(res, reply.status, JSON.stringify(reply.body), { 'Content-Type': 'application/json' });
		} catch (error) {
			const failure = failureOf(error);
			sendText(res, failure.status === 200 ? 409 : failure.status, JSON.stringify({ ret_code: failure.retCode, ret_msg: failure.message }), {
				'Content-Type': 'application/json',
			});
		}
	}

	async function handle(req: IncomingMessage, res: ServerResponse, rawBody: Buffer): Promise<void> {
		const url = new URL(req.url ?? '/', state.baseUrl);
		const method = req.method ?? 'GET';
		state.expireDueSessions();
		if (url.pathname.startsWith('/_sandbox/')) {
			await handleControl(req, res, method, url.pathname, rawBody);
			return;
		}
		if (method === 'GET' && shopperPage(state, res, url.pathname)) return;

		let reply: Reply;
		const route = method === 'POST' ? api.get(url.pathname) : undefined;
		const version: ApiVersion = route?.version ?? (header(req, 'signature') && !header(req, 'x-paykka-sign') ? 'v1.2' : 'v3');
		let request: Json | undefined;
		let numbers: Map<string, string> | undefined;
		try {
			if (!route) throw new PayKkaError(404, RET.invalid, 'Invalid request');
			let merchant: Merchant;
			if (route.version === 'v1.2') {
				request = parseBody(req, rawBody);
				numbers = numberTexts(rawBody.toString('utf8'));
				merchant = verifier.verifyV12(req, rawBody, request, numbers.get('timestamp'));
			} else {
				merchant = verifier.verify(req, url.pathname, rawBody);
				request = parseBody(req, rawBody);
				numbers = numberTexts(rawBody.toString('utf8'));
				if (request.merchant_id !== merchant.merchantId) throw new PayKkaError(200, RET.merchantMissing, 'Merchant does not exist');
			}
			reply = route.handler(request, numbers, { merchantId: merchant.merchantId, apiVersion: merchant.apiVersion });
		} catch (error) {
			const failure = failureOf(error);
			reply = { status: failure.status, body: { ret_code: failure.retCode, ret_msg: failure.message } };
		}
		let signature: Record<string, string> = {};
		let bodyText: string;
		if (version === 'v1.2') {
			// The v1.2 answer example carries data.timestamp and data.merchant_id (API Authentication v1 page); [ASSUMPTION] they are signed.
			const data = reply.body.data;
			if (data !== null && typeof data === 'object' && !Array.isArray(data)) reply.body.data = { timestamp: Date.now(), ...(data as Json) };
			bodyText = JSON.stringify(reply.body);
			const signed = (reply.body.data ?? {}) as Json;
			const signedMerchant = typeof signed.merchant_id === 'string' ? signed.merchant_id : typeof request?.merchant_id === 'string' ? request.merchant_id : '';
			const signedTimestamp = typeof signed.timestamp === 'number' ? String(signed.timestamp) : (numbers?.get('timestamp') ?? '');
			if (signResponses) signature = v12PlatformHeaders(key, signedMerchant, signedTimestamp, bodyText);
		} else {
			bodyText = JSON.stringify(reply.body);
			// [ASSUMPTION] Answers are signed over the request's method and path (see signing.ts).
			if (signResponses) signature = platformHeaders(key, method, url.pathname, bodyText);
		}
		sendText(res, reply.status, bodyText, { 'Content-Type': 'application/json', ...signature });
		state.requests.push({ path: url.pathname, body: rawBody.toString('utf8'), status: reply.status, ret_code: String(reply.body.ret_code) });
	}

	const server = await startHttpServer(handle, { port: options.port ?? 0 });
	state.baseUrl = server.url;

	return {
		url: server.url,
		port: server.port,
		merchantId,
		appId,
		apiVersion,
		merchants: [...state.merchants.values()],
		merchantOn: (wanted) => [...state.merchants.values()].find((merchant) => merchant.apiVersion === wanted),
		platformPublicKeyPem: key.publicKeyPem,
		dispatcher,
		sessions: state.sessions,
		orders: state.orders,
		refunds: state.refunds,
		notifications: state.notifications,
		requests: state.requests,
		recordedRequests: server.requests,
		setWebhookUrl: (url) => {
			state.webhookUrl = url;
		},
		close: async () => {
			dispatcher.stop();
			await server.close();
		},
	};
}
