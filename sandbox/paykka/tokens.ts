/**
 * Stored cards and recurring agreements: token query ([ASSUMPTION] `POST /v3/payment/acq/token/query`, v1.2
 * `/payments/token/query`: schemas QueryTokenReqDto / QueryTokenRespDto are named in the docs, path and fields
 * are not; request {merchant_id, shopper_reference, token?}, `data` a list of {token, shopper_reference,
 * payment_method, card_info, token_usage}), token delete (`POST /v3/payment/acq/token/remove`, all of
 * merchant_id, timestamp, token, shopper_reference required) and recurring agreement cancel
 * (`POST /v3/payment/acq/recurring/cancel`; 2015 / 2016 from the transaction error codes).
 */
import { PayKkaError, invalid, refused, success, text, type Json, type Reply } from './envelope';
import type { Caller, PayKkaState } from './state';

export class Tokens {
	constructor(private readonly state: PayKkaState) {}

	query(body: Json, caller: Caller): Reply {
		const shopperReference = text(body, 'shopper_reference', { required: true, max: 64 })!;
		const only = text(body, 'token', { max: 64 });
		const list = [...this.state.tokens.entries()]
			.filter(([token, record]) => record.merchant_id === caller.merchantId && record.shopper_reference === shopperReference && (only === undefined || token === only))
			.map(([token, record]) => ({
				token,
				shopper_reference: record.shopper_reference,
				payment_method: 'BANKCARD',
				card_info: record.card,
				token_usage: record.token_usage,
			}));
		return { status: 200, body: { ret_code: '000000', ret_msg: 'Success', data: list } };
	}

	remove(body: Json, caller: Caller): Reply {
		const token = text(body, 'token', { required: true, max: 64 })!;
		const shopperReference = text(body, 'shopper_reference', { required: true, max: 64 })!;
		if (typeof body.timestamp !== 'number') throw invalid('timestamp is required');
		const record = this.state.tokens.get(token);
		if (!record || record.merchant_id !== caller.merchantId || record.shopper_reference !== shopperReference) {
			throw refused(`Token ${token} does not exist for shopper_reference ${shopperReference}`);
		}
		this.state.tokens.delete(token);
		return success();
	}

	cancelAgreement(body: Json, caller: Caller): Reply {
		const id = text(body, 'recurring_agreement_id', { required: true })!;
		const agreement = this.state.agreements.get(id);
		if (!agreement || agreement.merchant_id !== caller.merchantId) throw new PayKkaError(200, '2015', 'Recurring payment agreement does not exist');
		if (agreement.status !== 'ACTIVE') throw new PayKkaError(200, '2016', 'Recurring payment agreement is not active');
		agreement.status = 'CANCELED';
		return success();
	}
}
