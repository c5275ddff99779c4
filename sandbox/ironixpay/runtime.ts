/** What every IronixPay sandbox module works with: options, state, webhook delivery, and small value helpers. */
import { randomBytes } from 'crypto';

import type { WebhookDispatcher } from '../shared/webhook-dispatcher';
import { BASE58 } from './constants';
import type { Reply } from './errors';
import type { Body } from './input';
import type { Org, SandboxState } from './state';

export interface IronixPaySandboxOptions {
	port?: number;
	secretKey?: string;
	liveSecretKey?: string;
	webhookSecret?: string;
	webhookUrl?: string;
	rateLimitPerMinute?: number;
	rateLimitBurst?: number;
	/** Multiplies webhook retry delays (e.g. 0.001 in tests). */
	timeScale?: number;
	/** Parent merchant's USDT balance, decimal string. */
	initialBalance?: string;
	/** Artificial handler latency, so the idempotency "in progress" (202) case is reachable. */
	processingDelayMs?: number;
}

export type ResolvedIronixPayOptions = Required<Omit<IronixPaySandboxOptions, 'webhookUrl'>> & {
	webhookUrl?: string;
};

export interface Runtime {
	options: ResolvedIronixPayOptions;
	state: SandboxState;
	dispatcher: WebhookDispatcher;
	/** The sandbox's own URL, known once it listens (hosted checkout URLs use it). */
	baseUrl: string;
}

/** One API request after authentication and scoping. */
export interface Context {
	query: URLSearchParams;
	params: Record<string, string>;
	body: Body;
	org: Org;
	idempotencyKey?: string;
}

export interface RouteSpec {
	handler: (ctx: Context) => Reply | Promise<Reply>;
	/** Accepts X-Sub-Merchant-Code (checkout and payout routes only). */
	subMerchantScope?: boolean;
	/** JSON body expected; the listed fields are what the typed DTO keeps (idempotency hash). */
	bodyFields?: string[];
	idempotency?: 'optional' | 'required';
}

/** A test-only `/_sandbox/...` endpoint. */
export type ControlHandler = (body: Body, params: Record<string, string>) => Reply | Promise<Reply>;

export const hex = (bytes: number): string => randomBytes(bytes).toString('hex');
export const rfc3339 = (date: Date): string => date.toISOString().replace(/\.\d{3}Z$/, 'Z');
export const unix = (date: Date): number => Math.floor(date.getTime() / 1000);
export const fakeTronAddress = (): string => `T${Array.from(randomBytes(33), (byte) => BASE58[byte % BASE58.length]).join('')}`;
