/**
 * Confirm With Gateway, the pure rules (nodes/PayKka/confirmation.ts): what each notification type
 * looks up, and when PayKKa's copy of the object contradicts it.
 */
import {
	compareWithGateway,
	confirmationTarget,
	paymentStateConfirms,
	refundStateConfirms,
	type ConfirmationTarget,
} from '../../nodes/PayKka/confirmation';

const payment = (overrides: Record<string, unknown> = {}) => ({
	notify_type: 'PAYMENT.SUCCESS',
	merchant_id: '18356675194960',
	trans_id: 't-1',
	order_id: 'GW1',
	session_id: 'CS1',
	status: 'SUCCESS',
	amount: 199,
	currency: 'EUR',
	...overrides,
});
const order = (overrides: Record<string, unknown> = {}) => ({
	merchant_id: '18356675194960',
	trans_id: 't-1',
	order_id: 'GW1',
	session_id: 'CS1',
	status: 'SUCCESS',
	amount: 199,
	currency: 'EUR',
	...overrides,
});
const refundEvent = (overrides: Record<string, unknown> = {}) => ({
	notify_type: 'REFUND.SUCCESS',
	trans_id: 'r-1',
	order_id: 'GW1',
	refund_order_id: 'RG1',
	status: 'SUCCESS',
	amount: 50,
	currency: 'EUR',
	...overrides,
});
const refund = (overrides: Record<string, unknown> = {}) => ({
	refund_trans_id: 'r-1',
	refund_order_id: 'RG1',
	ori_order_id: 'GW1',
	status: 'SUCCESS',
	amount: 50,
	currency: 'EUR',
	...overrides,
});
const dispute = (overrides: Record<string, unknown> = {}) => ({
	event_type: 'DISPUTE',
	merchant_id: '18356675194960',
	trans_id: 't-1',
	order_id: 'GW1',
	dispute_id: 'DG1',
	dispute_stage: 'DISPUTE_CREATED',
	dispute_amount: 199,
	dispute_currency: 'EUR',
	order_amount: 199,
	order_currency: 'EUR',
	...overrides,
});

const PAYMENT_BY_ORDER: ConfirmationTarget = { kind: 'payment', field: 'order_id', value: 'GW1' };
const REFUND_BY_ORDER: ConfirmationTarget = { kind: 'refund', field: 'refund_order_id', value: 'RG1' };
const DISPUTED: ConfirmationTarget = { kind: 'dispute', field: 'order_id', value: 'GW1' };

describe('confirmationTarget: what each notification looks up', () => {
	it.each([
		['a payment result by order_id', payment(), PAYMENT_BY_ORDER],
		['a payment result without order_id by trans_id', payment({ order_id: undefined }), { kind: 'payment', field: 'trans_id', value: 't-1' }],
		['a payment result with only a session_id', payment({ order_id: undefined, trans_id: '' }), { kind: 'payment', field: 'session_id', value: 'CS1' }],
		['a refund result by refund_order_id', refundEvent(), REFUND_BY_ORDER],
		['a refund result without refund_order_id by its trans_id (the refund_trans_id)', refundEvent({ refund_order_id: undefined }), { kind: 'refund', field: 'refund_trans_id', value: 'r-1' }],
		['a dispute by the disputed order_id', dispute(), DISPUTED],
	])('%s', (_name, event, expected) => {
		expect(confirmationTarget(event)).toEqual(expected);
	});

	it.each([
		['a payment result naming nothing', payment({ order_id: undefined, trans_id: undefined, session_id: undefined }), /PAYMENT.SUCCESS names no order_id/],
		['a refund result naming nothing', refundEvent({ refund_order_id: undefined, trans_id: undefined }), /REFUND.SUCCESS names no refund_order_id/],
		['a dispute naming no payment', dispute({ order_id: undefined, trans_id: undefined }), /DISPUTE names no order_id/],
		['an unknown notification type (fail closed)', { notify_type: 'PAYOUT.SUCCESS', order_id: 'GW1' }, /no lookup for notification type "PAYOUT.SUCCESS"/],
	])('no lookup for %s', (_name, event, reason) => {
		const target = confirmationTarget(event);
		expect(target).toEqual({ reason: expect.stringMatching(reason) as string });
	});
});

describe('order state rule: the event must not claim a state PayKKa does not show', () => {
	it.each([
		// Same state.
		['AUTHORIZED', 'AUTHORIZED', true],
		['SUCCESS', 'SUCCESS', true],
		['FAILURE', 'FAILURE', true],
		['CANCELED', 'CANCELED', true],
		// PayKKa moved on past a non-final claim.
		['PROCESSING', 'AUTHORIZED', true],
		['AUTHORIZED', 'SUCCESS', true],
		['AUTHORIZED', 'CANCELED', true],
		['AUTHORIZED', 'REFUNDED', true],
		['SUCCESS', 'PARTIALLY_REFUNDED', true],
		['SUCCESS', 'REFUNDED', true],
		['PARTIALLY_REFUNDED', 'REFUNDED', true],
		// The claim is ahead of PayKKa, or a final state differs.
		['AUTHORIZED', 'PROCESSING', false],
		['AUTHORIZED', 'FAILURE', false],
		['SUCCESS', 'PROCESSING', false],
		['SUCCESS', 'AUTHORIZED', false],
		['SUCCESS', 'FAILURE', false],
		['SUCCESS', 'CANCELED', false],
		['FAILURE', 'SUCCESS', false],
		['FAILURE', 'PROCESSING', false],
		['CANCELED', 'AUTHORIZED', false],
		['CANCELED', 'SUCCESS', false],
		['REFUNDED', 'PARTIALLY_REFUNDED', false],
		['REFUNDED', 'SUCCESS', false],
		// An unknown claimed state must match exactly.
		['ON_HOLD', 'ON_HOLD', true],
		['ON_HOLD', 'SUCCESS', false],
	])('event %s, PayKKa %s -> %p', (claimed, gateway, confirms) => {
		expect(paymentStateConfirms(claimed, gateway)).toBe(confirms);
	});
});

describe('refund state rule', () => {
	it.each([
		['SUCCESS', 'SUCCESS', true],
		['FAILURE', 'FAILURE', true],
		['PROCESSING', 'SUCCESS', true],
		['REVIEWING', 'FAILURE', true],
		['SUCCESS', 'PROCESSING', false],
		['SUCCESS', 'FAILURE', false],
		['FAILURE', 'SUCCESS', false],
		['FAILURE', 'REVIEWING', false],
	])('event %s, PayKKa %s -> %p', (claimed, gateway, confirms) => {
		expect(refundStateConfirms(claimed, gateway)).toBe(confirms);
	});
});

describe('compareWithGateway', () => {
	it('confirms a payment result that agrees with the order, also when PayKKa moved on (authorised, then captured)', () => {
		expect(compareWithGateway(payment(), PAYMENT_BY_ORDER, order())).toEqual({ confirmed: true });
		const authorization = payment({ notify_type: 'PAYMENT.AUTHORIZATION', status: 'AUTHORIZED' });
		expect(compareWithGateway(authorization, PAYMENT_BY_ORDER, order({ status: 'SUCCESS' }))).toEqual({ confirmed: true });
	});

	it('compares amounts exactly in minor units (numbers and digit strings alike, never floats)', () => {
		expect(compareWithGateway(payment({ amount: '199' }), PAYMENT_BY_ORDER, order({ amount: 199 }))).toEqual({ confirmed: true });
		expect(compareWithGateway(payment({ amount: 9007199254740993n.toString() }), PAYMENT_BY_ORDER, order({ amount: '9007199254740992' }))).toEqual({
			confirmed: false,
			reason: 'amount 9007199254740993 differs from PayKKa\'s 9007199254740992',
		});
		expect(compareWithGateway(payment({ amount: 1.99 }), PAYMENT_BY_ORDER, order())).toMatchObject({
			confirmed: false,
			reason: 'amount 1.99 is not a whole number of minor units',
		});
	});

	it.each([
		['a rewritten amount', payment({ amount: 1 }), order(), 'amount 1 differs from PayKKa\'s 199'],
		['a rewritten currency', payment({ currency: 'USD' }), order(), 'currency USD differs from PayKKa\'s EUR'],
		['another order behind the same trans_id', payment({ order_id: 'GW2' }), order(), 'order_id GW2 differs from PayKKa\'s GW1'],
		['another merchant', payment({ merchant_id: '1' }), order(), 'merchant_id 1 differs from PayKKa\'s 18356675194960'],
		['success claimed, PayKKa shows FAILURE', payment(), order({ status: 'FAILURE' }), 'the event claims SUCCESS, PayKKa shows the payment FAILURE'],
		['success claimed, PayKKa still AUTHORIZED', payment(), order({ status: 'AUTHORIZED' }), 'the event claims SUCCESS, PayKKa shows the payment AUTHORIZED'],
		['the status field claims more than the notify type', payment({ notify_type: 'PAYMENT.AUTHORIZATION', status: 'SUCCESS' }), order({ status: 'AUTHORIZED' }), 'the event claims SUCCESS, PayKKa shows the payment AUTHORIZED'],
		['PayKKa shows no amount', payment(), order({ amount: undefined }), 'PayKKa shows no amount to compare with 199'],
	])('refuses a payment result with %s', (_name, event, gateway, reason) => {
		expect(compareWithGateway(event, PAYMENT_BY_ORDER, gateway)).toEqual({ confirmed: false, reason });
	});

	it('lists every contradiction in the reason', () => {
		expect(compareWithGateway(payment({ amount: 1, currency: 'USD' }), PAYMENT_BY_ORDER, order())).toEqual({
			confirmed: false,
			reason: 'amount 1 differs from PayKKa\'s 199; currency USD differs from PayKKa\'s EUR',
		});
	});

	it('confirms a refund result that agrees with the refund (its trans_id is the refund_trans_id)', () => {
		expect(compareWithGateway(refundEvent(), REFUND_BY_ORDER, refund())).toEqual({ confirmed: true });
		// The refund query is not documented to return currency or ori_order_id: absent, they are not compared.
		expect(compareWithGateway(refundEvent(), REFUND_BY_ORDER, refund({ currency: undefined, ori_order_id: undefined }))).toEqual({ confirmed: true });
	});

	it.each([
		['a rewritten amount', refundEvent({ amount: 5000 }), refund(), 'amount 5000 differs from PayKKa\'s 50'],
		['a rewritten currency', refundEvent({ currency: 'USD' }), refund(), 'currency USD differs from PayKKa\'s EUR'],
		['another refund number', refundEvent({ trans_id: 'r-2' }), refund(), 'refund_trans_id r-2 differs from PayKKa\'s r-1'],
		['another payment', refundEvent({ order_id: 'GW2' }), refund(), 'order_id GW2 differs from PayKKa\'s GW1'],
		['failure claimed, PayKKa shows SUCCESS', refundEvent({ notify_type: 'REFUND.FAILURE', status: 'FAILURE' }), refund(), 'the event claims FAILURE, PayKKa shows the refund SUCCESS'],
		['success claimed, PayKKa still PROCESSING', refundEvent(), refund({ status: 'PROCESSING' }), 'the event claims SUCCESS, PayKKa shows the refund PROCESSING'],
	])('refuses a refund result with %s', (_name, event, gateway, reason) => {
		expect(compareWithGateway(event, REFUND_BY_ORDER, gateway)).toEqual({ confirmed: false, reason });
	});

	it('confirms a dispute on a captured payment it describes; the dispute amount itself is not compared', () => {
		expect(compareWithGateway(dispute({ dispute_amount: 50 }), DISPUTED, order())).toEqual({ confirmed: true });
		expect(compareWithGateway(dispute(), DISPUTED, order({ status: 'PARTIALLY_REFUNDED' }))).toEqual({ confirmed: true });
	});

	it.each([
		['a rewritten order_amount', dispute({ order_amount: 99 }), order(), 'order_amount 99 differs from PayKKa\'s 199'],
		['a rewritten order_currency', dispute({ order_currency: 'GBP' }), order(), 'order_currency GBP differs from PayKKa\'s EUR'],
		['a payment that never captured money', dispute(), order({ status: 'FAILURE' }), 'a dispute needs a captured payment, PayKKa shows the payment FAILURE'],
		['an authorised-only payment', dispute(), order({ status: 'AUTHORIZED' }), 'a dispute needs a captured payment, PayKKa shows the payment AUTHORIZED'],
	])('refuses a dispute with %s', (_name, event, gateway, reason) => {
		expect(compareWithGateway(event, DISPUTED, gateway)).toEqual({ confirmed: false, reason });
	});
});
