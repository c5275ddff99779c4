/** Every Cashy operation run inside n8n-core's WorkflowExecute against the local Cashy sandbox. */
import { createHash } from 'crypto';
import { LoadOptionsContext } from 'n8n-core';
import { Workflow, type ICredentialDataDecryptedObject, type IDataObject, type INodeParameters } from 'n8n-workflow';

import { CashyApi } from '../../credentials/CashyApi.credentials';
import { Cashy } from '../../nodes/Cashy/Cashy.node';
import { CASHY_TEST_API_KEY, CASHY_TEST_MERCHANT_ID, startCashySandbox, type CashySandbox } from '../../sandbox/cashy/server';
import { runNode, TestCredentialsHelper, TestNodeTypes, testAdditionalData } from '../harness/workflow';

let sandbox: CashySandbox;
let credentials: ICredentialDataDecryptedObject;

beforeAll(async () => {
	sandbox = await startCashySandbox({ port: 0, initialBalance: '1000000.00' });
	credentials = { environment: 'custom', baseUrl: `${sandbox.url}/`, merchantId: CASHY_TEST_MERCHANT_ID, secretKey: CASHY_TEST_API_KEY };
});
afterAll(async () => await sandbox.close());

let orderSeq = 0;
const uniqueNumber = (prefix: string) => `${prefix}-${Date.now().toString(36)}-${++orderSeq}`;

const PSE_PAYIN: INodeParameters = {
	resource: 'payIn',
	operation: 'create',
	amount: '30000.00',
	payType: '157',
	userType: '1',
	bankId: 1,
	notifyUrl: 'https://merchant.example/webhooks/cashy',
	realName: 'Julian',
	phone: '573016612345',
	email: 'julian@example.com',
	idType: '1',
	idCard: '1103412345',
	expireTime: 3600,
	remark: 'payin',
};

const PAYOUT: INodeParameters = {
	resource: 'payout',
	operation: 'create',
	amount: '50000.00',
	bankId: 33,
	accountType: '1',
	accountNo: '3023612345',
	accountName: 'Jeson',
	idType: '1',
	idCard: '43912345',
	notifyUrl: 'https://merchant.example/webhooks/cashy',
	remark: 'remark',
};

async function run(parameters: INodeParameters, options: { items?: IDataObject[]; continueOnFail?: boolean; credentials?: ICredentialDataDecryptedObject } = {}) {
	return await runNode({
		node: new Cashy(),
		credentialType: new CashyApi(),
		credentials: options.credentials ?? credentials,
		parameters,
		items: options.items,
		continueOnFail: options.continueOnFail,
	});
}

/** Empty required fields come from expressions (n8n itself blocks literal empties). Runs and expects n8n to have stopped on a NodeOperationError before any request reached Cashy. */
async function expectInputError(parameters: INodeParameters, message: RegExp) {
	const before = sandbox.requests.length;
	const { error } = await run(parameters);
	expect(error?.name).toBe('NodeOperationError');
	expect(error!.message).toMatch(message);
	expect(sandbox.requests.length).toBe(before);
}

const lastRequest = () => sandbox.requests[sandbox.requests.length - 1];
const md5 = (text: string) => createHash('md5').update(text).digest('hex').toUpperCase();

describe('Pay-in: Create', () => {
	it('sends a signed PSE pay-in in the wire format and returns the order', async () => {
		const mchOrderNo = uniqueNumber('pse');
		const { items, error } = await run({ ...PSE_PAYIN, mchOrderNo });
		expect(error).toBeUndefined();
		expect(items).toHaveLength(1);
		expect(items[0].pairedItem).toEqual({ item: 0 });
		expect(items[0].json).toMatchObject({ merchantId: CASHY_TEST_MERCHANT_ID, mchOrderNo, amount: 30000 });
		expect(items[0].json.orderNo).toMatch(/^PAYIN\d+$/);
		expect(items[0].json.payUrl).toBe(`${sandbox.url}/views/pay.html?${items[0].json.orderNo as string}`);

		const request = lastRequest();
		expect(request).toMatchObject({ method: 'POST', path: '/api/payIn', merchantId: CASHY_TEST_MERCHANT_ID, code: 200 });
		expect(request.sign).toBe(md5(request.rawBody + CASHY_TEST_API_KEY));
		const body = JSON.parse(request.rawBody);
		expect(body).toEqual({
			currency: 'COP',
			payType: 157,
			amount: '30000.00',
			reusableStatus: false,
			mchOrderNo,
			expireTime: 3600,
			notifyUrl: 'https://merchant.example/webhooks/cashy',
			remark: 'payin',
			realName: 'Julian',
			phone: '573016612345',
			email: 'julian@example.com',
			idType: '1',
			idCard: '1103412345',
			userType: '1',
			bankId: 1,
			nonceStr: expect.stringMatching(/^[0-9a-f]{32}$/),
		});
	});

	it('omits PSE-only fields for other pay types and the payer ID for 153; sends goods options', async () => {
		const mchOrderNo = uniqueNumber('p153');
		const { error } = await run({
			...PSE_PAYIN,
			payType: '153',
			idCard: '',
			mchOrderNo,
			amount: '10000',
			options: { goodsSubject: 'apple', goodsBody: 'fruit' },
		});
		expect(error).toBeUndefined();
		const body = JSON.parse(lastRequest().rawBody);
		expect(body).toMatchObject({ payType: 153, amount: '10000.00', goodsSubject: 'apple', goodsBody: 'fruit' });
		for (const field of ['idType', 'idCard', 'userType', 'bankId']) expect(body).not.toHaveProperty(field);

		const other = uniqueNumber('p154');
		expect((await run({ ...PSE_PAYIN, payType: 'other', payTypeCode: 154, mchOrderNo: other })).error).toBeUndefined();
		const otherBody = JSON.parse(lastRequest().rawBody);
		expect(otherBody).toMatchObject({ payType: 154, idType: '1', idCard: '1103412345' });
		expect(otherBody).not.toHaveProperty('bankId');
	});

	it('accepts the amount bounds 10,000 and 5,000,000 exactly', async () => {
		for (const amount of ['10000.00', '5000000']) {
			expect((await run({ ...PSE_PAYIN, amount, mchOrderNo: uniqueNumber('bound') })).error).toBeUndefined();
		}
		expect(JSON.parse(lastRequest().rawBody).amount).toBe('5000000.00');
	});

	it.each([
		['below the minimum', { amount: '9999.99' }, /Amount: Amount must be at least 10000.00/],
		['above the maximum', { amount: '5000000.01' }, /Amount: Amount must be at most 5000000.00/],
		['three decimals', { amount: '10000.001' }, /more than 2 decimal places/],
		['not a number', { amount: '10,000' }, /not a decimal amount/],
		['empty', { amount: '={{ "" }}' }, /Amount: is required/],
		['no merchant order number', { mchOrderNo: '={{ "" }}' }, /Merchant Order Number: is required/],
		['a 33-character order number', { mchOrderNo: 'x'.repeat(33) }, /Merchant Order Number/],
		['PSE without bank', { bankId: '={{ "" }}' }, /Bank: is required/],
		['a payer ID missing for 154', { payType: '154', idCard: '' }, /Payer ID Number: is required/],
		['a bad email', { email: 'julian.example.com' }, /Email: .* is not an email address/],
		['a bad notify URL', { notifyUrl: 'ftp://merchant.example/x' }, /Notify URL/],
		['a custom code equal to a preset', { payType: 'other', payTypeCode: 157 }, /choose the 157 preset/],
	])('rejects %s before any request', async (_name, overrides, message) => {
		await expectInputError({ ...PSE_PAYIN, mchOrderNo: uniqueNumber('bad'), ...overrides }, message);
	});

	it('never creates a second pay-in for the same merchant order number', async () => {
		const mchOrderNo = uniqueNumber('twice');
		expect((await run({ ...PSE_PAYIN, mchOrderNo })).error).toBeUndefined();
		const { error } = await run({ ...PSE_PAYIN, mchOrderNo });
		expect(error?.name).toBe('NodeApiError');
		expect(error!.message).toBe('Cashy error 500: Params_mchOrderNo_error');
		expect((error as { description?: string }).description).toMatch(/Use Query with this number/);
		expect([...sandbox.payIns.values()].filter((order) => order.mchOrderNo === mchOrderNo)).toHaveLength(1);
	});

	it('turns a rejected signature into a NodeApiError with Cashy\'s code and no secret', async () => {
		const { error } = await run(
			{ ...PSE_PAYIN, mchOrderNo: uniqueNumber('sig') },
			{ credentials: { ...credentials, secretKey: 'WRONG-KEY-123' } },
		);
		expect(error?.name).toBe('NodeApiError');
		expect(error!.message).toBe('Cashy error 500: Sign_verify_error');
		expect((error as { description?: string }).description).toMatch(/secret key/);
		expect(JSON.stringify(error)).not.toContain('WRONG-KEY-123');
		expect(lastRequest().msg).toBe('Sign_verify_error');
	});

	it('keeps pairedItem with Continue On Fail and resolves expressions per item', async () => {
		const good = uniqueNumber('cof');
		const { items, error } = await run(
			{ ...PSE_PAYIN, mchOrderNo: '={{ $json.number }}', amount: '={{ $json.amount }}' },
			{ items: [{ number: uniqueNumber('cof'), amount: '5' }, { number: good, amount: 25000 }], continueOnFail: true },
		);
		expect(error).toBeUndefined();
		expect(items).toHaveLength(2);
		expect(items[0].pairedItem).toEqual({ item: 0 });
		expect(items[0].json.error).toMatch(/Amount: Amount must be at least 10000.00 \(item 0\)/);
		expect(items[1].pairedItem).toEqual({ item: 1 });
		expect(items[1].json).toMatchObject({ mchOrderNo: good, amount: 25000 });
		expect(JSON.parse(lastRequest().rawBody).amount).toBe('25000.00');
	});
});

describe('Pay-in: Query', () => {
	it('finds an order by platform or merchant number and normalises its status', async () => {
		const mchOrderNo = uniqueNumber('q');
		const created = (await run({ ...PSE_PAYIN, mchOrderNo })).items[0].json;
		const byPlatform = await run({ resource: 'payIn', operation: 'query', orderNo: created.orderNo as string });
		expect(byPlatform.items[0].json).toMatchObject({ mchOrderNo, orderStatus: 'PAYING', normalizedStatus: 'pending', fee: null });
		expect(JSON.parse(lastRequest().rawBody)).toEqual({ orderNo: created.orderNo, nonceStr: expect.any(String) });

		await fetch(`${sandbox.url}/_sandbox/payin/${created.orderNo as string}/succeed`, { method: 'POST' });
		const byMerchant = await run({ resource: 'payIn', operation: 'query', mchOrderNo });
		expect(byMerchant.items[0].json).toMatchObject({
			orderNo: created.orderNo,
			orderStatus: 'SUCCESS',
			normalizedStatus: 'paid',
			fee: 900,
			completionTime: expect.stringMatching(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/),
		});
	});

	it('needs at least one order number', async () => {
		await expectInputError({ resource: 'payIn', operation: 'query', orderNo: '', mchOrderNo: '' }, /Platform Order Number: or Merchant Order Number is required/);
	});

	it('reports an unknown order as a NodeApiError', async () => {
		const { error } = await run({ resource: 'payIn', operation: 'query', orderNo: 'PAYIN000' });
		expect(error?.name).toBe('NodeApiError');
		expect(error!.message).toBe('Cashy error 500: Order_not_exist');
	});
});

describe('Payout', () => {
	it('creates a payout against the balance, queries it, and refuses a duplicate number', async () => {
		const before = sandbox.balance().balance;
		const mchOrderNo = uniqueNumber('po');
		const created = await run({ ...PAYOUT, mchOrderNo, options: { phone: '573001112233', email: 'jeson@example.com' } });
		expect(created.error).toBeUndefined();
		expect(created.items[0].json).toMatchObject({ mchOrderNo, amount: 50000, fee: 3000, orderStatus: 'PROCESSING', normalizedStatus: 'processing' });
		expect(JSON.parse(lastRequest().rawBody)).toEqual({
			mchOrderNo,
			amount: '50000.00',
			currency: 'COP',
			bankId: 33,
			accountType: 1,
			accountNo: '3023612345',
			accountName: 'Jeson',
			idType: '1',
			idCard: '43912345',
			notifyUrl: 'https://merchant.example/webhooks/cashy',
			remark: 'remark',
			phone: '573001112233',
			email: 'jeson@example.com',
			nonceStr: expect.any(String),
		});
		expect(Number(sandbox.balance().balance)).toBe(Number(before) - 53000);

		const duplicate = await run({ ...PAYOUT, mchOrderNo });
		expect(duplicate.error!.message).toBe('Cashy error 500: Params_mchOrderNo_error');
		expect([...sandbox.payouts.values()].filter((order) => order.mchOrderNo === mchOrderNo)).toHaveLength(1);
		expect(Number(sandbox.balance().balance)).toBe(Number(before) - 53000);

		const orderNo = created.items[0].json.orderNo as string;
		await fetch(`${sandbox.url}/_sandbox/payout/${orderNo}/pay`, { method: 'POST' });
		await fetch(`${sandbox.url}/_sandbox/payout/${orderNo}/fail`, { method: 'POST', body: '{"resultDesc":"INVALID_BANK_ACCOUNT"}' });
		const queried = await run({ resource: 'payout', operation: 'query', orderNo, mchOrderNo });
		expect(queried.items[0].json).toMatchObject({ orderStatus: 'FAIL', normalizedStatus: 'failed', resultDesc: 'INVALID_BANK_ACCOUNT' });
		expect(Number(sandbox.balance().balance)).toBe(Number(before));
	});

	it('reports an insufficient balance with Cashy\'s key', async () => {
		await fetch(`${sandbox.url}/_sandbox/balance`, { method: 'POST', body: '{"balance":"52999.99"}' });
		try {
			const { error } = await run({ ...PAYOUT, mchOrderNo: uniqueNumber('poor') });
			expect(error?.name).toBe('NodeApiError');
			expect(error!.message).toBe('Cashy error 500: MERCHANT_BALANCE_NOT_ENOUGH');
		} finally {
			await fetch(`${sandbox.url}/_sandbox/balance`, { method: 'POST', body: '{"balance":"1000000"}' });
		}
	});

	it.each([
		['a non-digit payee ID', { idCard: '43.912.345' }, /Payee ID Number: .* must contain digits only/],
		['a missing account number', { accountNo: '={{ "" }}' }, /Account Number: is required/],
		['an amount above the maximum', { amount: '5000001' }, /at most 5000000.00/],
		['a bank that is not an ID', { bankId: 'NEQUI' }, /Bank: "NEQUI" is not a bank ID/],
		['no merchant order number', { mchOrderNo: '={{ "  " }}' }, /Merchant Order Number: is required/],
	])('rejects %s before any request', async (_name, overrides, message) => {
		await expectInputError({ ...PAYOUT, mchOrderNo: uniqueNumber('pobad'), ...overrides }, message);
	});
});

describe('Balance and bank lists', () => {
	it('gets the balance', async () => {
		await fetch(`${sandbox.url}/_sandbox/balance`, { method: 'POST', body: '{"balance":"133334","unBalance":"2437828.5"}' });
		const { items } = await run({ resource: 'balance', operation: 'get' });
		expect(items[0].json).toEqual({ currency: 'COP', mchId: CASHY_TEST_MERCHANT_ID, balance: 133334, unBalance: 2437828.5 });
		expect(lastRequest().path).toBe('/api/getBalance');
		await fetch(`${sandbox.url}/_sandbox/balance`, { method: 'POST', body: '{"balance":"1000000","unBalance":"0"}' });
	});

	it('gets the payout and the pay-in bank lists, one item per bank', async () => {
		const payout = await run({ resource: 'bankList', operation: 'get', list: 'payout' });
		expect(payout.items.find((item) => item.json.bankId === 33)?.json).toEqual({ bankId: 33, bankCode: '2209', bankName: 'NEQUI', bankType: 'EWALLET' });
		expect(payout.items.every((item) => (item.pairedItem as { item: number }).item === 0)).toBe(true);
		expect(lastRequest().path).toBe('/api/bankListQuery');
		const payIn = await run({ resource: 'bankList', operation: 'get', list: 'payIn' });
		expect(payIn.items.length).toBeGreaterThan(0);
		expect(lastRequest().path).toBe('/api/payInBankListQuery');
	});

	it('fills the bank dropdowns through loadOptions with the same signed transport', async () => {
		const node = new Cashy();
		const workflow = new Workflow({
			id: 'load-options',
			nodes: [
				{
					id: 'n',
					name: 'Cashy',
					type: 'test.cashy',
					typeVersion: 1,
					position: [0, 0],
					parameters: { resource: 'payout', operation: 'create' },
					credentials: { cashyApi: { id: '1', name: 'test' } },
				},
			],
			connections: {},
			nodeTypes: new TestNodeTypes({ 'test.cashy': node }),
			active: false,
		});
		const additionalData = testAdditionalData(new TestCredentialsHelper({ cashyApi: new CashyApi() }, { cashyApi: credentials }));
		const context = new LoadOptionsContext(workflow, workflow.getNode('Cashy')!, additionalData, 'bankId');

		const payoutBanks = await node.methods.loadOptions.getPayoutBanks.call(context);
		expect(payoutBanks).toContainEqual({ name: 'NEQUI (2209)', value: 33, description: 'EWALLET' });
		expect(payoutBanks.map((option) => option.name)).toEqual([...payoutBanks.map((option) => option.name)].sort((a, b) => a.localeCompare(b)));
		expect(lastRequest()).toMatchObject({ path: '/api/bankListQuery', code: 200 });

		const payInBanks = await node.methods.loadOptions.getPayInBanks.call(context);
		expect(payInBanks).toContainEqual({ name: 'BANCOLOMBIA (1007)', value: 1, description: 'BANK' });
		expect(lastRequest()).toMatchObject({ path: '/api/payInBankListQuery', code: 200 });
	});
});

describe('Retries and lost answers', () => {
	const count = (path: string) => sandbox.faults.requestCounts.get(`POST ${path}`) ?? 0;

	it('retries a query after an HTTP 500', async () => {
		const created = (await run({ ...PSE_PAYIN, mchOrderNo: uniqueNumber('r') })).items[0].json;
		const before = count('/api/payInQuery');
		sandbox.faults.add({ method: 'POST', path: '/api/payInQuery', kind: 'status', status: 500, times: 1 });
		const { items, error } = await run({ resource: 'payIn', operation: 'query', orderNo: created.orderNo as string });
		expect(error).toBeUndefined();
		expect(items[0].json.orderNo).toBe(created.orderNo);
		expect(count('/api/payInQuery') - before).toBe(2);
	});

	it('never resends a create: an HTTP 500 is reported with its status', async () => {
		const before = count('/api/payOut');
		sandbox.faults.add({ method: 'POST', path: '/api/payOut', kind: 'status', status: 500, times: 1 });
		const mchOrderNo = uniqueNumber('r500');
		const { error } = await run({ ...PAYOUT, mchOrderNo });
		expect(error?.name).toBe('NodeApiError');
		expect(error!.message).toBe('Cashy error http_500: Injected fault: HTTP 500');
		expect(count('/api/payOut') - before).toBe(1);
		expect([...sandbox.payouts.values()].some((order) => order.mchOrderNo === mchOrderNo)).toBe(false);
	});

	it('after a lost answer, re-running the item cannot pay out twice', async () => {
		const mchOrderNo = uniqueNumber('lost');
		sandbox.faults.add({ method: 'POST', path: '/api/payOut', kind: 'drop_after_commit', times: 1 });
		const lost = await run({ ...PAYOUT, mchOrderNo });
		expect(lost.error?.name).toBe('NodeApiError');
		expect((lost.error as { description?: string }).description).toMatch(/Not retried automatically/);
		const rerun = await run({ ...PAYOUT, mchOrderNo });
		expect(rerun.error!.message).toBe('Cashy error 500: Params_mchOrderNo_error');
		expect([...sandbox.payouts.values()].filter((order) => order.mchOrderNo === mchOrderNo)).toHaveLength(1);
		const found = await run({ resource: 'payout', operation: 'query', mchOrderNo });
		expect(found.items[0].json).toMatchObject({ mchOrderNo, orderStatus: 'PROCESSING' });
	});

	it('sends bulk payouts concurrently, output in input order with pairedItem', async () => {
		const numbers = [uniqueNumber('bulk'), uniqueNumber('bulk'), uniqueNumber('bulk')];
		const { items, error } = await run(
			{ ...PAYOUT, mchOrderNo: '={{ $json.number }}', options: { concurrency: 3 } },
			{ items: numbers.map((number) => ({ number })) },
		);
		expect(error).toBeUndefined();
		expect(items.map((item) => item.json.mchOrderNo)).toEqual(numbers);
		expect(items.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
	});
});

describe('Credential environment', () => {
	it('refuses a plain-http base URL in production before sending anything', async () => {
		const before = sandbox.requests.length;
		const { error } = await run({ resource: 'balance', operation: 'get' }, { credentials: { ...credentials, environment: 'production' } });
		expect(error!.message).toMatch(/production Cashy Base URL must use https/);
		expect(sandbox.requests.length).toBe(before);
	});
});
