/**
 * Pinddpay: everything the demo, the end-to-end suites and the hostile-input generator know about
 * the gateway: payouts and orders; webhooks carry a sign-token (upper-case MD5 of the secret, which
 * covers no part of the delivery) and an eventAt freshness window inside the body; any 200
 * acknowledges (Payin webhook, http://docs.pinddpay.com/341969792e0).
 */
import { randomBytes } from 'crypto';

import type { GatewayDescriptor, GatewayE2E, GatewayEntry, HostileTarget, SandboxHandle, Scheme } from './descriptor';
import { JSON_TYPE, md5, seconds, sha, without, type Header } from './hostile-kit';
import { PACKAGE, STALE_SECONDS, acknowledged, control, firstItem, newer, option, redeliverFrom, sampleEventStep, setWebhookEndpoint } from './support';

// ---------- demo: sandbox, templates (demo/pinddpay/), steps ----------

const demo: GatewayEntry = {
	key: 'pinddpay',
	displayName: 'Pinddpay',
	nodeTypes: [`${PACKAGE}.pinddpay`, `${PACKAGE}.pinddpayTrigger`],
	credentialType: 'pinddpayApi',
	sandboxModule: 'sandbox/pinddpay/server',
	sandboxExport: 'startPinddpaySandbox',
	demoPort: 4103,
	credentialId: 'PinddpaySandbox1',
	workflowId: 'PinddpayDemoFlw1',
	webhookId: '5f0c6a8e-3a6b-4c1e-9d2f-1b0000000003',
	webhookPath: 'webhook',
	templateValues: (sandbox) => ({
		SANDBOX_URL: sandbox.url,
		APP_ID: option(sandbox, 'appId'),
		ACCESS_KEY: option(sandbox, 'accessKey'),
		SECRET: option(sandbox, 'secret'),
	}),
	setWebhookUrl: setWebhookEndpoint,
	demoSteps: (sandbox, n8nUrl) => [
		`Open ${n8nUrl}/workflow/PinddpayDemoFlw1 and in the orange button's arrow menu pick "Execute workflow (manual)", then click the button:`,
		'  "Create payout" sends 1.99 USD to payee@example.com (PayPal rail) in the sandbox; copy its "id".',
		'A shopper pays an order; the sandbox sends a signed order.paid webhook (sign-token) to the published workflow,',
		'whose trigger confirms it with Pinddpay (Query Transaction) before it runs:',
		`  curl -s -X POST ${sandbox.url}/_sandbox/orders -H 'Content-Type: application/json' -d '{"pay":true,"amount":"25.00"}'`,
		'(Payout webhooks cannot be confirmed: Pinddpay has no payout query, so with Confirm With Gateway on they get 422.)',
		`State: curl -s ${sandbox.url}/_sandbox/state   Webhooks sent: curl -s ${sandbox.url}/_sandbox/webhooks`,
		sampleEventStep(sandbox.url, n8nUrl, '5f0c6a8e-3a6b-4c1e-9d2f-1b0000000003'),
	],
};

// ---------- end-to-end: sample run, emitted webhooks, signing ----------

interface PinddpaySandboxView extends SandboxHandle {
	options: { secret: string; appId: string; accessKey: string };
	payouts: ReadonlyMap<string, { id: string; orderNo: string; status: string; payoutAccount: string; amount: { minor: bigint; currency: string } }>;
	events: ReadonlyArray<{ eventId: string; eventName: string; body: string; url?: string }>;
}

const pinddpayView = (sandbox: SandboxHandle) => sandbox as PinddpaySandboxView;
const md5Upper = (text: string) => md5(text).toString('hex').toUpperCase();
/** Pinddpay's eventAt style: ISO with 7 fractional digits. */
const pinddpayTime = (ms: number) => new Date(ms).toISOString().replace(/Z$/, '0000Z');

function pinddpayFreshEvent(sandbox: SandboxHandle, atMs = Date.now()): { body: string; itemKey: string } {
	const itemKey = String(90_000_000_000 + Math.floor(Math.random() * 1_000_000_000));
	const body = JSON.stringify({
		eventId: itemKey,
		eventAt: pinddpayTime(atMs),
		eventName: 'payout.paid',
		appId: pinddpayView(sandbox).options.appId,
		resouce: { id: `e2e${randomBytes(4).toString('hex')}`, amount: 1.99, currency: 'USD', status: 'PAID', orderNo: `e2e-${randomBytes(4).toString('hex')}` },
	});
	return { body, itemKey };
}

const e2e: GatewayE2E = {
	key: 'pinddpay',
	triggerNodeName: 'Pinddpay Trigger',
	checkSampleRun(run, sandbox) {
		const output = firstItem(run, 'Create payout');
		const id = String(output.id);
		const payout = pinddpayView(sandbox).payouts.get(id);
		expect(payout).toBeDefined();
		expect(payout?.orderNo).toMatch(/^demo-payout-\d+$/);
		expect(payout?.payoutAccount).toBe('payee@example.com');
		expect(payout?.amount.minor).toBe(199n);
		expect(payout?.amount.currency).toBe('USD');
		return { ids: { payout: id }, summary: `payout ${id} (${String(payout?.orderNo)}, 1.99 USD) ${String(payout?.status)} in the sandbox` };
	},
	// A shopper pays an order: order.created (filtered out by the demo trigger) and order.paid, which the trigger
	// confirms with Pinddpay's Query Transaction (payout webhooks cannot be confirmed: no payout query exists).
	async emitEvent(sandbox) {
		const before = pinddpayView(sandbox).events.length;
		await control(sandbox, '/_sandbox/orders', { pay: true, amount: '25.00' });
		const event = newer(pinddpayView(sandbox).events, before).find((candidate) => candidate.eventName === 'order.paid');
		if (!event) throw new Error('the sandbox emitted no order.paid event');
		return { deliveryId: event.eventId, itemKey: event.eventId };
	},
	// A new order.paid event (new eventId) for an order Pinddpay shows paid: what a confirmed delivery needs.
	async prepareEvent(sandbox) {
		// Pinddpay's envelope around the control's answer, as around every answer of the sandbox.
		const created = (await control(sandbox, '/_sandbox/orders', { pay: true, amount: '25.00', webhooks: false })) as unknown as { result: { event: Record<string, unknown> } };
		const itemKey = String(91_000_000_000 + Math.floor(Math.random() * 1_000_000_000));
		const body = JSON.stringify({ eventId: itemKey, eventAt: pinddpayTime(Date.now()), eventName: 'order.paid', appId: pinddpayView(sandbox).options.appId, ...created.result.event });
		return { body, itemKey };
	},
	acknowledgedDeliveries: acknowledged,
	redeliver: redeliverFrom('webhooks'),
	deliveredBody(sandbox, deliveryId) {
		const event = pinddpayView(sandbox).events.find((candidate) => candidate.eventId === deliveryId);
		if (!event) throw new Error(`unknown event ${deliveryId}`);
		return event.body;
	},
	freshEventBody: (sandbox) => pinddpayFreshEvent(sandbox),
	// The token does not depend on the body or time (the default "MD5 of the secret" reading).
	signedHeaders: (sandbox) => ({ 'Content-Type': 'application/json', 'sign-token': md5Upper(pinddpayView(sandbox).options.secret) }),
	staleDelivery(sandbox) {
		const event = pinddpayFreshEvent(sandbox, Date.now() - STALE_SECONDS * 1000);
		return { ...event, headers: { 'Content-Type': 'application/json', 'sign-token': md5Upper(pinddpayView(sandbox).options.secret) } };
	},
	forgedHeaders: () => ({ 'Content-Type': 'application/json', 'sign-token': md5Upper(randomBytes(16).toString('hex')) }),
	unsignedHeaders: () => ({ 'Content-Type': 'application/json' }),
	ack: { status: 200, contentType: /^application\/json/, body: '{}' },
	eventKeyOfItem: (item) => (typeof item.eventId === 'string' ? item.eventId : undefined),
};

// ---------- hostile input: the signing scheme and its variants ----------

function pinddpayScheme(target: HostileTarget, runTag: string): Scheme {
	const { secret, appId, accessKey } = pinddpayView(target.sandbox).options;
	const headers = (signToken: string): Header[] => [JSON_TYPE, ['sign-token', signToken]];
	const good = md5Upper(secret);
	const withEventAt = (make: (atMs: number) => { body: Buffer }, eventAt: unknown) => {
		const parsed = JSON.parse(make(Date.now()).body.toString('utf8')) as Record<string, unknown>;
		const body = Buffer.from(JSON.stringify({ ...parsed, eventAt }), 'utf8');
		return { body, headers: headers(good) };
	};
	return {
		event(tag, rng, atMs = Date.now()) {
			// Unique numeric-looking ids, as Pinddpay's are.
			const eventId = `9${runTag.replace(/[^0-9]/g, '').padEnd(6, '0').slice(0, 6)}${Number.parseInt(tag.slice(1), 10).toString().padStart(6, '0')}${tag[0] === 'v' ? '1' : tag[0] === 'b' ? '2' : '3'}`;
			// Valid deliveries: a new order.paid event (new eventId) for the paid order of the fixture, which the trigger
			// confirms with Pinddpay (Confirm With Gateway, on by default; payout events cannot be confirmed).
			if (target.fixture) {
				const { order, transaction } = target.fixture;
				return { key: eventId, value: { eventId, eventAt: pinddpayTime(atMs), eventName: 'order.paid', appId, order, transaction } };
			}
			return {
				key: eventId,
				value: {
					eventId,
					eventAt: pinddpayTime(atMs),
					eventName: rng.pick(['payout.paid', 'payout.failed']),
					appId,
					resouce: { id: `hx${runTag}${tag}`, amount: 1.99, currency: 'USD', status: 'PAID', orderNo: `hx-${runTag}-${tag}` },
				},
			};
		},
		sign: () => headers(good),
		signature: { header: 'sign-token', decode: (value) => Buffer.from(value, 'hex'), encode: (bytes) => bytes.toString('hex').toUpperCase() },
		required: ['sign-token'],
		wrongSecrets: [
			['MD5 of a random secret', (_body, _atMs, rng) => headers(md5Upper(rng.bytes(16).toString('base64').slice(0, 22)))],
			['MD5 of the access key (an identifier, not the secret)', () => headers(md5Upper(accessKey))],
			['MD5(raw body + secret): the other sign-token reading', (body) => headers(md5(Buffer.concat([body, Buffer.from(secret)])).toString('hex').toUpperCase())],
			['MD5 of the secret with one character changed', (_body, _atMs, rng) => {
				const index = rng.int(0, secret.length - 1);
				return headers(md5Upper(secret.slice(0, index) + (secret[index] === 'x' ? 'y' : 'x') + secret.slice(index + 1)));
			}],
			['MD5 of appId + secret', () => headers(md5Upper(appId + secret))],
			['the secret itself', () => headers(secret)],
		],
		encodings: [
			['Base64 of the MD5', (hex) => Buffer.from(hex, 'hex').toString('base64')],
			['SHA-256 of the secret (hex)', () => sha('sha256', secret).toString('hex').toUpperCase()],
			['SHA-1 of the secret (hex)', () => sha('sha1', secret).toString('hex').toUpperCase()],
			['0x prefix', (hex) => `0x${hex}`],
			['first 31 digits', (hex) => hex.slice(0, 31)],
			['one extra digit', (hex) => `${hex}0`],
			['MD5 prefix', (hex) => `MD5 ${hex}`],
		],
		time: {
			shifted: (make, offsetSeconds) => ({ body: make(Date.now() + offsetSeconds * 1000).body, headers: headers(good) }),
			malformed: [
				['eventAt not a date', (make) => withEventAt(make, 'yesterday')],
				['eventAt as a number (unix seconds)', (make) => withEventAt(make, seconds(Date.now()))],
				['eventAt as fractional unix seconds', (make) => withEventAt(make, `${seconds(Date.now())}.5`)],
				['eventAt null', (make) => withEventAt(make, null)],
				['eventAt left out', (make) => withEventAt(make, undefined)],
				['eventAt impossible date', (make) => withEventAt(make, '2025-13-45T99:99:99Z')],
				['eventAt date only', (make) => withEventAt(make, new Date().toISOString().slice(0, 10))],
				['eventAt object', (make) => withEventAt(make, { at: pinddpayTime(Date.now()) })],
				['eventAt true', (make) => withEventAt(make, true)],
			],
		},
		bodyCovered: false,
		bodyTimeField: 'eventAt',
		notAnEvent: [
			['no eventId', (event) => without(event, 'eventId')],
			['numeric eventId', (event) => ({ ...event, eventId: Number(event.eventId) })],
			['empty eventId', (event) => ({ ...event, eventId: '' })],
			['no eventName', (event) => without(event, 'eventName')],
		],
		extra: [],
		signedAtMs: (delivery) => {
			const eventAt = (JSON.parse(delivery.body.toString('utf8')) as { eventAt?: string }).eventAt;
			return eventAt ? Date.parse(eventAt.replace(/(\.\d{3})\d+Z$/, '$1Z')) : undefined;
		},
	};
}

export const pinddpay: GatewayDescriptor = {
	demo,
	e2e,
	hostile: {
		scheme: pinddpayScheme,
		notApplicable: {
		'signature letter case': 'the hex token is compared case-insensitively by design (the same digest)',
		'body-bitflip': 'the demo trigger reads sign-token as MD5(secret): a static token that does not cover the body, so a body with flipped bits is as authentic as any other body sent with the token (see the trigger\'s "Sign-Token Content" option); the broken-JSON cases are covered by truncated-body and signed-non-json',
		'signed-parts-mismatch': 'the token signs no parts',
		'stale/future timestamp (header)': 'no signed header time: the eventAt freshness window inside the body is mutated instead',
	},
	},
};
