/** Input checks shared by IronixPay's operations: amounts, token/network pairs and the sub-merchant header. */
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { currencyExponent } from '../../shared/money';
import { decimalAmount, inputError } from '../../shared/validation';
import { TOKEN_EXPONENTS } from '../constants';

/** Validates an amount in a token or fiat currency and returns it as IronixPay expects ("10.50"). */
export function amountText(
	context: IExecuteFunctions,
	itemIndex: number,
	field: string,
	value: unknown,
	currency: string,
	bounds: { min?: bigint; max?: bigint },
): string {
	const exponent = currencyExponent(currency, TOKEN_EXPONENTS);
	return decimalAmount(context, itemIndex, field, value, { exponent, ...bounds }).text;
}

/** USDC is not issued on TRON at IronixPay (https://ironixpay.com/guide/networks). */
export function checkTokenOnNetwork(context: IExecuteFunctions, itemIndex: number, token: string, network: string): void {
	if (token === 'USDC' && network === 'TRON') {
		throw inputError(context, itemIndex, 'Currency', 'USDC is not available on TRON; choose USDT or another network');
	}
}

/** Printable ASCII, no leading or trailing space: what an HTTP header carries unchanged. */
const HEADER_TEXT = /^[\x21-\x7e](?:[\x20-\x7e]*[\x21-\x7e])?$/;

/**
 * The X-Sub-Merchant-Code header. Unlike an idempotency key it cannot be derived: IronixPay
 * matches the code itself. A code with other characters is refused here, because IronixPay reads
 * the header with `to_str()` and treats an unreadable one as absent, so the request would act for
 * the parent merchant (https://github.com/Vincentkovsky/ironixpay-core,
 * backend/src/api/middleware/sub_merchant.rs).
 */
export function subMerchantOption(context: IExecuteFunctions, itemIndex: number): string | undefined {
	const options = context.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const code = typeof options.subMerchantCode === 'string' ? options.subMerchantCode.trim() : '';
	if (code === '') return undefined;
	if (!HEADER_TEXT.test(code)) {
		throw inputError(
			context,
			itemIndex,
			'Sub-Merchant Code',
			`"${code}" cannot be sent in the X-Sub-Merchant-Code header (ASCII letters, digits and punctuation only); IronixPay would ignore it and act for the parent merchant`,
		);
	}
	return code;
}
