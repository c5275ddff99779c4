/**
 * What exactly-once costs where the gateway has no idempotency key: N items through Cashy's
 * Payout > Create on the real n8n, which looks each payout up by its mchOrderNo (payOutQuery)
 * before sending it, against the same items through Payout > Query alone (the lookup by itself).
 * The lookup runs before every create because a re-run is a new execution that cannot know it is
 * one; its cost per item is the query step's time per item, shown beside the create step's.
 */
import { randomBytes, randomUUID } from 'crypto';

import { GATEWAYS, startSandbox, type SandboxHandle } from '../scripts/gateways';
import { listExecutions } from '../scripts/n8n-runtime';
import type { Stack } from '../scripts/stack';
import { benchLog, createCredential, createChainedWorkflow, sendLoad, waitForWebhook } from './support';

export interface ExactlyOnceRun {
	step: 'create (lookup + send)' | 'lookup alone (query)';
	items: number;
	stepMs: number;
	/** Requests the sandbox received per item, by endpoint. */
	requestsPerItem: Record<string, number>;
	created: number;
	executionStatus: string;
}

interface CashySandboxView extends SandboxHandle {
	options: { merchantId: string; apiKey: string };
	payouts: ReadonlyMap<string, { mchOrderNo: string }>;
}

const makeItems = (tag: string) => `const { count } = $input.first().json.body;
return Array.from({ length: count }, (_, index) => ({ json: { mchOrderNo: 'b${tag}' + index } }));`;

async function counts(sandbox: SandboxHandle): Promise<Record<string, number>> {
	const response = await fetch(`${sandbox.url}/_sandbox/faults`, { signal: AbortSignal.timeout(10_000) });
	return ((await response.json()) as { requestCounts: Record<string, number> }).requestCounts;
}

export async function benchExactlyOnce(stack: Stack, options: { count: number; runs: number }): Promise<ExactlyOnceRun[]> {
	const gateway = GATEWAYS.find((entry) => entry.key === 'cashy');
	if (!gateway) throw new Error('no Cashy entry in scripts/gateways.ts');
	const sandbox = (await startSandbox(gateway, { port: 0, initialBalance: '100000000000.00' })) as CashySandboxView;
	try {
		const credential = await createCredential(stack, 'Cashy bench', 'cashyApi', {
			environment: 'custom',
			baseUrl: sandbox.url,
			merchantId: sandbox.options.merchantId,
			secretKey: sandbox.options.apiKey,
		});
		const workflow = async (name: string, tag: string, parameters: Record<string, unknown>) => {
			const webhookId = randomUUID();
			const workflowId = await createChainedWorkflow(
				stack,
				`bench exactly-once ${name} ${tag}`,
				[
					{
						name: 'Start',
						type: 'n8n-nodes-base.webhook',
						typeVersion: 2,
						webhookId,
						parameters: { httpMethod: 'POST', path: webhookId, responseMode: 'lastNode', responseData: 'noData', options: {} },
					},
					{ name: 'Make items', type: 'n8n-nodes-base.code', typeVersion: 2, parameters: { jsCode: makeItems(tag) } },
					{ name: 'Cashy', type: 'n8n-nodes-payment-gateways.cashy', typeVersion: 1, parameters, credentials: { cashyApi: credential } },
				],
				{ publish: true },
			);
			await waitForWebhook(`${stack.url}/webhook/${webhookId}`);
			return { workflowId, url: `${stack.url}/webhook/${webhookId}` };
		};
		const run = async (step: ExactlyOnceRun['step'], target: { workflowId: string; url: string }, count: number): Promise<ExactlyOnceRun> => {
			const before = await counts(sandbox);
			const createdBefore = sandbox.payouts.size;
			await sendLoad([{ url: target.url, headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ count }) }], 1, { timeoutMs: 15 * 60_000 });
			const after = await counts(sandbox);
			const [execution] = await listExecutions(stack.instance, stack.apiKey, target.workflowId, true);
			const runData = (execution?.data as { resultData?: { runData?: Record<string, Array<{ executionTime?: number }>> } } | undefined)?.resultData?.runData ?? {};
			const requestsPerItem: Record<string, number> = {};
			for (const key of ['POST /api/payOutQuery', 'POST /api/payOut']) requestsPerItem[key] = ((after[key] ?? 0) - (before[key] ?? 0)) / count;
			const result: ExactlyOnceRun = {
				step,
				items: count,
				stepMs: runData.Cashy?.[0]?.executionTime ?? Number.NaN,
				requestsPerItem,
				created: sandbox.payouts.size - createdBefore,
				executionStatus: execution?.status ?? 'missing',
			};
			benchLog(`exactly-once ${step}: ${count} items, step ${(result.stepMs / 1000).toFixed(2)} s, requests/item ${JSON.stringify(requestsPerItem)}, created ${result.created}, ${result.executionStatus}`);
			return result;
		};
		const results: ExactlyOnceRun[] = [];
		for (let index = 0; index <= options.runs; index++) {
			// Run 0 warms n8n up (not counted); each run pays new mchOrderNos, then looks the same ones up.
			const tag = randomBytes(3).toString('hex');
			const create = await workflow('create', tag, {
				resource: 'payout',
				operation: 'create',
				mchOrderNo: '={{ $json.mchOrderNo }}',
				amount: '50000.00',
				currency: 'COP',
				bankId: '20',
				accountType: '1',
				accountNo: '3001234567',
				accountName: 'Bench Payee',
				idType: '1',
				idCard: '1020304050',
				notifyUrl: 'http://127.0.0.1:9/notify',
				remark: 'bench',
				options: {},
			});
			const query = await workflow('query', tag, { resource: 'payout', operation: 'get', mchOrderNo: '={{ $json.mchOrderNo }}' });
			const count = index === 0 ? Math.min(50, options.count) : options.count;
			const created = await run('create (lookup + send)', create, count);
			const looked = await run('lookup alone (query)', query, count);
			if (index > 0) results.push(created, looked);
		}
		return results;
	} finally {
		await sandbox.close();
	}
}
