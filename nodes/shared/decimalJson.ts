/**
 * JSON text with exact decimal numbers. Some gateways take amounts as JSON numbers (1.99), but a
 * JS number is a float; putting it in a body and letting JSON.stringify print it would send the
 * float's digits, not the validated decimal. A `JsonDecimal` is written as its literal text.
 */
import { MoneyError } from './money';

/** The grammar of a JSON number without exponent. */
const JSON_DECIMAL_LITERAL = /^-?(?:0|[1-9]\d*)(?:\.\d+)?$/;

export class JsonDecimal {
	readonly literal: string;

	constructor(literal: string) {
		if (!JSON_DECIMAL_LITERAL.test(literal)) throw new MoneyError(`"${literal}" is not a plain decimal number`);
		this.literal = literal;
	}
}

/**
 * Like JSON.stringify (compact; undefined object members dropped, undefined array entries become
 * null), except that a JsonDecimal is written as its literal and a bigint as its digits.
 */
export function stringifyWithDecimals(value: unknown): string {
	return writeValue(value) ?? 'null';
}

function writeValue(value: unknown): string | undefined {
	if (value instanceof JsonDecimal) return value.literal;
	if (typeof value === 'bigint') return value.toString();
	if (Array.isArray(value)) return `[${value.map((entry) => writeValue(entry) ?? 'null').join(',')}]`;
	if (value !== null && typeof value === 'object' && typeof (value as { toJSON?: unknown }).toJSON !== 'function') {
		const members: string[] = [];
		for (const [key, entry] of Object.entries(value)) {
			const text = writeValue(entry);
			if (text !== undefined) members.push(`${JSON.stringify(key)}:${text}`);
		}
		return `{${members.join(',')}}`;
	}
	return JSON.stringify(value) as string | undefined;
}
