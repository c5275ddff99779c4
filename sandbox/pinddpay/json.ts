/**
 * JSON with exact numbers. Pinddpay's amounts are JSON numbers in major units (Create order
 * session, http://docs.pinddpay.com/ › Payin: `"amount": 1.99`), so the sandbox reads every number as its source text, never as a float, and
 * writes amounts back from decimal text. Otherwise plain RFC 8259 JSON, as JSON.parse reads it.
 */

/** A JSON number as written in the body (e.g. `1.99`, `1`, `2.50`). */
export class JsonNumber {
	constructor(readonly text: string) {}
}

export type JsonValue = null | boolean | string | JsonNumber | JsonValue[] | { [key: string]: JsonValue };

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const MAX_DEPTH = 64;

/** Parses `text`; throws SyntaxError on anything JSON.parse would refuse (or nesting over 64). */
export function parseJson(text: string): JsonValue {
	let position = 0;

	const fail = (what: string): never => {
		throw new SyntaxError(`${what} at position ${position}`);
	};
	const skipSpace = () => {
		while (position < text.length && ' \t\n\r'.includes(text[position])) position++;
	};
	const readString = (): string => {
		const start = position;
		position++;
		while (position < text.length) {
			const char = text[position];
			if (char === '"') {
				position++;
				// The escapes and control-character rules are JSON.parse's own.
				return JSON.parse(text.slice(start, position)) as string;
			}
			position += char === '\\' ? 2 : 1;
		}
		return fail('Unterminated string');
	};
	const readValue = (depth: number): JsonValue => {
		if (depth > MAX_DEPTH) fail('Nesting too deep');
		skipSpace();
		const char = text[position];
		if (char === '"') return readString();
		if (char === '{') {
			position++;
			const object: { [key: string]: JsonValue } = {};
			skipSpace();
			if (text[position] === '}') {
				position++;
				return object;
			}
			for (;;) {
				skipSpace();
				if (text[position] !== '"') fail('Expected a key');
				const key = readString();
				skipSpace();
				if (text[position] !== ':') fail('Expected ":"');
				position++;
				// defineProperty: a "__proto__" key stays a plain member, as with JSON.parse.
				Object.defineProperty(object, key, { value: readValue(depth + 1), enumerable: true, writable: true, configurable: true });
				skipSpace();
				if (text[position] === ',') {
					position++;
					continue;
				}
				if (text[position] === '}') {
					position++;
					return object;
				}
				fail('Expected "," or "}"');
			}
		}
		if (char === '[') {
			position++;
			const array: JsonValue[] = [];
			skipSpace();
			if (text[position] === ']') {
				position++;
				return array;
			}
			for (;;) {
				array.push(readValue(depth + 1));
				skipSpace();
				if (text[position] === ',') {
					position++;
					continue;
				}
				if (text[position] === ']') {
					position++;
					return array;
				}
				fail('Expected "," or "]"');
			}
		}
		for (const [literal, value] of [
			['true', true],
			['false', false],
			['null', null],
		] as const) {
			if (text.startsWith(literal, position)) {
				position += literal.length;
				return value;
			}
		}
		NUMBER.lastIndex = position;
		const match = NUMBER.exec(text);
		if (!match) return fail('Unexpected token');
		position += match[0].length;
		return new JsonNumber(match[0]);
	};

	const value = readValue(0);
	skipSpace();
	if (position !== text.length) fail('Unexpected data after JSON');
	return value;
}

/** A JSON number that is a safe integer (e.g. a quantity), or undefined. */
export function integerOf(value: unknown): number | undefined {
	if (!(value instanceof JsonNumber) || !/^-?(0|[1-9]\d*)$/.test(value.text)) return undefined;
	const number = Number(value.text);
	return Number.isSafeInteger(number) ? number : undefined;
}

/** JSON text of `value`; JsonNumber members are written as their text, undefined members left out. */
export function writeJson(value: unknown): string {
	if (value instanceof JsonNumber) return value.text;
	if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
	if (Array.isArray(value)) return `[${value.map((entry) => (entry === undefined ? 'null' : writeJson(entry))).join(',')}]`;
	const members = Object.entries(value as Record<string, unknown>)
		.filter(([, member]) => member !== undefined)
		.map(([key, member]) => `${JSON.stringify(key)}:${writeJson(member)}`);
	return `{${members.join(',')}}`;
}
