/* eslint-disable @n8n/community-nodes/no-restricted-globals */
import { IronixPayApi } from '../../credentials/IronixPayApi.credentials';
import { IronixPayTrigger } from '../../nodes/IronixPay/IronixPayTrigger.node';
import { computeSignature } from '../../nodes/IronixPay/signature';
import { UNANSWERED_RELEASE_MS } from '../../nodes/shared/webhook';
import { IRONIXPAY_TEST_WEBHOOK_SECRET as SECRET } from '../../sandbox/ironixpay/server';
import { startTriggerHost, type TriggerHost } from '../harness/webhook';

const credentials = { environment: 'sandbox', secretKey: 'sk_test_unused', webhookSecret: SECRET };
const sleep = async (ms: number) => await new Promise((resolve) => setTimeout(resolve, ms));

function delivery(id: string) {
	const timestamp = String(Math.floor(Date.now() / 1000));
	const body = JSON.stringify({ id, event_type: 'payout.completed', created: Number(timestamp), data: { object: 'payout', id: 'po_1', status: 'Completed' } });
	return { body, headers: { 'content-type': 'application/json', 'x-timestamp': timestamp, 'x-signature': computeSignature(SECRET, timestamp, body) } };
}

async function send(host: TriggerHost, id: string, hangUpAfterMs?: number): Promise<number | 'hung up'> {
	const { body, headers } = delivery(id);
	try {
		const response = await fetch(host.url, { method: 'POST', headers, body, signal: hangUpAfterMs === undefined ? undefined : AbortSignal.timeout(hangUpAfterMs) });
		return response.status;
	} catch {
		return 'hung up';
	}
}

/** The IronixPay Trigger in a host whose execution store behaves as `storeFails` says (true = failed). */
async function hostStoring(storeFails: () => Promise<boolean>): Promise<TriggerHost> {
	return await startTriggerHost({ node: new IronixPayTrigger(), credentialType: new IronixPayApi(), credentials, parameters: { events: ['*'] }, storeFails });
}

describe('a gateway that hangs up before n8n answered (its own delivery timeout)', () => {
	let host: TriggerHost;
	afterEach(async () => await host?.close());

	it('keeps the event in flight until n8n stored it, then acknowledges the redelivery without a second execution', async () => {
		let storing = 0;
		// n8n is slow to store the execution; it succeeds.
		host = await hostStoring(async () => {
			storing += 1;
			await sleep(600);
			return false;
		});
		expect(await send(host, 'evt_hangup_1', 150)).toBe('hung up');
		// Still storing: the redelivery is asked to come back later.
		expect(await send(host, 'evt_hangup_1')).toBe(503);
		await sleep(800);
		// Stored and answered (into the closed socket): the key is delivered.
		expect(await send(host, 'evt_hangup_1')).toBe(200);
		expect(host.executions).toHaveLength(1);
		expect(storing).toBe(1);
	});

	it('releases the event when n8n could not store it, so the redelivery runs', async () => {
		let attempts = 0;
		host = await hostStoring(async () => {
			attempts += 1;
			await sleep(attempts === 1 ? 600 : 0);
			return attempts === 1;
		});
		expect(await send(host, 'evt_hangup_2', 150)).toBe('hung up');
		await sleep(800);
		expect(await send(host, 'evt_hangup_2')).toBe(200);
		expect(host.executions).toHaveLength(1);
		expect(attempts).toBe(2);
	});

	it('gives the event up when n8n never answered the hung-up delivery, once the bound has passed', async () => {
		let attempts = 0;
		// The first store never finishes (n8n died on it); later ones succeed.
		host = await hostStoring(async () => {
			attempts += 1;
			if (attempts === 1) await new Promise(() => undefined);
			return false;
		});
		expect(await send(host, 'evt_hangup_3', 150)).toBe('hung up');
		await sleep(50);
		expect(await send(host, 'evt_hangup_3')).toBe(503);
		const now = Date.now();
		jest.spyOn(Date, 'now').mockReturnValue(now + UNANSWERED_RELEASE_MS + 1000);
		try {
			// The timestamp is signed from the mocked clock too, so it is fresh.
			expect(await send(host, 'evt_hangup_3')).toBe(200);
		} finally {
			jest.restoreAllMocks();
		}
		expect(host.executions).toHaveLength(1);
		expect(attempts).toBe(2);
	});
});
