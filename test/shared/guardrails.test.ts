import { NodeOperationError, type IDataObject, type IExecuteFunctions, type INode } from 'n8n-workflow';

import {
	checkGuardrails,
	guardrailsProperty,
	isToolExecution,
	type GuardedAmount,
	type GuardedDestination,
} from '../../nodes/shared/guardrails';

interface ContextOptions {
	guardrails?: IDataObject;
	/** undefined: an n8n without isToolExecution. */
	tool?: boolean;
	node?: Partial<INode>;
}

function context(options: ContextOptions = {}): IExecuteFunctions {
	const node = { name: 'Gateway', type: 'n8n-nodes-test.gateway', typeVersion: 1, position: [0, 0], parameters: {}, ...options.node } as INode;
	const functions: Record<string, unknown> = {
		getNode: () => node,
		getNodeParameter: (name: string, _itemIndex: number, fallback?: unknown) => (name === 'guardrails' ? (options.guardrails ?? fallback) : fallback),
	};
	if (options.tool !== undefined) functions.isToolExecution = () => options.tool;
	return functions as unknown as IExecuteFunctions;
}

const usd = (minor: bigint): GuardedAmount => ({ minor, exponent: 2 });

function check(options: ContextOptions, item: { amount: GuardedAmount | undefined; destination?: GuardedDestination }, itemIndex = 3) {
	return () => checkGuardrails(context(options), itemIndex, item);
}

function thrown(run: () => void): NodeOperationError {
	try {
		run();
	} catch (error) {
		expect(error).toBeInstanceOf(NodeOperationError);
		return error as NodeOperationError;
	}
	throw new Error('expected a refusal');
}

describe('guardrailsProperty', () => {
	it('is the "guardrails" collection with the three guardrails of the contract when the operation has destinations', () => {
		const property = guardrailsProperty({ amountUnit: 'USDT', destinations: { label: 'wallet addresses', placeholder: 'e.g. T...', matching: 'Exact.' } });
		expect(property).toMatchObject({ displayName: 'Guardrails', name: 'guardrails', type: 'collection', placeholder: 'Add Guardrail', default: {} });
		const options = property.options as unknown as Array<Record<string, unknown>>;
		expect(options.map((option) => [option.name, option.displayName, option.type, option.default])).toEqual([
			['allowMoneyMovementAsTool', 'Allow Money Movement as a Tool', 'boolean', false],
			['allowedDestinations', 'Allowed Destinations', 'string', ''],
			['maximumAmountPerItem', 'Maximum Amount per Item', 'string', ''],
		]);
		expect(options[1]).toMatchObject({ typeOptions: { rows: 3 }, placeholder: 'e.g. T...' });
		expect(options[2]).toMatchObject({ placeholder: 'e.g. 500.00' });
		// Each guardrail says what it protects against.
		expect(String(options[0].description)).toMatch(/prompt injection/);
		expect(String(options[1].description)).toMatch(/^Only these wallet addresses may receive money.*AI agent supplied\. Exact\.$/);
		expect(String(options[2].description)).toMatch(/in USDT.*wrong, mistyped or injected amount/);
		expect(property.description).toMatch(/no item is sent/);
	});

	it('has no Allowed Destinations on an operation without a destination', () => {
		const options = guardrailsProperty({ amountUnit: 'EUR' }).options as Array<{ name: string }>;
		expect(options.map((option) => option.name)).toEqual(['allowMoneyMovementAsTool', 'maximumAmountPerItem']);
	});
});

describe('checkGuardrails: Maximum Amount per Item', () => {
	it('passes without guardrails, and at the maximum exactly', () => {
		expect(check({}, { amount: usd(1_000_000_00n) })).not.toThrow();
		expect(check({ guardrails: { maximumAmountPerItem: '500.00' } }, { amount: usd(500_00n) })).not.toThrow();
		expect(check({ guardrails: { maximumAmountPerItem: '500' } }, { amount: usd(500_00n) })).not.toThrow();
		expect(check({ guardrails: { maximumAmountPerItem: ' 500.5 ' } }, { amount: usd(500_50n) })).not.toThrow();
	});

	it('refuses an amount above the maximum, naming the item, the amount and the limit', () => {
		const error = thrown(check({ guardrails: { maximumAmountPerItem: '500.00' } }, { amount: usd(750_00n) }));
		expect(error.message).toBe('Item 3: amount 750.00 exceeds Maximum Amount per Item 500.00');
		expect(error.context.itemIndex).toBe(3);
		expect(error.description).toMatch(/Nothing was sent/);
		expect(thrown(check({ guardrails: { maximumAmountPerItem: '500' } }, { amount: usd(500_01n) })).message).toBe(
			'Item 3: amount 500.01 exceeds Maximum Amount per Item 500.00',
		);
	});

	it('compares exact decimals where a float could not tell them apart', () => {
		// 90071992547409.94 and .93 are the same double; as minor units they differ by one.
		expect(Number('90071992547409.94')).toBe(Number('90071992547409.93'));
		const error = thrown(check({ guardrails: { maximumAmountPerItem: '90071992547409.93' } }, { amount: usd(9007199254740994n) }));
		expect(error.message).toBe('Item 3: amount 90071992547409.94 exceeds Maximum Amount per Item 90071992547409.93');
		expect(check({ guardrails: { maximumAmountPerItem: '0.3' } }, { amount: usd(30n) })).not.toThrow();
	});

	it('reads the maximum in the amount unit: minor units when the amount is in minor units', () => {
		const cents = (minor: bigint): GuardedAmount => ({ minor, exponent: 2, unit: 'minor' });
		expect(check({ guardrails: { maximumAmountPerItem: '50000' } }, { amount: cents(50000n) })).not.toThrow();
		expect(thrown(check({ guardrails: { maximumAmountPerItem: '50000' } }, { amount: cents(50001n) })).message).toBe(
			'Item 3: amount 50001 exceeds Maximum Amount per Item 50000',
		);
		expect(thrown(check({ guardrails: { maximumAmountPerItem: '500.00' } }, { amount: cents(1n) })).message).toBe(
			'Maximum Amount per Item: "500.00" is not a whole number of minor units (item 3)',
		);
		// A zero-decimal currency in major units.
		const yen = (minor: bigint): GuardedAmount => ({ minor, exponent: 0 });
		expect(thrown(check({ guardrails: { maximumAmountPerItem: '1000' } }, { amount: yen(1001n) })).message).toBe(
			'Item 3: amount 1001 exceeds Maximum Amount per Item 1000',
		);
	});

	it('takes a number from an expression as its decimal text', () => {
		expect(check({ guardrails: { maximumAmountPerItem: 500 } }, { amount: usd(500_00n) })).not.toThrow();
		expect(thrown(check({ guardrails: { maximumAmountPerItem: 499.99 } }, { amount: usd(500_00n) })).message).toMatch(/exceeds Maximum Amount per Item 499.99$/);
	});

	it.each([
		['more decimals than the currency has', '500.001', 'Maximum Amount per Item: "500.001" has more than 2 decimal places (item 3)'],
		['a negative maximum', '-5', 'Maximum Amount per Item: "-5" is not a decimal amount such as "10.50" (item 3)'],
		['text', 'five hundred', 'Maximum Amount per Item: "five hundred" is not a decimal amount such as "10.50" (item 3)'],
		['an empty maximum (added, or an expression that resolved to nothing)', '', 'Maximum Amount per Item: is empty; enter a maximum or remove the guardrail (item 3)'],
		['a blank maximum', '  ', 'Maximum Amount per Item: is empty; enter a maximum or remove the guardrail (item 3)'],
		['a maximum whose expression resolved to undefined', undefined, 'Maximum Amount per Item: is empty; enter a maximum or remove the guardrail (item 3)'],
		['a maximum whose expression resolved to null', null, 'Maximum Amount per Item: is empty; enter a maximum or remove the guardrail (item 3)'],
	] as Array<[string, IDataObject[string], string]>)('refuses %s', (_name, maximum, message) => {
		expect(thrown(check({ guardrails: { maximumAmountPerItem: maximum } }, { amount: usd(1n) })).message).toBe(message);
	});

	it('refuses an item without an amount (the gateway would decide it) when a maximum is set', () => {
		expect(thrown(check({ guardrails: { maximumAmountPerItem: '10' } }, { amount: undefined })).message).toMatch(
			/^Amount: is required when "Maximum Amount per Item" is set/,
		);
		expect(check({ guardrails: {} }, { amount: undefined })).not.toThrow();
	});
});

describe('checkGuardrails: Allowed Destinations', () => {
	const tron = (value: string): GuardedDestination => ({ value, caseInsensitive: false });
	const list = 'TQFEyGNzHZAJmebJUvsoZvJghHm2yNhXAD,\n  TJRabPrwbZy45sbavfcjinPJC18kjpRTv8 \r\n\n, TXYZopYRdj2D9XRtbG411XZZ3kM5VkAeBf';

	it('passes a listed destination (comma- or newline-separated, trimmed)', () => {
		for (const address of ['TQFEyGNzHZAJmebJUvsoZvJghHm2yNhXAD', 'TJRabPrwbZy45sbavfcjinPJC18kjpRTv8', ' TXYZopYRdj2D9XRtbG411XZZ3kM5VkAeBf ']) {
			expect(check({ guardrails: { allowedDestinations: list } }, { amount: usd(1n), destination: tron(address) })).not.toThrow();
		}
	});

	it('refuses a destination not in the list, naming the item and the destination', () => {
		const error = thrown(check({ guardrails: { allowedDestinations: list } }, { amount: usd(1n), destination: tron('TLa2f6VPqDgRE67v1736s7bJ8Ray5wYjU7') }, 2));
		expect(error.message).toBe('Item 2: destination "TLa2f6VPqDgRE67v1736s7bJ8Ray5wYjU7" is not in Allowed Destinations');
		expect(error.context.itemIndex).toBe(2);
		expect(error.description).toMatch(/lists 3 destination\(s\).*Nothing was sent/);
	});

	it('compares exactly unless the destination kind ignores case', () => {
		const lower = 'tqfeygnzhzajmebjuvsozvjghhm2ynhxad';
		expect(() => check({ guardrails: { allowedDestinations: list } }, { amount: usd(1n), destination: tron(lower) })()).toThrow(/is not in Allowed Destinations/);
		const evm = { value: '0x52908400098527886e0f7030069857d2e4169ee7', caseInsensitive: true };
		expect(check({ guardrails: { allowedDestinations: '0x52908400098527886E0F7030069857D2E4169EE7' } }, { amount: usd(1n), destination: evm })).not.toThrow();
		// A prefix or a longer value is not the listed destination.
		expect(() => check({ guardrails: { allowedDestinations: 'payee@example.com' } }, { amount: usd(1n), destination: { value: 'payee@example.co', caseInsensitive: true } })()).toThrow(
			/is not in Allowed Destinations/,
		);
	});

	it('takes a list from an expression', () => {
		const guardrails = { allowedDestinations: ['payee@example.com', 'other@example.com'] };
		expect(check({ guardrails }, { amount: usd(1n), destination: { value: 'Other@Example.com', caseInsensitive: true } })).not.toThrow();
		expect(() => check({ guardrails }, { amount: usd(1n), destination: { value: 'third@example.com', caseInsensitive: true } })()).toThrow(/not in Allowed Destinations/);
	});

	it('refuses an empty list instead of allowing everything', () => {
		for (const empty of ['', ' , \n ', [], undefined, null] as Array<IDataObject[string]>) {
			expect(thrown(check({ guardrails: { allowedDestinations: empty } }, { amount: usd(1n), destination: tron('TQFEyGNzHZAJmebJUvsoZvJghHm2yNhXAD') })).message).toBe(
				'Allowed Destinations: is empty; list at least one destination or remove the guardrail (item 3)',
			);
		}
	});

	it('checks the maximum before the destination', () => {
		const guardrails = { maximumAmountPerItem: '1.00', allowedDestinations: 'A' };
		expect(thrown(check({ guardrails }, { amount: usd(200n), destination: tron('B') })).message).toMatch(/exceeds Maximum Amount per Item/);
	});
});

describe('checkGuardrails: as an AI tool', () => {
	const refusal = 'Item 3: As an AI tool this operation moves money: turn on "Allow Money Movement as a Tool" and set "Maximum Amount per Item"';

	it.each<[string, IDataObject]>([
		['without guardrails', {}],
		['with only a maximum', { maximumAmountPerItem: '100' }],
		['allowed but without a maximum', { allowMoneyMovementAsTool: true }],
		['allowed with an empty maximum', { allowMoneyMovementAsTool: true, maximumAmountPerItem: ' ' }],
		['with "true" as text (not the boolean)', { allowMoneyMovementAsTool: 'true', maximumAmountPerItem: '100' }],
	])('refuses %s', (_name, guardrails) => {
		const error = thrown(check({ tool: true, guardrails }, { amount: usd(1n) }));
		expect(error.message).toBe(refusal);
		expect(error.context.itemIndex).toBe(3);
	});

	it('accepts when allowed and a maximum is set, and still enforces that maximum', () => {
		const guardrails = { allowMoneyMovementAsTool: true, maximumAmountPerItem: '100' };
		expect(check({ tool: true, guardrails }, { amount: usd(100_00n) })).not.toThrow();
		expect(thrown(check({ tool: true, guardrails }, { amount: usd(100_01n) })).message).toBe('Item 3: amount 100.01 exceeds Maximum Amount per Item 100.00');
	});

	it('refuses guardrails an AI agent would fill in itself ($fromAI)', () => {
		const parameters = { guardrails: { allowMoneyMovementAsTool: true, maximumAmountPerItem: "={{ $fromAI('limit', 'max amount', 'string') }}" } };
		const error = thrown(check({ tool: true, guardrails: { allowMoneyMovementAsTool: true, maximumAmountPerItem: '1000000' }, node: { parameters } }, { amount: usd(1n) }));
		expect(error.message).toBe('Item 3: Guardrails must not come from the AI agent ($fromAI)');
		const fromAi = { guardrails: { allowedDestinations: '={{ $fromAi("to") }}' } };
		expect(() => check({ guardrails: { allowedDestinations: 'A' }, node: { parameters: fromAi } }, { amount: usd(1n), destination: { value: 'A', caseInsensitive: false } })()).toThrow(
			/must not come from the AI agent/,
		);
		const own = { guardrails: { maximumAmountPerItem: '={{ $json.limit }}' } };
		expect(check({ guardrails: { maximumAmountPerItem: '5' }, node: { parameters: own } }, { amount: usd(1n) })).not.toThrow();
	});

	it('treats a normal run (or an n8n without isToolExecution) as not a tool', () => {
		expect(check({ tool: false }, { amount: usd(1n) })).not.toThrow();
		expect(check({}, { amount: usd(1n) })).not.toThrow();
	});

	it('recognises the tool runs isToolExecution() misses: engine-requested tool nodes and n8n\'s tool wrapper type', () => {
		expect(isToolExecution(context({ tool: false }))).toBe(false);
		expect(isToolExecution(context({ tool: true }))).toBe(true);
		expect(isToolExecution(context({ tool: false, node: { rewireOutputLogTo: 'ai_tool' } }))).toBe(true);
		expect(isToolExecution(context({ node: { type: 'n8n-nodes-test.gatewayTool' } }))).toBe(true);
		expect(thrown(check({ tool: false, node: { rewireOutputLogTo: 'ai_tool' } }, { amount: usd(1n) })).message).toBe(refusal);
	});
});
