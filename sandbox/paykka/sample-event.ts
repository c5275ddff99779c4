/**
 * `POST /_sandbox/sample-event {url}`: a hosted session created and paid with the success test card
 * (so Confirm With Gateway's payment query finds the order) and its PAYMENT.SUCCESS notification,
 * signed like every PayKKa notification for the merchant's API version
 * (https://docs.paykka.com/payments/apis/payments/openapi/notify-webhook), POSTed once to `url`.
 * Answers `{status, eventId}`; eventId is the notification's id in `GET /_sandbox/notifications`.
 */
import { captureDelivery, SampleEventError, sampleEventUrl, sendSampleEvent } from '../shared/sample-event';
import type { WebhookDispatcher } from '../shared/webhook-dispatcher';
import { PAYKKA_TEST_CARDS, RET } from './constants';
import { PayKkaError, type Json, type Reply } from './envelope';
import type { Sessions } from './sessions';
import { byMerchant, newId, type PayKkaState } from './state';

const SAMPLE_AMOUNT_MINOR = '199';

export async function sampleEvent(state: PayKkaState, sessions: Sessions, dispatcher: WebhookDispatcher, body: Json): Promise<Reply> {
	try {
		const url = sampleEventUrl(body.url);
		const merchantId = state.merchantId;
		const transId = newId('SAMPLE');
		const request: Json = {
			trans_id: transId,
			payment_type: 'PURCHASE',
			session_mode: 'HOSTED',
			currency: 'EUR',
			amount: Number(SAMPLE_AMOUNT_MINOR),
			return_url: 'https://shop.example.com/return',
		};
		sessions.create(request, new Map([['amount', SAMPLE_AMOUNT_MINOR]]), { merchantId, apiVersion: state.versionOf(merchantId) });
		const session = state.sessionsByTransId.get(byMerchant(merchantId, transId));
		if (!session) throw new PayKkaError(500, RET.system, 'the sample session was not created');
		const configured = state.webhookUrl;
		const delivery = captureDelivery(dispatcher, () => {
			state.webhookUrl = url;
			try {
				sessions.complete(session.session_id, PAYKKA_TEST_CARDS.success);
			} finally {
				state.webhookUrl = configured;
			}
		});
		return { status: 200, body: { ...(await sendSampleEvent(delivery, url)) } };
	} catch (error) {
		throw error instanceof SampleEventError ? new PayKkaError(error.status, RET.invalid, error.message) : error;
	}
}
