/**
 * Test-only controls under `/_sandbox/` (no auth, no rate limit): point webhooks somewhere, pay,
 * expire, block (AML) or resolve (dashboard Accept) a session, complete or fail a payout, set a
 * balance, redeliver an event, inspect state. They stand in for the chain and the dashboard,
 * which have no API.
 */
import { Router } from '../shared/server';
import { TOKENS } from './constants';
import { conflict, invalid, notFound } from './errors';
import { formatMicro, optionalString, parseMicro } from './input';
import { blockSession, expireSession, paySession, resolveSession, sessionResponse } from './checkoutSessions';
import { completePayout, failPayout, payoutResponse } from './payouts';
import type { ControlHandler, Runtime } from './runtime';
import { PARENT_ORG, type SessionRecord } from './state';
import { orgOf } from './subMerchants';

function controlSession(rt: Runtime, id: string, allowed: string[]): SessionRecord {
	const session = rt.state.sessions.get(id);
	if (!session) throw notFound('Session not found');
	if (!allowed.includes(session.status)) throw conflict(`Session ${id} is ${session.status}; expected ${allowed.join(' or ')}`);
	return session;
}

export function controlRoutes(rt: Runtime): Router<ControlHandler> {
	const { state } = rt;
	return new Router<ControlHandler>()
		.add('POST', '/_sandbox/webhook-endpoint', (body) => {
			const url = body.url;
			if (url !== null && typeof url !== 'string') throw invalid('url must be a string or null', 'url');
			rt.options.webhookUrl = url ?? undefined;
			return { status: 200, body: { url: rt.options.webhookUrl ?? null } };
		})
		.add('POST', '/_sandbox/sessions/:id/pay', (body, params) => {
			const session = controlSession(rt, params.id, ['Pending', 'Underpaid']);
			const amount = parseMicro(body.amount, 'amount');
			if (amount <= 0n) throw invalid('amount must be positive', 'amount');
			paySession(rt, session, amount, optionalString(body, 'tx_hash', 128), optionalString(body, 'from_address', 64));
			return { status: 200, body: sessionResponse(rt, session, true) };
		})
		.add('POST', '/_sandbox/sessions/:id/expire', (_body, params) => {
			const session = controlSession(rt, params.id, ['Pending', 'Underpaid']);
			expireSession(rt, session);
			return { status: 200, body: sessionResponse(rt, session, true) };
		})
		.add('POST', '/_sandbox/sessions/:id/block', (_body, params) => {
			const session = controlSession(rt, params.id, ['Pending', 'Underpaid']);
			blockSession(rt, session);
			return { status: 200, body: sessionResponse(rt, session, true) };
		})
		.add('POST', '/_sandbox/sessions/:id/resolve', (_body, params) => {
			const session = controlSession(rt, params.id, ['Underpaid', 'Expired', 'Blocked']);
			resolveSession(rt, session);
			return { status: 200, body: sessionResponse(rt, session, true) };
		})
		.add('POST', '/_sandbox/payouts/:id/complete', (_body, params) => ({
			status: 200,
			body: payoutResponse(completePayout(rt, params.id)),
		}))
		.add('POST', '/_sandbox/payouts/:id/fail', (body, params) => ({
			status: 200,
			body: payoutResponse(failPayout(rt, params.id, optionalString(body, 'reason', 500) ?? 'Broadcast failed')),
		}))
		.add('POST', '/_sandbox/balance', (body) => {
			const currency = typeof body.currency === 'string' ? body.currency.toUpperCase() : 'USDT';
			if (!TOKENS.includes(currency)) throw invalid('currency must be USDT or USDC', 'currency');
			const org = orgOf(rt, body.sub_merchant_code);
			state.setBalance(org, currency, parseMicro(body.amount, 'amount'));
			return { status: 200, body: { currency, amount: formatMicro(state.balance(org, currency)) } };
		})
		.add('POST', '/_sandbox/webhooks/:id/redeliver', (_body, params) => {
			if (!state.events.some((event) => event.id === params.id)) throw notFound(`Event '${params.id}' not found`);
			rt.dispatcher.redeliver(params.id);
			return { status: 200, body: { id: params.id } };
		})
		.add('GET', '/_sandbox/webhooks', () => ({
			status: 200,
			body: { events: state.events, attempts: rt.dispatcher.attempts },
		}))
		.add('GET', '/_sandbox/state', () => ({
			status: 200,
			body: {
				sessions: state.sessions.size,
				payouts: state.payouts.size,
				sub_merchants: state.subMerchants.size,
				idempotency_keys: state.idempotency.size,
				events: state.events.length,
				webhook_url: rt.options.webhookUrl ?? null,
				balance: { USDT: formatMicro(state.balance(PARENT_ORG, 'USDT')), USDC: formatMicro(state.balance(PARENT_ORG, 'USDC')) },
			},
		}));
}
