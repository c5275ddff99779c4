/**
 * Exact decimal amounts for the sandboxes, written apart from the nodes' money code so that a
 * node's reading of amounts is checked by a second implementation rather than by itself.
 */

/** `"12.5"` with 2 decimals -> 1250n; undefined for anything but a plain non-negative decimal within `maxDecimals`. */
export function parseDecimal(text: string, maxDecimals: number): bigint | undefined {
	const match = /^(\d+)(?:\.(\d+))?$/.exec(text);
	if (!match) return undefined;
	const fraction = match[2] ?? '';
	if (fraction.length > maxDecimals) {
		// Trailing zeros beyond the scale do not change the value ("1.500" with 2 decimals).
		if (!/^0*$/.test(fraction.slice(maxDecimals))) return undefined;
	}
	const scaled = (fraction + '0'.repeat(maxDecimals)).slice(0, maxDecimals);
	return BigInt(match[1]) * 10n ** BigInt(maxDecimals) + BigInt(scaled === '' ? '0' : scaled);
}

/** 1250n with 2 decimals -> `"12.5"` (trailing zeros trimmed down to `minDecimals`, default 0). */
export function formatDecimal(minor: bigint, decimals: number, options: { minDecimals?: number } = {}): string {
	const negative = minor < 0n;
	const digits = (negative ? -minor : minor).toString().padStart(decimals + 1, '0');
	const whole = digits.slice(0, digits.length - decimals);
	let fraction = digits.slice(digits.length - decimals);
	const keep = Math.min(decimals, options.minDecimals ?? 0);
	while (fraction.length > keep && fraction.endsWith('0')) fraction = fraction.slice(0, -1);
	return `${negative ? '-' : ''}${whole}${fraction ? `.${fraction}` : ''}`;
}
