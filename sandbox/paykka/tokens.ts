/**
 * Stored cards and recurring agreements: token delete (`POST /v3/payment/acq/token/remove`, all of
 * merchant_id, timestamp, token, shopper_reference required) and recurring agreement cancel
 * (`POST /v3/payment/acq/recurring/cancel`; 2015 / 2016 from the transaction error codes).
 */
import { PayKkaError, invalid, refused, success, text, type Json, type Reply } from './envelope';
import type { PayKkaState } from './state';

export class Tokens {
	constructor(private readonly state: PayKkaState) {}

	remove(body: Json): Reply {
		const token = text(body, 'token', { required: true, max: 64 })!;
		const shopperReference = text(body, 'shopper_reference', { required: true, max: 64 })!;
		if (typeof body.timestamp !== 'number') throw invalid('timestamp is required');
		const record = this.state.tokens.get(token);
		if (!record || record.shopper_reference !== shopperReference) {
			throw refused(`Token ${token} does not exist for shopper_reference ${shopperReference}`);
		}
		this.state.tokens.delete(token);
		return success();
	}

	cancelAgreement(body: Json): Reply {
		const id = text(body, 'recurring_agreement_id', { required: true })!;
		const agreement = this.state.agreements.get(id);
		if (!agreement) throw new PayKkaError(200, '2015', 'Recurring payment agreement does not exist');
		if (agreement.status !== 'ACTIVE') throw new PayKkaError(200, '2016', 'Recurring payment agreement is not active');
		agreement.status = 'CANCELED';
		return success();
	}
}
