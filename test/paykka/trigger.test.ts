import { generateKeyPairSync } from 'crypto';

import { PayKkaApi } from '../../credentials/PayKkaApi.credentials';
import { PayKkaTrigger } from '../../nodes/PayKka/PayKkaTrigger.node';
import { newNonce, signParts } from '../../nodes/PayKka/signature';
import { startPayKkaSandbox, type PayKkaSandbox } from '../../sandbox/paykka/server';
import { startTriggerHost, type TriggerHost } from '../harness/webhook';
import { completeSession, MERCHANT_PRIVATE_KEY, runPayKka, sandboxCredentials } from './fixture';

const ACK = '{"ret_code":"000000","ret_msg":"Success"}';

/** A test platform key pair standing in for PayKKa's, and an attacker's pair. */
const platform = generateKeyPairSync('rsa', { modulusLength: 2048 });
const attacker = generateKeyPairSync('rsa', { modulusLength: 2048 });
const PLATFORM_PUBLIC_KEY = platform.publicKey.export({ type: 'spki', format: 'pem' }) as string;

const credentials = {
	environment: 'sandbox',
	merchantId: '18356675194960',
	appId: '',
	privateKey: MERCHANT_PRIVATE_KEY,
	platformPublicKey: PLATFORM_PUBLIC_KEY,
};

function paymentNotification(orderId: string, notifyType = 'PAYMENT.SUCCESS', status = 'SUCCESS') {
	return JSON.stringify({
		notify_type: notifyType,
		merchant_id: '18356675194960',
		trans_id: `t-${orderId}`,
		order_id: orderId,
		status,
		amount: 199,
		currency: 'EUR',
		session_id: 'CS20602223728587',
		payment: { payment_method: 'BANKCARD' },
		card_info: { bin: '424242', last4: '4242', card_brand: 'VISA' },
	});
}

interface DeliveryOptions {
	timestamp?: number;
	/** Relative to the moment of sending (it.each tables are built before the test runs). */
	timestampOffsetMs?: number;
	nonce?: string | null;
	signature?: string | null;
	signedPath?: string;
	signWith?: typeof platform.privateKey;
	query?: string;
}

async function deliver(host: TriggerHost, body: string, options: DeliveryOptions = {}) {
	const url = `${host.url}${options.query ?? ''}`;
	const timestamp = String(options.timestamp ?? Date.now() + (options.timestampOffsetMs ?? 0));
	const nonce = options.nonce === undefined ? newNonce() : options.nonce;
	const signedPath = options.signedPath ?? new URL(host.url).pathname;
	const signature =
		options.signature === undefined
			? signParts(options.signWith ?? platform.privateKey, { method: 'POST', path: signedPath, timestamp, nonce: nonce ?? '', body })
			: options.signature;
	const headers: Record<string, string> = {
		'content-type': 'application/json',
		'x-paykka-appid': '978594372956732',
		'x-paykka-timestamp': timestamp,
		'x-paykka-sign-alg': 'SHA256_WITH_RSA',
	};
	if (nonce !== null) headers['x-paykka-nonce'] = nonce;
	if (signature !== null) headers['x-paykka-sign'] = signature;
	const response = await fetch(url, { method: 'POST', headers, body });
	return { status: response.status, body: await response.text(), contentType: response.headers.get('content-type') };
}

/** `hostCredentials` null = the node has no credential set. */
async function host(parameters: Record<string, unknown> = { events: ['*'] }, hostCredentials: Record<string, string | boolean> | null = credentials) {
	return await startTriggerHost({
		node: new PayKkaTrigger(),
		credentialType: new PayKkaApi(),
		credentials: hostCredentials ?? undefined,
		parameters: parameters as never,
	});
}

describe('PayKKa Trigger (real HTTP, n8n-core WebhookContext)', () => {
	let trigger: TriggerHost;
	afterEach(async () => await trigger?.close());

	it('starts one execution for a valid notification and acks exactly as PayKKa expects', async () => {
		trigger = await host();
		const response = await deliver(trigger, paymentNotification('GW1'));
		expect(response).toEqual({ status: 200, body: ACK, contentType: expect.stringContaining('application/json') as string });
		expect(trigger.executions).toHaveLength(1);
		expect(trigger.executions[0][0].json).toMatchObject({
			notify_type: 'PAYMENT.SUCCESS',
			order_id: 'GW1',
			status: 'SUCCESS',
			normalizedStatus: 'paid',
			amount: 199,
		});
	});

	it('verifies over the path as received, without the query string', async () => {
		trigger = await host();
		expect((await deliver(trigger, paymentNotification('GW-query'), { query: '?source=paykka' })).status).toBe(200);
		expect(trigger.executions).toHaveLength(1);
	});

	it('ignores a redelivery (same notify type and order), still acking 200', async () => {
		trigger = await host();
		const body = paymentNotification('GW2');
		expect((await deliver(trigger, body)).body).toBe(ACK);
		// PayKKa signs each attempt again: new timestamp and nonce, same notification.
		expect((await deliver(trigger, body, { timestamp: Date.now() + 1000 })).body).toBe(ACK);
		expect(trigger.executions).toHaveLength(1);
		// The next state of the same order is a new event.
		expect((await deliver(trigger, paymentNotification('GW2', 'PAYMENT.CANCELED', 'CANCELED'))).status).toBe(200);
		expect(trigger.executions).toHaveLength(2);
		expect(trigger.executions[1][0].json.normalizedStatus).toBe('canceled');
	});

	it('dedupes refund results on the refund order, not the payment order', async () => {
		trigger = await host();
		const refund = (refundOrderId: string) =>
			JSON.stringify({ notify_type: 'REFUND.SUCCESS', trans_id: `r-${refundOrderId}`, order_id: 'GW3', refund_order_id: refundOrderId, status: 'SUCCESS', amount: 50, currency: 'EUR' });
		await deliver(trigger, refund('RG1'));
		await deliver(trigger, refund('RG2'));
		await deliver(trigger, refund('RG1'));
		expect(trigger.executions).toHaveLength(2);
		expect(trigger.executions[0][0].json).toMatchObject({ refund_order_id: 'RG1', normalizedStatus: 'refunded' });
	});

	it('filters on notify_type and event_type, acking the rest', async () => {
		trigger = await host({ events: ['DISPUTE', 'REFUND.FAILURE'] });
		expect((await deliver(trigger, paymentNotification('GW4'))).body).toBe(ACK);
		const dispute = JSON.stringify({ event_type: 'DISPUTE', order_id: 'GW4', dispute_id: 'DG1', dispute_stage: 'DISPUTE_CREATED', dispute_amount: 199 });
		expect((await deliver(trigger, dispute)).body).toBe(ACK);
		expect(trigger.executions).toHaveLength(1);
		expect(trigger.executions[0][0].json).toMatchObject({ event_type: 'DISPUTE', dispute_id: 'DG1' });
		expect(trigger.executions[0][0].json).not.toHaveProperty('normalizedStatus');
	});

	it('runs redeliveries again when dedupe is off', async () => {
		trigger = await host({ events: ['*'], options: { dedupe: false } });
		const body = paymentNotification('GW5');
		await deliver(trigger, body);
		await deliver(trigger, body);
		expect(trigger.executions).toHaveLength(2);
	});

	it.each<[string, DeliveryOptions]>([
		['a signature by another key (forged)', { signWith: attacker.privateKey }],
		['a garbage signature', { signature: 'AAAA' }],
		['no signature (unsigned)', { signature: null }],
		['no nonce', { nonce: null }],
		['a stale timestamp (5 minutes + 1 s)', { timestampOffsetMs: -301_000 }],
		['a timestamp 5 minutes + 1 s in the future', { timestampOffsetMs: 301_000 }],
		['a signature over another path', { signedPath: '/webhook/other/webhook' }],
	])('answers 401 and starts nothing for %s', async (_name, options) => {
		trigger = await host();
		const response = await deliver(trigger, paymentNotification('GW-bad'), options);
		expect(response.status).toBe(401);
		expect(response.body).not.toContain('000000');
		expect(trigger.executions).toHaveLength(0);
	});

	it('answers 401 for a body changed after signing', async () => {
		trigger = await host();
		const body = paymentNotification('GW6');
		const timestamp = Date.now();
		const nonce = newNonce();
		const signature = signParts(platform.privateKey, { method: 'POST', path: new URL(trigger.url).pathname, timestamp: String(timestamp), nonce, body });
		const response = await deliver(trigger, body.replace('"amount":199', '"amount":1'), { timestamp, nonce, signature });
		expect(response.status).toBe(401);
		expect(trigger.executions).toHaveLength(0);
	});

	it('fails closed with 401 when the credential has no platform public key', async () => {
		trigger = await host({ events: ['*'] }, { ...credentials, platformPublicKey: '' });
		expect((await deliver(trigger, paymentNotification('GW7'))).status).toBe(401);
		expect(trigger.executions).toHaveLength(0);
	});

	it('fails closed with 401 when no credential is set at all', async () => {
		trigger = await host({ events: ['*'] }, null);
		expect((await deliver(trigger, paymentNotification('GW8'))).status).toBe(401);
		expect(trigger.executions).toHaveLength(0);
	});

	it('does not let forged notifications poison dedupe', async () => {
		trigger = await host();
		const body = paymentNotification('GW9');
		expect((await deliver(trigger, body, { signWith: attacker.privateKey })).status).toBe(401);
		expect((await deliver(trigger, body)).status).toBe(200);
		expect(trigger.executions).toHaveLength(1);
	});

	it('rejects a validly signed body that is not a PayKKa notification with 400', async () => {
		trigger = await host();
		expect((await deliver(trigger, '{"hello":"world"}')).status).toBe(400);
		expect(trigger.executions).toHaveLength(0);
	});

	it.each([false, true])('verifies notifications with the platform key whatever Verify Response Signatures says (%p)', async (verifyResponses) => {
		trigger = await host({ events: ['*'] }, { ...credentials, verifyResponses });
		expect((await deliver(trigger, paymentNotification(`GW-v-${String(verifyResponses)}`))).status).toBe(200);
		expect((await deliver(trigger, paymentNotification('GW-v-forged'), { signWith: attacker.privateKey })).status).toBe(401);
		expect((await deliver(trigger, paymentNotification('GW-v-unsigned'), { signature: null })).status).toBe(401);
		expect(trigger.executions).toHaveLength(1);
	});

	it('accepts a key given as bare Base64 in the credential', async () => {
		const bare = PLATFORM_PUBLIC_KEY.replace(/-----[^-]+-----/g, '').replace(/\s+/g, '');
		trigger = await host({ events: ['*'] }, { ...credentials, platformPublicKey: bare });
		expect((await deliver(trigger, paymentNotification('GW10'))).status).toBe(200);
		expect(trigger.executions).toHaveLength(1);
	});
});

describe('PayKKa sandbox -> PayKKa Trigger (end to end)', () => {
	let sandbox: PayKkaSandbox;
	let trigger: TriggerHost;

	beforeEach(async () => {
		sandbox = await startPayKkaSandbox({ timeScale: 0.00001 });
	});
	afterEach(async () => {
		await trigger?.close();
		await sandbox.close();
	});

	it('delivers signed payment and refund notifications that the trigger verifies, runs once and acknowledges', async () => {
		trigger = await host({ events: ['*'] }, { ...credentials, platformPublicKey: sandbox.platformPublicKeyPem });
		const session = await runPayKka(sandbox, {
			resource: 'checkoutSession',
			operation: 'create',
			transId: 'e2e-order-1',
			amount: '1.99',
			currency: 'EUR',
			returnUrl: 'https://shop.example.com/return',
			options: { notifyUrl: trigger.url },
		});
		await completeSession(sandbox, String(session.items[0].json.session_id));
		await sandbox.dispatcher.idle();
		expect(trigger.executions).toHaveLength(1);
		const event = trigger.executions[0][0].json;
		expect(event).toMatchObject({ notify_type: 'PAYMENT.SUCCESS', trans_id: 'e2e-order-1', amount: 199, normalizedStatus: 'paid' });
		expect(sandbox.dispatcher.attempts).toEqual([expect.objectContaining({ statusCode: 200, acknowledged: true })]);
		expect(trigger.responses[0].body).toBe(ACK);

		// A redelivery of the same notification (signed afresh) is acknowledged but starts nothing.
		const [notification] = sandbox.notifications;
		expect((await fetch(`${sandbox.url}/_sandbox/notifications/${notification.id}/redeliver`, { method: 'POST' })).status).toBe(200);
		await sandbox.dispatcher.idle();
		expect(sandbox.dispatcher.attempts).toHaveLength(2);
		expect(sandbox.dispatcher.attempts[1].acknowledged).toBe(true);
		expect(trigger.executions).toHaveLength(1);

		await runPayKka(
			sandbox,
			{ resource: 'refund', operation: 'create', refundTransId: 'e2e-refund-1', orderId: event.order_id, amount: '0.99', currency: 'EUR' },
			{ credentials: sandboxCredentials(sandbox) },
		);
		await sandbox.dispatcher.idle();
		expect(trigger.executions).toHaveLength(2);
		expect(trigger.executions[1][0].json).toMatchObject({ notify_type: 'REFUND.SUCCESS', trans_id: 'e2e-refund-1', amount: 99, normalizedStatus: 'refunded' });
	});

	it('retries when the trigger refuses (wrong platform key) and gives up after the last attempt', async () => {
		const otherKey = attacker.publicKey.export({ type: 'spki', format: 'pem' }) as string;
		trigger = await host({ events: ['*'] }, { ...credentials, platformPublicKey: otherKey });
		sandbox.setWebhookUrl(trigger.url);
		const session = await runPayKka(sandbox, {
			resource: 'checkoutSession',
			operation: 'create',
			transId: 'e2e-order-2',
			amount: '5',
			currency: 'EUR',
			returnUrl: 'https://shop.example.com/return',
		});
		await completeSession(sandbox, String(session.items[0].json.session_id));
		await sandbox.dispatcher.idle();
		const [notification] = sandbox.notifications;
		expect(sandbox.dispatcher.attemptsFor(notification.id).map((attempt) => attempt.statusCode)).toEqual([401, 401, 401, 401, 401, 401]);
		expect(sandbox.dispatcher.status(notification.id)).toBe('giving_up');
		expect(trigger.executions).toHaveLength(0);
	});
});
