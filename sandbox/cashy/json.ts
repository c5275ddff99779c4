/**
 * JSON for the Cashy sandbox, with exact decimals both ways. Cashy types amounts as decimal(20,2)
 * and sends them as JSON numbers (`10000.0`, `100.00`); JS numbers are floats, so the sandbox reads
 * an amount's digits from the raw body text and writes its own amounts as literal text.
 */
import { formatDecimal } from '../shared/decimal';

/** A number written exactly as given (`10000.0`), the way Cashy's Java side prints decimals. */
export class JsonNumber {
	constructor(readonly text: string) {}
}

/** Like JSON.stringify (compact, undefined members dropped), with JsonNumber written as its text. */
export function toJson(value: unknown): string {
	if (value instanceof JsonNumber) return value.text;
	if (Array.isArray(value)) return `[${value.map(toJson).join(',')}]`;
	if (value !== null && typeof value === 'object') {
		const entries = Object.entries(value).filter(([, item]) => item !== undefined);
		return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${toJson(item)}`).join(',')}}`;
	}
	return JSON.stringify(value ?? null);
}

/** Centavos as a JSON decimal with at least one decimal place: 1000000n -> 10000.0 (as in Cashy's examples). */
export function decimalNumber(minor: bigint): JsonNumber {
	return new JsonNumber(formatDecimal(minor, 2, { minDecimals: 1 }));
}

const WHITESPACE = new Set([' ', '\t', '\n', '\r']);

/**
 * The raw text of every top-level member of a JSON object, exactly as sent (`"amount":10000.00`
 * gives `amount` -> `10000.00`). `text` must already be valid JSON (JSON.parse succeeded); returns
 * undefined when it is not an object. A repeated key keeps its last value, as JSON.parse does.
 */
export function rawMembers(text: string): Map<string, string> | undefined {
	let index = 0;
	const skipWhitespace = () => {
		while (index < text.length && WHITESPACE.has(text[index])) index++;
	};
	const skipString = () => {
		// text[index] is the opening quote.
		index++;
		while (index < text.length && text[index] !== '"') index += text[index] === '\\' ? 2 : 1;
		index++;
	};
	const skipValue = () => {
		if (text[index] === '"') return skipString();
		if (text[index] === '{' || text[index] === '[') {
			let depth = 0;
			do {
				const char = text[index];
				if (char === '"') {
					skipString();
					continue;
				}
				if (char === '{' || char === '[') depth++;
				else if (char === '}' || char === ']') depth--;
				index++;
			} while (depth > 0 && index < text.length);
			return;
		}
		while (index < text.length && !WHITESPACE.has(text[index]) && text[index] !== ',' && text[index] !== '}') index++;
	};

	skipWhitespace();
	if (text[index] !== '{') return undefined;
	index++;
	const members = new Map<string, string>();
	skipWhitespace();
	if (text[index] === '}') return members;
	while (index < text.length) {
		skipWhitespace();
		const keyStart = index;
		skipString();
		const key = JSON.parse(text.slice(keyStart, index)) as string;
		skipWhitespace();
		index++; // ':'
		skipWhitespace();
		const valueStart = index;
		skipValue();
		members.set(key, text.slice(valueStart, index));
		skipWhitespace();
		if (text[index] === '}') break;
		index++; // ','
	}
	return members;
}
