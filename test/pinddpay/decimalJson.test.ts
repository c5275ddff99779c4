import { JsonDecimal, stringifyWithDecimals } from '../../nodes/shared/decimalJson';
import { isSuccessCode, parseEnvelope } from '../../nodes/Pinddpay/transport';

describe('stringifyWithDecimals (shared helper used for Pinddpay amounts)', () => {
	it('writes a JsonDecimal as its literal: a JSON number with exactly those digits', () => {
		const text = stringifyWithDecimals({ sku: { amount: new JsonDecimal('1.99'), currency: 'USD' } });
		expect(text).toBe('{"sku":{"amount":1.99,"currency":"USD"}}');
		expect(stringifyWithDecimals({ amount: new JsonDecimal('2.50') })).toBe('{"amount":2.50}');
		expect(stringifyWithDecimals({ amount: new JsonDecimal('12345678901234567890.123') })).toBe('{"amount":12345678901234567890.123}');
	});

	it('keeps digits a float would lose', () => {
		// As a JS number 0.1 + 0.2 is 0.30000000000000004; the decimal text is sent instead.
		expect(stringifyWithDecimals([new JsonDecimal('0.30')])).toBe('[0.30]');
		expect(stringifyWithDecimals({ a: new JsonDecimal('9007199254740993') })).toBe('{"a":9007199254740993}');
	});

	it('otherwise matches JSON.stringify', () => {
		const value = { s: 'x"\n', n: 1, b: true, z: null, u: undefined, list: [1, undefined, 'a'], nested: { d: new Date(0) } };
		expect(stringifyWithDecimals(value)).toBe(JSON.stringify(value));
		expect(stringifyWithDecimals({ big: 10n })).toBe('{"big":10}');
	});

	it('refuses anything that is not a plain decimal literal', () => {
		for (const bad of ['1e3', '01.5', '.5', '1.', 'NaN', '1,5', ' 1.5', '+1']) {
			expect(() => new JsonDecimal(bad)).toThrow(/plain decimal/);
		}
	});
});

describe('Pinddpay envelope', () => {
	it('treats code 200, 0 and "200" as success and nothing else', () => {
		expect([200, 0, '200'].map(isSuccessCode)).toEqual([true, true, true]);
		expect([400, 401, '401', 500, null, undefined, '0', 'success'].map(isSuccessCode)).toEqual(Array(8).fill(false));
	});

	it('parses an envelope given as text or object, and nothing else', () => {
		expect(parseEnvelope('{"code":401,"type":"error","message":"sign 无效的签名"}')).toMatchObject({ code: 401 });
		expect(parseEnvelope({ code: 200, result: [] })).toMatchObject({ code: 200 });
		expect(parseEnvelope('<html>Bad gateway</html>')).toBeUndefined();
		expect(parseEnvelope({ message: 'no code' })).toBeUndefined();
		expect(parseEnvelope([1])).toBeUndefined();
	});
});
