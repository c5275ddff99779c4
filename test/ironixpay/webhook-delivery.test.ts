import { IronixPayApi } from '../../credentials/IronixPayApi.credentials';
import { IronixPayTrigger } from '../../nodes/IronixPay/IronixPayTrigger.node';
import {
	IRONIXPAY_TEST_WEBHOOK_SECRET,
	startIronixPaySandbox,
	type IronixPaySandbox,
} from '../../sandbox/ironixpay/server';
import { startTriggerHost, type TriggerHost } from '../harness/webhook';

async function post(url: string, body: object = {}, headers: Record<string, string> = {}) {
	const response = await fetch(url, {
		method: 'POST',
		headers: { 'content-type': 'application/json', ...headers },
		body: JSON.stringify(body),
	});
	return (await response.json()) as Record<string, unknown>;
}

describe('IronixPay sandbox -> trigger, signed deliveries over real HTTP', () => {
	let sandbox: IronixPaySandbox;
	let host: TriggerHost;

	async function startWithSecret(webhookSecret: string) {
		sandbox = await startIronixPaySandbox({ timeScale: 0.0001, rateLimitBurst: 1000 });
		host = await startTriggerHost({
			node: new IronixPayTrigger(),
			credentialType: new IronixPayApi(),
			credentials: { environment: 'custom', baseUrl: sandbox.url, secretKey: sandbox.options.secretKey, webhookSecret },
			parameters: { events: ['*'] },
		});
		await post(`${sandbox.url}/_sandbox/webhook-endpoint`, { url: host.url });
	}

	async function createPaidSession(reference: string) {
		const session = await post(
			`${sandbox.url}/v1/checkout/sessions`,
			{ pricing_amount: '12.5', pricing_currency: 'USDT', currency: 'USDT', network: 'TRON', client_reference_id: reference },
			{ authorization: `Bearer ${sandbox.options.secretKey}` },
		);
		await post(`${sandbox.url}/_sandbox/sessions/${String(session.id)}/pay`, { amount: '12.5' });
		return session;
	}

	afterEach(async () => {
		await host.close();
		await sandbox.close();
	});

	it('delivers session.completed once, and a redelivery starts nothing new', async () => {
		await startWithSecret(IRONIXPAY_TEST_WEBHOOK_SECRET);
		const session = await createPaidSession('order-hook-1');
		await sandbox.dispatcher.idle();

		expect(sandbox.events).toHaveLength(1);
		const [event] = sandbox.events;
		expect(host.executions).toHaveLength(1);
		expect(host.executions[0][0].json).toMatchObject({
			id: event.id,
			event_type: 'session.completed',
			normalizedStatus: 'paid',
			data: { id: session.id, status: 'Paid', client_reference_id: 'order-hook-1' },
		});
		expect(sandbox.dispatcher.status(event.id)).toBe('delivered');

		await post(`${sandbox.url}/_sandbox/webhooks/${event.id}/redeliver`);
		await sandbox.dispatcher.idle();
		expect(host.executions).toHaveLength(1);
		expect(sandbox.dispatcher.attemptsFor(event.id).map((attempt) => attempt.statusCode)).toEqual([200, 200]);
	});

	it('delivers payout.completed with the payout status normalised', async () => {
		await startWithSecret(IRONIXPAY_TEST_WEBHOOK_SECRET);
		const payout = await post(
			`${sandbox.url}/v1/payouts`,
			{ amount: '20', currency: 'USDT', network: 'TRON', to_address: 'TQFEyGNzHZAJmebJUvsoZvJghHm2yNhXAD' },
			{ authorization: `Bearer ${sandbox.options.secretKey}`, 'idempotency-key': 'hook-payout-1' },
		);
		await post(`${sandbox.url}/_sandbox/payouts/${String(payout.id)}/complete`);
		await sandbox.dispatcher.idle();
		expect(host.executions).toHaveLength(1);
		expect(host.executions[0][0].json).toMatchObject({ event_type: 'payout.completed', normalizedStatus: 'paid' });
	});

	it('answers 401 to every attempt when the secrets differ, so IronixPay retries and gives up; nothing runs', async () => {
		await startWithSecret(`whsec_${'ab'.repeat(32)}`);
		await createPaidSession('order-hook-2');
		await sandbox.dispatcher.idle(20_000);
		const [event] = sandbox.events;
		const attempts = sandbox.dispatcher.attemptsFor(event.id);
		expect(attempts).toHaveLength(5);
		expect(attempts.every((attempt) => attempt.statusCode === 401)).toBe(true);
		expect(sandbox.dispatcher.status(event.id)).toBe('giving_up');
		expect(host.executions).toHaveLength(0);
	});
});

