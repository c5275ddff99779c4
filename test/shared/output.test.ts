/**
 * The Output option (nodes/shared/output.ts): Raw unchanged, Simplified from a gateway's mapping,
 * Selected Fields by dot paths, Automatic = Raw except as an AI tool; and every placeholder of the
 * package's nodes and credentials starts with "e.g." (issue 14, part 4).
 */
import { NodeOperationError, type ICredentialType, type IDataObject, type IExecuteFunctions, type INode, type INodeProperties } from 'n8n-workflow';

import { CashyApi } from '../../credentials/CashyApi.credentials';
import { IronixPayApi } from '../../credentials/IronixPayApi.credentials';
import { PayKkaApi } from '../../credentials/PayKkaApi.credentials';
import { PinddpayApi } from '../../credentials/PinddpayApi.credentials';
import { Cashy } from '../../nodes/Cashy/Cashy.node';
import { CashyTrigger } from '../../nodes/Cashy/CashyTrigger.node';
import { IronixPay } from '../../nodes/IronixPay/IronixPay.node';
import { IronixPayTrigger } from '../../nodes/IronixPay/IronixPayTrigger.node';
import { PayKka } from '../../nodes/PayKka/PayKka.node';
import { PayKkaTrigger } from '../../nodes/PayKka/PayKkaTrigger.node';
import { Pinddpay } from '../../nodes/Pinddpay/Pinddpay.node';
import { PinddpayTrigger } from '../../nodes/Pinddpay/PinddpayTrigger.node';
import { outputProperties, outputShaper, selectFields, simplify, type Simplification } from '../../nodes/shared/output';

interface ContextOptions {
	parameters?: IDataObject;
	/** undefined: an n8n without isToolExecution. */
	tool?: boolean;
	node?: Partial<INode>;
}

function context(options: ContextOptions = {}): IExecuteFunctions {
	const node = { name: 'Gateway', type: 'n8n-nodes-test.gateway', typeVersion: 1, position: [0, 0], parameters: {}, ...options.node } as INode;
	const parameters = options.parameters ?? {};
	const functions: Record<string, unknown> = {
		getNode: () => node,
		getNodeParameter: (name: string, _itemIndex: number, fallback?: unknown) => (name in parameters ? parameters[name] : fallback),
	};
	if (options.tool !== undefined) functions.isToolExecution = () => options.tool;
	return functions as unknown as IExecuteFunctions;
}

const SESSION: Simplification = {
	id: 'id',
	reference: 'client_reference_id',
	status: 'status',
	amount: 'pricing.amount',
	currency: { fixed: 'USDT' },
	created: 'created_at',
	url: 'url',
};

const raw = (): IDataObject => ({
	id: 'cs_1',
	livemode: false,
	client_reference_id: 'order-7',
	status: 'pending',
	normalizedStatus: 'pending',
	amount: '10.50',
	pricing: { amount: '1500', currency: 'JPY' },
	created_at: '2026-11-27T10:00:00Z',
	url: 'https://pay.example/cs_1',
	transactions: [
		{ tx_hash: '0xaa', amount: '5', status: 'confirmed' },
		{ tx_hash: '0xbb', amount: '5.50' },
	],
});

function thrown(run: () => unknown): NodeOperationError {
	try {
		run();
	} catch (error) {
		expect(error).toBeInstanceOf(NodeOperationError);
		return error as NodeOperationError;
	}
	throw new Error('expected a NodeOperationError');
}

describe('outputProperties', () => {
	it('offers Automatic (default), Raw, Selected Fields and Simplified, and Fields only for Selected Fields', () => {
		const [output, fields] = outputProperties(SESSION);
		expect(output).toMatchObject({ name: 'output', type: 'options', default: 'auto' });
		expect((output.options as Array<{ value: string }>).map((option) => option.value)).toEqual(['auto', 'raw', 'selected', 'simplified']);
		expect(fields).toMatchObject({ name: 'fields', type: 'string', displayOptions: { show: { output: ['selected'] } } });
		// The example names the gateway's own fields.
		expect(fields.placeholder).toBe('e.g. id, status, pricing.amount');
	});
});

describe('simplify', () => {
	it('keeps id, reference, status, normalizedStatus, amount, currency, created, updated and url, in that order', () => {
		const simple = simplify(raw(), SESSION);
		expect(simple).toEqual({
			id: 'cs_1',
			reference: 'order-7',
			status: 'pending',
			normalizedStatus: 'pending',
			amount: '1500',
			currency: 'USDT',
			created: '2026-11-27T10:00:00Z',
			url: 'https://pay.example/cs_1',
		});
		expect(Object.keys(simple)).toEqual(['id', 'reference', 'status', 'normalizedStatus', 'amount', 'currency', 'created', 'url']);
	});

	it('leaves out what the object does not have, and keeps values as given (no float conversion)', () => {
		const simple = simplify({ orderNo: 'P1', amount: 30000.5, orderStatus: null }, { id: 'orderNo', status: 'orderStatus', amount: 'amount', updated: 'completionTime' });
		expect(simple).toEqual({ id: 'P1', status: null, amount: 30000.5 });
	});
});

describe('selectFields', () => {
	const paths = (...list: string[]) => list.map((path) => path.split('.'));

	it('keeps the named fields, nested as in the raw object; unknown paths are absent', () => {
		expect(selectFields(raw(), paths('id', 'pricing.currency', 'nope', 'pricing.nope', 'id.deeper'))).toEqual({ id: 'cs_1', pricing: { currency: 'JPY' } });
	});

	it('applies a path through a list to each entry, and joins two paths on the same entries', () => {
		expect(selectFields(raw(), paths('transactions.tx_hash', 'transactions.status'))).toEqual({
			transactions: [{ tx_hash: '0xaa', status: 'confirmed' }, { tx_hash: '0xbb' }],
		});
		expect(selectFields(raw(), paths('transactions.nope'))).toEqual({});
	});

	it('keeps a whole object or list when the path ends at it', () => {
		expect(selectFields(raw(), paths('pricing'))).toEqual({ pricing: { amount: '1500', currency: 'JPY' } });
	});

	it('does not follow inherited members, and keeps a "__proto__" member of the gateway\'s JSON as a plain field', () => {
		const selected = selectFields(JSON.parse('{"__proto__":{"polluted":true},"id":"x"}') as IDataObject, paths('__proto__', 'constructor', 'toString'));
		expect(Object.keys(selected)).toEqual(['__proto__']);
		expect(Object.getPrototypeOf(selected)).toBe(Object.prototype);
		expect(({} as IDataObject).polluted).toBeUndefined();
	});
});

describe('outputShaper', () => {
	it('Automatic is Raw (the same object) in a normal run, also on an n8n without isToolExecution', () => {
		const object = raw();
		expect(outputShaper(context({ tool: false }), 0, SESSION)(object)).toBe(object);
		expect(outputShaper(context(), 0, SESSION)(object)).toBe(object);
	});

	it('Automatic is Simplified as an AI tool: isToolExecution, Tools Agent V3 (rewireOutputLogTo), or the <name>Tool type', () => {
		const expected = simplify(raw(), SESSION);
		expect(outputShaper(context({ tool: true }), 0, SESSION)(raw())).toEqual(expected);
		expect(outputShaper(context({ tool: false, node: { rewireOutputLogTo: 'ai_tool' } as Partial<INode> }), 0, SESSION)(raw())).toEqual(expected);
		expect(outputShaper(context({ node: { type: 'n8n-nodes-payment-gateways.ironixPayTool' } }), 0, SESSION)(raw())).toEqual(expected);
	});

	it('an explicit Raw stays Raw as an AI tool', () => {
		const object = raw();
		expect(outputShaper(context({ tool: true, parameters: { output: 'raw' } }), 0, SESSION)(object)).toBe(object);
	});

	it('Simplified and Selected Fields shape every entry of a Get Many list', () => {
		expect(outputShaper(context({ parameters: { output: 'simplified' } }), 0, SESSION)([raw(), { id: 'cs_2' }])).toEqual([simplify(raw(), SESSION), { id: 'cs_2', currency: 'USDT' }]);
		const selected = outputShaper(context({ tool: true, parameters: { output: 'selected', fields: ' id ,\nstatus,pricing.amount ' } }), 0, SESSION);
		expect(selected([raw(), { id: 'cs_2' }])).toEqual([{ id: 'cs_1', status: 'pending', pricing: { amount: '1500' } }, { id: 'cs_2' }]);
	});

	it('Selected Fields takes a list from an expression', () => {
		const selected = outputShaper(context({ parameters: { output: 'selected', fields: ['id', 'url'] } }), 0, SESSION);
		expect(selected(raw())).toEqual({ id: 'cs_1', url: 'https://pay.example/cs_1' });
	});

	it('refuses empty Fields and a malformed path, naming the field and item, when read (before anything is sent)', () => {
		const empty = thrown(() => outputShaper(context({ parameters: { output: 'selected', fields: ' , ' } }), 4, SESSION));
		expect(empty.message).toBe('Fields: is empty; list the fields to output, or choose another Output (item 4)');
		expect(empty.context.itemIndex).toBe(4);
		const malformed = thrown(() => outputShaper(context({ parameters: { output: 'selected', fields: 'id, pricing..amount' } }), 2, SESSION));
		expect(malformed.message).toBe('Fields: "pricing..amount" is not a field path (names separated by dots, e.g. pricing.amount) (item 2)');
	});

	it('refuses an unknown Output value (an expression) instead of guessing', () => {
		expect(thrown(() => outputShaper(context({ parameters: { output: 'everything' } }), 1, SESSION)).message).toBe(
			'Output: "everything" is not one of Automatic, Raw, Selected Fields, Simplified (item 1)',
		);
	});
});

/** Every placeholder of a value (not a collection's "Add ..." button or a list's "Select ..." prompt). */
function placeholders(properties: INodeProperties[], where: string): Array<{ where: string; placeholder: string }> {
	const found: Array<{ where: string; placeholder: string }> = [];
	for (const property of properties) {
		const here = `${where} > ${property.displayName}`;
		const button = property.type === 'collection' || property.type === 'fixedCollection';
		if (typeof property.placeholder === 'string' && !button) found.push({ where: here, placeholder: property.placeholder });
		for (const mode of (property.modes ?? []) as Array<{ displayName: string; type: string; placeholder?: string }>) {
			if (typeof mode.placeholder === 'string' && mode.type !== 'list') found.push({ where: `${here} (${mode.displayName})`, placeholder: mode.placeholder });
		}
		for (const option of (property.options ?? []) as Array<INodeProperties | { values?: INodeProperties[] }>) {
			if ('displayName' in option && 'type' in option) found.push(...placeholders([option], here));
			else if ('values' in option && option.values) found.push(...placeholders(option.values, here));
		}
	}
	return found;
}

describe('placeholders', () => {
	const nodes = [new Cashy(), new CashyTrigger(), new IronixPay(), new IronixPayTrigger(), new PayKka(), new PayKkaTrigger(), new Pinddpay(), new PinddpayTrigger()];
	const credentials: ICredentialType[] = [new CashyApi(), new IronixPayApi(), new PayKkaApi(), new PinddpayApi()];
	const all = [
		...nodes.flatMap((node) => placeholders(node.description.properties, node.description.displayName)),
		...credentials.flatMap((credential) => placeholders(credential.properties, credential.displayName)),
	];

	it('every example value starts with "e.g."', () => {
		expect(all.length).toBeGreaterThan(40);
		expect(all.filter(({ placeholder }) => !placeholder.startsWith('e.g. '))).toEqual([]);
	});
});
