/**
 * `POST /_sandbox/sample-event {url}`: a pay-in created and paid in the sandbox (so Confirm With
 * Gateway's Query Payin finds it) and the SUCCESS notification Cashy sends for it, signed like every
 * Cashy notification ("Async Webhook Notification", https://docs.cashypro.com/en_us/quickstart/quickstart.html),
 * POSTed once to `url`. Answers `{status, eventId}` with eventId `<orderNo>:SUCCESS`.
 */
import { captureDelivery, SampleEventError, sampleEventUrl, sendSampleEvent } from '../shared/sample-event';
import type { Body } from './fields';
import type { Routers } from './routes';
import { ControlError, digits, type CashyState } from './state';

/** Runs one of the sandbox's own controls (seed, settle), so the order is built exactly as they build it. */
function runControl({ controls }: Routers, path: string, body: Body): void {
	const control = controls.match('POST', path);
	if (!control) throw new ControlError(500, `Sandbox control ${path} is missing`);
	void control.handler(body, control.params);
}

export function registerSampleEvent(routers: Routers, state: CashyState): void {
	routers.controls.add('POST', '/_sandbox/sample-event', async (body) => {
		try {
			const url = sampleEventUrl(body.url);
			const orderNo = `PAYIN${digits(19)}`;
			runControl(routers, '/_sandbox/payins', { orderNo, mchOrderNo: `sample-${digits(10)}`, amount: '25000.00', status: 'PAYING' });
			const configured = state.options.notifyUrlOverride;
			const delivery = captureDelivery(state.dispatcher, () => {
				state.options.notifyUrlOverride = url;
				try {
					runControl(routers, `/_sandbox/payin/${orderNo}/succeed`, {});
				} finally {
					state.options.notifyUrlOverride = configured;
				}
			});
			return await sendSampleEvent(delivery, url);
		} catch (error) {
			throw error instanceof SampleEventError ? new ControlError(error.status, error.message) : error;
		}
	});
}
