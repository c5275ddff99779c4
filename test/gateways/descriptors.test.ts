/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals */
// Credentials below are made-up values for stand-in sandboxes, not secrets.
/* eslint-disable @n8n/community-nodes/no-hardcoded-secrets */
/**
 * The gateway descriptors without n8n: each is complete and consistent, signs on its own (no
 * node code), and the hostile schedule built from it is the same delivery for delivery as
 * before the schedule builder was split into steps (pinned digests).
 */
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';

import { CLASS_NOTES, DEFAULT_SCHEDULE, NOT_APPLICABLE, Prng, buildSchedule, type Delivery } from '../e2e/hostile';
import { GATEWAY_DESCRIPTORS, descriptorOf, type HostileTarget } from '.';

const REPO_ROOT = path.resolve(__dirname, '..', '..');
const VECTORS = path.resolve(REPO_ROOT, '..', 'shared', 'vectors');

describe.each(GATEWAY_DESCRIPTORS.map((descriptor) => [descriptor.demo.key, descriptor] as const))('%s descriptor', (key, descriptor) => {
	it('names one gateway: the same key in every part, its templates and sandbox exist', () => {
		expect(descriptor.e2e.key).toBe(key);
		expect(descriptorOf(key)).toBe(descriptor);
		for (const file of ['credentials.json', 'workflow.json']) expect(fs.existsSync(path.join(REPO_ROOT, 'demo', key, file))).toBe(true);
		expect(fs.existsSync(path.join(REPO_ROOT, `${descriptor.demo.sandboxModule}.ts`))).toBe(true);
		expect(NOT_APPLICABLE[key]).toBe(descriptor.hostile.notApplicable);
	});

	it('imports no node or credential code: it checks the nodes from outside', () => {
		const source = fs.readFileSync(path.join(__dirname, `${key}.ts`), 'utf8');
		const imports = [...source.matchAll(/from '([^']+)'/g)].map((match) => match[1]);
		expect(imports.filter((from) => /(^|\/)(nodes|credentials)\//.test(from))).toEqual([]);
	});
});

it('keys, ids and demo ports are unique across gateways', () => {
	for (const field of ['key', 'credentialId', 'workflowId', 'webhookId', 'demoPort'] as const) {
		const values = GATEWAY_DESCRIPTORS.map((descriptor) => descriptor.demo[field]);
		expect(new Set(values).size).toBe(values.length);
	}
});

describe('hostile schedule', () => {
	const privateKeyPem = fs.readFileSync(path.join(VECTORS, 'paykka_test_merchant_private_pkcs8.pem'), 'utf8');
	const publicKeyPem = fs.readFileSync(path.join(VECTORS, 'paykka_test_merchant_public_spki.pem'), 'utf8');
	const close = async () => {};
	const pinddpay = { url: 'http://127.0.0.1:3', close, options: { secret: 'secretXYZ0123456789', appId: 'appP', accessKey: 'akP' } };
	// Fixed stand-ins of the running sandboxes (the fields the schemes read); one RSA test key plays every RSA role.
	const targets: Array<[string, HostileTarget, string]> = [
		[
			'ironixpay',
			{ key: 'ironixpay', url: 'http://127.0.0.1:5678/webhook/a/webhook', ackStatus: 200, sandbox: { url: 'http://127.0.0.1:1', close, options: { webhookSecret: 'whsec_abcdef0123456789abcdef', secretKey: 'sk_test_123456' } } as never },
			'521de0b150050ef265430cacce5b70ea308ce27a46d106d35fa14150b9cd5f80',
		],
		[
			'paykka',
			{
				key: 'paykka',
				url: 'http://127.0.0.1:5678/webhook/b/webhook',
				ackStatus: 200,
				sandbox: { url: 'http://127.0.0.1:2', close, appId: 'app123', startOptions: { platformPrivateKeyPem: privateKeyPem, platformPublicKeyPem: publicKeyPem, merchantPrivateKeyPem: privateKeyPem } } as never,
			},
			'd6f2d48902131a20e5837b18f21765fa7ddc34c690f72db3b3ace55f16cc3cdb',
		],
		['pinddpay', { key: 'pinddpay', url: 'http://127.0.0.1:5678/webhook/c/webhook', ackStatus: 200, sandbox: pinddpay as never }, '91d01507df45e6d322897634ac15a8553ed23a3a80232801f3ccdfff0f2881a6'],
		[
			'pinddpay with a fixture',
			{ key: 'pinddpay', url: 'http://127.0.0.1:5678/webhook/c/webhook', ackStatus: 200, fixture: { order: { id: 'o1', status: 'PAID' }, transaction: { id: 't1' } }, sandbox: pinddpay as never },
			'5e6239f18fc73f787b7b1a4293d133d9332a44ed336b122e783b90d38cd9f230',
		],
		[
			'cashy',
			{ key: 'cashy', url: 'http://127.0.0.1:5678/webhook/d/webhook', ackStatus: 200, sandbox: { url: 'http://127.0.0.1:4', close, options: { apiKey: 'KEYABCDEF123', merchantId: '100200' } } as never },
			'8092769a1997d992940b081378e592378f529625f17255a3453340c77350a943',
		],
	];

	// A fixed clock (Date.now() and new Date()): signed times and eventAt values are part of the deliveries.
	const START = Date.UTC(2026, 6, 21, 12);
	beforeEach(() => jest.useFakeTimers({ now: START }));
	afterEach(() => jest.useRealTimers());

	/** Every planned delivery (class, variant, headers, body, expected statuses) and replay, built with the clock 1 s further each. */
	function scheduleDigest(target: HostileTarget, seed: number): string {
		jest.setSystemTime(START);
		const digest = createHash('sha256');
		const schedule = buildSchedule(target, new Prng(seed), { bad: 300, validEvery: 20, oversized: 1, replayEvery: 20 }, [privateKeyPem]);
		digest.update(JSON.stringify([...schedule.counts]));
		const built = new Map<number, Delivery>();
		let clock = START;
		for (const planned of schedule.planned) {
			clock += 1000;
			jest.setSystemTime(clock);
			const original = planned.replayOf === undefined ? undefined : built.get(planned.replayOf);
			const delivery = planned.kind === 'replay' && original ? schedule.replay(original, planned.cls === 'replay-exact') : planned.build();
			built.set(planned.seq, delivery);
			digest.update(JSON.stringify([planned.seq, planned.kind, planned.cls, planned.replayOf ?? null, delivery.kind, delivery.cls, delivery.variant, delivery.headers, delivery.eventKey ?? null, delivery.expected]));
			digest.update(createHash('sha256').update(delivery.body).digest());
		}
		digest.update(typeof schedule.prepareValid);
		return digest.digest('hex');
	}

	// The digests were taken from the schedule builder before it was split into steps: a change here changes the deliveries.
	it.each(targets)('%s: the same deliveries in the same order as pinned for seed 0xdeadbeef', (_name, target, expected) => {
		expect(scheduleDigest(target, 0xdeadbeef)).toBe(expected);
	});

	it.each(targets)('%s: the default schedule has >= 1,000 bad deliveries from every class, each class noted', (_name, target) => {
		const schedule = buildSchedule(target, new Prng(7), DEFAULT_SCHEDULE, [privateKeyPem]);
		const bad = schedule.planned.filter((planned) => planned.kind === 'bad');
		expect(bad.length).toBe(DEFAULT_SCHEDULE.bad);
		expect([...schedule.counts.values()].reduce((sum, count) => sum + count, 0)).toBe(DEFAULT_SCHEDULE.bad);
		for (const cls of schedule.counts.keys()) {
			expect(Object.keys(CLASS_NOTES)).toContain(cls);
			expect(Object.keys(NOT_APPLICABLE[target.key])).not.toContain(cls);
		}
	});
});
