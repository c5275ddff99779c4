/**
 * `POST /_sandbox/sample-event {url}`: a paid checkout session created in the sandbox (so Confirm
 * With Gateway finds it) and its `session.completed` envelope, signed like every IronixPay webhook
 * (guide: webhooks), POSTed once to `url`.
 */
import { captureDelivery, SampleEventError, sampleEventUrl, sendSampleEvent } from '../shared/sample-event';
import { paySession } from './checkoutSessions';
import { SESSION_TTL_MS } from './constants';
import { ApiError, type Reply } from './errors';
import type { Body } from './input';
import { fakeTronAddress, hex, type Runtime } from './runtime';
import { PARENT_ORG, type SessionRecord } from './state';

const SAMPLE_AMOUNT_MICRO = 10_500_000n;

function toApiError(error: unknown): unknown {
	if (!(error instanceof SampleEventError)) return error;
	return error.status === 400
		? new ApiError(400, 'parameter_invalid', error.message, 'url')
		: new ApiError(error.status, 'sample_event_failed', error.message, undefined, 'api_error', false);
}

export async function sampleEvent(rt: Runtime, body: Body): Promise<Reply> {
	try {
		const url = sampleEventUrl(body.url);
		const now = new Date();
		const session: SessionRecord = {
			id: `cs_${hex(16)}`,
			seq: rt.state.nextSeq(),
			org: PARENT_ORG,
			network: 'TRON',
			currency: 'USDT',
			amount: SAMPLE_AMOUNT_MICRO,
			amountReceived: 0n,
			payAddress: fakeTronAddress(),
			status: 'Pending',
			clientReferenceId: `sample-${hex(4)}`,
			pricing: { currency: 'USDT', amount: '10.5', exchange_rate: '1' },
			createdAt: now,
			expiresAt: new Date(now.getTime() + SESSION_TTL_MS),
			transactions: [],
		};
		rt.state.sessions.set(session.id, session);
		const configured = rt.options.webhookUrl;
		const delivery = captureDelivery(rt.dispatcher, () => {
			rt.options.webhookUrl = url;
			try {
				paySession(rt, session, SAMPLE_AMOUNT_MICRO);
			} finally {
				rt.options.webhookUrl = configured;
			}
		});
		return { status: 200, body: await sendSampleEvent(delivery, url) };
	} catch (error) {
		throw toApiError(error);
	}
}
