/**
 * The IronixPay locators' "From List" searches (methods.listSearch), called the way the n8n editor
 * calls them (a LoadOptionsContext of the node, filter text, pagination token), against the sandbox's
 * list APIs; and the ID parameters they fill, read from a locator or from a plain string saved by an
 * earlier version of the node.
 */
import { LoadOptionsContext } from 'n8n-core';
import { Workflow, type ICredentialDataDecryptedObject, type IDataObject, type INodeListSearchResult, type INodeParameters } from 'n8n-workflow';

import { IronixPayApi } from '../../credentials/IronixPayApi.credentials';
import { IronixPay } from '../../nodes/IronixPay/IronixPay.node';
import type { IronixPaySandbox } from '../../sandbox/ironixpay/server';
import { TestCredentialsHelper, TestNodeTypes, testAdditionalData } from '../harness/workflow';
import { runIronixPay, sandboxCredentials, startSandbox } from './fixture';

const TRON_ADDRESS = 'TQFEyGNzHZAJmebJUvsoZvJghHm2yNhXAD';
const SESSIONS = 130;
const PAYOUTS = 105;
/** More than the five pages one search call reads, so a filtered search has to resume from its token. */
const SUB_MERCHANTS = 520;

let sandbox: IronixPaySandbox;

const credentials = (): ICredentialDataDecryptedObject => sandboxCredentials(sandbox);

async function api(path: string, body: IDataObject, idempotencyKey?: string): Promise<IDataObject> {
	const response = await fetch(`${sandbox.url}${path}`, {
		method: 'POST',
		headers: {
			authorization: `Bearer ${sandbox.options.secretKey}`,
			'content-type': 'application/json',
			...(idempotencyKey ? { 'idempotency-key': idempotencyKey } : {}),
		},
		body: JSON.stringify(body),
	});
	expect(response.status).toBeLessThan(300);
	return (await response.json()) as IDataObject;
}

type SearchMethod = 'searchCheckoutSessions' | 'searchPayouts' | 'searchSubMerchants';

/** Calls a list search as the editor does: in a LoadOptionsContext of a saved IronixPay node. */
async function search(method: SearchMethod, filter?: string, paginationToken?: string): Promise<INodeListSearchResult> {
	const node = new IronixPay();
	const workflow = new Workflow({
		nodes: [
			{
				id: 'ironixpay',
				name: 'IronixPay',
				type: 'test.ironixPay',
				typeVersion: 1,
				position: [0, 0],
				parameters: { resource: 'checkoutSession', operation: 'get' },
				credentials: { ironixPayApi: { id: '1', name: 'test credentials' } },
			},
		],
		connections: {},
		active: false,
		nodeTypes: new TestNodeTypes({ 'test.ironixPay': node }),
	});
	const additionalData = testAdditionalData(new TestCredentialsHelper({ ironixPayApi: new IronixPayApi() }, { ironixPayApi: credentials() }));
	const context = new LoadOptionsContext(workflow, workflow.getNode('IronixPay')!, additionalData, 'parameters.sessionId');
	return await node.methods.listSearch[method].call(context, filter, paginationToken);
}

/** Follows pagination tokens to the end, as scrolling the list does. */
async function searchAll(method: SearchMethod, filter?: string): Promise<{ values: string[]; calls: number }> {
	const values: string[] = [];
	let token: string | undefined;
	let calls = 0;
	do {
		const page = await search(method, filter, token);
		values.push(...page.results.map((result) => String(result.value)));
		token = page.paginationToken as string | undefined;
		calls++;
	} while (token !== undefined && calls < 20);
	return { values, calls };
}

const listRequests = (path: string, since: number) => sandbox.requests.slice(since).filter((request) => request.method === 'GET' && request.path === path);

const sessionIds: string[] = [];
const payoutIds: string[] = [];

beforeAll(async () => {
	sandbox = await startSandbox({ rateLimitPerMinute: 600_000, rateLimitBurst: 10_000, initialBalance: '100000' });
	for (let index = 0; index < SESSIONS; index++) {
		const session = await api('/v1/checkout/sessions', {
			pricing_amount: '1',
			pricing_currency: 'USDT',
			currency: 'USDT',
			network: 'TRON',
			client_reference_id: `order-${String(index).padStart(3, '0')}`,
		});
		sessionIds.push(String(session.id));
	}
	for (let index = 0; index < PAYOUTS; index++) {
		const reference = `invoice-${String(index).padStart(3, '0')}`;
		const payout = await api('/v1/payouts', { amount: '2', currency: 'USDT', network: 'TRON', to_address: TRON_ADDRESS, description: reference }, reference);
		payoutIds.push(String(payout.id));
	}
	for (let index = 0; index < SUB_MERCHANTS; index++) {
		const city = index === 7 ? 'Osaka' : `City ${index}`;
		await api('/v1/sub-merchants', { sub_merchant_code: `shop_${String(index).padStart(3, '0')}`, display_name: `${city} Shop` });
	}
}, 60_000);
afterAll(async () => await sandbox.close());

describe('From List: checkout sessions', () => {
	it('lists every session, newest first, one API page per call, and pages on with the token', async () => {
		const first = await search('searchCheckoutSessions');
		expect(first.results).toHaveLength(100);
		expect(first.paginationToken).toBe('2');
		expect(first.results[0]).toEqual({
			name: `order-129: 1 USDT (Pending)`,
			value: sessionIds[SESSIONS - 1],
			url: `${sandbox.url}/checkout/${sessionIds[SESSIONS - 1]}`,
		});
		const second = await search('searchCheckoutSessions', undefined, '2');
		expect(second.paginationToken).toBeUndefined();
		expect(second.results).toHaveLength(SESSIONS - 100);
		const all = [...first.results, ...second.results].map((result) => result.value);
		expect(new Set(all)).toEqual(new Set(sessionIds));
	});

	it('filters with IronixPay\'s own search_text (session ID) and asks for sub-merchants\' sessions too', async () => {
		const since = sandbox.requests.length;
		const wanted = sessionIds[17];
		const found = await search('searchCheckoutSessions', ` ${wanted.slice(0, 20)} `);
		expect(found.results.map((result) => result.value)).toEqual([wanted]);
		expect(found.paginationToken).toBeUndefined();
		const [request] = listRequests('/v1/checkout/sessions', since);
		expect(request.query).toMatchObject({ search_text: wanted.slice(0, 20), include_sub_merchants: 'true', page: '1', page_size: '100' });
	});

	it('finds nothing for text no session has', async () => {
		expect(await search('searchCheckoutSessions', 'cs_nothing_like_this')).toEqual({ results: [] });
	});
});

describe('From List: payouts (filtered here: IronixPay\'s payout list has no text filter)', () => {
	it('lists every payout across pages', async () => {
		const { values, calls } = await searchAll('searchPayouts');
		expect(calls).toBe(2);
		expect(values).toHaveLength(PAYOUTS);
		expect(new Set(values)).toEqual(new Set(payoutIds));
		const [newest] = (await search('searchPayouts')).results;
		expect(newest).toEqual({ name: `2 USDT to ${TRON_ADDRESS} (Pending)`, value: payoutIds[PAYOUTS - 1] });
	});

	it('matches description, ID and address, ignoring case, reading further pages in the same call', async () => {
		const since = sandbox.requests.length;
		// invoice-000..009: five on the newest page, five on the next.
		const tens = await search('searchPayouts', 'INVOICE-00');
		expect(tens.results.map((result) => result.value).sort()).toEqual(payoutIds.slice(0, 10).sort());
		expect(tens.paginationToken).toBeUndefined();
		expect(listRequests('/v1/payouts', since).map((request) => request.query.page)).toEqual(['1', '2']);

		expect((await search('searchPayouts', payoutIds[3])).results.map((result) => result.value)).toEqual([payoutIds[3]]);
		// Every payout matches: the call stops after a full page and hands back the token for the next.
		const everyOne = await search('searchPayouts', TRON_ADDRESS.toLowerCase());
		expect(everyOne.results).toHaveLength(100);
		expect(everyOne.paginationToken).toBe('2');
		expect((await search('searchPayouts', 'no such payout')).results).toEqual([]);
	});

	it('starts at the page in the token', async () => {
		const page = await search('searchPayouts', undefined, '2');
		expect(page.results.map((result) => result.value).sort()).toEqual(payoutIds.slice(0, PAYOUTS - 100).sort());
		expect(page.paginationToken).toBeUndefined();
	});
});

describe('From List: sub-merchants (filtered here: the list has no text filter)', () => {
	it('lists every sub-merchant across pages of the {items, total} list', async () => {
		const { values, calls } = await searchAll('searchSubMerchants');
		expect(calls).toBe(6);
		expect(values).toHaveLength(SUB_MERCHANTS);
		expect(new Set(values).size).toBe(SUB_MERCHANTS);
	});

	it('matches the display name or the code, ignoring case', async () => {
		const tens = await search('searchSubMerchants', 'SHOP_10');
		expect(tens.results.map((result) => result.value).sort()).toEqual(Array.from({ length: 10 }, (_, index) => `shop_${100 + index}`));
		expect(tens.results[0]).toEqual({ name: 'City 109 Shop (shop_109)', value: 'shop_109' });
	});

	it('reads at most five pages per call and resumes from the token', async () => {
		const since = sandbox.requests.length;
		// Newest first: the eighth sub-merchant created is on the sixth and last page.
		const first = await search('searchSubMerchants', 'osaka');
		expect(first).toEqual({ results: [], paginationToken: '6' });
		expect(listRequests('/v1/sub-merchants', since).map((request) => request.query.page)).toEqual(['1', '2', '3', '4', '5']);
		const second = await search('searchSubMerchants', 'osaka', first.paginationToken as string);
		expect(second).toEqual({ results: [{ name: 'Osaka Shop (shop_007)', value: 'shop_007' }] });
	});

	it('marks a suspended sub-merchant', async () => {
		await runIronixPay(sandbox, { resource: 'subMerchant', operation: 'update', subMerchantCode: 'shop_519', updateFields: { status: 'suspended' } });
		expect((await search('searchSubMerchants', 'shop_519')).results).toEqual([{ name: 'City 519 Shop (shop_519) [suspended]', value: 'shop_519' }]);
	});
});

describe('ID parameters: a locator, or a plain string from a workflow saved before the locator', () => {
	const run = async (parameters: INodeParameters) => await runIronixPay(sandbox, parameters);

	it.each([
		['a plain string', (id: string) => id],
		['From List', (id: string) => ({ __rl: true, mode: 'list', value: id })],
		['By ID', (id: string) => ({ __rl: true, mode: 'id', value: id })],
		['an expression', (id: string) => ({ __rl: true, mode: 'id', value: `={{ ${JSON.stringify(` ${id} `)} }}` })],
	])('gets a session, a payout and a sub-merchant from %s', async (_name, parameter) => {
		const session = await run({ resource: 'checkoutSession', operation: 'get', sessionId: parameter(sessionIds[5]) as never });
		expect(session.error).toBeUndefined();
		expect(session.items[0].json).toMatchObject({ id: sessionIds[5], client_reference_id: 'order-005' });
		const payout = await run({ resource: 'payout', operation: 'get', payoutId: parameter(payoutIds[7]) as never });
		expect(payout.error).toBeUndefined();
		expect(payout.items[0].json).toMatchObject({ id: payoutIds[7], description: 'invoice-007' });
		const sub = await run({ resource: 'subMerchant', operation: 'get', subMerchantCode: parameter('shop_007') as never });
		expect(sub.error).toBeUndefined();
		expect(sub.items[0].json).toMatchObject({ sub_merchant_code: 'shop_007', display_name: 'Osaka Shop' });
	});

	it('updates a sub-merchant chosen by a plain string code and by a locator', async () => {
		const plain = await run({ resource: 'subMerchant', operation: 'update', subMerchantCode: 'shop_001', updateFields: { displayName: 'Renamed' } });
		expect(plain.items[0].json).toMatchObject({ sub_merchant_code: 'shop_001', display_name: 'Renamed' });
		const located = await run({
			resource: 'subMerchant',
			operation: 'update',
			subMerchantCode: { __rl: true, mode: 'list', value: 'shop_002' } as never,
			updateFields: { status: 'suspended' },
		});
		expect(located.items[0].json).toMatchObject({ sub_merchant_code: 'shop_002', status: 'suspended' });
	});

	// Values from expressions (or plain strings of older workflows) reach the node unchecked by the editor.
	it.each([
		[{ resource: 'checkoutSession', operation: 'get', sessionId: { __rl: true, mode: 'id', value: '={{ $json.id }}' } }, { id: 'po_123' }, 'Session ID: "po_123" is not a checkout session ID (cs_...) (item 0)'],
		[{ resource: 'checkoutSession', operation: 'get', sessionId: { __rl: true, mode: 'list', value: '={{ $json.id }}' } }, { id: ' ' }, 'Session ID: is required (item 0)'],
		[{ resource: 'payout', operation: 'get', payoutId: 'cs_123' }, {}, 'Payout ID: "cs_123" is not a payout ID (po_...) (item 0)'],
		[
			{ resource: 'subMerchant', operation: 'update', subMerchantCode: { __rl: true, mode: 'id', value: '={{ $json.id }}' }, updateFields: { status: 'active' } },
			{ id: '_reserved' },
			'Sub-Merchant Code: "_reserved" is not a sub-merchant code (1-100 characters, not starting with "_") (item 0)',
		],
	])('refuses %j (item %j) before sending anything', async (parameters, item, message) => {
		const since = sandbox.requests.length;
		const result = await runIronixPay(sandbox, parameters as INodeParameters, { items: [item] });
		expect(result.error?.name).toBe('NodeOperationError');
		expect(result.error?.message).toBe(message);
		expect(sandbox.requests.length).toBe(since);
	});

	it('has n8n refuse a typed By ID value that is not an ID, before the node runs', async () => {
		const since = sandbox.requests.length;
		await expect(run({ resource: 'checkoutSession', operation: 'get', sessionId: { __rl: true, mode: 'id', value: 'po_123' } as never })).rejects.toThrow(
			'Not a checkout session ID (cs_...)',
		);
		await expect(run({ resource: 'payout', operation: 'get', payoutId: { __rl: true, mode: 'id', value: 'cs_123' } as never })).rejects.toThrow('Not a payout ID (po_...)');
		await expect(
			run({ resource: 'subMerchant', operation: 'get', subMerchantCode: { __rl: true, mode: 'id', value: '_x' } as never }),
		).rejects.toThrow('Not a sub-merchant code (1-100 characters, not starting with "_")');
		expect(sandbox.requests.length).toBe(since);
	});

	it('declares From List (default, searchable) and By ID modes for every ID', () => {
		const properties = new IronixPay().description.properties;
		const methods = Object.keys(new IronixPay().methods.listSearch);
		for (const [name, method] of [['sessionId', 'searchCheckoutSessions'], ['payoutId', 'searchPayouts'], ['subMerchantCode', 'searchSubMerchants']]) {
			const property = properties.find((candidate) => candidate.name === name && candidate.displayOptions?.show?.operation?.includes('get'))!;
			expect(property.type).toBe('resourceLocator');
			expect(property.default).toEqual({ mode: 'list', value: '' });
			expect(property.modes?.map((mode) => [mode.name, mode.typeOptions?.searchListMethod, mode.typeOptions?.searchable])).toEqual([
				['list', method, true],
				['id', undefined, undefined],
			]);
			expect(methods).toContain(method);
		}
	});
});
