/* eslint-disable @n8n/community-nodes/no-restricted-imports */
/**
 * The package inside a real n8n 2.41.1 (SQLite, regular mode), installed from its tarball like a
 * community package, against every gateway's sandbox:
 * - the sample workflow runs with `n8n execute` and creates the object in the sandbox;
 * - the published workflow's trigger receives the sandbox's signed webhook: one execution;
 * - forged, stale and unsigned deliveries get 401 and record nothing; a redelivery records nothing;
 * - the acknowledgement is what the gateway expects.
 */
import { randomBytes, randomUUID } from 'crypto';
import * as path from 'path';

import { GATEWAYS, declaredNodeFiles, webhookUrl, type GatewayEntry, type SandboxHandle } from '../../scripts/gateways';
import { listExecutions } from '../../scripts/n8n-runtime';
import { createChainedWorkflow, startStack, type Stack } from '../../scripts/stack';
import { E2E_GATEWAYS, type EmittedEvent, type GatewayE2E, type SampleResult } from './gateways';
import {
	ExecutionLedger,
	deliver,
	e2eLog,
	executeWorkflow,
	runDir,
	settledExecutions,
	tarballPath,
	waitFor,
} from './support';
import { coverageProblems, findSecretLeaks, scanForSecrets } from './secrets';

const ledger = new ExecutionLedger();
let stack: Stack | undefined;

beforeAll(async () => {
	stack = await startStack({
		workDir: path.join(runDir(), 'sqlite'),
		tarball: tarballPath(),
		gateways: GATEWAYS,
		log: e2eLog,
	});
	e2eLog(`n8n on ${stack.url}; setup timings (ms): ${JSON.stringify(stack.timings)}`);
}, 10 * 60_000);

afterAll(async () => {
	ledger.print('n8n regular mode (SQLite)');
	await stack?.stop();
}, 60_000);

function running(): Stack {
	if (!stack) throw new Error('the n8n stack did not start (see beforeAll)');
	return stack;
}

test('every node the package declares belongs to a gateway with an end-to-end entry', () => {
	const covered = GATEWAYS.filter((gateway) => E2E_GATEWAYS.some((entry) => entry.key === gateway.key));
	expect(covered.map((gateway) => gateway.key)).toEqual(GATEWAYS.map((gateway) => gateway.key));
	const coveredNames = covered.flatMap((gateway) => gateway.nodeTypes.map((type) => type.split('.')[1].toLowerCase()));
	const declared = declaredNodeFiles().map((file) => path.basename(file, '.node.js').toLowerCase());
	expect(declared.filter((name) => !coveredNames.includes(name))).toEqual([]);
});

test('n8n loaded the package from .n8n/nodes (community package install)', async () => {
	const { url, cookie } = running();
	const response = await fetch(`${url}/types/nodes.json`, { headers: { Cookie: cookie }, signal: AbortSignal.timeout(30_000) });
	expect(response.status).toBe(200);
	const types = (await response.json()) as Array<{ name: string }>;
	const names = new Set(types.map((type) => type.name));
	for (const gateway of GATEWAYS) for (const type of gateway.nodeTypes) expect(names.has(type) ? type : `missing ${type}`).toBe(type);
});

describe.each(E2E_GATEWAYS.map((entry) => [entry.key, entry] as const))('%s', (key: string, e2e: GatewayE2E) => {
	const gateway = GATEWAYS.find((candidate) => candidate.key === key) as GatewayEntry;
	let sample: SampleResult | undefined;
	let emitted: EmittedEvent | undefined;

	const sandbox = (): SandboxHandle => {
		const handle = running().sandboxes.get(key);
		if (!handle) throw new Error(`${key} sandbox is not running`);
		return handle;
	};
	const url = () => webhookUrl(gateway, running().url);
	const executions = async () => await settledExecutions(running().instance, running().apiKey, gateway.workflowId);
	const withEvent = (list: Awaited<ReturnType<typeof executions>>, wanted: string) =>
		list.filter((execution) => (execution.outputs[e2e.triggerNodeName] ?? []).some((item) => e2e.eventKeyOfItem(item) === wanted));

	test('the sample workflow runs with `n8n execute` and creates the object in the sandbox', async () => {
		const before = (await executions()).length;
		const run = await executeWorkflow(running().instance, gateway.workflowId);
		expect(run.error).toBeUndefined();
		expect(run.status).toBe('success');
		sample = e2e.checkSampleRun(run, sandbox());
		const after = await executions();
		ledger.record(key, 'sample workflow via n8n execute', after.length - before);
		expect(after.length - before).toBe(1);
		e2eLog(`${key}: n8n execute took ${run.ms} ms; ${sample.summary}`);
	});

	test('the trigger workflow is published (active)', async () => {
		const { url: base, apiKey } = running();
		const response = await fetch(`${base}/api/v1/workflows/${gateway.workflowId}`, {
			headers: { 'X-N8N-API-KEY': apiKey },
			signal: AbortSignal.timeout(30_000),
		});
		expect(response.status).toBe(200);
		const workflow = (await response.json()) as { active: boolean };
		expect(workflow.active).toBe(true);
	});

	test('a signed webhook from the sandbox starts exactly one execution carrying the event', async () => {
		if (!sample) throw new Error('needs the sample run of the previous test');
		const current = sample;
		const before = await executions();
		const event = await e2e.emitEvent(sandbox(), current);
		emitted = event;
		await waitFor(`an acknowledged delivery of ${event.deliveryId}`, () => (e2e.acknowledgedDeliveries(sandbox(), event.deliveryId) > 0 ? true : undefined), 60_000);
		const after = await waitFor(`the execution of ${event.itemKey}`, async () => {
			const list = await executions();
			return withEvent(list, event.itemKey).length > 0 ? list : undefined;
		});
		const matching = withEvent(after, event.itemKey);
		ledger.record(key, 'signed webhook from the sandbox', after.length - before.length);
		expect(matching).toHaveLength(1);
		expect(matching[0].status).toBe('success');
		expect(matching[0].mode).toBe('webhook');
		expect(after.length - before.length).toBe(1);
		if (e2e.checkEventEffects) e2eLog(`${key}: ${e2e.checkEventEffects(sandbox(), current)}`);
	});

	test('forged, stale and unsigned deliveries get 401 and record nothing', async () => {
		const before = await executions();
		const cases: Array<[string, () => { body: string; itemKey: string; headers: Record<string, string> }]> = [
			['forged', () => withHeaders(e2e.freshEventBody(sandbox()), (body) => e2e.forgedHeaders(sandbox(), url(), body))],
			['unsigned', () => withHeaders(e2e.freshEventBody(sandbox()), (body) => e2e.unsignedHeaders(sandbox(), body))],
		];
		const stale = e2e.staleDelivery;
		if (stale) cases.push(['stale', () => stale(sandbox(), url())]);
		else e2eLog(`${key}: no stale check: the gateway signs no timestamp (replays are caught by dedupe, see the redelivery test)`);
		const keys: string[] = [];
		for (const [name, make] of cases) {
			const delivery = make();
			keys.push(delivery.itemKey);
			const response = await deliver(url(), delivery.body, delivery.headers);
			expect({ name, status: response.status }).toEqual({ name, status: 401 });
		}
		const after = await executions();
		ledger.record(key, `${cases.map(([name]) => name).join(' + ')} deliveries (401 each)`, after.length - before.length);
		expect(after.length).toBe(before.length);
		for (const rejected of keys) expect(withEvent(after, rejected)).toHaveLength(0);
	});

	test('a correctly signed delivery of a new event is accepted (control for the 401s)', async () => {
		const before = await executions();
		const fresh = e2e.freshEventBody(sandbox());
		const event = e2e.prepareEvent ? await e2e.prepareEvent(sandbox(), fresh) : fresh;
		const response = await deliver(url(), event.body, e2e.signedHeaders(sandbox(), url(), event.body));
		expect(response.status).toBe(e2e.ack.status);
		const after = await waitFor(`the execution of ${event.itemKey}`, async () => {
			const list = await executions();
			return withEvent(list, event.itemKey).length > 0 ? list : undefined;
		});
		ledger.record(key, 'hand-signed new event (control)', after.length - before.length);
		expect(after.length - before.length).toBe(1);
	});

	test('a redelivery is acknowledged as the gateway expects and records nothing new', async () => {
		if (!emitted) throw new Error('needs the delivered event of the signed-webhook test');
		const event = emitted;
		const before = await executions();

		// 1) The sandbox's own resend, freshly signed by the sandbox.
		const acked = e2e.acknowledgedDeliveries(sandbox(), event.deliveryId);
		await e2e.redeliver(sandbox(), event.deliveryId);
		await waitFor('the redelivery to be acknowledged', () => (e2e.acknowledgedDeliveries(sandbox(), event.deliveryId) > acked ? true : undefined), 60_000);

		// 2) The same bytes signed now, sent by hand, to see the exact acknowledgement.
		const body = e2e.deliveredBody(sandbox(), event.deliveryId);
		const response = await deliver(url(), body, e2e.signedHeaders(sandbox(), url(), body));
		expect(response.status).toBe(e2e.ack.status);
		expect(response.contentType ?? '').toMatch(e2e.ack.contentType);
		expect(response.body).toBe(e2e.ack.body);

		const after = await executions();
		ledger.record(key, 'redelivery x2 (sandbox resend + by hand)', after.length - before.length);
		expect(after.length).toBe(before.length);
		expect(withEvent(after, event.itemKey)).toHaveLength(1);
	});
});

function withHeaders(
	event: { body: string; itemKey: string },
	sign: (body: string) => Record<string, string>,
): { body: string; itemKey: string; headers: Record<string, string> } {
	return { ...event, headers: sign(event.body) };
}

test('the secrets scan finds a marker planted through a real execution and the n8n debug log (control for the clean scan)', async () => {
	const stack = running();
	// A random value that exists nowhere else: the path of a plain Webhook node (n8n logs it at debug
	// level on every request) and a field of the request body (kept in the execution data).
	const marker = `planted${randomBytes(12).toString('hex')}`;
	const workflowId = await createChainedWorkflow(
		stack,
		'secrets scan control',
		[{ name: 'Webhook', type: 'n8n-nodes-base.webhook', typeVersion: 2, webhookId: randomUUID(), parameters: { httpMethod: 'POST', path: marker, responseMode: 'onReceived', options: {} } }],
		{ publish: true },
	);
	const response = await waitFor('the planted webhook to answer 200', async () => {
		const answer = await fetch(`${stack.url}/webhook/${marker}`, {
			method: 'POST',
			headers: { 'Content-Type': 'application/json' },
			body: JSON.stringify({ note: marker }),
			signal: AbortSignal.timeout(30_000),
		});
		return answer.status === 200 ? answer : undefined;
	});
	expect(response.status).toBe(200);
	await waitFor('the planted execution', async () => ((await listExecutions(stack.instance, stack.apiKey, workflowId)).some((run) => run.finished) ? true : undefined));
	const scan = await scanForSecrets(stack, { extraSecrets: [{ name: 'planted.marker', value: marker }] });
	const planted = scan.findings.filter((finding) => finding.startsWith('planted.marker as raw in '));
	expect(planted.some((finding) => finding.includes(`in execution `))).toBe(true);
	expect(planted.some((finding) => / line \d+$/.test(finding))).toBe(true);
	expect(coverageProblems(scan)).toEqual([]);
	// Only the planted value was found: the real secrets stay clean (asserted again, last, below).
	expect(scan.findings.filter((finding) => !finding.startsWith('planted.marker '))).toEqual([]);
}, 3 * 60_000);

test('no credential secret (raw, Base64 or hex) in execution data, errors or the n8n log', async () => {
	// Last, so it scans everything the tests above produced (see test/e2e/secrets.ts).
	expect(await findSecretLeaks(running())).toEqual([]);
}, 5 * 60_000);
