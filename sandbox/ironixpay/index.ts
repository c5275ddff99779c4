/* eslint-disable @n8n/community-nodes/no-restricted-globals */
/**
 * Local stand-in for the IronixPay sandbox API (https://ironixpay.com/guide, API reference at
 * https://api.ironixpay.com/docs). Speaks the real wire format: Bearer sk_ keys, Stripe-style
 * error envelope, Idempotency-Key table, tower_governor rate limit, session/payout state machines
 * and HMAC-signed webhooks. Test-only controls live under /_sandbox/ and need no auth.
 *
 * An independent implementation: nothing here comes from nodes/ or credentials/.
 * Modules: constants, input (DTO reading), state, signing, webhooks, checkoutSessions, payouts,
 * subMerchants, controls, pipeline (auth, rate limit, scope, idempotency).
 */
import { Router, startHttpServer, type RecordedRequest } from '../shared/server';
import { WebhookDispatcher } from '../shared/webhook-dispatcher';
import { expireDueSessions, registerCheckoutSessions } from './checkoutSessions';
import {
	IRONIXPAY_TEST_LIVE_KEY,
	IRONIXPAY_TEST_SECRET_KEY,
	IRONIXPAY_TEST_WEBHOOK_SECRET,
	WEBHOOK_DELAYS_MS,
	WEBHOOK_MAX_ATTEMPTS,
	WEBHOOK_TIMEOUT_MS,
} from './constants';
import { controlRoutes } from './controls';
import { formatMicro, parseMicro } from './input';
import { registerPayouts } from './payouts';
import { requestHandler } from './pipeline';
import type { IronixPaySandboxOptions, ResolvedIronixPayOptions, RouteSpec, Runtime } from './runtime';
import { PARENT_ORG, SandboxState } from './state';
import type { PayoutRecord, SessionRecord, SubMerchantRecord, WebhookEnvelope } from './state';
import { orgOf, registerSubMerchants } from './subMerchants';

export {
	IRONIXPAY_AML_BLOCKED_ADDRESS,
	IRONIXPAY_TEST_LIVE_KEY,
	IRONIXPAY_TEST_SECRET_KEY,
	IRONIXPAY_TEST_WEBHOOK_SECRET,
	IRONIXPAY_TREASURY_ADDRESS,
} from './constants';
export type { IronixPaySandboxOptions, ResolvedIronixPayOptions } from './runtime';
export type { PayoutRecord, SessionRecord, SessionTransaction, SubMerchantRecord, WebhookEnvelope } from './state';

export interface IronixPaySandbox {
	url: string;
	options: ResolvedIronixPayOptions;
	dispatcher: WebhookDispatcher;
	sessions: ReadonlyMap<string, SessionRecord>;
	payouts: ReadonlyMap<string, PayoutRecord>;
	subMerchants: ReadonlyMap<string, SubMerchantRecord>;
	/** Every webhook envelope emitted, in order (also when no endpoint is configured). */
	events: readonly WebhookEnvelope[];
	/** The newest API requests received, as sent (method, path, query, headers, raw body). */
	requests: RecordedRequest[];
	/** Balance of the parent (or a sub-merchant) as a normalised decimal string. */
	balance(currency?: string, subMerchantCode?: string): string;
	close(): Promise<void>;
}

export async function startIronixPaySandbox(options: IronixPaySandboxOptions = {}): Promise<IronixPaySandbox> {
	const resolved: ResolvedIronixPayOptions = {
		port: options.port ?? 0,
		secretKey: options.secretKey ?? IRONIXPAY_TEST_SECRET_KEY,
		liveSecretKey: options.liveSecretKey ?? IRONIXPAY_TEST_LIVE_KEY,
		webhookSecret: options.webhookSecret ?? IRONIXPAY_TEST_WEBHOOK_SECRET,
		webhookUrl: options.webhookUrl,
		rateLimitPerMinute: options.rateLimitPerMinute ?? 60,
		rateLimitBurst: options.rateLimitBurst ?? 20,
		timeScale: options.timeScale ?? 1,
		initialBalance: options.initialBalance ?? '1000',
		processingDelayMs: options.processingDelayMs ?? 0,
	};
	const rt: Runtime = {
		options: resolved,
		state: new SandboxState(parseMicro(resolved.initialBalance, 'initialBalance')),
		dispatcher: new WebhookDispatcher({
			delaysMs: WEBHOOK_DELAYS_MS,
			maxAttempts: WEBHOOK_MAX_ATTEMPTS,
			timeScale: resolved.timeScale,
			timeoutMs: WEBHOOK_TIMEOUT_MS,
			// Any 2xx is an acknowledgement; the body is ignored.
			isAcknowledged: (status) => status >= 200 && status < 300,
		}),
		baseUrl: '',
	};

	const api = new Router<RouteSpec>();
	registerCheckoutSessions(api, rt);
	registerPayouts(api, rt);
	registerSubMerchants(api, rt);

	const server = await startHttpServer(requestHandler(rt, api, controlRoutes(rt)), { port: resolved.port });
	rt.baseUrl = server.url;
	resolved.port = server.port;
	const sweep = setInterval(() => expireDueSessions(rt), 5_000);
	sweep.unref();

	return {
		url: server.url,
		options: resolved,
		dispatcher: rt.dispatcher,
		sessions: rt.state.sessions,
		payouts: rt.state.payouts,
		subMerchants: rt.state.subMerchants,
		events: rt.state.events,
		requests: server.requests,
		balance: (currency = 'USDT', subMerchantCode?: string) =>
			formatMicro(rt.state.balance(subMerchantCode === undefined ? PARENT_ORG : orgOf(rt, subMerchantCode), currency)),
		close: async () => {
			clearInterval(sweep);
			rt.dispatcher.stop();
			await server.close();
		},
	};
}
