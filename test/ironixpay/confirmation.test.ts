/**
 * Confirm With Gateway rules for IronixPay (pure): which object an event names and when IronixPay's
 * own copy contradicts it.
 */
import { compareDecimal, contradiction, lookupTarget, statusContradiction } from '../../nodes/IronixPay/confirmation';

const session = (data: Record<string, unknown> = {}, eventType = 'session.completed') => ({
	id: 'evt_1',
	event_type: eventType,
	data: { object: 'checkout_session', id: 'cs_abc', amount: '10.5', amount_received: '10.5', currency: 'USDT', network: 'TRON', status: 'Paid', ...data },
});
const gatewaySession = (fields: Record<string, unknown> = {}) => ({
	id: 'cs_abc',
	amount: '10.5',
	amount_received: '10.5',
	currency: 'USDT',
	network: 'TRON',
	status: 'Paid',
	...fields,
});
const payout = (data: Record<string, unknown> = {}, eventType = 'payout.completed') => ({
	id: 'evt_2',
	event_type: eventType,
	data: { object: 'payout', id: 'po_abc', amount: '25', currency: 'USDT', network: 'TRON', status: 'Completed', ...data },
});
const SESSION = { kind: 'checkout_session' as const, id: 'cs_abc' };
const PAYOUT = { kind: 'payout' as const, id: 'po_abc' };

describe('lookupTarget', () => {
	it.each([
		['session.completed', 'checkout_session', 'cs_abc'],
		['session.expired', 'checkout_session', 'cs_abc'],
		['session.blocked', 'checkout_session', 'cs_abc'],
		['session.resolved', 'checkout_session', 'cs_abc'],
		// An undocumented session.* type is still a session the API serves.
		['session.underpaid', 'checkout_session', 'cs_abc'],
	])('%s looks up the checkout session', (eventType, kind, id) => {
		expect(lookupTarget(session({}, eventType))).toEqual({ kind, id });
	});

	it.each(['payout.completed', 'payout.failed'])('%s looks up the payout', (eventType) => {
		expect(lookupTarget(payout({}, eventType))).toEqual({ kind: 'payout', id: 'po_abc' });
	});

	it('fails closed for event types without a lookup API, naming it', () => {
		expect(lookupTarget({ event_type: 'withdrawal.completed', data: { id: 'wd_1' } })).toEqual({
			reason: 'IronixPay has no API to look up the object of withdrawal.completed events',
		});
	});

	it.each([
		['a missing id', { id: undefined }],
		['a payout id in a session event', { id: 'po_abc' }],
		['a path in the id', { id: 'cs_abc/../../v1/payouts' }],
		['a non-string id', { id: 12 }],
	])('refuses %s (nothing else goes into the request path)', (_name, data) => {
		expect(lookupTarget(session(data))).toHaveProperty('reason');
	});

	it('refuses an event whose data.object is not the event type\'s object', () => {
		expect(lookupTarget(session({ object: 'payout' }))).toEqual({
			reason: 'session.completed event carries a payout object, expected checkout_session',
		});
	});
});

describe('contradiction: amount, currency, id', () => {
	it('confirms an event that matches, amounts compared as exact decimals', () => {
		expect(contradiction(session(), SESSION, gatewaySession())).toBeUndefined();
		expect(contradiction(session({ amount: '10.50' }), SESSION, gatewaySession())).toBeUndefined();
		expect(contradiction(payout(), PAYOUT, { id: 'po_abc', amount: '25.00', currency: 'USDT', network: 'TRON', status: 'Completed' })).toBeUndefined();
	});

	it.each([
		['a rewritten amount', { amount: '1000.5' }, 'checkout session cs_abc is for 10.5 at IronixPay, not 1000.5'],
		['an amount one micro-unit off', { amount: '10.500001' }, 'checkout session cs_abc is for 10.5 at IronixPay, not 10.500001'],
		['an amount as a JSON number', { amount: 10.5 }, 'the event states no amount for checkout session cs_abc'],
		['a rewritten currency', { currency: 'USDC' }, 'checkout session cs_abc is in USDT at IronixPay, not USDC'],
		['another network', { network: 'BSC' }, 'checkout session cs_abc is on TRON at IronixPay, not BSC'],
		['more received than IronixPay saw', { amount_received: '11' }, 'checkout session cs_abc has received 10.5 at IronixPay, not 11'],
		['no status', { status: undefined }, 'the event states no status for checkout session cs_abc'],
		['no currency', { currency: undefined }, 'the event states no currency for checkout session cs_abc'],
	])('refuses %s', (_name, data, reason) => {
		expect(contradiction(session(data), SESSION, gatewaySession())).toBe(reason);
	});

	it('accepts less received in the event than IronixPay shows now (money received is never taken back)', () => {
		expect(contradiction(session({ amount_received: '10' }), SESSION, gatewaySession())).toBeUndefined();
	});

	it('refuses a gateway answer for another object', () => {
		expect(contradiction(session(), SESSION, gatewaySession({ id: 'cs_other' }))).toBe('IronixPay answered with another object for checkout session cs_abc');
	});
});

describe('statusContradiction: per event type', () => {
	it.each([
		// event type, claimed, IronixPay shows, verdict (undefined = confirmed)
		['session.completed', 'Paid', 'Paid', undefined],
		['session.completed', 'Overpaid', 'Overpaid', undefined],
		['session.completed', 'Paid', 'Pending', 'checkout session is Pending at IronixPay, not Paid'],
		['session.completed', 'Paid', 'Expired', 'checkout session is Expired at IronixPay, not Paid'],
		['session.completed', 'Paid', 'Overpaid', 'checkout session is Overpaid at IronixPay, not Paid'],
		['session.completed', 'Expired', 'Expired', 'a session.completed event cannot claim status Expired'],
		['session.expired', 'Expired', 'Expired', undefined],
		// Terminal: a later Accept in the Resolution Center is announced by session.resolved.
		['session.expired', 'Expired', 'Paid', 'checkout session is Paid at IronixPay, not Expired'],
		['session.blocked', 'Blocked', 'Blocked', undefined],
		['session.blocked', 'Blocked', 'Pending', 'checkout session is Pending at IronixPay, not Blocked'],
		['session.resolved', 'Paid', 'Paid', undefined],
		['session.resolved', 'Overpaid', 'Paid', 'checkout session is Paid at IronixPay, not Overpaid'],
		// Non-terminal claims of an undocumented event type: a later state is not a contradiction.
		['session.underpaid', 'Underpaid', 'Paid', undefined],
		['session.underpaid', 'Underpaid', 'Expired', undefined],
		['session.underpaid', 'Underpaid', 'Pending', 'checkout session is Pending at IronixPay, not Underpaid'],
		['session.pending', 'Pending', 'Blocked', undefined],
		['session.completed', 'Settled', 'Paid', 'a session.completed event cannot claim status Settled'],
		['session.other', 'Settled', 'Paid', 'Settled is not a checkout session status'],
	])('%s claiming %s, IronixPay %s', (eventType, claimed, actual, verdict) => {
		expect(statusContradiction(eventType, 'checkout_session', claimed, actual)).toBe(verdict);
	});

	it.each([
		['payout.completed', 'Completed', 'Completed', undefined],
		['payout.completed', 'Completed', 'Failed', 'payout is Failed at IronixPay, not Completed'],
		['payout.completed', 'Completed', 'Processing', 'payout is Processing at IronixPay, not Completed'],
		['payout.failed', 'Failed', 'Failed', undefined],
		['payout.failed', 'Failed', 'Completed', 'payout is Completed at IronixPay, not Failed'],
		['payout.failed', 'Completed', 'Completed', 'a payout.failed event cannot claim status Completed'],
		['payout.processing', 'Processing', 'Completed', undefined],
		['payout.processing', 'Processing', 'Failed', undefined],
		['payout.processing', 'Processing', 'Pending', 'payout is Pending at IronixPay, not Processing'],
		['payout.approval', 'PendingApproval', 'Cancelled', undefined],
		['payout.completed', 'Completed', undefined, 'IronixPay shows no status for payout'],
	])('%s claiming %s, IronixPay %s', (eventType, claimed, actual, verdict) => {
		expect(statusContradiction(eventType, 'payout', claimed, actual)).toBe(verdict);
	});
});

describe('compareDecimal', () => {
	it.each([
		['10.5', '10.50', 0],
		['10', '10.000000', 0],
		['0.1', '0.2', -1],
		['100000000000000000000.000001', '100000000000000000000', 1],
		['9.99', '10', -1],
	])('%s vs %s', (a, b, order) => {
		expect(compareDecimal(a, b)).toBe(order);
	});

	it.each([[10.5, '10.5'], ['1e3', '1000'], ['-1', '1'], ['', '0'], [' 1', '1'], ['1.', '1']])('%p is not a plain decimal', (a, b) => {
		expect(compareDecimal(a, b)).toBeUndefined();
	});
});
