/* eslint-disable @n8n/community-nodes/no-restricted-imports */
/**
 * n8n in queue mode: PostgreSQL as the database, Redis as the queue, one main and one worker
 * process, each with the package installed in its own user folder. The signed webhook is
 * verified on main (which answers the gateway); the workflow, including its payout node, runs on
 * the worker. Redis/PostgreSQL come from Debian (installed with apt-get when missing, as root).
 */
import * as fs from 'fs';
import * as path from 'path';

import { GATEWAYS, webhookUrl, type GatewayEntry, type SandboxHandle } from '../../scripts/gateways';
import { queueModeEnv, startPostgres, startRedis, type Postgres, type Service } from '../../scripts/queue-services';
import { startStack, type Stack } from '../../scripts/stack';
import { E2E_GATEWAYS, type GatewayE2E } from './gateways';
import {
	ExecutionLedger,
	deliver,
	e2eLog,
	executeWorkflow,
	executionsById,
	runDir,
	settledExecutions,
	tarballPath,
	waitFor,
	workerFinishedExecutionIds,
} from './support';
import { findSecretLeaks } from './secrets';

const ledger = new ExecutionLedger();
let redis: Service | undefined;
let postgres: Postgres | undefined;
let stack: Stack | undefined;
const dir = () => path.join(runDir(), 'queue');

beforeAll(async () => {
	redis = await startRedis(path.join(dir(), 'redis'), e2eLog);
	postgres = await startPostgres(path.join(dir(), 'postgres'), e2eLog);
	stack = await startStack({
		workDir: dir(),
		tarball: tarballPath(),
		gateways: GATEWAYS,
		extraEnv: queueModeEnv(redis, postgres),
		workers: 1,
		log: e2eLog,
	});
	e2eLog(`queue mode: main ${stack.url}, 1 worker; setup timings (ms): ${JSON.stringify(stack.timings)}`);
}, 15 * 60_000);

afterAll(async () => {
	ledger.print('n8n queue mode (PostgreSQL + Redis, main + 1 worker)');
	await stack?.stop();
	await postgres?.stop();
	await redis?.stop();
}, 90_000);

function running(): Stack {
	if (!stack) throw new Error('the queue-mode stack did not start (see beforeAll)');
	return stack;
}

const logOf = (file: string) => (fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '');

describe.each(E2E_GATEWAYS.map((entry) => [entry.key, entry] as const))('%s in queue mode', (key: string, e2e: GatewayE2E) => {
	const gateway = GATEWAYS.find((candidate) => candidate.key === key) as GatewayEntry;
	const sandbox = (): SandboxHandle => {
		const handle = running().sandboxes.get(key);
		if (!handle) throw new Error(`${key} sandbox is not running`);
		return handle;
	};
	/**
	 * The workflow's executions. n8n's list leaves out the ones main still tracks as running, and
	 * when the worker finishes a job before main has begun to wait for it (n8n 2.41, seen under load:
	 * "Execution N (job) finished" on main, never "Execution removed"), main tracks it for good and the
	 * list hides a finished execution. The worker's log names every execution it finished; those the
	 * list hides are read by id, which hides nothing.
	 */
	const executions = async () => {
		const { instance, apiKey, workers } = running();
		const listed = await settledExecutions(instance, apiKey, gateway.workflowId, 60_000);
		const hidden = workerFinishedExecutionIds(logOf(workers[0].logFile), gateway.workflowId).filter((id) => !listed.some((execution) => execution.id === id));
		return [...listed, ...(await executionsById(instance, apiKey, hidden))];
	};

	test('a signed webhook is verified on main and its workflow runs on the worker (IronixPay: its payout node too)', async () => {
		const { instance, n8n, workers } = running();
		// `n8n execute` has no queue mode (it falls back to regular mode in its own process): it only prepares the object.
		const run = await executeWorkflow(instance, gateway.workflowId);
		expect(run.status).toBe('success');
		const sample = e2e.checkSampleRun(run, sandbox());

		const before = await executions();
		const event = await e2e.emitEvent(sandbox(), sample);
		const eventKey = event.itemKey;
		await waitFor(`an acknowledged delivery of ${event.deliveryId}`, () => (e2e.acknowledgedDeliveries(sandbox(), event.deliveryId) > 0 ? true : undefined), 60_000);
		const after = await waitFor(
			`the execution of ${eventKey}`,
			async () => {
				const list = await executions();
				const done = list.filter((execution) => (execution.outputs[e2e.triggerNodeName] ?? []).some((item) => e2e.eventKeyOfItem(item) === eventKey));
				return done.length > 0 && done.every((execution) => execution.finished || execution.status === 'error') ? list : undefined;
			},
			90_000,
		);
		const matching = after.filter((execution) => (execution.outputs[e2e.triggerNodeName] ?? []).some((item) => e2e.eventKeyOfItem(item) === eventKey));
		ledger.record(key, 'signed webhook (main verifies, worker runs)', after.length - before.length);
		expect(matching).toHaveLength(1);
		expect(matching[0].status).toBe('success');
		expect(after.length - before.length).toBe(1);

		const id = matching[0].id;
		const mainLog = logOf(n8n.logFile);
		const workerLog = logOf(workers[0].logFile);
		expect(mainLog).toMatch(new RegExp(`Enqueued execution ${id} \\(job`));
		expect(workerLog).toMatch(new RegExp(`Worker started execution ${id} \\(job`));
		expect(workerLog).toMatch(new RegExp(`Worker finished execution ${id} \\(job`));
		expect(mainLog).not.toMatch(new RegExp(`Worker started execution ${id} `));
		if (e2e.checkEventEffects) e2eLog(`${key} (queue mode, on the worker): ${e2e.checkEventEffects(sandbox(), sample)}`);
	});

	test('a forged delivery gets 401 on main and enqueues nothing', async () => {
		const before = await executions();
		const event = e2e.freshEventBody(sandbox());
		const url = webhookUrl(gateway, running().url);
		const response = await deliver(url, event.body, e2e.forgedHeaders(sandbox(), url, event.body));
		expect(response.status).toBe(401);
		const after = await executions();
		ledger.record(key, 'forged delivery (401)', after.length - before.length);
		expect(after.length).toBe(before.length);
	});
});

test('no credential secret (raw, Base64 or hex) in execution data, errors or the n8n log', async () => {
	// Last, so it scans everything the tests above produced (see test/e2e/secrets.ts).
	expect(await findSecretLeaks(running())).toEqual([]);
}, 5 * 60_000);
