import type { IWebhookFunctions } from 'n8n-workflow';

import { IronixPayApi } from '../../credentials/IronixPayApi.credentials';
import { IronixPayTrigger } from '../../nodes/IronixPay/IronixPayTrigger.node';
import { computeSignature } from '../../nodes/IronixPay/signature';
import { CREDENTIAL_CACHE_SECONDS, readTriggerCredentials } from '../../nodes/shared/triggerCredentials';
import { startTriggerHost, type TriggerHost } from '../harness/webhook';

/** Credential ids never used by an earlier test, so the process-wide cache holds nothing of theirs. */
let testsStarted = 0;
let idPrefix = '';

function fakeContext(credentialId: string | undefined, data: () => Record<string, string>) {
	const reads = { count: 0 };
	const context = {
		getNode: () => ({ credentials: credentialId === undefined ? {} : { testApi: { id: `${idPrefix}${credentialId}`, name: 'test' } } }),
		getCredentials: async () => {
			reads.count += 1;
			return { ...data() };
		},
	} as unknown as IWebhookFunctions;
	return { context, reads };
}

describe('readTriggerCredentials: a trigger reads its credential once per CREDENTIAL_CACHE_SECONDS', () => {
	let now = 1_800_000_000_000;
	beforeEach(() => {
		idPrefix = `test-${++testsStarted}-`;
		jest.spyOn(Date, 'now').mockImplementation(() => now);
	});
	afterEach(() => jest.restoreAllMocks());

	it('serves deliveries within the bound from memory and reads again after it', async () => {
		let secret = 'first';
		const { context, reads } = fakeContext('7', () => ({ secret }));
		expect((await readTriggerCredentials(context, 'testApi')).data.secret).toBe('first');
		secret = 'second';
		now += (CREDENTIAL_CACHE_SECONDS - 1) * 1000;
		expect((await readTriggerCredentials(context, 'testApi')).data.secret).toBe('first');
		expect(reads.count).toBe(1);
		now += 1000;
		expect((await readTriggerCredentials(context, 'testApi')).data.secret).toBe('second');
		expect(reads.count).toBe(2);
	});

	it('re-reads a cached credential on demand, at most once per second', async () => {
		let secret = 'first';
		const { context, reads } = fakeContext('7', () => ({ secret }));
		const fresh = await readTriggerCredentials(context, 'testApi');
		expect(await fresh.reread()).toBeUndefined(); // just read: nothing newer to find
		secret = 'second';
		const soon = await readTriggerCredentials(context, 'testApi');
		expect(await soon.reread()).toBeUndefined();
		now += 1000;
		const later = await readTriggerCredentials(context, 'testApi');
		expect(later.data.secret).toBe('first');
		expect((await later.reread())?.secret).toBe('second');
		expect((await readTriggerCredentials(context, 'testApi')).data.secret).toBe('second');
		expect(reads.count).toBe(2);
	});

	it('never caches a credential without an id, and keeps credentials apart by id', async () => {
		const { context: unsaved, reads: unsavedReads } = fakeContext(undefined, () => ({ secret: 'x' }));
		await readTriggerCredentials(unsaved, 'testApi');
		await readTriggerCredentials(unsaved, 'testApi');
		expect(unsavedReads.count).toBe(2);
		const { context: one } = fakeContext('1', () => ({ secret: 'one' }));
		const { context: two } = fakeContext('2', () => ({ secret: 'two' }));
		expect((await readTriggerCredentials(one, 'testApi')).data.secret).toBe('one');
		expect((await readTriggerCredentials(two, 'testApi')).data.secret).toBe('two');
		expect((await readTriggerCredentials(one, 'testApi')).data.secret).toBe('one');
	});
});

describe('a rotated webhook secret on a running trigger (IronixPay Trigger, real HTTP)', () => {
	let host: TriggerHost;
	afterEach(async () => {
		jest.restoreAllMocks();
		await host?.close();
	});

	async function deliver(id: string, secret: string) {
		const timestamp = String(Math.floor(Date.now() / 1000));
		const body = JSON.stringify({ id, event_type: 'payout.completed', created: Number(timestamp), data: { object: 'payout', id: 'po_1', status: 'Completed' } });
		const response = await fetch(host.url, {
			method: 'POST',
			headers: { 'content-type': 'application/json', 'x-timestamp': timestamp, 'x-signature': computeSignature(secret, timestamp, body) },
			body,
		});
		return response.status;
	}

	it('verifies the new secret at once and refuses the old one once the bound has passed', async () => {
		const [oldSecret, newSecret] = ['whsec_old_secret_value_1', 'whsec_new_secret_value_2'];
		const credentials = { environment: 'sandbox', secretKey: 'sk_test_unused', webhookSecret: oldSecret };
		host = await startTriggerHost({ node: new IronixPayTrigger(), credentialType: new IronixPayApi(), credentials, parameters: { events: ['*'] } });
		expect(await deliver('evt_rot_1', 'whsec_old_secret_value_1')).toBe(200);

		credentials.webhookSecret = newSecret;
		const start = Date.now();
		let now = start + 1000; // past the forced re-read interval
		jest.spyOn(Date, 'now').mockImplementation(() => now);
		expect(await deliver('evt_rot_2', 'whsec_new_secret_value_2')).toBe(200);
		// The re-read replaced the cached secret: the old one is refused from now on.
		expect(await deliver('evt_rot_3', 'whsec_old_secret_value_1')).toBe(401);

		credentials.webhookSecret = '';
		now = start + (CREDENTIAL_CACHE_SECONDS + 2) * 1000;
		// A removed secret fails closed once the bound has passed (the replay window is relative to the mocked clock).
		expect(await deliver('evt_rot_4', 'whsec_new_secret_value_2')).toBe(401);
		expect(host.executions.map((items) => items[0].json.id)).toEqual(['evt_rot_1', 'evt_rot_2']);
	});
});
