/**
 * Payment > Create (merchant-initiated: a saved card token, or a subsequent recurring payment) and
 * Token > Get, on v3 and v1.2, inside WorkflowExecute against the independent sandbox: a stored token
 * charged twice with two references is two payments, the same reference twice is one, a charge that
 * needs 3-D Secure is surfaced as requires_action, and card numbers are never a field of the node.
 */
import { PayKka } from '../../nodes/PayKka/PayKka.node';
import { startPayKkaSandbox, type ApiVersion, type PayKkaSandbox } from '../../sandbox/paykka/server';
import { completeSession, runPayKka, storedToken, unique } from './fixture';

let sandbox: PayKkaSandbox;

beforeAll(async () => (sandbox = await startPayKkaSandbox({ timeScale: 0.00001, maxWebhookAttempts: 1 })));
afterAll(async () => await sandbox.close());

describe.each<ApiVersion>(['v3', 'v1.2'])('Payment > Create and Token > Get on %s', (version) => {
	const merchantId = () => sandbox.merchantOn(version)!.merchantId;
	const credentials = () => ({ apiVersion: version, merchantId: merchantId(), appId: '', verifyResponses: true });
	const paths = version === 'v3' ? { create: '/v3/payment/acq', query: '/v3/payment/acq/query' } : { create: '/payments', query: '/payments/query' };

	async function charge(parameters: Record<string, unknown>) {
		return await runPayKka(sandbox, { resource: 'payment', operation: 'create', amount: '9.99', currency: 'EUR', ...parameters }, { credentials: credentials() });
	}
	const ordersOf = (transIds: string[]) => [...sandbox.orders.values()].filter((order) => transIds.includes(order.trans_id));

	it('a stored token charged twice with two references = two payments; the same reference twice = one', async () => {
		const shopper = unique('shopper');
		const token = await storedToken(sandbox, merchantId(), shopper);
		const [first, second] = [unique('renew'), unique('renew')];
		const sent = sandbox.recordedRequests.length;
		const one = await charge({ chargeType: 'token', token, shopperReference: shopper, transId: first });
		expect(one.error).toBeUndefined();
		expect(one.items[0].json).toMatchObject({ trans_id: first, status: 'SUCCESS', normalizedStatus: 'paid', amount: 999, token, shopper_reference: shopper });
		const body = JSON.parse(sandbox.recordedRequests[sandbox.recordedRequests.length - 1].rawBody) as Record<string, unknown>;
		expect(sandbox.recordedRequests.slice(sent).map((request) => request.path)).toEqual([paths.query, paths.create]);
		expect(body).toMatchObject({
			merchant_id: merchantId(),
			payment_type: 'PURCHASE',
			authorisation_type: 'FINAL_AUTH',
			capture_method: 'AUTOMATIC',
			trans_id: first,
			amount: 999,
			currency: 'EUR',
			payment: { payment_method: 'BANKCARD', token, shopper_reference: shopper },
		});
		expect(JSON.stringify(body)).not.toMatch(/card_no|cvv|exp_year/);
		expect((await charge({ chargeType: 'token', token, shopperReference: shopper, transId: second })).items[0].json.status).toBe('SUCCESS');
		expect(ordersOf([first, second])).toHaveLength(2);

		const again = sandbox.recordedRequests.length;
		const rerun = await charge({ chargeType: 'token', token, shopperReference: shopper, transId: first });
		expect(rerun.items[0].json.order_id).toBe(one.items[0].json.order_id);
		expect(sandbox.recordedRequests.slice(again).map((request) => request.path)).toEqual([paths.query]);
		expect(ordersOf([first, second])).toHaveLength(2);

		const changed = await charge({ chargeType: 'token', token, shopperReference: shopper, transId: first, amount: '5.00' });
		expect(changed.error?.message).toMatch(/already has a payment of 999 EUR/);
		expect(ordersOf([first, second])).toHaveLength(2);
	});

	it('a token whose card needs 3-D Secure is surfaced as requires_action, not success', async () => {
		const shopper = unique('shopper');
		const token = await storedToken(sandbox, merchantId(), shopper, '4000000000003220');
		const result = await charge({ chargeType: 'token', token, shopperReference: shopper, transId: unique('3ds') });
		expect(result.error).toBeUndefined();
		const payment = result.items[0].json;
		expect(payment).toMatchObject({ status: 'PROCESSING', normalizedStatus: 'requires_action', requiresAction: true });
		expect(String(payment.authenticationUrl)).toBe(`${sandbox.url}/3ds/${String(payment.order_id)}`);
	});

	it('a subsequent recurring payment: payment_type RECURRING, mit true, recurring_agreement_id; a cancelled agreement is refused (2016)', async () => {
		const session = await runPayKka(
			sandbox,
			{ resource: 'checkoutSession', operation: 'create', transId: unique('first'), amount: '9.99', currency: 'EUR', returnUrl: 'https://shop.example.com/r', paymentType: 'RECURRING', options: { shopperReference: 'sub-1', storePaymentMethod: true, tokenUsage: 'SUBSCRIPTION' } },
			{ credentials: credentials() },
		);
		const first = (await completeSession(sandbox, String(session.items[0].json.session_id))).json;
		const agreement = first.recurring_agreement_id;
		const transId = unique('month2');
		const next = await charge({ chargeType: 'recurring', recurringAgreementId: agreement, transId, options: { recurringShopperReference: 'sub-1', notifyUrl: 'https://n8n.example.com/webhook/x' } });
		expect(next.error).toBeUndefined();
		expect(next.items[0].json).toMatchObject({ trans_id: transId, payment_type: 'RECURRING', recurring_agreement_id: agreement, normalizedStatus: 'paid' });
		const body = JSON.parse(sandbox.recordedRequests[sandbox.recordedRequests.length - 1].rawBody) as Record<string, unknown>;
		expect(body).toMatchObject({ payment_type: 'RECURRING', mit: true, recurring_agreement_id: agreement, payment: { payment_method: 'BANKCARD', shopper_reference: 'sub-1' } });

		const tokens = await runPayKka(sandbox, { resource: 'token', operation: 'get', shopperReference: 'sub-1', token: first.token }, { credentials: credentials() });
		expect(tokens.items[0].json).toMatchObject({ shopper_reference: 'sub-1', count: 1, tokens: [{ token: first.token, token_usage: 'SUBSCRIPTION' }] });

		await runPayKka(sandbox, { resource: 'recurringAgreement', operation: 'cancel', recurringAgreementId: agreement }, { credentials: credentials() });
		const refused = await charge({ chargeType: 'recurring', recurringAgreementId: agreement, transId: unique('month3') });
		expect(refused.error?.message).toMatch(/not active/);
	});

	it('Token > Get of a shopper without tokens: count 0', async () => {
		const result = await runPayKka(sandbox, { resource: 'token', operation: 'get', shopperReference: unique('nobody') }, { credentials: credentials() });
		expect(result.items[0].json).toMatchObject({ count: 0, tokens: [] });
	});
});

describe('Payment > Create never takes card data', () => {
	it('has no card number, expiry or CVV field, and says so', () => {
		const properties = new PayKka().description.properties.filter((property) => property.displayOptions?.show?.operation?.includes('create') && property.displayOptions?.show?.resource?.includes('payment'));
		const names = JSON.stringify(properties.map((property) => [property.name, property.options ?? []]));
		expect(names).not.toMatch(/card_?no|cardNumber|cvv|exp_?(year|month)|encrypted/i);
		expect(properties.find((property) => property.type === 'notice')?.displayName).toMatch(/never takes card numbers, plain or encrypted/);
	});

	it('the sandbox refuses card numbers for this merchant (1008)', async () => {
		const { signedPost } = await import('./fixture');
		const reply = await signedPost(sandbox, '/v3/payment/acq', { payment_type: 'PURCHASE', trans_id: unique('pan'), amount: 100, currency: 'EUR', payment: { card_no: '4242424242424242' } });
		expect(reply.json.ret_code).toBe('1008');
	});
});
