/** Every Cashy operation run inside n8n-core's WorkflowExecute against the local Cashy sandbox. */
import { createHash } from 'crypto';
import { LoadOptionsContext } from 'n8n-core';
import { Workflow, type INodeParameters } from 'n8n-workflow';

import { CashyApi } from '../../credentials/CashyApi.credentials';
import { Cashy } from '../../nodes/Cashy/Cashy.node';
import * as signature from '../../nodes/Cashy/signature';
import { CASHY_TEST_API_KEY, CASHY_TEST_MERCHANT_ID, startCashySandbox } from '../../sandbox/cashy/server';
import { TestCredentialsHelper, TestNodeTypes, testAdditionalData } from '../harness/workflow';
import { cashyNodeFixture, PAYOUT, PSE_PAYIN, unique } from './fixture';

const cashy = cashyNodeFixture({ initialBalance: '1000000.00' });
const { run } = cashy;

/** Empty required fields come from expressions (n8n itself blocks literal empties). Runs and expects n8n to have stopped on a NodeOperationError before any request reached Cashy. */
async function expectInputError(parameters: INodeParameters, message: RegExp) {
	const before = cashy.sandbox.requests.length;
	const { error } = await run(parameters);
	expect(error?.name).toBe('NodeOperationError');
	expect(error!.message).toMatch(message);
	expect(cashy.sandbox.requests.length).toBe(before);
}

const lastRequest = () => cashy.sandbox.requests[cashy.sandbox.requests.length - 1];
const md5 = (text: string) => createHash('md5').update(text).digest('hex').toUpperCase();

describe('Pay-in: Create', () => {
	it('sends a signed PSE pay-in in the wire format and returns the order', async () => {
		const mchOrderNo = unique('pse');
		const { items, error } = await run({ ...PSE_PAYIN, mchOrderNo });
		expect(error).toBeUndefined();
		expect(items).toHaveLength(1);
		expect(items[0].pairedItem).toEqual({ item: 0 });
		expect(items[0].json).toMatchObject({ merchantId: CASHY_TEST_MERCHANT_ID, mchOrderNo, amount: 30000 });
		expect(items[0].json.orderNo).toMatch(/^PAYIN\d+$/);
		expect(items[0].json.payUrl).toBe(`${cashy.sandbox.url}/views/pay.html?${items[0].json.orderNo as string}`);

		// First the lookup by mchOrderNo (Cashy: not found), then the create.
		const [lookup, request] = cashy.sandbox.requests.slice(-2);
		expect(lookup).toMatchObject({ path: '/api/payInQuery', code: 500, msg: 'Order_not_exist' });
		expect(JSON.parse(lookup.rawBody)).toEqual({ mchOrderNo, nonceStr: expect.stringMatching(/^[0-9a-f]{32}$/) });
		expect(request).toMatchObject({ method: 'POST', path: '/api/payIn', merchantId: CASHY_TEST_MERCHANT_ID, code: 200 });
		expect(request.sign).toBe(md5(request.rawBody + CASHY_TEST_API_KEY));
		// decimal(20,2): a JSON number with two decimals, in the bytes that were signed.
		expect(request.rawBody).toContain('"amount":30000.00,');
		const body = JSON.parse(request.rawBody);
		expect(body).toEqual({
			currency: 'COP',
			payType: 157,
			amount: 30000,
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

	it('sends the published pay-in vector bit for bit: amount 10000.00 as a JSON number, Sign 3D5025EB...', async () => {
		// Cashy's synthetic COL pay-in vector (body + key TESTAPIKEY0123456789), amount corrected to a JSON number.
		const VECTOR =
			'{"currency":"COP","payType":157,"amount":10000.00,"reusableStatus":false,"mchOrderNo":"order00000001","expireTime":3600,"notifyUrl":"https://merchant.example/webhooks/payin","nonceStr":"1863484722378907648","remark":"payin","realName":"Julian","phone":"573016612345","email":"julian@example.com","idType":"1","idCard":"1103412345","userType":"1","bankId":1}';
		const nonce = jest.spyOn(signature, 'createNonce').mockReturnValue('1863484722378907648');
		try {
			const { error } = await run({
				...PSE_PAYIN,
				mchOrderNo: 'order00000001',
				amount: '10000',
				expireTime: 3600,
				notifyUrl: 'https://merchant.example/webhooks/payin',
				bankId: 1,
			});
			expect(error).toBeUndefined();
		} finally {
			nonce.mockRestore();
		}
		const request = lastRequest();
		expect(request.path).toBe('/api/payIn');
		expect(request.rawBody).toBe(VECTOR);
		expect(request.sign).toBe('3D5025EBD5E9D812FF163962CB69012D');
	});

	it.each([
		['a 33-character payer name (string(32))', { realName: 'J'.repeat(33) }, /^Payer Name: must be at most 32 characters \(Cashy's limit\), not 33 \(item 0\)$/],
		['a 33-character payer email (string(32))', { email: `${'j'.repeat(21)}@example.com` }, /^Payer Email: must be at most 32 characters .*\(item 0\)$/],
		['a 33-character payer phone', { phone: '5'.repeat(33) }, /^Payer Phone: must be at most 32/],
		['a 33-character payer ID number', { idCard: '1'.repeat(33) }, /^Payer ID Number: must be at most 32/],
		['a 33-character remark', { remark: 'r'.repeat(33) }, /^Remark: must be at most 32/],
		['a 17-character user type (string(16))', { userType: '={{ "1".repeat(17) }}' }, /^User Type: must be at most 16/],
		['a 33-character goods subject', { options: { goodsSubject: 'g'.repeat(33) } }, /^Goods Subject: must be at most 32/],
		['a 33-character goods body', { options: { goodsBody: 'g'.repeat(33) } }, /^Goods Body: must be at most 32/],
		['a 251-character notify URL (string(250))', { notifyUrl: `https://merchant.example/${'n'.repeat(226)}` }, /^Notify URL: must be at most 250/],
		['a 10-digit pay type code (int)', { payType: 'other', payTypeCode: 1234567890 }, /^Pay Type Code:/],
		['an 11-digit expire time (long seconds)', { expireTime: 12345678901 }, /^Expire Time \(Seconds\):/],
	])('refuses %s before sending anything', async (_name, overrides, message) => {
		await expectInputError({ ...PSE_PAYIN, mchOrderNo: unique('len'), ...overrides }, message);
	});

	it('accepts exactly 32 characters for the payer name and email', async () => {
		const { error } = await run({ ...PSE_PAYIN, mchOrderNo: unique('len32'), realName: 'J'.repeat(32), email: `${'j'.repeat(20)}@example.com` });
		expect(error).toBeUndefined();
		expect(JSON.parse(lastRequest().rawBody)).toMatchObject({ realName: 'J'.repeat(32), email: `${'j'.repeat(20)}@example.com` });
	});

	it('validates every item before sending any: a bad second item stops the batch with nothing sent', async () => {
		const before = cashy.sandbox.requests.length;
		const { error } = await run(
			{ ...PSE_PAYIN, mchOrderNo: '={{ $json.number }}', realName: '={{ $json.name }}' },
			{ items: [{ number: unique('batch'), name: 'Julian' }, { number: unique('batch'), name: 'N'.repeat(40) }] },
		);
		expect(error?.name).toBe('NodeOperationError');
		expect(error!.message).toBe('Payer Name: must be at most 32 characters (Cashy\'s limit), not 40 (item 1)');
		expect(cashy.sandbox.requests.length).toBe(before);
	});

	it('omits PSE-only fields for other pay types and the payer ID for 153; sends goods options', async () => {
		const mchOrderNo = unique('p153');
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
		expect(lastRequest().rawBody).toContain('"amount":10000.00,');
		expect(body).toMatchObject({ payType: 153, amount: 10000, goodsSubject: 'apple', goodsBody: 'fruit' });
		for (const field of ['idType', 'idCard', 'userType', 'bankId']) expect(body).not.toHaveProperty(field);

		const other = unique('p154');
		expect((await run({ ...PSE_PAYIN, payType: 'other', payTypeCode: 154, mchOrderNo: other })).error).toBeUndefined();
		const otherBody = JSON.parse(lastRequest().rawBody);
		expect(otherBody).toMatchObject({ payType: 154, idType: '1', idCard: '1103412345' });
		expect(otherBody).not.toHaveProperty('bankId');
	});

	it('accepts the amount bounds 10,000 and 5,000,000 exactly', async () => {
		for (const amount of ['10000.00', '5000000']) {
			expect((await run({ ...PSE_PAYIN, amount, mchOrderNo: unique('bound') })).error).toBeUndefined();
		}
		expect(lastRequest().rawBody).toContain('"amount":5000000.00,');
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
		await expectInputError({ ...PSE_PAYIN, mchOrderNo: unique('bad'), ...overrides }, message);
	});

	it('never creates a second pay-in for the same merchant order number: a re-run returns the existing one', async () => {
		const mchOrderNo = unique('twice');
		const first = await run({ ...PSE_PAYIN, mchOrderNo });
		expect(first.error).toBeUndefined();
		const before = cashy.sandbox.requests.length;
		const { items, error } = await run({ ...PSE_PAYIN, mchOrderNo });
		expect(error).toBeUndefined();
		expect(items[0].json).toMatchObject({ orderNo: first.items[0].json.orderNo, mchOrderNo, orderStatus: 'PAYING', normalizedStatus: 'pending' });
		// Only the lookup went out.
		expect(cashy.sandbox.requests.slice(before).map((request) => request.path)).toEqual(['/api/payInQuery']);
		expect([...cashy.sandbox.payIns.values()].filter((order) => order.mchOrderNo === mchOrderNo)).toHaveLength(1);
	});

	it('turns a rejected signature into a NodeApiError with Cashy\'s code and no secret', async () => {
		const { error } = await run(
			{ ...PSE_PAYIN, mchOrderNo: unique('sig') },
			{ credentials: { ...cashy.credentials, secretKey: 'WRONG-KEY-123' } },
		);
		expect(error?.name).toBe('NodeApiError');
		expect(error!.message).toBe('Cashy error 500: Sign_verify_error');
		expect((error as { description?: string }).description).toMatch(/secret key/);
		expect(JSON.stringify(error)).not.toContain('WRONG-KEY-123');
		expect(lastRequest().msg).toBe('Sign_verify_error');
		// The lookup failed, so the create was never sent.
		expect(lastRequest().path).toBe('/api/payInQuery');
	});

	it('keeps pairedItem with Continue On Fail and resolves expressions per item', async () => {
		const good = unique('cof');
		const { items, error } = await run(
			{ ...PSE_PAYIN, mchOrderNo: '={{ $json.number }}', amount: '={{ $json.amount }}' },
			{ items: [{ number: unique('cof'), amount: '5' }, { number: good, amount: 25000 }], continueOnFail: true },
		);
		expect(error).toBeUndefined();
		expect(items).toHaveLength(2);
		expect(items[0].pairedItem).toEqual({ item: 0 });
		expect(items[0].json.error).toMatch(/Amount: Amount must be at least 10000.00 \(item 0\)/);
		expect(items[1].pairedItem).toEqual({ item: 1 });
		expect(items[1].json).toMatchObject({ mchOrderNo: good, amount: 25000 });
		expect(lastRequest().rawBody).toContain('"amount":25000.00,');
	});
});

describe('Pay-in: Query', () => {
	it('finds an order by platform or merchant number and normalises its status', async () => {
		const mchOrderNo = unique('q');
		const created = (await run({ ...PSE_PAYIN, mchOrderNo })).items[0].json;
		const byPlatform = await run({ resource: 'payIn', operation: 'get', orderNo: created.orderNo as string });
		expect(byPlatform.items[0].json).toMatchObject({ mchOrderNo, orderStatus: 'PAYING', normalizedStatus: 'pending', fee: null });
		expect(JSON.parse(lastRequest().rawBody)).toEqual({ orderNo: created.orderNo, nonceStr: expect.any(String) });

		await fetch(`${cashy.sandbox.url}/_sandbox/payin/${created.orderNo as string}/succeed`, { method: 'POST' });
		const byMerchant = await run({ resource: 'payIn', operation: 'get', mchOrderNo });
		expect(byMerchant.items[0].json).toMatchObject({
			orderNo: created.orderNo,
			orderStatus: 'SUCCESS',
			normalizedStatus: 'paid',
			fee: 900,
			completionTime: expect.stringMatching(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/),
		});
	});

	it('needs at least one order number', async () => {
		await expectInputError({ resource: 'payIn', operation: 'get', orderNo: '', mchOrderNo: '' }, /Platform Order Number: or Merchant Order Number is required/);
	});

	it('reports an unknown order as a NodeApiError', async () => {
		const { error } = await run({ resource: 'payIn', operation: 'get', orderNo: 'PAYIN000' });
		expect(error?.name).toBe('NodeApiError');
		expect(error!.message).toBe('Cashy error 500: Order_not_exist');
	});
});

describe('Payout', () => {
	it('creates a payout against the balance, queries it, and refuses a duplicate number', async () => {
		const before = cashy.sandbox.balance().balance;
		const mchOrderNo = unique('po');
		const created = await run({ ...PAYOUT, mchOrderNo, options: { phone: '573001112233', email: 'jeson@example.com' } });
		expect(created.error).toBeUndefined();
		expect(created.items[0].json).toMatchObject({ mchOrderNo, amount: 50000, fee: 3000, orderStatus: 'PROCESSING', normalizedStatus: 'processing' });
		const sent = lastRequest();
		expect(sent.sign).toBe(md5(sent.rawBody + CASHY_TEST_API_KEY));
		// The field order of Cashy's payout table; the amount a JSON number with two decimals.
		expect(sent.rawBody).toMatch(
			/^\{"accountName":"Jeson","accountNo":"3023612345","accountType":1,"currency":"COP","amount":50000\.00,"bankId":33,"mchOrderNo":"[^"]+","notifyUrl":"https:\/\/merchant\.example\/webhooks\/cashy","nonceStr":"[0-9a-f]{32}","idType":"1","idCard":"43912345","phone":"573001112233","email":"jeson@example\.com","remark":"remark"\}$/,
		);
		expect(JSON.parse(sent.rawBody)).toMatchObject({ mchOrderNo, amount: 50000 });
		expect(Number(cashy.sandbox.balance().balance)).toBe(Number(before) - 53000);

		// The same number again: found by the lookup and returned, nothing paid.
		const duplicate = await run({ ...PAYOUT, mchOrderNo });
		expect(duplicate.error).toBeUndefined();
		expect(duplicate.items[0].json).toMatchObject({ orderNo: created.items[0].json.orderNo, mchOrderNo, orderStatus: 'PROCESSING' });
		expect(lastRequest().path).toBe('/api/payOutQuery');
		expect([...cashy.sandbox.payouts.values()].filter((order) => order.mchOrderNo === mchOrderNo)).toHaveLength(1);
		expect(Number(cashy.sandbox.balance().balance)).toBe(Number(before) - 53000);

		const orderNo = created.items[0].json.orderNo as string;
		await fetch(`${cashy.sandbox.url}/_sandbox/payout/${orderNo}/pay`, { method: 'POST' });
		await fetch(`${cashy.sandbox.url}/_sandbox/payout/${orderNo}/fail`, { method: 'POST', body: '{"resultDesc":"INVALID_BANK_ACCOUNT"}' });
		const queried = await run({ resource: 'payout', operation: 'get', orderNo, mchOrderNo });
		expect(queried.items[0].json).toMatchObject({ orderStatus: 'FAIL', normalizedStatus: 'failed', resultDesc: 'INVALID_BANK_ACCOUNT' });
		expect(Number(cashy.sandbox.balance().balance)).toBe(Number(before));
	});

	it('reports an insufficient balance with Cashy\'s key', async () => {
		await fetch(`${cashy.sandbox.url}/_sandbox/balance`, { method: 'POST', body: '{"balance":"52999.99"}' });
		try {
			const { error } = await run({ ...PAYOUT, mchOrderNo: unique('poor') });
			expect(error?.name).toBe('NodeApiError');
			expect(error!.message).toBe('Cashy error 500: MERCHANT_BALANCE_NOT_ENOUGH');
		} finally {
			await fetch(`${cashy.sandbox.url}/_sandbox/balance`, { method: 'POST', body: '{"balance":"1000000"}' });
		}
	});

	it.each([
		['a non-digit payee ID', { idCard: '43.912.345' }, /Payee ID Number: .* must contain digits only/],
		['a missing account number', { accountNo: '={{ "" }}' }, /Account Number: is required/],
		['an amount above the maximum', { amount: '5000001' }, /at most 5000000.00/],
		['a bank that is not an ID', { bankId: 'NEQUI' }, /Bank: "NEQUI" is not a bank ID/],
		['no merchant order number', { mchOrderNo: '={{ "  " }}' }, /Merchant Order Number: is required/],
		['a 33-character account name (string(32))', { accountName: 'A'.repeat(33) }, /^Account Name: must be at most 32 characters .*\(item 0\)$/],
		['a 33-character account number', { accountNo: '3'.repeat(33) }, /^Account Number: must be at most 32/],
		['a 33-character payee ID number', { idCard: '4'.repeat(33) }, /^Payee ID Number: must be at most 32/],
		['a 33-character payee email', { options: { email: `${'j'.repeat(21)}@example.com` } }, /^Payee Email: must be at most 32/],
		['a 33-character payee phone', { options: { phone: '5'.repeat(33) } }, /^Payee Phone: must be at most 32/],
		['a 33-character remark', { remark: 'r'.repeat(33) }, /^Remark: must be at most 32/],
		['an account type that is not 0 or 1', { accountType: '={{ "2" }}' }, /^Account Type: "2" must be 0 or 1/],
	])('rejects %s before any request', async (_name, overrides, message) => {
		await expectInputError({ ...PAYOUT, mchOrderNo: unique('pobad'), ...overrides }, message);
	});
});

describe('Balance and bank lists', () => {
	it('gets the balance', async () => {
		await fetch(`${cashy.sandbox.url}/_sandbox/balance`, { method: 'POST', body: '{"balance":"133334","unBalance":"2437828.5"}' });
		const { items } = await run({ resource: 'balance', operation: 'get' });
		expect(items[0].json).toEqual({ currency: 'COP', mchId: CASHY_TEST_MERCHANT_ID, balance: 133334, unBalance: 2437828.5 });
		expect(lastRequest().path).toBe('/api/getBalance');
		await fetch(`${cashy.sandbox.url}/_sandbox/balance`, { method: 'POST', body: '{"balance":"1000000","unBalance":"0"}' });
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

	function loadOptionsContext(): LoadOptionsContext {
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
			nodeTypes: new TestNodeTypes({ 'test.cashy': new Cashy() }),
			active: false,
		});
		const additionalData = testAdditionalData(new TestCredentialsHelper({ cashyApi: new CashyApi() }, { cashyApi: cashy.credentials }));
		return new LoadOptionsContext(workflow, workflow.getNode('Cashy')!, additionalData, 'bankId');
	}

	it('fills the pay-in bank dropdown through loadOptions with the same signed transport', async () => {
		const payInBanks = await new Cashy().methods.loadOptions.getPayInBanks.call(loadOptionsContext());
		expect(payInBanks).toContainEqual({ name: 'BANCOLOMBIA (1007)', value: 1, description: 'BANK' });
		expect(payInBanks.map((option) => option.name)).toEqual([...payInBanks.map((option) => option.name)].sort((a, b) => a.localeCompare(b)));
		expect(lastRequest()).toMatchObject({ path: '/api/payInBankListQuery', code: 200 });
	});

	it('searches the payout bank list for the Bank locator: by name, code or ID, ignoring case', async () => {
		const { searchPayoutBanks } = new Cashy().methods.listSearch;
		const context = loadOptionsContext();
		const all = await searchPayoutBanks.call(context);
		expect(lastRequest()).toMatchObject({ path: '/api/bankListQuery', code: 200 });
		expect(all.paginationToken).toBeUndefined();
		expect(all.results).toContainEqual({ name: 'NEQUI (2209)', value: '33', description: 'EWALLET' });
		expect(all.results.map((bank) => bank.name)).toEqual([...all.results.map((bank) => bank.name)].sort((a, b) => a.localeCompare(b)));

		const byName = await searchPayoutBanks.call(context, '  nEqU ');
		expect(byName.results).toEqual([{ name: 'NEQUI (2209)', value: '33', description: 'EWALLET' }]);
		expect((await searchPayoutBanks.call(context, '2209')).results.map((bank) => bank.value)).toEqual(['33']);
		expect((await searchPayoutBanks.call(context, '33')).results.map((bank) => bank.value)).toContain('33');
		expect((await searchPayoutBanks.call(context, 'no such bank')).results).toEqual([]);
		expect(all.results.length).toBeGreaterThan(byName.results.length);
	});
});

describe('Payout: Bank locator', () => {
	const bankOf = () => JSON.parse(lastRequest().rawBody).bankId as unknown;

	it.each([
		['From List', { __rl: true, mode: 'list', value: '33', cachedResultName: 'NEQUI (2209)' }],
		['By ID', { __rl: true, mode: 'id', value: '33' }],
		['By ID from an expression', { __rl: true, mode: 'id', value: '={{ $json.bank }}' }],
		['a saved workflow\'s plain number (the old dropdown)', 33],
		['a saved workflow\'s plain text', '33'],
		['a saved workflow\'s expression', '={{ $json.bank }}'],
	])('sends bankId 33 as an integer for %s', async (_name, bankId) => {
		const { error } = await run({ ...PAYOUT, mchOrderNo: unique('bank'), bankId }, { items: [{ bank: 33 }] });
		expect(error).toBeUndefined();
		expect(lastRequest().path).toBe('/api/payOut');
		expect(bankOf()).toBe(33);
		expect(lastRequest().rawBody).toContain('"bankId":33,');
	});

	it.each([
		['an empty locator (from an expression)', { __rl: true, mode: 'list', value: '={{ "" }}' }, /^Bank: is required \(item 0\)$/],
		['a locator ID that is not a number (from an expression)', { __rl: true, mode: 'id', value: '={{ "NEQUI" }}' }, /^Bank: "NEQUI" is not a bank ID/],
		['a locator ID of 0 (from an expression)', { __rl: true, mode: 'id', value: '={{ 0 }}' }, /^Bank: "0" is not a bank ID/],
	])('refuses %s before any request', async (_name, bankId, message) => {
		await expectInputError({ ...PAYOUT, mchOrderNo: unique('bankbad'), bankId }, message);
	});

	it.each([
		['an empty locator', { __rl: true, mode: 'list', value: '' }, /Parameter "Bank" is required/],
		['a typed ID that is not a number', { __rl: true, mode: 'id', value: 'NEQUI' }, /Not a Cashy bank ID/],
	])('n8n itself refuses %s: the workflow does not start', async (_name, bankId, message) => {
		const before = cashy.sandbox.requests.length;
		await expect(run({ ...PAYOUT, mchOrderNo: unique('bankissue'), bankId })).rejects.toThrow(message);
		expect(cashy.sandbox.requests.length).toBe(before);
	});

	it('describes the bank as a locator: From List (searchable, default) and By ID', () => {
		const property = new Cashy().description.properties.find(
			(candidate) => candidate.name === 'bankId' && candidate.displayOptions?.show?.resource?.includes('payout'),
		)!;
		expect(property.type).toBe('resourceLocator');
		expect(property.default).toEqual({ mode: 'list', value: '' });
		expect(property.modes?.map((mode) => [mode.name, mode.type])).toEqual([
			['list', 'list'],
			['id', 'string'],
		]);
		expect(property.modes?.[0].typeOptions).toEqual({ searchListMethod: 'searchPayoutBanks', searchable: true });
		expect(Object.keys(new Cashy().methods.listSearch)).toEqual(['searchPayoutBanks']);
	});
});

describe('Retries and lost answers', () => {
	const count = (path: string) => cashy.sandbox.faults.requestCounts.get(`POST ${path}`) ?? 0;

	it('retries a query after an HTTP 500', async () => {
		const created = (await run({ ...PSE_PAYIN, mchOrderNo: unique('r') })).items[0].json;
		const before = count('/api/payInQuery');
		cashy.sandbox.faults.add({ method: 'POST', path: '/api/payInQuery', kind: 'status', status: 500, times: 1 });
		const { items, error } = await run({ resource: 'payIn', operation: 'get', orderNo: created.orderNo as string });
		expect(error).toBeUndefined();
		expect(items[0].json.orderNo).toBe(created.orderNo);
		expect(count('/api/payInQuery') - before).toBe(2);
	});

	it('after an HTTP 500 on the create, looks the payout up and sends it again only because Cashy proves it absent', async () => {
		const before = { payOut: count('/api/payOut'), query: count('/api/payOutQuery') };
		cashy.sandbox.faults.add({ method: 'POST', path: '/api/payOut', kind: 'status', status: 500, times: 1 });
		const mchOrderNo = unique('r500');
		const { items, error } = await run({ ...PAYOUT, mchOrderNo });
		expect(error).toBeUndefined();
		expect(items[0].json).toMatchObject({ mchOrderNo, orderStatus: 'PROCESSING' });
		// lookup (absent), create (500, never reached Cashy), lookup (absent), create.
		expect(count('/api/payOut') - before.payOut).toBe(2);
		expect(count('/api/payOutQuery') - before.query).toBe(2);
		expect([...cashy.sandbox.payouts.values()].filter((order) => order.mchOrderNo === mchOrderNo)).toHaveLength(1);
	});

	it('gives up after 3 sends that each left nothing (HTTP 500, lookup absent) and says so', async () => {
		const before = { payOut: count('/api/payOut'), query: count('/api/payOutQuery') };
		cashy.sandbox.faults.add({ method: 'POST', path: '/api/payOut', kind: 'status', status: 500, times: 5 });
		const mchOrderNo = unique('r500x');
		try {
			const { error } = await run({ ...PAYOUT, mchOrderNo });
			expect(error!.message).toBe('Cashy error http_500: Injected fault: HTTP 500');
			expect((error as { description?: string }).description).toMatch(
				new RegExp(`^Sent 3 time\\(s\\); each time the gateway's lookup by merchant order number "${mchOrderNo}" afterwards found nothing`),
			);
			expect(count('/api/payOut') - before.payOut).toBe(3);
			expect(count('/api/payOutQuery') - before.query).toBe(4);
			expect([...cashy.sandbox.payouts.values()].some((order) => order.mchOrderNo === mchOrderNo)).toBe(false);
		} finally {
			cashy.sandbox.faults.clear();
		}
	});

	it('after a lost answer, finds the payout the create made and returns it: one payout', async () => {
		const mchOrderNo = unique('lost');
		const before = count('/api/payOut');
		cashy.sandbox.faults.add({ method: 'POST', path: '/api/payOut', kind: 'drop_after_commit', times: 1 });
		const { items, error } = await run({ ...PAYOUT, mchOrderNo });
		expect(error).toBeUndefined();
		expect(items[0].json).toMatchObject({ mchOrderNo, orderStatus: 'PROCESSING', normalizedStatus: 'processing' });
		expect(count('/api/payOut') - before).toBe(1);
		const rerun = await run({ ...PAYOUT, mchOrderNo });
		expect(rerun.items[0].json.orderNo).toBe(items[0].json.orderNo);
		expect(count('/api/payOut') - before).toBe(1);
		expect([...cashy.sandbox.payouts.values()].filter((order) => order.mchOrderNo === mchOrderNo)).toHaveLength(1);
	});

	it('sends nothing when the lookup cannot tell (it keeps failing)', async () => {
		const mchOrderNo = unique('blind');
		const before = count('/api/payOut');
		cashy.sandbox.faults.add({ method: 'POST', path: '/api/payOutQuery', kind: 'status', status: 503, times: 3 });
		const { error } = await run({ ...PAYOUT, mchOrderNo });
		expect(error?.name).toBe('NodeApiError');
		expect(error!.message).toMatch(/^Cashy error http_503/);
		expect(count('/api/payOut') - before).toBe(0);
		expect([...cashy.sandbox.payouts.values()].some((order) => order.mchOrderNo === mchOrderNo)).toBe(false);
	});

	it('treats only Cashy\'s "order not found" answer as absent: an insufficient balance is reported once, not resent', async () => {
		await fetch(`${cashy.sandbox.url}/_sandbox/balance`, { method: 'POST', body: '{"balance":"100"}' });
		try {
			const before = count('/api/payOut');
			const { error } = await run({ ...PAYOUT, mchOrderNo: unique('nobal') });
			expect(error!.message).toBe('Cashy error 500: MERCHANT_BALANCE_NOT_ENOUGH');
			expect(count('/api/payOut') - before).toBe(1);
		} finally {
			await fetch(`${cashy.sandbox.url}/_sandbox/balance`, { method: 'POST', body: '{"balance":"1000000"}' });
		}
	});

	it('sends bulk payouts concurrently, output in input order with pairedItem', async () => {
		const numbers = [unique('bulk'), unique('bulk'), unique('bulk')];
		const { items, error } = await run(
			{ ...PAYOUT, mchOrderNo: '={{ $json.number }}', options: { concurrency: 3 } },
			{ items: numbers.map((number) => ({ number })) },
		);
		expect(error).toBeUndefined();
		expect(items.map((item) => item.json.mchOrderNo)).toEqual(numbers);
		expect(items.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
	});
});

describe('Nonces', () => {
	it('signs a fresh nonceStr into every request, so a sandbox rejecting repeated nonces accepts lookup + create', async () => {
		const strict = await startCashySandbox({ port: 0, rejectRepeatedNonce: true });
		try {
			const strictCredentials = { ...cashy.credentials, baseUrl: strict.url };
			const { error } = await run({ ...PAYOUT, mchOrderNo: unique('nonce') }, { credentials: strictCredentials });
			expect(error).toBeUndefined();
			const nonces = strict.requests.map((request) => JSON.parse(request.rawBody).nonceStr as string);
			expect(strict.requests.map((request) => request.path)).toEqual(['/api/payOutQuery', '/api/payOut']);
			expect(new Set(nonces).size).toBe(2);
		} finally {
			await strict.close();
		}
	});
});

describe('Credential environment', () => {
	it('refuses a plain-http base URL in production before sending anything', async () => {
		const before = cashy.sandbox.requests.length;
		const { error } = await run({ resource: 'balance', operation: 'get' }, { credentials: { ...cashy.credentials, environment: 'production' } });
		expect(error!.message).toMatch(/production Cashy Base URL must use https/);
		expect(cashy.sandbox.requests.length).toBe(before);
	});
});
