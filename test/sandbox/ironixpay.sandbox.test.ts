/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports, @typescript-eslint/no-explicit-any */
/** The IronixPay sandbox over real HTTP: wire format, idempotency, limits, state machines, webhooks. */
import { createHash, createHmac } from 'crypto';
import { readdirSync, readFileSync } from 'fs';
import { join } from 'path';
import { request as httpRequest, type IncomingHttpHeaders } from 'http';
import {
	IRONIXPAY_AML_BLOCKED_ADDRESS,
	IRONIXPAY_TREASURY_ADDRESS,
	startIronixPaySandbox,
	type IronixPaySandbox,
	type IronixPaySandboxOptions,
} from '../../sandbox/ironixpay/server';
import { sendText, startHttpServer, type RunningServer } from '../../sandbox/shared/server';
import { WebhookDispatcher } from '../../sandbox/shared/webhook-dispatcher';

const TO_ADDRESS = 'TJRabPrwbZy45sbavfcjinPJC18kjpRTv8';
const NILE_USDT = 'TXYZopYRdj2D9XRtbG411XZZ3kM5VkAeBf';
const SESSION_BODY = { pricing_amount: '10.50', pricing_currency: 'USDT', currency: 'USDT', network: 'TRON' };

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
	await Promise.all(cleanups.splice(0).map(async (cleanup) => await cleanup()));
});

async function startSandbox(options: IronixPaySandboxOptions = {}): Promise<IronixPaySandbox> {
	const sandbox = await startIronixPaySandbox(options);
	cleanups.push(sandbox.close);
	return sandbox;
}

interface Received {
	headers: IncomingHttpHeaders;
	rawBody: string;
}

/** Webhook receiver answering with the scripted statuses in turn (then the last one). */
async function startReceiver(statuses: number[] = [200]): Promise<{ server: RunningServer; received: Received[] }> {
	const received: Received[] = [];
	const server = await startHttpServer((req, res, rawBody) => {
		received.push({ headers: req.headers, rawBody: rawBody.toString('utf8') });
		sendText(res, statuses[Math.min(received.length - 1, statuses.length - 1)], 'ok');
	});
	cleanups.push(server.close);
	return { server, received };
}

interface CallOptions {
	body?: unknown;
	rawBody?: string;
	headers?: Record<string, string>;
	/** Authorization header value; `null` sends none. */
	auth?: string | null;
}

async function call(sandbox: IronixPaySandbox, method: string, path: string, options: CallOptions = {}) {
	const headers: Record<string, string> = { ...options.headers };
	const auth = options.auth === undefined ? `Bearer ${sandbox.options.secretKey}` : options.auth;
	if (auth !== null) headers.Authorization = auth;
	let body = options.rawBody;
	if (options.body !== undefined) {
		body = JSON.stringify(options.body);
		headers['Content-Type'] ??= 'application/json';
	}
	const response = await fetch(`${sandbox.url}${path}`, { method, headers, body });
	const text = await response.text();
	let json: any;
	try {
		json = JSON.parse(text);
	} catch {
		json = undefined;
	}
	return { status: response.status, headers: response.headers, text, json };
}

const createSession = async (sandbox: IronixPaySandbox, body: object = SESSION_BODY, headers?: Record<string, string>) =>
	await call(sandbox, 'POST', '/v1/checkout/sessions', { body, headers });

const createPayout = async (sandbox: IronixPaySandbox, body: object, key: string) =>
	await call(sandbox, 'POST', '/v1/payouts', {
		body: { currency: 'USDT', network: 'TRON', to_address: TO_ADDRESS, ...body },
		headers: { 'Idempotency-Key': key },
	});

const control = async (sandbox: IronixPaySandbox, path: string, body: object = {}) =>
	await call(sandbox, 'POST', `/_sandbox${path}`, { body, auth: null });

function expectError(
	result: { status: number; json: any },
	status: number,
	code: string,
	param?: string,
): void {
	expect(result.status).toBe(status);
	expect(result.json.error.code).toBe(code);
	if (param === undefined) expect(result.json.error).not.toHaveProperty('param');
	else expect(result.json.error.param).toBe(param);
}

describe('IronixPay sandbox', () => {
	test('is an independent implementation: nothing imported from nodes/ or credentials/', () => {
		const dir = join(__dirname, '..', '..', 'sandbox', 'ironixpay');
		const files = readdirSync(dir).filter((name) => name.endsWith('.ts'));
		expect(files.length).toBeGreaterThan(5);
		for (const name of files) {
			const imports = [...readFileSync(join(dir, name), 'utf8').matchAll(/from\s+'([^']+)'/g)].map((match) => match[1]);
			expect({ name, bad: imports.filter((path) => /(^|\/)(nodes|credentials)\//.test(path)) }).toEqual({ name, bad: [] });
		}
	});

	test('binds only to 127.0.0.1', async () => {
		const sandbox = await startSandbox();
		expect(sandbox.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
		const { server } = await startReceiver();
		expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
	});

	describe('authentication', () => {
		test('missing, invalid, raw and live keys', async () => {
			const sandbox = await startSandbox();
			const missing = await call(sandbox, 'GET', '/v1/checkout/sessions', { auth: null });
			expectError(missing, 401, 'authentication_failed');
			expect(missing.json.error).toEqual({
				type: 'invalid_request_error',
				code: 'authentication_failed',
				message: 'Missing Authorization header',
				doc_url: 'https://ironixpay.com/guide/errors#authentication_failed',
			});

			const bad = await call(sandbox, 'GET', '/v1/checkout/sessions', { auth: 'Bearer sk_test_wrong' });
			expectError(bad, 401, 'authentication_failed');
			expect(bad.json.error.message).toBe('Invalid API Key or Token');

			const raw = await call(sandbox, 'GET', '/v1/checkout/sessions', { auth: sandbox.options.secretKey });
			expect(raw.status).toBe(200);

			const live = await call(sandbox, 'GET', '/v1/checkout/sessions', { auth: `Bearer ${sandbox.options.liveSecretKey}` });
			expectError(live, 403, 'environment_mismatch');
		});
	});

	describe('request validation', () => {
		test('content type, malformed JSON and enum errors', async () => {
			const sandbox = await startSandbox();
			const noType = await call(sandbox, 'POST', '/v1/checkout/sessions', { rawBody: JSON.stringify(SESSION_BODY) });
			expectError(noType, 400, 'parameter_invalid');

			const malformed = await call(sandbox, 'POST', '/v1/checkout/sessions', {
				rawBody: '{"pricing_amount":',
				headers: { 'Content-Type': 'application/json' },
			});
			expectError(malformed, 400, 'parameter_invalid');
			expect(malformed.json.error.message).toBe('Invalid JSON: request body contains malformed JSON');

			const unknownNetwork = await createSession(sandbox, { ...SESSION_BODY, network: 'DOGE' });
			expectError(unknownNetwork, 400, 'parameter_invalid');
			expect(unknownNetwork.json.error.message).toMatch(/^Invalid request body: network: unknown variant `DOGE`/);

			expectError(await createSession(sandbox, { ...SESSION_BODY, network: 'BSC' }), 400, 'parameter_invalid', 'network');
			expectError(
				await createSession(sandbox, { ...SESSION_BODY, currency: 'USDC', pricing_currency: 'USDC' }),
				400,
				'parameter_invalid',
				'currency',
			);
			expectError(await createSession(sandbox, { ...SESSION_BODY, pricing_currency: 'XYZ' }), 400, 'parameter_invalid', 'pricing_currency');
			expectError(await createSession(sandbox, { ...SESSION_BODY, success_url: 'not a url' }), 400, 'parameter_invalid', 'success_url');
		});

		test('amount rules and fiat conversion', async () => {
			const sandbox = await startSandbox();
			expectError(await createSession(sandbox, { ...SESSION_BODY, pricing_amount: '10.505' }), 400, 'parameter_invalid', 'pricing_amount');
			expectError(await createSession(sandbox, { ...SESSION_BODY, pricing_amount: '0.99' }), 400, 'parameter_invalid', 'pricing_amount');
			expectError(await createSession(sandbox, { ...SESSION_BODY, pricing_amount: 10.5 }), 400, 'parameter_invalid');

			const alias = await createSession(sandbox, { ...SESSION_BODY, network: 'tron', pricing_amount: '1.00' });
			expect(alias.status).toBe(201);
			expect(alias.json).toMatchObject({ network: 'TRON', amount: '1', amount_received: '0', status: 'Pending' });
			expect(alias.json.pricing).toEqual({ currency: 'USDT', amount: '1', exchange_rate: '1' });
			expect(alias.json.id).toMatch(/^cs_[0-9a-f]{32}$/);
			expect(alias.json.pay_address).toMatch(/^T[1-9A-HJ-NP-Za-km-z]{33}$/);
			expect(alias.json).not.toHaveProperty('success_url');
			expect(alias.json).not.toHaveProperty('fee_amount');
			const ttl = Date.parse(alias.json.expires_at) - Date.parse(alias.json.created_at);
			expect(ttl).toBe(30 * 60_000);

			const fiat = await createSession(sandbox, { ...SESSION_BODY, pricing_currency: 'CNY', pricing_amount: '72.00' });
			expect(fiat.status).toBe(201);
			expect(fiat.json.amount).toBe('10');
			expect(fiat.json.pricing).toEqual({ currency: 'CNY', amount: '72', exchange_rate: '7.2' });

			const tinyFiat = await createSession(sandbox, { ...SESSION_BODY, pricing_currency: 'JPY', pricing_amount: '100' });
			expectError(tinyFiat, 400, 'parameter_invalid', 'pricing_amount');
			expect(tinyFiat.json.error.message).toBe('Fiat-priced amount converts to less than 1 USDT minimum.');
			expectError(
				await createSession(sandbox, { ...SESSION_BODY, pricing_currency: 'JPY', pricing_amount: '1000.5' }),
				400,
				'parameter_invalid',
				'pricing_amount',
			);
		});

		test('unknown route is a 404 envelope', async () => {
			const sandbox = await startSandbox();
			expectError(await call(sandbox, 'GET', '/v1/nope'), 404, 'resource_missing');
			expectError(await call(sandbox, 'GET', '/v1/checkout/sessions/cs_missing'), 404, 'resource_missing');
		});
	});

	describe('idempotency', () => {
		test('replay, conflict and cached errors', async () => {
			const sandbox = await startSandbox();
			const key = { 'Idempotency-Key': 'order-1' };
			const first = await createSession(sandbox, SESSION_BODY, key);
			expect(first.status).toBe(201);
			expect(first.headers.get('idempotency-replayed')).toBeNull();

			// Different key order, whitespace and an unknown field: same parsed body.
			const reordered = await call(sandbox, 'POST', '/v1/checkout/sessions', {
				rawBody: ' {"network":"TRON", "currency":"USDT","pricing_currency":"USDT","pricing_amount":"10.50","extra":1}',
				headers: { ...key, 'Content-Type': 'application/json' },
			});
			expect(reordered.status).toBe(201);
			expect(reordered.headers.get('idempotency-replayed')).toBe('true');
			expect(reordered.json).toEqual(first.json);
			expect(sandbox.sessions.size).toBe(1);

			const conflict = await createSession(sandbox, { ...SESSION_BODY, pricing_amount: '11' }, key);
			expectError(conflict, 409, 'idempotency_conflict');
			expect(conflict.json.error.type).toBe('idempotency_error');

			const failed = await createSession(sandbox, { ...SESSION_BODY, network: 'BSC' }, { 'Idempotency-Key': 'bad-1' });
			expect(failed.status).toBe(400);
			const failedAgain = await createSession(sandbox, { ...SESSION_BODY, network: 'BSC' }, { 'Idempotency-Key': 'bad-1' });
			expect(failedAgain.status).toBe(400);
			expect(failedAgain.headers.get('idempotency-replayed')).toBe('true');
		});

		test('202 request_in_progress while the first request runs', async () => {
			const sandbox = await startSandbox({ processingDelayMs: 300 });
			const key = { 'Idempotency-Key': 'slow-1' };
			const [first, second] = await Promise.all([
				createSession(sandbox, SESSION_BODY, key),
				new Promise((resolve) => setTimeout(resolve, 50)).then(async () => await createSession(sandbox, SESSION_BODY, key)),
			]);
			expect(first.status).toBe(201);
			expect(second.status).toBe(202);
			expect(second.json.error).toEqual({
				type: 'api_error',
				code: 'request_in_progress',
				message: 'A request with this idempotency key is currently being processed',
			});
		});
	});

	describe('header values IronixPay cannot read (HeaderValue::to_str)', () => {
		/** Sends header values byte for byte as latin-1 (what a client does with "nº"), which fetch() would refuse. */
		async function rawPost(sandbox: IronixPaySandbox, path: string, body: object, headers: Record<string, string>) {
			const text = JSON.stringify(body);
			return await new Promise<{ status: number; json: any; replayed?: string }>((resolve, reject) => {
				const req = httpRequest(`${sandbox.url}${path}`, {
					method: 'POST',
					headers: {
						authorization: `Bearer ${sandbox.options.secretKey}`,
						'content-type': 'application/json',
						'content-length': Buffer.byteLength(text),
						...headers,
					},
				});
				req.on('response', (res) => {
					const chunks: Buffer[] = [];
					res.on('data', (chunk: Buffer) => chunks.push(chunk));
					res.on('end', () =>
						resolve({
							status: res.statusCode ?? 0,
							json: JSON.parse(Buffer.concat(chunks).toString('utf8')),
							replayed: res.headers['idempotency-replayed'] as string | undefined,
						}),
					);
				});
				req.on('error', reject);
				req.end(text);
			});
		}

		test('a payout key with non-ASCII bytes counts as missing', async () => {
			const sandbox = await startSandbox();
			const result = await rawPost(
				sandbox,
				'/v1/payouts',
				{ amount: '10', currency: 'USDT', network: 'TRON', to_address: TO_ADDRESS },
				{ 'idempotency-key': 'n8n-payout-Pago nº 1' },
			);
			expectError(result, 400, 'parameter_invalid', 'Idempotency-Key');
			expect(result.json.error.message).toBe('Missing required header: Idempotency-Key');
			expect(sandbox.payouts.size).toBe(0);
		});

		test('a session key with non-ASCII bytes is ignored: no replay, a second session', async () => {
			const sandbox = await startSandbox();
			const headers = { 'idempotency-key': 'n8n-session-Pedido nº 12' };
			const first = await rawPost(sandbox, '/v1/checkout/sessions', SESSION_BODY, headers);
			const second = await rawPost(sandbox, '/v1/checkout/sessions', SESSION_BODY, headers);
			expect([first.status, second.status]).toEqual([201, 201]);
			expect(second.replayed).toBeUndefined();
			expect(second.json.id).not.toBe(first.json.id);
			expect(sandbox.sessions.size).toBe(2);
		});

		test('an unreadable X-Sub-Merchant-Code acts for the parent merchant', async () => {
			const sandbox = await startSandbox();
			const session = await rawPost(sandbox, '/v1/checkout/sessions', SESSION_BODY, { 'x-sub-merchant-code': 'tiendaº' });
			expect(session.status).toBe(201);
			expect(session.json).not.toHaveProperty('sub_merchant_code');
		});

		test('a derived, visible-ASCII key for a non-ASCII reference replays the session', async () => {
			const sandbox = await startSandbox();
			const reference = '注文 7';
			const key = `n8n-session:sha256:${createHash('sha256').update(reference, 'utf8').digest('base64url')}`;
			const body = { ...SESSION_BODY, client_reference_id: reference };
			const first = await createSession(sandbox, body, { 'Idempotency-Key': key });
			const again = await createSession(sandbox, body, { 'Idempotency-Key': key });
			expect(first.status).toBe(201);
			expect(first.json.client_reference_id).toBe(reference);
			expect(again.headers.get('idempotency-replayed')).toBe('true');
			expect(again.json).toEqual(first.json);
			expect(sandbox.requests.map((request) => request.headers['idempotency-key'])).toEqual([key, key]);
		});
	});

	test('amounts are checked by their written decimals ("10.500" has three)', async () => {
		const sandbox = await startSandbox();
		expectError(await createSession(sandbox, { ...SESSION_BODY, pricing_amount: '10.500' }), 400, 'parameter_invalid', 'pricing_amount');
		expect((await createSession(sandbox, { ...SESSION_BODY, pricing_amount: '10.50' })).status).toBe(201);
	});

	test('client_reference_id returns the existing session, 410 once expired', async () => {
		const sandbox = await startSandbox();
		const body = { ...SESSION_BODY, client_reference_id: 'order-42' };
		const first = await createSession(sandbox, body);
		const again = await createSession(sandbox, { ...body, pricing_amount: '99' });
		expect(again.status).toBe(201);
		expect(again.json.id).toBe(first.json.id);
		expect(again.json.amount).toBe('10.5');

		expect((await control(sandbox, `/sessions/${first.json.id}/expire`)).json.status).toBe('Expired');
		expectError(await createSession(sandbox, body), 410, 'session_expired');
	});

	test('pagination meta across pages, newest first, filters', async () => {
		const sandbox = await startSandbox();
		const ids: string[] = [];
		for (let i = 0; i < 5; i++) ids.push((await createSession(sandbox, { ...SESSION_BODY, pricing_amount: String(i + 1) })).json.id);

		const pages = [];
		for (const page of [1, 2, 3]) {
			const result = await call(sandbox, 'GET', `/v1/checkout/sessions?page=${page}&page_size=2`);
			expect(result.json.meta).toEqual({ total: 5, page, page_size: 2, total_pages: 3 });
			pages.push(...result.json.data.map((session: { id: string }) => session.id));
		}
		expect(pages).toEqual([...ids].reverse());

		const defaults = await call(sandbox, 'GET', '/v1/checkout/sessions');
		expect(defaults.json.meta).toEqual({ total: 5, page: 1, page_size: 20, total_pages: 1 });
		expectError(await call(sandbox, 'GET', '/v1/checkout/sessions?page_size=101'), 400, 'parameter_invalid', 'page_size');
		expectError(await call(sandbox, 'GET', '/v1/checkout/sessions?page=0'), 400, 'parameter_invalid', 'page');

		await control(sandbox, `/sessions/${ids[0]}/pay`, { amount: '1' });
		await control(sandbox, `/sessions/${ids[1]}/pay`, { amount: '3' });
		const paid = await call(sandbox, 'GET', '/v1/checkout/sessions?status=Paid&status=Overpaid');
		expect(paid.json.data.map((s: { id: string }) => s.id)).toEqual([ids[1], ids[0]]);
		const search = await call(sandbox, 'GET', `/v1/checkout/sessions?search_text=${ids[2]}`);
		expect(search.json.meta.total).toBe(1);
		const future = await call(sandbox, 'GET', '/v1/checkout/sessions?created_after=2999-01-01T00:00:00Z');
		expect(future.json.meta.total).toBe(0);
	});

	describe('payouts', () => {
		test('validation, limits and idempotency key requirement', async () => {
			const sandbox = await startSandbox();
			const noKey = await call(sandbox, 'POST', '/v1/payouts', {
				body: { amount: '10', currency: 'USDT', network: 'TRON', to_address: TO_ADDRESS },
			});
			expectError(noKey, 400, 'parameter_invalid', 'Idempotency-Key');
			expectError(await createPayout(sandbox, { amount: '10', to_address: 'T123' }, 'p1'), 400, 'invalid_address', 'to_address');
			expectError(await createPayout(sandbox, { amount: '10001' }, 'p2'), 400, 'invalid_amount', 'amount');
			expectError(await createPayout(sandbox, { amount: '1.5' }, 'p3'), 400, 'invalid_amount', 'amount');
			expectError(await createPayout(sandbox, { amount: '10', currency: 'USDC' }, 'p4'), 400, 'parameter_invalid', 'currency');
			expectError(
				await createPayout(sandbox, { amount: '10', metadata: { blob: 'x'.repeat(5000) } }, 'p5'),
				400,
				'parameter_invalid',
				'metadata',
			);
			expectError(await createPayout(sandbox, { amount: '10', to_address: IRONIXPAY_TREASURY_ADDRESS }, 'p6'), 400, 'self_transfer', 'to_address');
			expectError(await createPayout(sandbox, { amount: '10', to_address: IRONIXPAY_AML_BLOCKED_ADDRESS }, 'p7'), 400, 'invalid_address', 'to_address');
			expect(sandbox.payouts.size).toBe(0);
		});

		test('debits the balance, refunds on failure, insufficient_balance', async () => {
			const sandbox = await startSandbox({ initialBalance: '1000' });
			const payout = await createPayout(sandbox, { amount: '100', description: 'rent' }, 'pay-1');
			expect(payout.status).toBe(201);
			expect(payout.json).toMatchObject({
				status: 'Pending',
				amount: '100',
				fee: '1.5',
				net_amount: '98.5',
				currency: 'USDT',
				network: 'TRON',
				to_address: TO_ADDRESS,
				description: 'rent',
				livemode: false,
			});
			expect(payout.json.id).toMatch(/^po_[0-9a-f]{32}$/);
			expect(sandbox.balance()).toBe('900');

			const replay = await createPayout(sandbox, { amount: '100', description: 'rent' }, 'pay-1');
			expect(replay.headers.get('idempotency-replayed')).toBe('true');
			expect(replay.json.id).toBe(payout.json.id);
			expect(sandbox.balance()).toBe('900');

			const failed = await control(sandbox, `/payouts/${payout.json.id}/fail`, { reason: 'node down' });
			expect(failed.json).toMatchObject({ status: 'Failed', error_reason: 'node down' });
			expect(sandbox.balance()).toBe('1000');
			expectError(await control(sandbox, `/payouts/${payout.json.id}/complete`), 409, 'conflict');

			await control(sandbox, '/balance', { currency: 'USDT', amount: '5' });
			const poor = await createPayout(sandbox, { amount: '10' }, 'pay-2');
			expectError(poor, 400, 'insufficient_balance');
			expect(poor.json.error.message).toBe('Insufficient balance: have 5.00 USDT, need 10.00 USDT');

			await control(sandbox, '/balance', { currency: 'USDT', amount: '50' });
			const second = await createPayout(sandbox, { amount: '20.25' }, 'pay-3');
			const completed = await control(sandbox, `/payouts/${second.json.id}/complete`);
			expect(completed.json.status).toBe('Completed');
			expect(completed.json.tx_hash).toMatch(/^[0-9a-f]{64}$/);
			const fetched = await call(sandbox, 'GET', `/v1/payouts/${second.json.id}`);
			expect(fetched.json).toEqual(completed.json);
			expect(sandbox.balance()).toBe('29.75');

			const list = await call(sandbox, 'GET', '/v1/payouts?page_size=1');
			expect(list.json.meta).toEqual({ total: 2, page: 1, page_size: 1, total_pages: 2 });
			expect(list.json.data[0].id).toBe(second.json.id);
			const missing = await call(sandbox, 'GET', '/v1/payouts/po_x');
			expectError(missing, 404, 'resource_missing');
			expect(missing.json.error.message).toBe("Payout 'po_x' not found");
		});
	});

	test('rate limit: 429 plain text with Retry-After after the burst', async () => {
		const sandbox = await startSandbox({ rateLimitBurst: 2, rateLimitPerMinute: 6 });
		const ok = await call(sandbox, 'GET', '/v1/payouts');
		expect(ok.headers.get('x-ratelimit-limit')).toBe('2');
		expect(ok.headers.get('x-ratelimit-remaining')).toBe('1');
		await call(sandbox, 'GET', '/v1/payouts');
		const limited = await call(sandbox, 'GET', '/v1/payouts');
		expect(limited.status).toBe(429);
		expect(limited.headers.get('content-type')).toMatch(/^text\/plain/);
		expect(limited.text).toMatch(/^Too Many Requests! Wait for \d+s$/);
		const wait = limited.headers.get('retry-after');
		expect(Number(wait)).toBeGreaterThanOrEqual(9);
		expect(limited.headers.get('x-ratelimit-after')).toBe(wait);
		expect(limited.text).toBe(`Too Many Requests! Wait for ${wait}s`);
		// Controls are not rate limited.
		expect((await call(sandbox, 'GET', '/_sandbox/state', { auth: null })).status).toBe(200);
	});

	test('session state machine via control endpoints', async () => {
		const sandbox = await startSandbox();
		const session = (await createSession(sandbox, { ...SESSION_BODY, pricing_amount: '10' })).json;

		const partial = await control(sandbox, `/sessions/${session.id}/pay`, { amount: '5' });
		expect(partial.json).toMatchObject({ status: 'Underpaid', amount_received: '5' });
		const extension = Date.parse(partial.json.expires_at) - Date.now();
		expect(extension).toBeGreaterThan(23.9 * 3600_000);

		const rest = await control(sandbox, `/sessions/${session.id}/pay`, { amount: '4.995' });
		expect(rest.json).toMatchObject({ status: 'Paid', amount_received: '9.995', fee_amount: '0.09995', net_amount: '9.89505' });
		expectError(await control(sandbox, `/sessions/${session.id}/pay`, { amount: '1' }), 409, 'conflict');

		const fetched = await call(sandbox, 'GET', `/v1/checkout/sessions/${session.id}`);
		expect(fetched.json.transactions).toHaveLength(2);
		expect(fetched.json.transactions[0]).toMatchObject({ network: 'TRON', amount: '5', status: 'Confirmed' });
		expect(fetched.json.transactions[0].tx_hash).toMatch(/^[0-9a-f]{64}$/);

		const over = (await createSession(sandbox)).json;
		expect((await control(sandbox, `/sessions/${over.id}/pay`, { amount: '11' })).json.status).toBe('Overpaid');
		const expiring = (await createSession(sandbox)).json;
		expect((await control(sandbox, `/sessions/${expiring.id}/expire`)).json.status).toBe('Expired');
		expectError(await control(sandbox, `/sessions/${expiring.id}/expire`), 409, 'conflict');

		const state = await call(sandbox, 'GET', '/_sandbox/state', { auth: null });
		expect(state.json).toMatchObject({ sessions: 3, payouts: 0, events: 3 });
		expect(sandbox.events.map((event) => event.event_type)).toEqual(['session.completed', 'session.completed', 'session.expired']);
	});

	describe('sub-merchants', () => {
		test('create, validate, list, suspend, scope', async () => {
			const sandbox = await startSandbox();
			const created = await call(sandbox, 'POST', '/v1/sub-merchants', { body: { sub_merchant_code: 'shop_tokyo', display_name: 'Tokyo' } });
			expect(created.status).toBe(200);
			expect(created.json).toMatchObject({ sub_merchant_code: 'shop_tokyo', display_name: 'Tokyo', status: 'active' });
			const dup = await call(sandbox, 'POST', '/v1/sub-merchants', { body: { sub_merchant_code: 'shop_tokyo', display_name: 'Again' } });
			expectError(dup, 409, 'conflict');
			const reserved = await call(sandbox, 'POST', '/v1/sub-merchants', { body: { sub_merchant_code: '_self', display_name: 'x' } });
			expectError(reserved, 400, 'reserved_code', 'sub_merchant_code');
			const long = await call(sandbox, 'POST', '/v1/sub-merchants', { body: { sub_merchant_code: 'x'.repeat(101), display_name: 'x' } });
			expectError(long, 400, 'parameter_invalid', 'sub_merchant_code');

			const scoped = await createSession(sandbox, SESSION_BODY, { 'X-Sub-Merchant-Code': 'shop_tokyo' });
			expect(scoped.json.sub_merchant_code).toBe('shop_tokyo');
			await createSession(sandbox);
			expect((await call(sandbox, 'GET', '/v1/checkout/sessions')).json.meta.total).toBe(1);
			expect((await call(sandbox, 'GET', '/v1/checkout/sessions?include_sub_merchants=true')).json.meta.total).toBe(2);
			const childView = await call(sandbox, 'GET', '/v1/checkout/sessions', { headers: { 'X-Sub-Merchant-Code': 'shop_tokyo' } });
			expect(childView.json.data.map((s: { id: string }) => s.id)).toEqual([scoped.json.id]);

			const list = await call(sandbox, 'GET', '/v1/sub-merchants');
			expect(list.json).toMatchObject({ total: 1, page: 1, page_size: 20 });
			expect(list.json.items[0].sub_merchant_code).toBe('shop_tokyo');

			const patched = await call(sandbox, 'PATCH', '/v1/sub-merchants/shop_tokyo', { body: { status: 'suspended' } });
			expect(patched.json.status).toBe('suspended');
			expectError(
				await call(sandbox, 'PATCH', '/v1/sub-merchants/shop_tokyo', { body: { status: 'closed' } }),
				400,
				'parameter_invalid',
				'status',
			);
			expectError(
				await createSession(sandbox, SESSION_BODY, { 'X-Sub-Merchant-Code': 'shop_tokyo' }),
				400,
				'invalid_sub_merchant_code',
				'X-Sub-Merchant-Code',
			);
			expectError(await call(sandbox, 'GET', '/v1/sub-merchants/nope'), 404, 'resource_missing');
		});
	});

	describe('webhooks', () => {
		test('signed envelope for session.completed and payout events', async () => {
			const { server, received } = await startReceiver();
			const sandbox = await startSandbox({ webhookUrl: `${server.url}/hook` });
			const session = (await createSession(sandbox, { ...SESSION_BODY, client_reference_id: 'o-7' })).json;
			await control(sandbox, `/sessions/${session.id}/pay`, { amount: '10.5', tx_hash: 'ab'.repeat(32) });
			const payout = (await createPayout(sandbox, { amount: '10', metadata: { batch: 7 } }, 'wh-1')).json;
			await control(sandbox, `/payouts/${payout.id}/complete`);
			await sandbox.dispatcher.idle();

			expect(received).toHaveLength(2);
			for (const delivery of received) {
				const timestamp = delivery.headers['x-timestamp'] as string;
				expect(timestamp).toMatch(/^\d+$/);
				expect(Math.abs(Number(timestamp) - Date.now() / 1000)).toBeLessThan(5);
				const expected = createHmac('sha256', sandbox.options.webhookSecret).update(`${timestamp}.${delivery.rawBody}`).digest('hex');
				expect(delivery.headers['x-signature']).toBe(expected);
				expect(delivery.headers['content-type']).toBe('application/json');
			}

			const completed = JSON.parse(received[0].rawBody);
			expect(completed).toMatchObject({ event_type: 'session.completed' });
			expect(completed.id).toMatch(/^evt_[0-9a-f]{32}$/);
			expect(Number.isInteger(completed.created)).toBe(true);
			expect(completed.data).toMatchObject({
				object: 'checkout_session',
				id: session.id,
				status: 'Paid',
				amount: '10.5',
				amount_received: '10.5',
				fee_amount: '0.105',
				net_amount: '10.395',
				currency: 'USDT',
				token_contract: NILE_USDT,
				network: 'TRON',
				livemode: false,
				client_reference_id: 'o-7',
				tx_count: 1,
				pricing: { currency: 'USDT', amount: '10.5', exchange_rate: '1' },
			});
			expect(completed.data.transactions[0]).toMatchObject({ tx_hash: 'ab'.repeat(32), amount: '10.5', confirmations: 19 });
			expect(Number.isInteger(completed.data.paid_at)).toBe(true);

			const payoutEvent = JSON.parse(received[1].rawBody);
			expect(payoutEvent).toMatchObject({ event_type: 'payout.completed' });
			expect(payoutEvent.data).toMatchObject({
				object: 'payout',
				id: payout.id,
				status: 'Completed',
				amount: '10',
				fee: '1.5',
				net_amount: '8.5',
				idempotency_key: 'wh-1',
				metadata: { batch: 7 },
			});
		});

		test('retries on non-2xx: 500, 500, 200 -> exactly 3 attempts; redelivery sends the same id', async () => {
			const { server, received } = await startReceiver([500, 500, 200]);
			const sandbox = await startSandbox({ timeScale: 0.0001 });
			await control(sandbox, '/webhook-endpoint', { url: server.url });
			const session = (await createSession(sandbox)).json;
			await control(sandbox, `/sessions/${session.id}/expire`);
			await sandbox.dispatcher.idle();

			expect(received).toHaveLength(3);
			const eventId = sandbox.events[0].id;
			expect(sandbox.dispatcher.attemptsFor(eventId).map((a) => [a.attempt, a.statusCode])).toEqual([
				[1, 500],
				[2, 500],
				[3, 200],
			]);
			expect(sandbox.dispatcher.status(eventId)).toBe('delivered');
			// Same raw body each attempt; signatures are recomputed per attempt.
			expect(new Set(received.map((r) => r.rawBody)).size).toBe(1);

			expect((await control(sandbox, `/webhooks/${eventId}/redeliver`)).status).toBe(200);
			await sandbox.dispatcher.idle();
			expect(received).toHaveLength(4);
			expect(JSON.parse(received[3].rawBody).id).toBe(eventId);
		});

		test('gives up after 5 attempts', async () => {
			const { server, received } = await startReceiver([503]);
			const sandbox = await startSandbox({ timeScale: 0.0001, webhookUrl: server.url });
			const session = (await createSession(sandbox)).json;
			await control(sandbox, `/sessions/${session.id}/expire`);
			await sandbox.dispatcher.idle();
			expect(received).toHaveLength(5);
			expect(sandbox.dispatcher.status(sandbox.events[0].id)).toBe('giving_up');
		});
	});
});

describe('WebhookDispatcher', () => {
	test('custom acknowledgement rule, unreachable endpoint and bounded idle()', async () => {
		const { server, received } = await startReceiver([200]);
		const bodies = ['OK', 'SUCCESS'];
		const picky = await startHttpServer((_req, res) => sendText(res, 200, bodies.shift() ?? 'SUCCESS'));
		cleanups.push(picky.close);
		const dispatcher = new WebhookDispatcher({
			delaysMs: [0, 10],
			maxAttempts: 3,
			timeoutMs: 1000,
			isAcknowledged: (status, body) => status === 200 && body === 'SUCCESS',
		});
		cleanups.push(async () => dispatcher.stop());
		dispatcher.enqueue({ url: picky.url, eventId: 'e1', body: '{}', headers: (now) => ({ 'X-Now': String(now) }) });
		await dispatcher.idle();
		expect(dispatcher.attemptsFor('e1').map((a) => a.acknowledged)).toEqual([false, true]);

		dispatcher.enqueue({ url: 'http://127.0.0.1:1/unreachable', eventId: 'e2', body: '{}', headers: () => ({}) });
		await dispatcher.idle();
		expect(dispatcher.attemptsFor('e2')).toHaveLength(3);
		expect(dispatcher.attemptsFor('e2')[0].error).toBeDefined();
		expect(dispatcher.status('e2')).toBe('giving_up');

		const slow = new WebhookDispatcher({ delaysMs: [60_000], maxAttempts: 1, isAcknowledged: () => true });
		slow.enqueue({ url: server.url, eventId: 'e3', body: '{}', headers: () => ({}) });
		await expect(slow.idle(50)).rejects.toThrow(/still pending/);
		slow.stop();
		await slow.idle();
		expect(received).toHaveLength(0);
	});
});
