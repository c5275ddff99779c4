/**
 * Test-only controls under `/_sandbox/` (no auth, no rate limit): point webhooks somewhere, pay,
 * expire, block (AML) or resolve (dashboard Accept) a session, complete or fail a payout, set a
 * balance, redeliver an event, inspect state. They stand in for the chain and the dashboard,
 * which have no API. Two more plant reconciliation mismatches: a payout that exists only at the
 * gateway, and a silent change to a payout's amount or status (no webhook, no balance change).
 */
import { Router } from '../shared/server';
import { PAYOUT_FEE_TRON, PAYOUT_STATUSES, TOKENS, TRON_ADDRESS } from './constants';
import { conflict, invalid, notFound } from './errors';
import { formatMicro, optionalString, parseMicro } from './input';
import { blockSession, expireSession, paySession, resolveSession, sessionResponse } from './checkoutSessions';
import { completePayout, failPayout, payoutResponse } from './payouts';
import { hex, type ControlHandler, type Runtime } from './runtime';
import { PARENT_ORG, type PayoutRecord, type SessionRecord } from './state';
import { sampleEvent } from './sample-event';
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
		// Reconciliation planting: a payout the merchant's books do not know (created outside the API).
		.add('POST', '/_sandbox/payouts', (body) => {
			const amount = parseMicro(body.amount, 'amount');
			if (amount <= PAYOUT_FEE_TRON) throw invalid('amount must exceed the network fee', 'amount');
			const currency = typeof body.currency === 'string' ? body.currency.toUpperCase() : 'USDT';
			if (!TOKENS.includes(currency)) throw invalid('currency must be USDT or USDC', 'currency');
			const status = plantedStatus(body.status) ?? 'Completed';
			const toAddress = body.to_address ?? 'TQn9Y2khEsLJW1ChVWFMSMeRDow5KcbLSE';
			if (typeof toAddress !== 'string' || !TRON_ADDRESS.test(toAddress)) throw invalid('to_address must be a TRON address', 'to_address');
			const payout: PayoutRecord = {
				id: `po_${hex(16)}`,
				seq: state.nextSeq(),
				org: orgOf(rt, body.sub_merchant_code),
				status,
				amount,
				fee: PAYOUT_FEE_TRON,
				currency,
				network: 'TRON',
				toAddress,
				idempotencyKey: '',
				description: optionalString(body, 'description', 500),
				createdAt: new Date(),
				...(status === 'Completed' ? { txHash: hex(32), completedAt: new Date() } : {}),
			};
			state.payouts.set(payout.id, payout);
			return { status: 201, body: payoutResponse(payout) };
		})
		// Reconciliation planting: the gateway's record changes without telling the merchant.
		.add('POST', '/_sandbox/payouts/:id/alter', (body, params) => {
			const payout = state.payouts.get(params.id);
			if (!payout) throw notFound(`Payout '${params.id}' not found`);
			if (body.amount !== undefined) payout.amount = parseMicro(body.amount, 'amount');
			const status = plantedStatus(body.status);
			if (status !== undefined) payout.status = status;
			return { status: 200, body: payoutResponse(payout) };
		})
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
		.add('POST', '/_sandbox/sample-event', async (body) => await sampleEvent(rt, body))
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

function plantedStatus(value: unknown): string | undefined {
	if (value === undefined) return undefined;
	if (typeof value !== 'string' || !PAYOUT_STATUSES.includes(value)) throw invalid(`status must be one of ${PAYOUT_STATUSES.join(', ')}`, 'status');
	return value;
}
