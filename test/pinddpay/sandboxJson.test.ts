import { JsonNumber, parseJson, writeJson, type JsonValue } from '../../sandbox/pinddpay/json';

/** The value JSON.parse would give (numbers through a float), for parity checks. */
function asJsonParse(value: JsonValue): unknown {
	if (value instanceof JsonNumber) return Number(value.text);
	if (Array.isArray(value)) return value.map(asJsonParse);
	if (value !== null && typeof value === 'object') {
		return Object.fromEntries(Object.entries(value).map(([key, member]) => [key, asJsonParse(member)]));
	}
	return value;
}

describe('sandbox JSON reader (numbers kept as their text)', () => {
	it.each([
		'{"a":1.99,"b":[1,-0.5,2e3,"x\\u00e9\\n"],"c":{"d":null,"e":true,"f":false}}',
		' [ ] ',
		'"text"',
		'0',
		'{"a":{"b":{"c":[{"d":90071992547409.93}]}}}',
		'{"dup":1,"dup":2}',
	])('reads %s as JSON.parse does', (text) => {
		expect(asJsonParse(parseJson(text))).toEqual(JSON.parse(text));
	});

	it.each(['{bad}', '{"a":01}', '{"a":1.}', '{"a":.5}', '{"a":-}', '[1,]', '{"a":1,}', '"\u0001"', '{"a":1} x', '', 'tru', '"unterminated', '{"a" 1}'])(
		'refuses %p like JSON.parse',
		(text) => {
			expect(() => JSON.parse(text)).toThrow();
			expect(() => parseJson(text)).toThrow(SyntaxError);
		},
	);

	it('keeps the exact digits of every number and writes them back unchanged', () => {
		const text = '{"amount":90071992547409.93,"zero":2.50,"quantity":1,"list":[1.10]}';
		const value = parseJson(text) as Record<string, JsonValue>;
		expect((value.amount as JsonNumber).text).toBe('90071992547409.93');
		expect(writeJson(value)).toBe(text);
	});

	it('refuses nesting deeper than 64', () => {
		expect(() => parseJson('['.repeat(100) + ']'.repeat(100))).toThrow('Nesting too deep');
	});
});
