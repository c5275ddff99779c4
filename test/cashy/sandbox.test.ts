/** The Cashy sandbox over real HTTP: wire checks, field rules, status machines, signed notifications. */
import { createHash } from 'crypto';

import { CashyApi } from '../../credentials/CashyApi.credentials';
import { Cashy } from '../../nodes/Cashy/Cashy.node';
import { CashyTrigger } from '../../nodes/Cashy/CashyTrigger.node';
import { verifySign } from '../../nodes/Cashy/signature';
import {
	CASHY_NOTIFY_DELAYS_MS,
	CASHY_NOTIFY_MAX_ATTEMPTS,
	startCashySandbox,
	type CashySandbox,
	type CashySandboxOptions,
} from '../../sandbox/cashy/server';
import { rawMembers } from '../../sandbox/cashy/json';
import { sendText, startHttpServer } from '../../sandbox/shared/server';
import { startTriggerHost } from '../harness/webhook';
import { runNode } from '../harness/workflow';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
	await Promise.all(cleanups.splice(0).map(async (cleanup) => await cleanup()));
});

async function startSandbox(options: CashySandboxOptions = {}): Promise<CashySandbox> {
	const sandbox = await startCashySandbox(options);
	cleanups.push(sandbox.close);
	return sandbox;
}

const md5 = (text: string) => createHash('md5').update(text).digest('hex').toUpperCase();

/** Loosely typed on purpose: tests read whatever the sandbox answered. */
interface Envelope {
	code: number;
	msg: string;
	data: Record<string, unknown> & Array<Record<string, unknown>>;
}

interface CallOptions {
	raw?: string;
	method?: string;
	contentType?: string | null;
	merchantId?: string | null;
	sign?: string | null;
}

/** Calls the sandbox like a Cashy client: signed by default. */
async function call(sandbox: CashySandbox, path: string, body: object | undefined, options: CallOptions = {}) {
	const raw = options.raw ?? (body === undefined ? '' : JSON.stringify({ nonceStr: `${Math.random()}`.slice(2, 18), ...body }));
	const headers: Record<string, string> = {};
	if (options.contentType !== null) headers['Content-Type'] = options.contentType ?? 'application/json';
	const merchantId = options.merchantId === undefined ? sandbox.options.merchantId : options.merchantId;
	if (merchantId !== null) headers.MerchantId = merchantId;
	const sign = options.sign === undefined ? md5(raw + sandbox.options.apiKey) : options.sign;
	if (sign !== null) headers.Sign = sign;
	const method = options.method ?? 'POST';
	const response = await fetch(`${sandbox.url}${path}`, { method, headers, body: method === 'GET' ? undefined : raw });
	const text = await response.text();
	return { status: response.status, text, json: JSON.parse(text) as Envelope };
}

const control = async (sandbox: CashySandbox, path: string, body: object = {}) => {
	const response = await fetch(`${sandbox.url}/_sandbox${path}`, { method: 'POST', body: JSON.stringify(body) });
	return { status: response.status, json: (await response.json()) as Record<string, unknown> };
};

const PAYIN = {
	currency: 'COP',
	payType: 157,
	// decimal(20,2): a JSON number (JSON.stringify writes 30000; raw bodies below test 30000.00 and friends).
	amount: 30000.0,
	reusableStatus: false,
	mchOrderNo: 'order00000001',
	expireTime: 3600,
	notifyUrl: 'http://127.0.0.1:9/notify',
	remark: 'payin',
	realName: 'Julian',
	phone: '573016612345',
	email: 'julian@example.com',
	idType: '1',
	idCard: '1103412345',
	userType: '1',
	bankId: 1,
};

const PAYOUT = {
	amount: 50000.0,
	bankId: 33,
	idType: '1',
	accountName: 'Jeson',
	mchOrderNo: 'payout00000001',
	idCard: '43912345',
	accountNo: '3023612345',
	accountType: '0',
	notifyUrl: 'http://127.0.0.1:9/notify',
	currency: 'COP',
	remark: 'remark',
};

const expectFailure = (result: { status: number; json: { code: number; msg: string; data: unknown } }, msg: string) => {
	expect(result.status).toBe(200);
	expect(result.json).toEqual({ code: 500, msg, data: null });
};

/** A notification receiver answering the scripted bodies in turn (then the last one). */
async function startReceiver(answers: string[]) {
	const received: Array<{ headers: Record<string, unknown>; body: string }> = [];
	const server = await startHttpServer((req, res, rawBody) => {
		received.push({ headers: req.headers, body: rawBody.toString('utf8') });
		sendText(res, 200, answers[Math.min(received.length - 1, answers.length - 1)]);
	});
	cleanups.push(server.close);
	return { url: `${server.url}/notify`, received };
}

describe('Cashy sandbox: raw JSON member reader (exact amounts)', () => {
	it('returns each top-level member\'s text as sent, skipping nested values and strings', () => {
		const text = ' { "amount" : 10000.00 , "a":{"amount":"1","b":[1,{"c":"}]"}]},"s":"x\\"y,}","n":null,"t":true,"e":1e4,"amount2":-0.5 } ';
		expect(JSON.parse(text)).toBeDefined();
		expect(Object.fromEntries(rawMembers(text)!)).toEqual({
			amount: '10000.00',
			a: '{"amount":"1","b":[1,{"c":"}]"}]}',
			s: '"x\\"y,}"',
			n: 'null',
			t: 'true',
			e: '1e4',
			amount2: '-0.5',
		});
	});

	it('keeps the last of a repeated key, as JSON.parse does; undefined for non-objects; {} for an empty object', () => {
		expect(rawMembers('{"amount":1.00,"amount":2.50}')!.get('amount')).toBe('2.50');
		expect(rawMembers('[1]')).toBeUndefined();
		expect(rawMembers('"x"')).toBeUndefined();
		expect(rawMembers('{}')!.size).toBe(0);
	});
});

describe('Cashy sandbox: wire format', () => {
	it('binds to 127.0.0.1 and answers the documented envelope', async () => {
		const sandbox = await startSandbox();
		expect(sandbox.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
		const balance = await call(sandbox, '/api/getBalance', {});
		expect(balance.json).toEqual({ code: 200, msg: 'SUCCESS', data: { mchId: '1002001', balance: 10000000.0, unBalance: 0.0 } });
		expect(balance.text).toContain('"balance":10000000.0');
	});

	it('checks method, content type, body, MerchantId and Sign in that order', async () => {
		const sandbox = await startSandbox();
		expectFailure(await call(sandbox, '/api/getBalance', undefined, { method: 'GET' }), 'RequestMethod_not_post');
		expectFailure(await call(sandbox, '/api/getBalance', {}, { contentType: 'text/plain' }), 'RequestContentType_not_json');
		expectFailure(await call(sandbox, '/api/getBalance', undefined), 'RequestBody_is_null');
		expectFailure(await call(sandbox, '/api/getBalance', {}, { merchantId: null }), 'MerchantId_is_null');
		expectFailure(await call(sandbox, '/api/getBalance', {}, { merchantId: 'abc' }), 'MerchantId_not_Number');
		expectFailure(await call(sandbox, '/api/getBalance', {}, { merchantId: '1002002' }), 'MerchantId_is_error');
		expectFailure(await call(sandbox, '/api/getBalance', {}, { sign: null }), 'Sign_verify_error');
		expectFailure(await call(sandbox, '/api/getBalance', {}, { sign: md5('{"nonceStr":"1"}' + sandbox.options.apiKey) }), 'Sign_verify_error');
		// Key order and whitespace are part of what is signed.
		const raw = '{"nonceStr": "4190026990"}';
		expectFailure(await call(sandbox, '/api/getBalance', undefined, { raw, sign: md5('{"nonceStr":"4190026990"}' + sandbox.options.apiKey) }), 'Sign_verify_error');
		expect((await call(sandbox, '/api/getBalance', undefined, { raw })).json.code).toBe(200);
		expect((await call(sandbox, '/api/getBalance', undefined, { raw, sign: md5(raw + sandbox.options.apiKey).toLowerCase() })).json.code).toBe(200);
		expectFailure(await call(sandbox, '/api/getBalance', undefined, { raw: '{"nonceStr":' }), 'Params_jsonFormat_error');
		expectFailure(await call(sandbox, '/api/getBalance', undefined, { raw: '{}' }), 'Params_nonceStr_Required');
		expect((await fetch(`${sandbox.url}/api/unknown`, { method: 'POST' })).status).toBe(404);
		expect(sandbox.requests.map((request) => request.msg)).toContain('MerchantId_is_error');
	});

	it('rejects a repeated nonceStr only when asked to', async () => {
		const raw = '{"nonceStr":"same"}';
		const lenient = await startSandbox();
		expect((await call(lenient, '/api/getBalance', undefined, { raw })).json.code).toBe(200);
		expect((await call(lenient, '/api/getBalance', undefined, { raw })).json.code).toBe(200);
		const strict = await startSandbox({ rejectRepeatedNonce: true });
		expect((await call(strict, '/api/getBalance', undefined, { raw })).json.code).toBe(200);
		expectFailure(await call(strict, '/api/getBalance', undefined, { raw }), 'Params_nonceStr_error');
	});

	it('lists payout and pay-in banks', async () => {
		const sandbox = await startSandbox();
		const payout = await call(sandbox, '/api/bankListQuery', {});
		expect(payout.json.data).toContainEqual({ bankId: 20, bankCode: '1007', bankName: 'BANCOLOMBIA', bankType: 'BANK' });
		const payIn = await call(sandbox, '/api/payInBankListQuery', {});
		expect(payIn.json.data[0]).toEqual({ bankId: 1, bankCode: '1007', bankName: 'BANCOLOMBIA', bankType: 'BANK' });
	});
});

describe('Cashy sandbox: pay-ins', () => {
	it('creates a pay-in, refuses a second one with the same mchOrderNo, and queries it', async () => {
		const sandbox = await startSandbox();
		const created = await call(sandbox, '/api/payIn', PAYIN);
		expect(created.json.code).toBe(200);
		expect(created.json.data).toMatchObject({ merchantId: '1002001', mchOrderNo: 'order00000001', amount: 30000, orderFee: 900 });
		expect(created.json.data.orderNo).toMatch(/^PAYIN\d{19}$/);
		expectFailure(await call(sandbox, '/api/payIn', { ...PAYIN, amount: 40000 }), 'Params_mchOrderNo_error');
		expect(sandbox.payIns.size).toBe(1);

		const query = await call(sandbox, '/api/payInQuery', { mchOrderNo: 'order00000001' });
		expect(query.json.data).toMatchObject({ orderNo: created.json.data.orderNo, payType: '157', orderStatus: 'PAYING', fee: null, completionTime: null });
		expect(query.text).toContain('"amount":30000.0');
		expectFailure(await call(sandbox, '/api/payInQuery', {}), 'Params_orderNo_Required');
		expectFailure(await call(sandbox, '/api/payInQuery', { orderNo: created.json.data.orderNo, mchOrderNo: 'other' }), 'Order_not_exist');
	});

	it.each([
		['currency', { currency: 'USD' }, 'Params_currency_error'],
		['payType', { payType: 999 }, 'Params_payType_error'],
		['amount below 10,000', { amount: 9999.99 }, 'Params_amount_error'],
		['amount above 5,000,000', { amount: 5000000.01 }, 'Params_amount_error'],
		['amount with 3 decimals', { amount: 10000.001 }, 'Params_amount_error'],
		['amount as a JSON string (the type is decimal)', { amount: '30000.00' }, 'Params_amount_error'],
		['negative amount', { amount: -30000 }, 'Params_amount_error'],
		['missing amount', { amount: undefined }, 'Params_amount_Required'],
		['a 33-character realName (string(32))', { realName: 'J'.repeat(33) }, 'Params_realName_error'],
		['a 33-character email (string(32))', { email: `${'j'.repeat(21)}@example.com` }, 'Params_email_error'],
		['a 17-character userType (string(16))', { userType: '1'.repeat(17) }, 'Params_userType_error'],
		['a phone sent as a number (string(32))', { phone: 573016612345 }, 'Params_phone_error'],
		['a 33-character goodsSubject', { goodsSubject: 'g'.repeat(33) }, 'Params_goodsSubject_error'],
		['reusableStatus true', { reusableStatus: true }, 'Params_reusableStatus_error'],
		['a 33-character mchOrderNo', { mchOrderNo: 'x'.repeat(33) }, 'Params_mchOrderNo_error'],
		['notifyUrl', { notifyUrl: 'ftp://x' }, 'Params_notifyUrl_error'],
		['missing realName', { realName: '' }, 'Params_realName_Required'],
		['PSE without bankId', { bankId: undefined }, 'Params_bankId_Required'],
		['PSE with an unknown bank', { bankId: 999 }, 'Params_bankId_error'],
		['PSE without userType', { userType: undefined }, 'Params_userType_Required'],
		['154 without idCard', { payType: 154, idCard: undefined, userType: undefined, bankId: undefined }, 'Params_idCard_Required'],
	])('rejects %s', async (_name, overrides, msg) => {
		const sandbox = await startSandbox();
		expectFailure(await call(sandbox, '/api/payIn', { ...PAYIN, ...overrides }), msg);
		expect(sandbox.payIns.size).toBe(0);
	});

	it('reads the amount from the raw body text exactly, never through a float', async () => {
		const sandbox = await startSandbox();
		const body = (mchOrderNo: string, amount: string) =>
			JSON.stringify({ ...PAYIN, mchOrderNo, nonceStr: mchOrderNo }).replace('"amount":30000', `"amount":${amount}`);
		const send = async (mchOrderNo: string, amount: string) => await call(sandbox, '/api/payIn', undefined, { raw: body(mchOrderNo, amount) });

		expect((await send('exact1', '30000.50')).json.code).toBe(200);
		expect((await send('exact2', '10000.10')).json.code).toBe(200);
		expect((await send('exact3', '5000000.00')).json.code).toBe(200);
		expect((await send('exact4', ' 20000.000 ')).json.code).toBe(200);
		const amounts = Object.fromEntries([...sandbox.payIns.values()].map((order) => [order.mchOrderNo, order.amount]));
		expect(amounts).toEqual({ exact1: 3000050n, exact2: 1000010n, exact3: 500000000n, exact4: 2000000n });

		// A float would read each of these as an accepted amount.
		expectFailure(await send('float1', '5000000.0000000000001'), 'Params_amount_error');
		expectFailure(await send('float2', '9999.999999999999999'), 'Params_amount_error');
		expectFailure(await send('float3', '1e4'), 'Params_amount_error');
		expectFailure(await send('float4', '"10000.00"'), 'Params_amount_error');
		expectFailure(await send('float5', '10000.001'), 'Params_amount_error');
		expect(sandbox.payIns.size).toBe(4);
	});

	it('accepts 153 without payer ID and 154 without PSE fields', async () => {
		const sandbox = await startSandbox();
		const base: Record<string, unknown> = { ...PAYIN };
		for (const field of ['idType', 'idCard', 'userType', 'bankId']) delete base[field];
		expect((await call(sandbox, '/api/payIn', { ...base, payType: 153, mchOrderNo: 'a153' })).json.code).toBe(200);
		expect((await call(sandbox, '/api/payIn', { ...base, payType: 154, mchOrderNo: 'a154', idType: '1', idCard: '1' })).json.code).toBe(200);
	});

	it('moves PAYING to a final status once, credits the balance net of the fee', async () => {
		const sandbox = await startSandbox({ initialBalance: '0' });
		const { orderNo } = (await call(sandbox, '/api/payIn', PAYIN)).json.data;
		const settled = await control(sandbox, `/payin/${orderNo as string}/succeed`);
		expect(settled.json).toMatchObject({ orderStatus: 'SUCCESS', fee: 900 });
		expect(sandbox.balance().balance).toBe('29100.00');
		expect((await control(sandbox, `/payin/${orderNo as string}/fail`)).status).toBe(409);
		expect((await control(sandbox, '/payin/PAYIN0/succeed')).status).toBe(404);
	});
});

describe('Cashy sandbox: payouts', () => {
	it('pays out against the balance and refunds failed and cancelled payouts', async () => {
		const sandbox = await startSandbox({ initialBalance: '106000' });
		const first = await call(sandbox, '/api/payOut', PAYOUT);
		expect(first.json.data).toMatchObject({ amount: 50000, fee: 3000, orderStatus: 'PROCESSING' });
		expect(first.json.data.orderNo).toMatch(/^PAYOUT\d{19}$/);
		expect(sandbox.balance().balance).toBe('53000.00');
		expectFailure(await call(sandbox, '/api/payOut', PAYOUT), 'Params_mchOrderNo_error');
		const second = await call(sandbox, '/api/payOut', { ...PAYOUT, mchOrderNo: 'payout2' });
		expect(sandbox.balance().balance).toBe('0.00');
		expectFailure(await call(sandbox, '/api/payOut', { ...PAYOUT, mchOrderNo: 'payout3' }), 'MERCHANT_BALANCE_NOT_ENOUGH');

		const orderNo = first.json.data.orderNo as string;
		expect((await control(sandbox, `/payout/${orderNo}/succeed`)).status).toBe(409);
		expect((await control(sandbox, `/payout/${orderNo}/wait`)).json.orderStatus).toBe('WAITING');
		expect((await control(sandbox, `/payout/${orderNo}/pay`)).json.orderStatus).toBe('PAYING');
		expect((await control(sandbox, `/payout/${orderNo}/cancel`)).status).toBe(409);
		expect((await control(sandbox, `/payout/${orderNo}/succeed`)).json).toMatchObject({ orderStatus: 'SUCCESS', resultDesc: 'SUCCESS' });
		expect(sandbox.balance().balance).toBe('0.00');

		await control(sandbox, `/payout/payout2/cancel`);
		expect(sandbox.balance().balance).toBe('53000.00');
		const query = await call(sandbox, '/api/payOutQuery', { orderNo: second.json.data.orderNo });
		expect(query.json.data).toMatchObject({ orderStatus: 'CANCEL', resultDesc: 'CANCEL' });
	});

	it.each([
		['accountType', { accountType: '2' }, 'Params_accountType_error'],
		['idType', { idType: '9' }, 'Params_idType_error'],
		['idCard with letters', { idCard: 'A123' }, 'Params_idCard_error'],
		['missing accountNo', { accountNo: undefined }, 'Params_accountNo_Required'],
		['an unknown bank', { bankId: 1 }, 'Params_bankId_error'],
		['a 33-character accountName (string(32))', { accountName: 'J'.repeat(33) }, 'Params_accountName_error'],
		['a 33-character accountNo', { accountNo: '3'.repeat(33) }, 'Params_accountNo_error'],
		['a 33-character email', { email: `${'j'.repeat(21)}@example.com` }, 'Params_email_error'],
		['amount as a JSON string', { amount: '50000.00' }, 'Params_amount_error'],
	])('rejects %s', async (_name, overrides, msg) => {
		const sandbox = await startSandbox();
		expectFailure(await call(sandbox, '/api/payOut', { ...PAYOUT, ...overrides }), msg);
		expect(sandbox.payouts.size).toBe(0);
	});
});

describe('Cashy sandbox: seeded orders (test control for notifications signed by tests)', () => {
	it('puts pay-ins and payouts in the store as given, as the queries show them, without a notification', async () => {
		const sandbox = await startSandbox();
		const payIn = await control(sandbox, '/payins', { orderNo: 'PAYIN8232154612109344768', mchOrderNo: 'order00000001', amount: '10000.00', status: 'SUCCESS' });
		expect(payIn.status).toBe(200);
		expect(payIn.json.data).toMatchObject({ orderNo: 'PAYIN8232154612109344768', orderStatus: 'SUCCESS', amount: 10000 });
		const queried = await call(sandbox, '/api/payInQuery', { orderNo: 'PAYIN8232154612109344768' });
		expect(queried.text).toContain('"amount":10000.0,');
		expect(queried.json.data).toMatchObject({ mchOrderNo: 'order00000001', orderStatus: 'SUCCESS' });
		// Defaults: a generated PAYIN/PAYOUT number, PAYING / PROCESSING.
		const pending = await control(sandbox, '/payins', { mchOrderNo: 'seed-2', amount: '30000' });
		expect(pending.json.data).toMatchObject({ orderStatus: 'PAYING', orderNo: expect.stringMatching(/^PAYIN\d{19}$/) });
		const payout = await control(sandbox, '/payouts', { mchOrderNo: 'seed-3', amount: '50000.00', status: 'FAIL', resultDesc: 'INVALID_BANK_ACCOUNT' });
		expect(payout.json.data).toMatchObject({ orderStatus: 'FAIL', resultDesc: 'INVALID_BANK_ACCOUNT', orderNo: expect.stringMatching(/^PAYOUT\d{19}$/) });
		expect((await call(sandbox, '/api/payOutQuery', { mchOrderNo: 'seed-3' })).json.data).toMatchObject({ orderStatus: 'FAIL' });
		expect(sandbox.notifications).toHaveLength(0);
		// Refused: a number in use, an unknown status, no mchOrderNo, an amount that is not decimal COP.
		expect((await control(sandbox, '/payins', { mchOrderNo: 'order00000001', amount: '1' })).status).toBe(409);
		expect((await control(sandbox, '/payins', { mchOrderNo: 'seed-4', amount: '1', status: 'PAID' })).status).toBe(400);
		expect((await control(sandbox, '/payouts', { amount: '1' })).status).toBe(400);
		expect((await control(sandbox, '/payouts', { mchOrderNo: 'seed-5', amount: '1.001' })).status).toBe(400);
	});
});

describe('Cashy sandbox: notifications', () => {
	it('uses the documented schedule: now, then 1, 2, 4 ... 512 minutes (10 retries)', () => {
		expect(CASHY_NOTIFY_DELAYS_MS.map((ms) => ms / 60_000)).toEqual([0, 1, 2, 4, 8, 16, 32, 64, 128, 256, 512]);
		expect(CASHY_NOTIFY_MAX_ATTEMPTS).toBe(11);
	});

	it('signs notifications and retries until the receiver answers SUCCESS', async () => {
		const receiver = await startReceiver(['OK', '{"code":200}', 'SUCCESS']);
		const sandbox = await startSandbox({ timeScale: 0.0001 });
		const { orderNo } = (await call(sandbox, '/api/payIn', { ...PAYIN, notifyUrl: receiver.url })).json.data;
		await control(sandbox, `/payin/${orderNo as string}/succeed`);
		await sandbox.dispatcher.idle(5_000);

		expect(receiver.received).toHaveLength(3);
		const [first] = receiver.received;
		expect(new Set(receiver.received.map((delivery) => delivery.body)).size).toBe(1);
		expect(first.headers).toMatchObject({ 'content-type': 'application/json', merchantid: '1002001' });
		expect(verifySign({ secret: sandbox.options.apiKey, signature: first.headers.sign as string, rawBody: Buffer.from(first.body) })).toEqual({ valid: true });
		expect(first.body).toMatch(/^\{"orderStatus":"SUCCESS","amount":30000\.0,"fee":900\.0,"mchOrderNo":"order00000001","merchantId":"1002001","orderNo":"PAYIN\d+","payUrl":"[^"]+","completionTime":"[^"]+","nonceStr":"\d+"\}$/);
		expect(sandbox.dispatcher.attemptsFor(`${orderNo as string}:SUCCESS`).map((attempt) => attempt.acknowledged)).toEqual([false, false, true]);
		expect(sandbox.dispatcher.status(`${orderNo as string}:SUCCESS`)).toBe('delivered');
	});

	it('gives up after 11 attempts when nobody answers SUCCESS', async () => {
		const receiver = await startReceiver(['FAIL']);
		const sandbox = await startSandbox({ timeScale: 0.000001 });
		await call(sandbox, '/api/payOut', { ...PAYOUT, notifyUrl: receiver.url });
		await control(sandbox, '/payout/payout00000001/fail', { resultDesc: 'ACCOUNT_NOT_EXIST' });
		await sandbox.dispatcher.idle(5_000);
		expect(receiver.received).toHaveLength(11);
		expect(JSON.parse(receiver.received[0].body)).toMatchObject({ orderStatus: 'FAIL', resultDesc: 'ACCOUNT_NOT_EXIST', fee: 3000 });
		expect(sandbox.dispatcher.status(sandbox.notifications[0].id)).toBe('giving_up');
	});

	it('delivers to the Cashy Trigger end to end: node creates, sandbox notifies, trigger acks SUCCESS once', async () => {
		const sandbox = await startSandbox({ timeScale: 0.0001 });
		const credentials = { environment: 'custom', baseUrl: sandbox.url, merchantId: sandbox.options.merchantId, secretKey: sandbox.options.apiKey };
		const host = await startTriggerHost({ node: new CashyTrigger(), credentialType: new CashyApi(), credentials, parameters: { events: ['*'] } });
		cleanups.push(host.close);

		const created = await runNode({
			node: new Cashy(),
			credentialType: new CashyApi(),
			credentials,
			parameters: {
				resource: 'payIn',
				operation: 'create',
				mchOrderNo: `e2e-${Date.now()}`,
				amount: '45000.50',
				payType: '157',
				userType: '2',
				bankId: 3,
				notifyUrl: host.url,
				realName: 'Julian',
				phone: '573016612345',
				email: 'julian@example.com',
				idType: '4',
				idCard: '900123456',
			},
		});
		expect(created.error).toBeUndefined();
		const orderNo = created.items[0].json.orderNo as string;
		await control(sandbox, `/payin/${orderNo}/succeed`);
		await sandbox.dispatcher.idle(5_000);

		const eventId = `${orderNo}:SUCCESS`;
		expect(sandbox.dispatcher.attemptsFor(eventId)).toMatchObject([{ attempt: 1, statusCode: 200, acknowledged: true }]);
		expect(host.responses[0]).toMatchObject({ status: 200, body: 'SUCCESS' });
		expect(host.executions).toHaveLength(1);
		expect(host.executions[0][0].json).toMatchObject({ orderNo, orderStatus: 'SUCCESS', normalizedStatus: 'paid', amount: 45000.5 });
		// Confirm With Gateway (on by default) queried the order: Cashy's 45000.50 equals the notification's amount.
		expect(host.executions[0][0].json.gatewayState).toMatchObject({ orderNo, orderStatus: 'SUCCESS', amount: 45000.5 });

		// A resend (as after a lost acknowledgement) is acknowledged again but starts nothing.
		expect((await control(sandbox, `/notifications/${encodeURIComponent(eventId)}/redeliver`)).status).toBe(200);
		await sandbox.dispatcher.idle(5_000);
		expect(sandbox.dispatcher.attemptsFor(eventId).map((attempt) => attempt.acknowledged)).toEqual([true, true]);
		expect(host.executions).toHaveLength(1);
	});
});
