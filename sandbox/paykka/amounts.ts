/**
 * Amounts as PayKKa defines them: JSON integers in the currency's minor unit ("USD/CNY unit is
 * cent, JPY unit is yen", https://docs.paykka.com/payments/apis/payments/openapi/transaction).
 * The sandbox reads an amount's exact text from the raw body, never through a JS float, so a
 * node sending `1250.0`, `1.25e3` or a number past 2^53 is refused rather than rounded.
 */
import { formatDecimal } from '../shared/decimal';
import { invalid, type Json } from './envelope';

/** ISO 4217 minor units that are not 2 (the sandbox's own table). */
const EXPONENTS: Record<string, number> = {
	BIF: 0, CLP: 0, DJF: 0, GNF: 0, ISK: 0, JPY: 0, KMF: 0, KRW: 0, PYG: 0, RWF: 0, UGX: 0, UYI: 0, VND: 0, VUV: 0, XAF: 0, XOF: 0, XPF: 0,
	BHD: 3, IQD: 3, JOD: 3, KWD: 3, LYD: 3, OMR: 3, TND: 3,
	CLF: 4, UYW: 4,
};

export function exponentOf(currency: string): number {
	return EXPONENTS[currency] ?? 2;
}

/** `1250, "EUR"` -> `"12.50 EUR"`, for messages. */
export function money(minor: number, currency: string): string {
	const exponent = exponentOf(currency);
	return `${formatDecimal(BigInt(minor), exponent, { minDecimals: exponent })} ${currency}`;
}

/**
 * The exact text of every JSON number in `raw`, by dotted path (array elements as `name[0]`).
 * A small scanner over a body that JSON.parse already accepted.
 */
export function numberTexts(raw: string): Map<string, string> {
	const found = new Map<string, string>();
	let at = 0;
	const skipSpace = () => {
		while (at < raw.length && ' \t\n\r'.includes(raw[at])) at++;
	};
	const readString = (): string => {
		const start = at;
		at++; // opening quote
		while (raw[at] !== '"') at += raw[at] === '\\' ? 2 : 1;
		at++;
		return JSON.parse(raw.slice(start, at)) as string;
	};
	const value = (path: string): void => {
		skipSpace();
		const char = raw[at];
		if (char === '{') {
			at++;
			skipSpace();
			if (raw[at] === '}') {
				at++;
				return;
			}
			for (;;) {
				skipSpace();
				const key = readString();
				skipSpace();
				at++; // colon
				value(path === '' ? key : `${path}.${key}`);
				skipSpace();
				if (raw[at++] === '}') return;
			}
		}
		if (char === '[') {
			at++;
			skipSpace();
			if (raw[at] === ']') {
				at++;
				return;
			}
			for (let index = 0; ; index++) {
				value(`${path}[${index}]`);
				skipSpace();
				if (raw[at++] === ']') return;
			}
		}
		if (char === '"') {
			readString();
			return;
		}
		const match = /^-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?|^true|^false|^null/.exec(raw.slice(at, at + 400));
		const token = match?.[0] ?? '';
		at += Math.max(1, token.length);
		if (/^-?\d/.test(token)) found.set(path, token);
	};
	value('');
	return found;
}

/**
 * A minor-unit amount at `field` of `object` (whose path in the body is `path`, e.g.
 * `goods[0].price`), checked on its exact text: a positive integer without fraction or exponent
 * that a JS number holds exactly.
 */
export function minorUnits(
	object: Json,
	numbers: Map<string, string>,
	field: string,
	options: { required: boolean; path?: string },
): number | undefined {
	const value = object[field];
	if (value === undefined || value === null) {
		if (options.required) throw invalid(`${field} is required`);
		return undefined;
	}
	const raw = typeof value === 'number' ? numbers.get(options.path ?? field) : undefined;
	if (raw === undefined || !/^[1-9]\d*$/.test(raw) || BigInt(raw) > BigInt(Number.MAX_SAFE_INTEGER)) {
		throw invalid(`${field} must be a positive integer in the currency's minor unit`);
	}
	return Number(raw);
}
