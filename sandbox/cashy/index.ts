/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/require-node-api-error */
/**
 * Local stand-in for Cashy's Colombia API (https://docs.cashypro.com/en_us/col/). Speaks the wire
 * format: POST + JSON everywhere, MerchantId + Sign headers (MD5 of the raw body + apiKey),
 * `{code, msg, data}` envelopes with Cashy's error keys inside HTTP 200, unique mchOrderNo, the
 * pay-in and payout status machines, payouts against a balance, bank lists, and signed
 * notifications retried after 1, 2, 4 ... 512 minutes until the receiver answers `SUCCESS`.
 * Test-only controls live under /_sandbox/ and need no signature. One module per resource
 * (payIn.ts, payout.ts, merchant.ts); nothing is imported from the nodes.
 */
import type { IncomingMessage, ServerResponse } from 'http';

import type { FaultInjector } from '../shared/faults';
import { header, Router, sendJson, sendText, startHttpServer } from '../shared/server';
import type { WebhookDispatcher } from '../shared/webhook-dispatcher';
import { CASHY_TEST_API_KEY, CASHY_TEST_MERCHANT_ID, FAILURE_CODE } from './constants';
import { CashyFailure, requiredText, type ApiRequest, type Body } from './fields';
import { rawMembers, toJson } from './json';
import { balanceText, registerMerchant } from './merchant';
import { registerPayIns } from './payIn';
import { registerPayouts } from './payout';
import { registerSampleEvent } from './sample-event';
import type { ApiHandler, ControlHandler, Routers } from './routes';
import { signMatches } from './signing';
import {
	CashyState,
	ControlError,
	type CashySandboxOptions,
	type PayInRecord,
	type PayoutRecord,
	type ReceivedRequest,
	type ResolvedCashyOptions,
	type SentNotification,
} from './state';

export {
	CASHY_NOTIFY_DELAYS_MS,
	CASHY_NOTIFY_MAX_ATTEMPTS,
	CASHY_PAYIN_BANKS,
	CASHY_PAYOUT_BANKS,
	CASHY_TEST_API_KEY,
	CASHY_TEST_MERCHANT_ID,
	type Bank,
} from './constants';
export type { CashySandboxOptions, PayInRecord, PayoutRecord, ReceivedRequest, ResolvedCashyOptions, SentNotification } from './state';

export interface CashySandbox {
	url: string;
	port: number;
	options: ResolvedCashyOptions;
	dispatcher: WebhookDispatcher;
	/** Injected HTTP faults and per-path request counts (shared sandbox server, `/_sandbox/faults`). */
	faults: FaultInjector;
	payIns: ReadonlyMap<string, PayInRecord>;
	payouts: ReadonlyMap<string, PayoutRecord>;
	/** Every API request that reached Cashy's handlers (controls and injected faults excluded), in order. */
	requests: readonly ReceivedRequest[];
	notifications: readonly SentNotification[];
	balance(): { balance: string; unBalance: string };
	close(): Promise<void>;
}

/** Transport and signature checks in the order a Java filter chain would run them. */
function checkRequest(state: CashyState, req: IncomingMessage, rawBody: Buffer, record: ReceivedRequest): ApiRequest {
	if (record.method !== 'POST') throw new CashyFailure('RequestMethod_not_post');
	if (!/^application\/json\s*(;|$)/i.test(header(req, 'content-type') ?? '')) throw new CashyFailure('RequestContentType_not_json');
	if (rawBody.length === 0) throw new CashyFailure('RequestBody_is_null');
	if (!record.merchantId) throw new CashyFailure('MerchantId_is_null');
	if (!/^\d+$/.test(record.merchantId)) throw new CashyFailure('MerchantId_not_Number');
	if (record.merchantId !== state.options.merchantId) throw new CashyFailure('MerchantId_is_error');
	if (!signMatches(rawBody, state.options.apiKey, record.sign)) throw new CashyFailure('Sign_verify_error');
	const text = rawBody.toString('utf8');
	let body: unknown;
	try {
		body = JSON.parse(text);
	} catch {
		throw new CashyFailure('Params_jsonFormat_error');
	}
	const raw = rawMembers(text);
	if (body === null || typeof body !== 'object' || Array.isArray(body) || !raw) throw new CashyFailure('Params_jsonFormat_error');
	const nonce = requiredText(body as Body, 'nonceStr');
	if (state.options.rejectRepeatedNonce && state.seenNonces.has(nonce)) throw new CashyFailure('Params_nonceStr_error');
	state.seenNonces.add(nonce);
	return { body: body as Body, raw };
}

export async function startCashySandbox(options: CashySandboxOptions = {}): Promise<CashySandbox> {
	const resolved: ResolvedCashyOptions = {
		port: options.port ?? 0,
		merchantId: options.merchantId ?? CASHY_TEST_MERCHANT_ID,
		apiKey: options.apiKey ?? CASHY_TEST_API_KEY,
		timeScale: options.timeScale ?? 1,
		initialBalance: options.initialBalance ?? '10000000.00',
		initialUnavailableBalance: options.initialUnavailableBalance ?? '0',
		payInFeeBasisPoints: options.payInFeeBasisPoints ?? 300,
		payoutFee: options.payoutFee ?? '3000.00',
		rejectRepeatedNonce: options.rejectRepeatedNonce ?? false,
		notifyUrlOverride: options.notifyUrlOverride,
	};
	const state = new CashyState(resolved);
	const routers: Routers = { api: new Router<ApiHandler>(), controls: new Router<ControlHandler>() };
	registerPayIns(routers, state);
	registerPayouts(routers, state);
	registerMerchant(routers, state);
	registerSampleEvent(routers, state);
	routers.controls
		.add('POST', '/_sandbox/notifications/:id/redeliver', (_body, params) => {
			if (!state.notifications.some((notification) => notification.id === params.id)) {
				throw new ControlError(404, `Unknown notification ${params.id}`);
			}
			state.dispatcher.redeliver(params.id);
			return { id: params.id };
		})
		.add('GET', '/_sandbox/notifications', () => ({
			notifications: state.notifications.map((notification) => ({ ...notification, status: state.dispatcher.status(notification.id) })),
			attempts: state.dispatcher.attempts,
		}))
		.add('GET', '/_sandbox/state', () => ({
			merchantId: state.options.merchantId,
			payIns: state.payIns.size,
			payouts: state.payouts.size,
			requests: state.requests.length,
			notifications: state.notifications.length,
			...balanceText(state),
		}));

	function reply(res: ServerResponse, record: ReceivedRequest, code: number, msg: string, data: unknown): void {
		record.code = code;
		record.msg = msg;
		sendText(res, 200, toJson({ code, msg, data }), { 'Content-Type': 'application/json' });
	}

	async function handle(req: IncomingMessage, res: ServerResponse, rawBody: Buffer): Promise<void> {
		const url = new URL(req.url ?? '/', state.baseUrl);
		const method = req.method ?? 'GET';
		if (url.pathname.startsWith('/_sandbox/')) {
			const control = routers.controls.match(method, url.pathname);
			try {
				if (!control) throw new ControlError(404, `Unknown sandbox control ${method} ${url.pathname}`);
				const body = rawBody.length > 0 ? (JSON.parse(rawBody.toString('utf8')) as Body) : {};
				sendText(res, 200, toJson(await control.handler(body, control.params)), { 'Content-Type': 'application/json' });
			} catch (error) {
				sendJson(res, error instanceof ControlError ? error.status : 400, { error: (error as Error).message });
			}
			return;
		}
		const route = routers.api.match('POST', url.pathname);
		if (!route) {
			sendJson(res, 404, { code: 404, msg: 'Not_found', data: null });
			return;
		}
		const query: Record<string, string | string[]> = {};
		for (const key of new Set(url.searchParams.keys())) {
			const values = url.searchParams.getAll(key);
			query[key] = values.length === 1 ? values[0] : values;
		}
		const record: ReceivedRequest = {
			method,
			path: url.pathname,
			query,
			headers: { ...req.headers },
			merchantId: header(req, 'merchantid'),
			sign: header(req, 'sign'),
			rawBody: rawBody.toString('utf8'),
		};
		state.requests.push(record);
		try {
			const data = route.handler(checkRequest(state, req, rawBody, record));
			reply(res, record, 200, 'SUCCESS', data);
		} catch (error) {
			if (!(error instanceof CashyFailure)) throw error;
			reply(res, record, FAILURE_CODE, error.msg, null);
		}
	}

	const server = await startHttpServer(handle, { port: resolved.port });
	state.baseUrl = server.url;
	resolved.port = server.port;

	return {
		url: server.url,
		port: server.port,
		options: resolved,
		dispatcher: state.dispatcher,
		faults: server.faults,
		payIns: state.payIns,
		payouts: state.payouts,
		requests: state.requests,
		notifications: state.notifications,
		balance: () => balanceText(state),
		close: async () => {
			state.dispatcher.stop();
			await server.close();
		},
	};
}
