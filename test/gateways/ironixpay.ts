/**
 * IronixPay: everything the demo, the end-to-end suites and the hostile-input generator know about
 * the gateway: USDT checkout sessions and payouts; webhooks signed with HMAC-SHA256 over
 * `timestamp.body` in X-Signature with X-Timestamp in seconds, acknowledged with JSON
 * (Webhooks guide, https://ironixpay.com/guide/webhooks).
 */
import { createHmac, randomBytes } from 'crypto';

import type { GatewayDescriptor, GatewayE2E, GatewayEntry, HostileTarget, SandboxHandle, Scheme } from './descriptor';
import { JSON_TYPE, b64url, headerValue, seconds, without, type Header, type Prng } from './hostile-kit';
import { PACKAGE, STALE_SECONDS, acknowledged, control, firstItem, newer, nowSeconds, option, redeliverFrom, sampleEventStep, setWebhookEndpoint } from './support';

// ---------- demo: sandbox, templates (demo/ironixpay/), steps ----------

const demo: GatewayEntry = {
	key: 'ironixpay',
	displayName: 'IronixPay',
	nodeTypes: [`${PACKAGE}.ironixPay`, `${PACKAGE}.ironixPayTrigger`],
	credentialType: 'ironixPayApi',
	sandboxModule: 'sandbox/ironixpay/server',
	sandboxExport: 'startIronixPaySandbox',
	demoPort: 4101,
	credentialId: 'IrnxPaySandbox01',
	workflowId: 'IrnxPayDemoFlow1',
	webhookId: '5f0c6a8e-3a6b-4c1e-9d2f-1b0000000001',
	webhookPath: 'webhook',
	templateValues: (sandbox) => ({
		SANDBOX_URL: sandbox.url,
		SECRET_KEY: option(sandbox, 'secretKey'),
		WEBHOOK_SECRET: option(sandbox, 'webhookSecret'),
	}),
	setWebhookUrl: setWebhookEndpoint,
	demoSteps: (sandbox, n8nUrl) => [
		`Open ${n8nUrl}/workflow/IrnxPayDemoFlow1 and in the orange button's arrow menu pick "Execute workflow (manual)", then click the button:`,
		'  "Create checkout session" opens a 25 USDT session in the sandbox; copy its "id" (cs_...).',
		'Pay it; the sandbox then sends a signed session.completed webhook to the published workflow:',
		`  curl -s -X POST ${sandbox.url}/_sandbox/sessions/<cs_id>/pay -H 'Content-Type: application/json' -d '{"amount":"25"}'`,
		'  -> Executions: one run; "Pay out to supplier" created a 10 USDT payout (po_...).',
		`Complete the payout (another signed webhook): curl -s -X POST ${sandbox.url}/_sandbox/payouts/<po_id>/complete`,
		`State: curl -s ${sandbox.url}/_sandbox/state   Webhooks sent: curl -s ${sandbox.url}/_sandbox/webhooks`,
		sampleEventStep(sandbox.url, n8nUrl, '5f0c6a8e-3a6b-4c1e-9d2f-1b0000000001'),
	],
};

// ---------- end-to-end: sample run, emitted webhooks, signing ----------

interface IronixPaySandboxView extends SandboxHandle {
	options: { webhookSecret: string; secretKey: string };
	sessions: ReadonlyMap<string, { id: string; status: string; clientReferenceId: string | null; amount: bigint }>;
	payouts: ReadonlyMap<string, { id: string; status: string; idempotencyKey: string; amount: bigint; toAddress: string }>;
	events: ReadonlyArray<{ id: string; event_type: string; data: Record<string, unknown> }>;
}

const ironix = (sandbox: SandboxHandle) => sandbox as IronixPaySandboxView;

function ironixHeaders(secret: string, body: string, timestamp: number): Record<string, string> {
	return {
		'Content-Type': 'application/json',
		'X-Timestamp': String(timestamp),
		'X-Signature': createHmac('sha256', secret).update(`${timestamp}.${body}`, 'utf8').digest('hex'),
	};
}

function ironixFreshEvent(): { body: string; itemKey: string } {
	const itemKey = `evt_${Date.now().toString(16).padStart(12, '0')}${randomBytes(10).toString('hex')}`;
	const body = JSON.stringify({
		id: itemKey,
		event_type: 'payout.completed',
		created: nowSeconds(),
		data: { object: 'payout', id: `po_e2e_${randomBytes(6).toString('hex')}`, status: 'Completed', amount: '1', currency: 'USDT', network: 'TRON', livemode: false },
	});
	return { body, itemKey };
}

const e2e: GatewayE2E = {
	key: 'ironixpay',
	triggerNodeName: 'IronixPay Trigger',
	checkSampleRun(run, sandbox) {
		const output = firstItem(run, 'Create checkout session');
		const id = String(output.id);
		expect(id).toMatch(/^cs_/);
		expect(output.normalizedStatus).toBe('pending');
		const session = ironix(sandbox).sessions.get(id);
		expect(session).toBeDefined();
		expect(session?.status).toBe('Pending');
		expect(session?.clientReferenceId).toMatch(/^demo-order-\d+$/);
		expect(session?.amount).toBe(25_000_000n);
		return { ids: { session: id }, summary: `checkout session ${id} (${String(session?.clientReferenceId)}) Pending in the sandbox` };
	},
	async emitEvent(sandbox, sample) {
		const before = ironix(sandbox).events.length;
		await control(sandbox, `/_sandbox/sessions/${sample.ids.session}/pay`, { amount: '25' });
		const event = newer(ironix(sandbox).events, before).find((candidate) => candidate.event_type === 'session.completed');
		if (!event) throw new Error('the sandbox emitted no session.completed event');
		return { deliveryId: event.id, itemKey: event.id };
	},
	checkEventEffects(sandbox, sample) {
		const payouts = [...ironix(sandbox).payouts.values()].filter((payout) => payout.idempotencyKey === `n8n-payout-settle-${sample.ids.session}`);
		expect(payouts).toHaveLength(1);
		expect(payouts[0].amount).toBe(10_000_000n);
		sample.ids.payout = payouts[0].id;
		return `payout ${payouts[0].id} (${payouts[0].status}) created by "Pay out to supplier"`;
	},
	acknowledgedDeliveries: acknowledged,
	redeliver: redeliverFrom('webhooks'),
	deliveredBody(sandbox, deliveryId) {
		const event = ironix(sandbox).events.find((candidate) => candidate.id === deliveryId);
		if (!event) throw new Error(`unknown event ${deliveryId}`);
		// The sandbox sends JSON.stringify(envelope): same bytes.
		return JSON.stringify(event);
	},
	freshEventBody: () => ironixFreshEvent(),
	signedHeaders: (sandbox, _url, body, staleSeconds = 0) => ironixHeaders(ironix(sandbox).options.webhookSecret, body, nowSeconds() - staleSeconds),
	staleDelivery(sandbox) {
		const event = ironixFreshEvent();
		return { ...event, headers: ironixHeaders(ironix(sandbox).options.webhookSecret, event.body, nowSeconds() - STALE_SECONDS) };
	},
	forgedHeaders: (_sandbox, _url, body) => ironixHeaders(`whsec_${randomBytes(32).toString('hex')}`, body, nowSeconds()),
	unsignedHeaders: () => ({ 'Content-Type': 'application/json' }),
	ack: { status: 200, contentType: /^application\/json/, body: '{"received":true}' },
	eventKeyOfItem: (item) => (typeof item.id === 'string' ? item.id : undefined),
};

// ---------- hostile input: the signing scheme and its variants ----------

function ironixScheme(target: HostileTarget, runTag: string): Scheme {
	const { webhookSecret, secretKey } = ironix(target.sandbox).options;
	const hmacHex = (secret: string, timestamp: string, body: Buffer) => createHmac('sha256', secret).update(`${timestamp}.`, 'utf8').update(body).digest('hex');
	const headers = (secret: string, timestamp: string, body: Buffer, signature = hmacHex(secret, timestamp, body)): Header[] => [
		JSON_TYPE,
		['X-Timestamp', timestamp],
		['X-Signature', signature],
	];
	const shifted = (make: (atMs: number) => { body: Buffer }, offsetSeconds: number) => {
		const atMs = Date.now() + offsetSeconds * 1000;
		const { body } = make(atMs);
		return { body, headers: headers(webhookSecret, String(seconds(atMs)), body) };
	};
	const signedOver = (timestamp: (now: number, rng: Prng) => string) => (make: (atMs: number) => { body: Buffer }, rng: Prng) => {
		const { body } = make(Date.now());
		const value = timestamp(Date.now(), rng);
		return { body, headers: headers(webhookSecret, value, body) };
	};
	return {
		event(tag, rng, atMs = Date.now()) {
			const id = `evt_hx${runTag}${tag}`;
			return {
				key: id,
				value: {
					id,
					event_type: rng.pick(['payout.completed', 'payout.failed', 'session.expired']),
					created: seconds(atMs),
					data: { object: 'payout', id: `po_hx${runTag}${tag}`, status: 'Completed', amount: '1', currency: 'USDT', network: 'TRON', livemode: false },
				},
			};
		},
		sign: (body, atMs) => headers(webhookSecret, String(seconds(atMs)), body),
		signature: { header: 'X-Signature', decode: (value) => Buffer.from(value, 'hex'), encode: (bytes) => bytes.toString('hex') },
		required: ['X-Signature', 'X-Timestamp'],
		wrongSecrets: [
			['random whsec_ secret', (body, atMs, rng) => headers(`whsec_${rng.bytes(32).toString('hex')}`, String(seconds(atMs)), body)],
			['the API secret key (sk_test_) instead of the webhook secret', (body, atMs) => headers(secretKey, String(seconds(atMs)), body)],
			['the webhook secret without its whsec_ prefix', (body, atMs) => headers(webhookSecret.replace(/^whsec_/, ''), String(seconds(atMs)), body)],
			['the webhook secret with one character changed', (body, atMs, rng) => {
				const index = rng.int(6, webhookSecret.length - 1);
				const changed = webhookSecret.slice(0, index) + (webhookSecret[index] === 'a' ? 'b' : 'a') + webhookSecret.slice(index + 1);
				return headers(changed, String(seconds(atMs)), body);
			}],
			['HMAC over the body only (no timestamp)', (body, atMs) => headers(webhookSecret, String(seconds(atMs)), body, createHmac('sha256', webhookSecret).update(body).digest('hex'))],
			['HMAC-SHA1 with the right secret', (body, atMs) => {
				const timestamp = String(seconds(atMs));
				return headers(webhookSecret, timestamp, body, createHmac('sha1', webhookSecret).update(`${timestamp}.`).update(body).digest('hex'));
			}],
		],
		encodings: [
			['Base64 of the HMAC', (hex) => Buffer.from(hex, 'hex').toString('base64')],
			['base64url of the HMAC', (hex) => b64url(Buffer.from(hex, 'hex'))],
			['sha256= prefix', (hex) => `sha256=${hex}`],
			['v1= prefix (Stripe style)', (hex) => `v1=${hex}`],
			['0x prefix', (hex) => `0x${hex}`],
			['first 32 hex digits', (hex) => hex.slice(0, 32)],
			['one extra hex digit', (hex) => `${hex}0`],
			['hex of the hex text', (hex) => Buffer.from(hex, 'utf8').toString('hex')],
			['hex with an inner space', (hex) => `${hex.slice(0, 32)} ${hex.slice(32)}`],
		],
		time: {
			shifted,
			malformed: [
				['milliseconds instead of seconds', signedOver((now) => String(now))],
				['decimal seconds', signedOver((now) => `${seconds(now)}.5`)],
				['negative', signedOver((now) => `-${seconds(now)}`)],
				['ISO date', signedOver((now) => new Date(now).toISOString())],
				['hex seconds', signedOver((now) => `0x${seconds(now).toString(16)}`)],
				['+ sign', signedOver((now) => `+${seconds(now)}`)],
				['exponent notation', signedOver((now) => Number(seconds(now)).toExponential())],
				['zero', signedOver(() => '0')],
				['13+ digits', signedOver((now, rng) => `${seconds(now)}${rng.int(100, 999)}`)],
			],
		},
		bodyCovered: true,
		notAnEvent: [
			['no id', (event) => without(event, 'id')],
			['numeric id', (event) => ({ ...event, id: 12345 })],
			['no event_type', (event) => without(event, 'event_type')],
			['event_type null', (event) => ({ ...event, event_type: null })],
		],
		extra: [
			['signed-parts-mismatch', 'X-Timestamp one second off the signed one', (body) => {
				const now = seconds(Date.now());
				return { headers: headers(webhookSecret, String(now - 1), body, hmacHex(webhookSecret, String(now), body)) };
			}],
			['signed-parts-mismatch', 'signed with "timestamp:body" instead of "timestamp.body"', (body) => {
				const timestamp = String(seconds(Date.now()));
				return { headers: headers(webhookSecret, timestamp, body, createHmac('sha256', webhookSecret).update(`${timestamp}:`).update(body).digest('hex')) };
			}],
		],
		signedAtMs: (delivery) => Number(headerValue(delivery.headers, 'X-Timestamp')) * 1000,
	};
}

export const ironixPay: GatewayDescriptor = {
	demo,
	e2e,
	hostile: {
		scheme: ironixScheme,
		notApplicable: {
		'signature letter case': 'the hex HMAC is compared case-insensitively by design (the same digest): wrong encodings, prefixes and lengths are sent instead (sig-encoding)',
	},
	},
};
