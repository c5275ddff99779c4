/**
 * `POST /_sandbox/sample-event {url}`: an order created and paid with the success test card (so
 * Confirm With Gateway's Query a Transaction finds it) and its `order.paid` event, signed with
 * `sign-token` like every Pinddpay webhook (http://docs.pinddpay.com/341969792e0), POSTed once to `url`. Answers
 * `{status, eventId}` (inside the sandbox's usual `result` envelope).
 */
import { captureDelivery, SampleEventError, sampleEventUrl, sendSampleEvent, type SampleEventAnswer } from '../shared/sample-event';
import { PINDDPAY_TEST_CARDS } from './constants';
import type { Body } from './fields';
import { JsonNumber } from './json';
import { createSession, findOrderForControl, payOrder } from './orders';
import { PinddpayError, shortId, type PinddpayState } from './state';

export async function sampleEvent(state: PinddpayState, body: Body): Promise<SampleEventAnswer> {
	try {
		const url = sampleEventUrl(body.url);
		const merchantOrderNo = shortId('SAMPLE-');
		const configured = state.options.webhookUrl;
		const delivery = captureDelivery(state.dispatcher, () => {
			// order.created is captured too; only the newest delivery (order.paid) is sent.
			state.options.webhookUrl = url;
			try {
				createSession(state, {
					appid: state.options.appId,
					order: { id: merchantOrderNo, sku: { name: 'Sample item', amount: new JsonNumber('2.50'), currency: 'USD', quantity: new JsonNumber('1') } },
					notifyUrl: url,
				});
				payOrder(state, findOrderForControl(state, merchantOrderNo), PINDDPAY_TEST_CARDS.success);
			} finally {
				state.options.webhookUrl = configured;
			}
		});
		return await sendSampleEvent(delivery, url);
	} catch (error) {
		throw error instanceof SampleEventError ? new PinddpayError(error.status, error.message) : error;
	}
}
