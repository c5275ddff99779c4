/**
 * JSON parsing that keeps the text of every number. Pinddpay writes amounts as JSON numbers in
 * major units (Query a transaction, http://docs.pinddpay.com/341501367e0: `"amount": 2.50`), so a
 * plain JSON.parse turns them into floats. The values returned here are exactly JSON.parse's; the
 * literal of each number is kept beside them, so an amount can be compared as the decimal the
 * gateway wrote (`2.50`), never as a float. Pure: no n8n imports.
 */
import { randomBytes } from 'crypto';

/** Number literals per parsed object or array: container -> member name (or index) -> literal. */
const literals = new WeakMap<object, Map<string, string>>();

/** A JSON string (kept as is) or a JSON number literal (captured). */
const TOKEN = /"(?:[^"\\]|\\.)*"|-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/g;

/**
 * Like JSON.parse (same values, same errors for text it refuses), keeping each number's literal
 * for `numberLiteral`. Every number is first written as a marked string, so JSON.parse still
 * does all the validation; the marker carries a random part, so no string in the text can pass
 * for a number.
 */
export function parseJsonKeepingNumbers(text: string): unknown {
	// Validates first (linear time): on valid JSON the scan below stays aligned with its strings, so
	// it is linear too (on text with unterminated strings a regex scan could take quadratic time).
	JSON.parse(text);
	const nonce = `${randomBytes(8).toString('hex')}:`;
	// The parsed marker starts with U+0000, written as its JSON escape (a raw control character is not JSON).
	const marker = `\u0000${nonce}`;
	let numbers = 0;
	const marked = text.replace(TOKEN, (token) => {
		if (token.charCodeAt(0) === 34) return token;
		numbers++;
		return `"\\u0000${nonce}${token}"`;
	});
	const parsed: unknown = JSON.parse(marked);
	if (numbers === 0) return parsed;
	if (typeof parsed === 'string') return parsed.startsWith(marker) ? Number(parsed.slice(marker.length)) : parsed;

	// An explicit stack: a deeply nested body cannot overflow the call stack here.
	const pending: object[] = parsed !== null && typeof parsed === 'object' ? [parsed] : [];
	while (pending.length > 0) {
		const container = pending.pop() as Record<string, unknown>;
		for (const key of Object.keys(container)) {
			const value = container[key];
			if (typeof value === 'string' && value.startsWith(marker)) {
				const literal = value.slice(marker.length);
				// defineProperty: a "__proto__" member stays a plain member, as JSON.parse made it.
				Object.defineProperty(container, key, { value: Number(literal), enumerable: true, writable: true, configurable: true });
				let members = literals.get(container);
				if (!members) literals.set(container, (members = new Map()));
				members.set(key, literal);
			} else if (value !== null && typeof value === 'object') {
				pending.push(value);
			}
		}
	}
	return parsed;
}

/** The literal of the number at `container[key]` as the JSON text wrote it, if it came from `parseJsonKeepingNumbers`. */
export function numberLiteral(container: unknown, key: string): string | undefined {
	if (container === null || typeof container !== 'object') return undefined;
	return literals.get(container)?.get(key);
}
