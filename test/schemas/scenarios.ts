/**
 * One run of every operation of each action node against its own sandbox, through n8n-core's
 * WorkflowExecute (test/harness/workflow.ts), keeping every output item by resource/operation.
 * Used by output-schemas.test.ts to check the shipped __schema__ files against real output.
 */
import type { ICredentialDataDecryptedObject, ICredentialType, IDataObject, INodeType } from 'n8n-workflow';

import { CashyApi } from '../../credentials/CashyApi.credentials';
import { IronixPayApi } from '../../credentials/IronixPayApi.credentials';
import { PayKkaApi } from '../../credentials/PayKkaApi.credentials';
import { PinddpayApi } from '../../credentials/PinddpayApi.credentials';
import { Cashy } from '../../nodes/Cashy/Cashy.node';
import { IronixPay } from '../../nodes/IronixPay/IronixPay.node';
import { PayKka } from '../../nodes/PayKka/PayKka.node';
import { Pinddpay } from '../../nodes/Pinddpay/Pinddpay.node';
import { CASHY_TEST_API_KEY, CASHY_TEST_MERCHANT_ID, startCashySandbox } from '../../sandbox/cashy/server';
import { startIronixPaySandbox } from '../../sandbox/ironixpay/server';
import { startPayKkaSandbox, type PayKkaSandbox } from '../../sandbox/paykka/server';
import { PINDDPAY_TEST_ACCESS_KEY, PINDDPAY_TEST_SECRET, startPinddpaySandbox } from '../../sandbox/pinddpay/server';
import { PAYOUT, PSE_PAYIN } from '../cashy/fixture';
import { runNode } from '../harness/workflow';
import { MERCHANT_PRIVATE_KEY } from '../paykka/fixture';

/** Output items of every run, by "resource/operation". */
export type Outputs = Map<string, IDataObject[]>;

export interface GatewayScenario {
	/** The folder under nodes/ holding the node and its __schema__. */
	folder: string;
	node: INodeType;
	/** Runs every operation at least once; resolves to their outputs. */
	runAll: () => Promise<Outputs>;
}

type Run = (parameters: IDataObject) => Promise<IDataObject[]>;
/** Credential fields laid over the scenario's own for the runs that follow. */
type UseCredentials = (overrides: ICredentialDataDecryptedObject) => void;

/** Starts a sandbox, runs `steps` through the node, and always closes the sandbox. */
async function withSandbox<S extends { close: () => Promise<void> }>(
	start: () => Promise<S>,
	node: () => INodeType,
	credentialType: ICredentialType,
	credentials: (sandbox: S) => ICredentialDataDecryptedObject,
	steps: (run: Run, sandbox: S, useCredentials: UseCredentials) => Promise<void>,
): Promise<Outputs> {
	const sandbox = await start();
	const outputs: Outputs = new Map();
	let overrides: ICredentialDataDecryptedObject = {};
	const run: Run = async (parameters) => {
		const result = await runNode({
			node: node(),
			credentialType,
			credentials: { ...credentials(sandbox), ...overrides },
			parameters: parameters as never,
		});
		if (result.error) throw new Error(`${String(parameters.resource)}/${String(parameters.operation)}: ${result.error.message}`);
		const items = result.items.map((item) => item.json);
		const key = `${String(parameters.resource)}/${String(parameters.operation)}`;
		outputs.set(key, [...(outputs.get(key) ?? []), ...items]);
		return items;
	};
	try {
		await steps(run, sandbox, (next) => (overrides = next));
	} finally {
		await sandbox.close();
	}
	return outputs;
}

async function post(url: string, body: IDataObject = {}): Promise<IDataObject> {
	const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
	if (response.status >= 300) throw new Error(`${url}: HTTP ${response.status}`);
	return (await response.json()) as IDataObject;
}

const TRON_ADDRESS = 'TQFEyGNzHZAJmebJUvsoZvJghHm2yNhXAD';

export const ironixPay: GatewayScenario = {
	folder: 'IronixPay',
	node: new IronixPay(),
	runAll: async () =>
		await withSandbox(
			async () => await startIronixPaySandbox({ rateLimitPerMinute: 60_000, rateLimitBurst: 1_000, initialBalance: '1000' }),
			() => new IronixPay(),
			new IronixPayApi(),
			(sandbox) => ({ environment: 'custom', baseUrl: sandbox.url, secretKey: sandbox.options.secretKey, webhookSecret: sandbox.options.webhookSecret }),
			async (run, sandbox) => {
				const session = { resource: 'checkoutSession', operation: 'create', pricingCurrency: 'USDT', currency: 'USDT', network: 'TRON' };
				const [pending] = await run({ ...session, clientReferenceId: 'schema-1', pricingAmount: '10.50' });
				const [paid] = await run({ ...session, clientReferenceId: 'schema-2', pricingAmount: '20', options: { successUrl: 'https://shop.example/ok' } });
				await run({ ...session, clientReferenceId: 'schema-3', pricingAmount: '1500', pricingCurrency: 'JPY' });
				await post(`${sandbox.url}/_sandbox/sessions/${String(paid.id)}/pay`, { amount: '20' });
				await run({ resource: 'checkoutSession', operation: 'get', sessionId: paid.id });
				await run({ resource: 'checkoutSession', operation: 'get', sessionId: pending.id });
				await run({ resource: 'checkoutSession', operation: 'getAll', returnAll: true });

				await run({ resource: 'subMerchant', operation: 'create', subMerchantCode: 'shop_schema', displayName: 'Schema Shop' });
				await run({ resource: 'subMerchant', operation: 'get', subMerchantCode: 'shop_schema' });
				await run({ resource: 'subMerchant', operation: 'getAll', returnAll: true });

				const payout = { resource: 'payout', operation: 'create', currency: 'USDT', network: 'TRON', toAddress: TRON_ADDRESS };
				await post(`${sandbox.url}/_sandbox/balance`, { currency: 'USDT', amount: '100', sub_merchant_code: 'shop_schema' });
				const [first] = await run({ ...payout, reference: 'schema-po-1', amount: '25.00', options: { description: 'invoice' } });
				await run({ ...payout, reference: 'schema-po-2', amount: '12.00', options: { subMerchantCode: 'shop_schema' } });
				await post(`${sandbox.url}/_sandbox/payouts/${String(first.id)}/complete`);
				await run({ resource: 'payout', operation: 'get', payoutId: first.id });
				await run({ resource: 'payout', operation: 'getAll', returnAll: true });

				await run({ resource: 'subMerchant', operation: 'update', subMerchantCode: 'shop_schema', updateFields: { status: 'suspended' } });
			},
		),
};

export const payKka: GatewayScenario = {
	folder: 'PayKka',
	node: new PayKka(),
	runAll: async () =>
		await withSandbox(
			async () => await startPayKkaSandbox({ timeScale: 0.00001, maxWebhookAttempts: 1 }),
			() => new PayKka(),
			new PayKkaApi(),
			(sandbox) => ({
				environment: 'custom',
				baseUrl: sandbox.url,
				merchantId: sandbox.merchantId,
				appId: sandbox.appId,
				privateKey: MERCHANT_PRIVATE_KEY,
				platformPublicKey: sandbox.platformPublicKeyPem,
			}),
			async (run, sandbox, useCredentials) => {
				// Both API versions the credential offers: their answers are read into the same output.
				for (const [prefix, credentials] of [
					['v3-', {}],
					['v12-', { apiVersion: 'v1.2', merchantId: sandbox.merchantOn('v1.2')!.merchantId, appId: '' }],
				] as const) {
					useCredentials(credentials);
					await payKkaOperations(run, sandbox, prefix);
				}
			},
		),
};

async function payKkaOperations(run: Run, sandbox: PayKkaSandbox, prefix: string): Promise<void> {
				const paidOrder = async (transId: string, extra: IDataObject = {}) => {
					const [session] = await run({
						resource: 'checkoutSession',
						operation: 'create',
						transId,
						amount: '12.50',
						currency: 'EUR',
						returnUrl: 'https://shop.example.com/return',
						...extra,
					});
					const order = await post(`${sandbox.url}/_sandbox/sessions/${String(session.session_id)}/complete`, { card_number: '4242424242424242' });
					return { session, order };
				};
				const { session, order } = await paidOrder(`${prefix}schema-order-1`, {
					paymentType: 'RECURRING',
					options: { shopperReference: `${prefix}shopper`, storePaymentMethod: true, tokenUsage: 'SUBSCRIPTION' },
				});
				// A reference seen before is answered from the gateway's record (exactly once).
				await run({ resource: 'checkoutSession', operation: 'create', transId: `${prefix}schema-order-1`, amount: '12.50', currency: 'EUR', returnUrl: 'https://shop.example.com/return', paymentType: 'RECURRING', options: { shopperReference: `${prefix}shopper`, storePaymentMethod: true, tokenUsage: 'SUBSCRIPTION' } });
				await run({ resource: 'checkoutSession', operation: 'get', sessionId: session.session_id });
				await run({ resource: 'payment', operation: 'get', lookupBy: 'orderId', lookupValue: order.order_id });
				const [refund] = await run({ resource: 'refund', operation: 'create', refundTransId: `${prefix}schema-refund-1`, orderId: order.order_id, amount: '1.00', currency: 'EUR' });
				await run({ resource: 'refund', operation: 'create', refundTransId: `${prefix}schema-refund-1`, orderId: order.order_id, amount: '1.00', currency: 'EUR' });
				await run({ resource: 'refund', operation: 'get', lookupBy: 'refundTransId', lookupValue: refund.refund_trans_id });
				const charge = {
					resource: 'payment',
					operation: 'create',
					chargeType: 'token',
					token: order.token,
					shopperReference: `${prefix}shopper`,
					transId: `${prefix}schema-mit-1`,
					amount: '3.00',
					currency: 'EUR',
				};
				await run(charge);
				await run(charge);
				await run({ resource: 'token', operation: 'get', shopperReference: `${prefix}shopper`, token: order.token });
				await run({ resource: 'token', operation: 'delete', token: order.token, shopperReference: `${prefix}shopper` });
				await run({ resource: 'recurringAgreement', operation: 'cancel', recurringAgreementId: order.recurring_agreement_id });

				const manual = (await paidOrder(`${prefix}schema-order-2`, { captureMethod: 'MANUAL' })).order;
				// Run twice: the second is answered from the order the exactly-once lookup finds.
				await run({ resource: 'payment', operation: 'capture', orderId: manual.order_id, amount: '5.00', currency: 'EUR' });
				await run({ resource: 'payment', operation: 'capture', orderId: manual.order_id, amount: '5.00', currency: 'EUR' });
				const voided = (await paidOrder(`${prefix}schema-order-3`, { captureMethod: 'MANUAL' })).order;
				await run({ resource: 'payment', operation: 'void', orderId: voided.order_id, reason: 'DUPLICATE' });
				await run({ resource: 'payment', operation: 'void', orderId: voided.order_id, reason: 'DUPLICATE' });
}

export const pinddpay: GatewayScenario = {
	folder: 'Pinddpay',
	node: new Pinddpay(),
	runAll: async () =>
		await withSandbox(
			async () => await startPinddpaySandbox({ initialBalances: { USD: '100.00', JPY: '50000' } }),
			() => new Pinddpay(),
			new PinddpayApi(),
			(sandbox) => ({ environment: 'custom', baseUrl: sandbox.url, appId: '', accessKey: PINDDPAY_TEST_ACCESS_KEY, secret: PINDDPAY_TEST_SECRET }),
			async (run, sandbox) => {
				const order = {
					resource: 'payIn',
					currency: 'USD',
					amount: '1.99',
					productName: 'VIP',
					quantity: 1,
					notifyUrl: 'https://example.com/callback',
				};
				await run({ ...order, operation: 'createOrderSession', orderId: 'SCHEMA-SESSION-1' });
				await run({ ...order, operation: 'createOrderSession', orderId: 'SCHEMA-SESSION-1' });
				const [transaction] = await run({
					...order,
					operation: 'createTransaction',
					orderId: 'SCHEMA-TX-1',
					subscription: { planId: 'plan-1', description: 'monthly', interval: 'month', intervalCount: 1, billingCycle: 12 },
				});
				await run({ resource: 'payIn', operation: 'getTransaction', id: transaction.id });
				const record = sandbox.orders.get(transaction.id as string)!;
				await post(`${sandbox.url}/_sandbox/orders/${record.id}/pay`);
				await run({ resource: 'payIn', operation: 'getTransaction', id: transaction.id });

				const payout = { resource: 'payout', operation: 'create', currency: 'USD', payoutAccount: 'payee@example.com', gateway: 'paypal' };
				await run({ ...payout, orderNo: 'SCHEMA-PO-1', amount: '1.99' });
				await run({ ...payout, orderNo: 'SCHEMA-PO-1', amount: '1.99' });
				await run({ resource: 'payout', operation: 'getBalance' });
				await run({ resource: 'subscription', operation: 'cancel', contractId: record.contractId, planId: 'plan-1' });
			},
		),
};

export const cashy: GatewayScenario = {
	folder: 'Cashy',
	node: new Cashy(),
	runAll: async () =>
		await withSandbox(
			async () => await startCashySandbox({ port: 0, timeScale: 0.0001 }),
			() => new Cashy(),
			new CashyApi(),
			(sandbox) => ({ environment: 'custom', baseUrl: sandbox.url, merchantId: CASHY_TEST_MERCHANT_ID, secretKey: CASHY_TEST_API_KEY }),
			async (run, sandbox) => {
				// The fixture's valid pay-in, with a 30000.5 amount (a decimal the schema must allow).
				const payInParameters = { ...PSE_PAYIN, mchOrderNo: 'schema-payin-1', amount: '30000.5', notifyUrl: 'http://127.0.0.1:9/cashy' };
				const [payIn] = await run(payInParameters);
				await run(payInParameters);
				await post(`${sandbox.url}/_sandbox/payin/${String(payIn.orderNo)}/succeed`);
				await run({ resource: 'payIn', operation: 'get', orderNo: payIn.orderNo });
				const payoutParameters = { ...PAYOUT, mchOrderNo: 'schema-payout-1', amount: '50000', notifyUrl: 'http://127.0.0.1:9/cashy' };
				const [payout] = await run(payoutParameters);
				await run(payoutParameters);
				await run({ resource: 'payout', operation: 'get', mchOrderNo: payout.mchOrderNo });
				await run({ resource: 'balance', operation: 'get' });
				await run({ resource: 'bankList', operation: 'get', list: 'payout' });
				await run({ resource: 'bankList', operation: 'get', list: 'payIn' });
			},
		),
};

export const SCENARIOS: GatewayScenario[] = [ironixPay, payKka, pinddpay, cashy];
