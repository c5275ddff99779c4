/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals */
/**
 * The path of one API request, in IronixPay's order: rate limit (tower_governor, keyed by API
 * key) -> Bearer auth -> X-Sub-Merchant-Code scope -> Idempotency-Key table -> JSON body -> handler.
 * Errors are replies in the Stripe-style envelope; 429 is plain text like tower_governor's.
 */
import { createHash } from 'crypto';
import type { IncomingMessage, ServerResponse } from 'http';

import { header, sendJson, sendText, type Router } from '../shared/server';
import { IDEMPOTENCY_STALE_MS, IDEMPOTENCY_TTL_MS } from './constants';
import { ApiError, errorReply, invalid, notFound, type Reply } from './errors';
import { canonicalJson, describe, pick, readableHeader, type Body } from './input';
import { expireDueSessions } from './checkoutSessions';
import type { ControlHandler, Context, RouteSpec, Runtime } from './runtime';
import type { IdempotencyEntry, Org } from './state';
import { scopedOrg } from './subMerchants';

/** tower_governor GCRA: burst tokens, one more every 60000/rpm ms; the wait is reported in whole seconds (truncated). */
function rateLimit(rt: Runtime, req: IncomingMessage, res: ServerResponse): boolean {
	const { rateLimitPerMinute, rateLimitBurst } = rt.options;
	const auth = header(req, 'authorization') ?? '';
	const token = auth.startsWith('Bearer ') ? auth.slice(7) : auth;
	const key = token.startsWith('sk_') ? token : `ip:${req.socket.remoteAddress ?? ''}`;
	const period = 60_000 / rateLimitPerMinute;
	const tolerance = period * rateLimitBurst;
	const now = Date.now();
	const tat = Math.max(rt.state.rateBuckets.get(key) ?? now, now);
	const limit = String(rateLimitBurst);
	if (tat + period - now > tolerance) {
		const wait = String(Math.floor((tat + period - tolerance - now) / 1000));
		sendText(res, 429, `Too Many Requests! Wait for ${wait}s`, {
			'x-ratelimit-after': wait,
			'retry-after': wait,
			'x-ratelimit-limit': limit,
			'x-ratelimit-remaining': '0',
		});
		return false;
	}
	rt.state.rateBuckets.set(key, tat + period);
	res.setHeader('x-ratelimit-limit', limit);
	res.setHeader('x-ratelimit-remaining', String(Math.floor((tolerance - (tat + period - now)) / period)));
	return true;
}

/** `Bearer sk_...`, or the raw `sk_...` key; a live key on this sandbox instance is an environment mismatch. */
function authenticate(rt: Runtime, req: IncomingMessage): void {
	const value = header(req, 'authorization');
	if (value === undefined) throw new ApiError(401, 'authentication_failed', 'Missing Authorization header');
	const token = value.startsWith('Bearer ') ? value.slice(7) : value.startsWith('sk_') ? value : '';
	if (token === rt.options.liveSecretKey) {
		throw new ApiError(403, 'environment_mismatch', "Environment mismatch. You are targeting 'production' but this instance is 'sandbox'.");
	}
	if (token !== rt.options.secretKey) throw new ApiError(401, 'authentication_failed', 'Invalid API Key or Token');
}

function parseJsonBody(req: IncomingMessage, rawBody: Buffer, strict: boolean): Body {
	const contentType = header(req, 'content-type') ?? '';
	if (strict && !/^application\/(.+\+)?json\s*(;|$)/i.test(contentType)) {
		throw invalid('Missing Content-Type: expected Content-Type: application/json');
	}
	if (!strict && rawBody.length === 0) return {};
	let parsed: unknown;
	try {
		parsed = JSON.parse(rawBody.toString('utf8'));
	} catch {
		throw invalid('Invalid JSON: request body contains malformed JSON');
	}
	if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
		throw invalid(`Invalid request body: invalid type: ${describe(parsed)}, expected a JSON object`);
	}
	return parsed as Body;
}

async function runApi(
	rt: Runtime,
	req: IncomingMessage,
	rawBody: Buffer,
	url: URL,
	route: RouteSpec,
	params: Record<string, string>,
): Promise<Reply> {
	authenticate(rt, req);
	const org: Org = route.subMerchantScope ? scopedOrg(rt, readableHeader(header(req, 'x-sub-merchant-code'))) : scopedOrg(rt, undefined);
	const idempotencyKey = route.idempotency ? readableHeader(header(req, 'idempotency-key')) : undefined;
	if (route.idempotency === 'required' && !idempotencyKey) {
		throw invalid('Missing required header: Idempotency-Key', 'Idempotency-Key');
	}
	const body = route.bodyFields ? parseJsonBody(req, rawBody, true) : {};
	const ctx: Context = { query: url.searchParams, params, body, org, idempotencyKey };
	const run = async (): Promise<Reply> => {
		if (rt.options.processingDelayMs > 0) await new Promise((resolve) => setTimeout(resolve, rt.options.processingDelayMs));
		try {
			return await route.handler(ctx);
		} catch (error) {
			// Errors are replies too, so the idempotency table caches them (500 included).
			return errorReply(error);
		}
	};
	if (!idempotencyKey) return await run();

	// Keys are scoped per merchant and kept 24 h; the hash is over the parsed DTO, not the raw bytes.
	const tableKey = `${org.id}:${idempotencyKey}`;
	const hash = createHash('sha256').update(canonicalJson(pick(body, route.bodyFields ?? []))).digest('hex');
	const now = Date.now();
	const entry = rt.state.idempotency.get(tableKey);
	if (entry && now - entry.startedAt < IDEMPOTENCY_TTL_MS) {
		if (!entry.response && now - entry.startedAt < IDEMPOTENCY_STALE_MS) {
			throw new ApiError(202, 'request_in_progress', 'A request with this idempotency key is currently being processed', undefined, 'api_error', false);
		}
		if (entry.response && entry.hash !== hash) {
			throw new ApiError(409, 'idempotency_conflict', 'Idempotency key was used with a different request body', undefined, 'idempotency_error');
		}
		if (entry.response) return { ...entry.response, headers: { 'Idempotency-Replayed': 'true' } };
	}
	// New key, expired key, or a stale in-flight lock taken over.
	const fresh: IdempotencyEntry = { hash, startedAt: now };
	rt.state.idempotency.set(tableKey, fresh);
	fresh.response = await run();
	return fresh.response;
}

/** The whole request handler given to the shared HTTP server. */
export function requestHandler(rt: Runtime, api: Router<RouteSpec>, controls: Router<ControlHandler>) {
	return async (req: IncomingMessage, res: ServerResponse, rawBody: Buffer): Promise<void> => {
		const url = new URL(req.url ?? '/', rt.baseUrl);
		const method = req.method ?? 'GET';
		expireDueSessions(rt);
		try {
			if (url.pathname.startsWith('/_sandbox/')) {
				const control = controls.match(method, url.pathname);
				if (!control) throw notFound(`Unknown sandbox control ${method} ${url.pathname}`);
				const reply = await control.handler(parseJsonBody(req, rawBody, false), control.params);
				sendJson(res, reply.status, reply.body);
				return;
			}
			if (!rateLimit(rt, req, res)) return;
			const match = api.match(method, url.pathname);
			if (!match) throw notFound(`Unrecognized request URL (${method}: ${url.pathname})`);
			const reply = await runApi(rt, req, rawBody, url, match.handler, match.params);
			sendJson(res, reply.status, reply.body, reply.headers ?? {});
		} catch (error) {
			const reply = errorReply(error);
			sendJson(res, reply.status, reply.body);
		}
	};
}
