import {
	currencyExponent,
	decimalToMinor,
	minorToDecimal,
	MoneyError,
	parseAmount,
	parseMinorUnits,
	toDecimalString,
} from '../../nodes/shared/money';

describe('money', () => {
	it('knows ISO 4217 exponents and gateway overrides', () => {
		expect(currencyExponent('USD')).toBe(2);
		expect(currencyExponent('jpy')).toBe(0);
		expect(currencyExponent('KWD')).toBe(3);
		expect(currencyExponent('COP')).toBe(2);
		expect(currencyExponent('USDT', { USDT: 6 })).toBe(6);
		expect(() => currencyExponent('USDT')).toThrow(MoneyError);
	});

	it('converts decimals to minor units exactly, without floats', () => {
		expect(decimalToMinor('10.50', 2)).toBe(1050n);
		expect(decimalToMinor('0.1', 2)).toBe(10n);
		expect(decimalToMinor('1.10', 1)).toBe(11n);
		expect(decimalToMinor('1.000', 0)).toBe(1n);
		expect(decimalToMinor('1.005', 3)).toBe(1005n);
		// 0.1 + 0.2 style inputs stay exact.
		expect(decimalToMinor('0.3', 2) - decimalToMinor('0.1', 2)).toBe(20n);
		// Beyond Number precision.
		expect(decimalToMinor('90071992547409931.23', 2)).toBe(9007199254740993123n);
		expect(decimalToMinor(19.99, 2)).toBe(1999n);
	});

	it('rejects too many decimals, signs, exponents and garbage', () => {
		expect(() => decimalToMinor('1.005', 2)).toThrow('more than 2 decimal places');
		expect(() => decimalToMinor('1.5', 0)).toThrow('has decimals');
		for (const bad of ['-1', '+1', '1e3', '1,5', '', '.5', '5.', 'abc', ' 1 2']) {
			expect(() => decimalToMinor(bad, 2)).toThrow(MoneyError);
		}
		expect(() => toDecimalString(1e21)).toThrow(MoneyError);
		expect(() => toDecimalString(NaN)).toThrow(MoneyError);
		expect(() => toDecimalString({})).toThrow(MoneyError);
	});

	it('formats minor units back to decimals', () => {
		expect(minorToDecimal(1050n, 2)).toBe('10.50');
		expect(minorToDecimal(5n, 2)).toBe('0.05');
		expect(minorToDecimal(1000n, 0)).toBe('1000');
		expect(minorToDecimal(-5n, 3)).toBe('-0.005');
		expect(minorToDecimal('123456789012345678901', 2)).toBe('1234567890123456789.01');
	});

	it('round-trips', () => {
		for (const text of ['0.00', '0.01', '999999999.99', '12.30']) expect(minorToDecimal(decimalToMinor(text, 2), 2)).toBe(text);
	});

	it('checks bounds and minor-unit integers', () => {
		expect(parseAmount('1.00', { exponent: 2, min: 100n, max: 1000n })).toBe(100n);
		expect(() => parseAmount('0.99', { exponent: 2, min: 100n })).toThrow('at least 1.00');
		expect(() => parseAmount('10.01', { exponent: 2, max: 1000n })).toThrow('at most 10.00');
		expect(parseMinorUnits('1050')).toBe(1050n);
		expect(parseMinorUnits(1050)).toBe(1050n);
		expect(() => parseMinorUnits('10.5')).toThrow(MoneyError);
		expect(() => parseMinorUnits(10.5)).toThrow(MoneyError);
	});
});
