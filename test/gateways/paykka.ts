/**
 * PayKKa: everything the demo, the end-to-end suites and the hostile-input generator know about
 * the gateway: hosted checkouts and refunds; notifications signed with RSA SHA-256 over
 * METHOD\nPATH\nTIMESTAMP(ms)\nNONCE\nBODY in x-paykka-sign with the platform key (the request
 * signing of API authentication, https://docs.paykka.com/payments/apis/introduction/api-certification,
 * as PayKKa's WooCommerce plugin verifies notifications, https://github.com/1404369980/paykka-for-woocommerce/blob/main/classes/lib/Paykka/Request/PaykkaWebHookHandler.php),
 * acknowledged with JSON (https://docs.paykka.com/payments/apis/payments/openapi/notify-webhook).
 */
import { createHmac, createSign, generateKeyPairSync, randomBytes, sign as rsaSign } from 'crypto';

import type { IDataObject } from 'n8n-workflow';

import type { GatewayDescriptor, GatewayE2E, GatewayEntry, HostileTarget, SandboxHandle, Scheme } from './descriptor';
import { JSON_TYPE, b64url, headerValue, seconds, sha, without, type Header, type Prng } from './hostile-kit';
import { PACKAGE, STALE_SECONDS, acknowledged, control, firstItem, newer, option, redeliverFrom, rsaKeyPair, sampleEventStep, setWebhookEndpoint } from './support';

// ---------- demo: sandbox, templates (demo/paykka/), steps ----------

const demo: GatewayEntry = {
	key: 'paykka',
	displayName: 'PayKKa',
	nodeTypes: [`${PACKAGE}.payKka`, `${PACKAGE}.payKkaTrigger`],
	credentialType: 'payKkaApi',
	sandboxModule: 'sandbox/paykka/server',
	sandboxExport: 'startPayKkaSandbox',
	demoPort: 4102,
	credentialId: 'PayKkaSandbox001',
	workflowId: 'PayKkaDemoFlow01',
	webhookId: '5f0c6a8e-3a6b-4c1e-9d2f-1b0000000002',
	webhookPath: 'webhook',
	// Fresh key pairs per run: the merchant's (credential signs requests, sandbox verifies) and the
	// platform's (sandbox signs responses and notifications, the trigger verifies).
	sandboxOptions: () => {
		const merchant = rsaKeyPair();
		const platform = rsaKeyPair();
		return {
			merchantPublicKeyPem: merchant.publicKeyPem,
			merchantPrivateKeyPem: merchant.privateKeyPem,
			platformPrivateKeyPem: platform.privateKeyPem,
			platformPublicKeyPem: platform.publicKeyPem,
		};
	},
	templateValues: (sandbox) => ({
		SANDBOX_URL: sandbox.url,
		MERCHANT_ID: (sandbox as unknown as { merchantId: string }).merchantId,
		APP_ID: (sandbox as unknown as { appId: string }).appId,
		PRIVATE_KEY: option(sandbox, 'merchantPrivateKeyPem'),
		PLATFORM_PUBLIC_KEY: (sandbox as unknown as { platformPublicKeyPem: string }).platformPublicKeyPem,
	}),
	setWebhookUrl: setWebhookEndpoint,
	demoSteps: (sandbox, n8nUrl) => [
		`Open ${n8nUrl}/workflow/PayKkaDemoFlow01 and in the orange button's arrow menu pick "Execute workflow (manual)", then click the button:`,
		'  "Create checkout session" opens a 12.50 EUR hosted checkout; open its session_url to see the sandbox page,',
		'  or pay it with the test card 4242 4242 4242 4242 from the command line:',
		`  curl -s -X POST ${sandbox.url}/_sandbox/sessions/<session_id>/complete -H 'Content-Type: application/json' -d '{}'`,
		'  -> the sandbox sends a signed PAYMENT.SUCCESS notification; Executions: one run of the trigger branch.',
		`State: curl -s ${sandbox.url}/_sandbox/state   Notifications: curl -s ${sandbox.url}/_sandbox/notifications`,
		sampleEventStep(sandbox.url, n8nUrl, '5f0c6a8e-3a6b-4c1e-9d2f-1b0000000002'),
	],
};

// ---------- end-to-end: sample run, emitted webhooks, signing ----------

interface PayKkaSandboxView extends SandboxHandle {
	appId: string;
	sessions: ReadonlyMap<string, { session_id: string; trans_id: string; status: string; amount: number; currency: string; order_id?: string }>;
	orders: ReadonlyMap<string, { order_id: string; status: string; amount: number }>;
	notifications: ReadonlyArray<{ id: string; type: string; url?: string; body: string }>;
}

const paykkaView = (sandbox: SandboxHandle) => sandbox as PayKkaSandboxView;

function paykkaHeaders(privateKeyPem: string, appId: string, url: string, body: string, timestampMs: number): Record<string, string> {
	const nonce = randomBytes(16).toString('hex');
	const signed = `POST\n${new URL(url).pathname}\n${timestampMs}\n${nonce}\n${body}`;
	const signature = createSign('RSA-SHA256').update(signed, 'utf8').sign(privateKeyPem, 'base64');
	return {
		'Content-Type': 'application/json',
		'x-paykka-appid': appId,
		'x-paykka-timestamp': String(timestampMs),
		'x-paykka-nonce': nonce,
		'x-paykka-sign-alg': 'SHA256_WITH_RSA',
		'x-paykka-sign': encodeURIComponent(signature),
	};
}

const platformKey = (sandbox: SandboxHandle) => {
	const key = sandbox.startOptions?.platformPrivateKeyPem;
	if (typeof key !== 'string') throw new Error('the PayKKa sandbox was started without a known platform private key');
	return key;
};

function paykkaFreshEvent(): { body: string; itemKey: string } {
	const orderId = `OR${Date.now()}${randomBytes(4).toString('hex')}`;
	const body = JSON.stringify({
		notify_type: 'PAYMENT.SUCCESS',
		merchant_id: '18356675194960',
		trans_id: `e2e-${randomBytes(4).toString('hex')}`,
		order_id: orderId,
		status: 'SUCCESS',
		amount: 100,
		currency: 'EUR',
	});
	return { body, itemKey: `PAYMENT.SUCCESS:${orderId}` };
}

const e2e: GatewayE2E = {
	key: 'paykka',
	triggerNodeName: 'PayKKa Trigger',
	checkSampleRun(run, sandbox) {
		const output = firstItem(run, 'Create checkout session');
		const id = String(output.session_id);
		const session = paykkaView(sandbox).sessions.get(id);
		expect(session).toBeDefined();
		expect(session?.status).toBe('PROCESSING');
		expect(session?.trans_id).toMatch(/^demo-paykka-\d+$/);
		expect(session?.amount).toBe(1250);
		expect(session?.currency).toBe('EUR');
		return { ids: { session: id }, summary: `checkout session ${id} (${String(session?.trans_id)}, 12.50 EUR) PROCESSING in the sandbox` };
	},
	async emitEvent(sandbox, sample) {
		const before = paykkaView(sandbox).notifications.length;
		await control(sandbox, `/_sandbox/sessions/${encodeURIComponent(sample.ids.session)}/complete`, {});
		const notification = newer(paykkaView(sandbox).notifications, before).find((candidate) => candidate.type === 'PAYMENT.SUCCESS');
		if (!notification) throw new Error('the sandbox sent no PAYMENT.SUCCESS notification');
		const orderId = String((JSON.parse(notification.body) as IDataObject).order_id);
		sample.ids.order = orderId;
		return { deliveryId: notification.id, itemKey: `PAYMENT.SUCCESS:${orderId}` };
	},
	acknowledgedDeliveries: acknowledged,
	redeliver: redeliverFrom('notifications'),
	deliveredBody(sandbox, deliveryId) {
		const notification = paykkaView(sandbox).notifications.find((candidate) => candidate.id === deliveryId);
		if (!notification) throw new Error(`unknown notification ${deliveryId}`);
		return notification.body;
	},
	freshEventBody: () => paykkaFreshEvent(),
	signedHeaders: (sandbox, url, body, staleSeconds = 0) =>
		paykkaHeaders(platformKey(sandbox), paykkaView(sandbox).appId, url, body, Date.now() - staleSeconds * 1000),
	staleDelivery(sandbox, url) {
		const event = paykkaFreshEvent();
		return { ...event, headers: paykkaHeaders(platformKey(sandbox), paykkaView(sandbox).appId, url, event.body, Date.now() - STALE_SECONDS * 1000) };
	},
	forgedHeaders: (sandbox, url, body) => {
		const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
		return paykkaHeaders(privateKey.export({ type: 'pkcs8', format: 'pem' }) as string, paykkaView(sandbox).appId, url, body, Date.now());
	},
	unsignedHeaders: (sandbox) => ({ 'Content-Type': 'application/json', 'x-paykka-appid': paykkaView(sandbox).appId }),
	ack: { status: 200, contentType: /^application\/json/, body: '{"ret_code":"000000","ret_msg":"Success"}' },
	eventKeyOfItem: (item) => {
		const type = item.notify_type ?? item.event_type;
		return typeof type === 'string' && item.order_id !== undefined ? `${type}:${String(item.order_id)}` : undefined;
	},
};

// ---------- hostile input: the signing scheme and its variants ----------

function paykkaScheme(target: HostileTarget, runTag: string, wrongKeys: string[]): Scheme {
	const view = paykkaView(target.sandbox);
	const platformKey = target.sandbox.startOptions?.platformPrivateKeyPem;
	const merchantKey = target.sandbox.startOptions?.merchantPrivateKeyPem;
	if (typeof platformKey !== 'string' || typeof merchantKey !== 'string') throw new Error('the PayKKa sandbox was started without known key pairs');
	const path = new URL(target.url).pathname;
	let nonceCounter = 0;
	const nonce = () => `${runTag}${(nonceCounter++).toString(16).padStart(8, '0')}${'0'.repeat(12)}`.slice(0, 32);
	const rawSignature = (key: string, method: string, signedPath: string, timestamp: string, nonceValue: string, body: Buffer) =>
		rsaSign('sha256', Buffer.concat([Buffer.from(`${method}\n${signedPath}\n${timestamp}\n${nonceValue}\n`, 'utf8'), body]), key).toString('base64');
	const headers = (timestamp: string, nonceValue: string, signature: string): Header[] => [
		JSON_TYPE,
		['x-paykka-appid', view.appId],
		['x-paykka-timestamp', timestamp],
		['x-paykka-nonce', nonceValue],
		['x-paykka-sign-alg', 'SHA256_WITH_RSA'],
		['x-paykka-sign', encodeURIComponent(signature)],
	];
	const signWith = (key: string, body: Buffer, atMs: number, parts: { method?: string; path?: string; sentTimestamp?: string; sentNonce?: string } = {}) => {
		const timestamp = String(atMs);
		const nonceValue = nonce();
		const signature = rawSignature(key, parts.method ?? 'POST', parts.path ?? path, timestamp, nonceValue, body);
		return headers(parts.sentTimestamp ?? timestamp, parts.sentNonce ?? nonceValue, signature);
	};
	const signedOver = (timestamp: (now: number, rng: Prng) => string) => (make: (atMs: number) => { body: Buffer }, rng: Prng) => {
		const { body } = make(Date.now());
		const value = timestamp(Date.now(), rng);
		const nonceValue = nonce();
		return { body, headers: headers(value, nonceValue, rawSignature(platformKey, 'POST', path, value, nonceValue, body)) };
	};
	return {
		event(tag, rng) {
			const orderId = `HX${runTag}${tag}`;
			const type = rng.pick(['PAYMENT.SUCCESS', 'PAYMENT.FAILED']);
			return {
				key: `${type}:${orderId}`,
				value: { notify_type: type, merchant_id: '18356675194960', trans_id: `hx-${runTag}-${tag}`, order_id: orderId, status: type === 'PAYMENT.SUCCESS' ? 'SUCCESS' : 'FAILED', amount: 100, currency: 'EUR' },
			};
		},
		sign: (body, atMs) => signWith(platformKey, body, atMs),
		signature: {
			header: 'x-paykka-sign',
			decode: (value) => Buffer.from(decodeURIComponent(value), 'base64'),
			encode: (bytes) => encodeURIComponent(bytes.toString('base64')),
		},
		required: ['x-paykka-sign', 'x-paykka-timestamp', 'x-paykka-nonce'],
		wrongSecrets: [
			['a random RSA key', (body, atMs, rng) => signWith(rng.pick(wrongKeys), body, atMs)],
			['the merchant private key (credential) instead of the platform key', (body, atMs) => signWith(merchantKey, body, atMs)],
			['RSA-SHA1 with the platform key', (body, atMs) => {
				const timestamp = String(atMs);
				const nonceValue = nonce();
				const signature = rsaSign('sha1', Buffer.concat([Buffer.from(`POST\n${path}\n${timestamp}\n${nonceValue}\n`), body]), platformKey).toString('base64');
				return headers(timestamp, nonceValue, signature);
			}],
			['HMAC-SHA256 keyed with the platform public key text', (body, atMs) => {
				const timestamp = String(atMs);
				const nonceValue = nonce();
				const publicPem = String(target.sandbox.startOptions?.platformPublicKeyPem ?? '');
				const signature = createHmac('sha256', publicPem).update(`POST\n${path}\n${timestamp}\n${nonceValue}\n`).update(body).digest('base64');
				return headers(timestamp, nonceValue, signature);
			}],
		],
		encodings: [
			['hex of the signature bytes', (value) => Buffer.from(decodeURIComponent(value), 'base64').toString('hex')],
			['base64url, no padding', (value) => {
				const base64 = decodeURIComponent(value);
				// Without + or / the url-safe form differs only by padding, which the verifier tolerates: not a wrong encoding.
				return /[+/]/.test(base64) ? b64url(Buffer.from(base64, 'base64')) : undefined;
			}],
			['double URL-encoded', (value) => encodeURIComponent(value)],
			['letter case swapped', (value) => {
				const base64 = decodeURIComponent(value);
				return encodeURIComponent(base64.replace(/[a-zA-Z]/g, (char) => (char === char.toUpperCase() ? char.toLowerCase() : char.toUpperCase())));
			}],
			['lower-cased', (value) => encodeURIComponent(decodeURIComponent(value).toLowerCase())],
			['first half only', (value) => encodeURIComponent(decodeURIComponent(value).slice(0, 172))],
			['SHA256_WITH_RSA= prefix', (value) => `SHA256_WITH_RSA%3D${value}`],
			['hex of the SHA-256 of the signed string instead of a signature', (value) => sha('sha256', value).toString('hex')],
		],
		time: {
			shifted: (make, offsetSeconds) => {
				const atMs = Date.now() + offsetSeconds * 1000;
				const { body } = make(atMs);
				return { body, headers: signWith(platformKey, body, atMs) };
			},
			malformed: [
				['seconds instead of milliseconds', signedOver((now) => String(seconds(now)))],
				['microseconds', signedOver((now) => `${now}000`)],
				['decimal milliseconds', signedOver((now) => `${now}.5`)],
				['negative', signedOver((now) => `-${now}`)],
				['ISO date', signedOver((now) => new Date(now).toISOString())],
				['+ sign', signedOver((now) => `+${now}`)],
				['hex milliseconds', signedOver((now) => `0x${now.toString(16)}`)],
				['zero', signedOver(() => '0')],
			],
		},
		bodyCovered: true,
		notAnEvent: [
			['no notify_type or event_type', (event) => without(event, 'notify_type')],
			['empty notify_type', (event) => ({ ...event, notify_type: '' })],
			['numeric notify_type', (event) => ({ ...event, notify_type: 7 })],
		],
		extra: [
			['signed-parts-mismatch', 'x-paykka-nonce differs from the signed nonce', (body) => ({ headers: signWith(platformKey, body, Date.now(), { sentNonce: nonce() }) })],
			['signed-parts-mismatch', 'x-paykka-timestamp 1 ms off the signed one', (body) => {
				const atMs = Date.now();
				return { headers: signWith(platformKey, body, atMs, { sentTimestamp: String(atMs - 1) }) };
			}],
			['signed-parts-mismatch', 'signed for another path', (body) => ({ headers: signWith(platformKey, body, Date.now(), { path: `${path}/other` }) })],
			['signed-parts-mismatch', 'signed for GET', (body) => ({ headers: signWith(platformKey, body, Date.now(), { method: 'GET' }) })],
			['signed-parts-mismatch', 'signed over the full URL instead of the path', (body) => ({ headers: signWith(platformKey, body, Date.now(), { path: target.url }) })],
		],
		signedAtMs: (delivery) => Number(headerValue(delivery.headers, 'x-paykka-timestamp')),
	};
}

export const payKka: GatewayDescriptor = {
	demo,
	e2e,
	hostile: {
		scheme: paykkaScheme,
		notApplicable: {},
	},
};
