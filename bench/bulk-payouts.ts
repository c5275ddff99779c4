/**
 * Bulk payouts on the real n8n: N items through the IronixPay node's Payout > Create against the
 * IronixPay sandbox, versus what a user would build without the package: a Code node that checks
 * each item and builds the body and Idempotency-Key, then n8n's HTTP Request node (Header Auth
 * credential with the Bearer key). Each workflow is Webhook ("respond when the last node
 * finishes") -> Code "Make items" -> the payout step(s), so a run is one HTTP round trip; the time
 * reported is the payout step's own execution time from n8n's run data (Code + HTTP Request for
 * the baseline), with the round trip beside it.
 *
 * The baseline comes twice: as n8n's HTTP Request node is added (every item sent at once, no
 * retries), and as a careful user configures it for a rate-limited API (Options > Batching and the
 * node's Settings > Retry On Fail); see httpRequestBatching().
 *
 * Two sandboxes: "open" (no latency, no effective rate limit) isolates n8n-side overhead;
 * "limited" adds a per-request gateway latency and IronixPay's 60/min burst-20 limiter scaled up
 * in time, to show what the Concurrency option buys and that 429 + Retry-After cost no payout.
 */
import { randomBytes, randomUUID } from 'crypto';

import { GATEWAYS, startSandbox, type SandboxHandle } from '../scripts/gateways';
import { listExecutions } from '../scripts/n8n-runtime';
import type { Stack } from '../scripts/stack';
import { benchLog, createCredential, createChainedWorkflow, sendLoad, waitForWebhook, type ApiWorkflowNode } from './support';

export type PayoutVariant = 'node' | 'httpRequest' | 'httpRequestBatched';

export interface PayoutRun {
	sandbox: 'open' | 'limited';
	variant: PayoutVariant;
	concurrency: number;
	/** Execution time of the payout step(s) inside n8n. */
	stepMs: number;
	/** Webhook round trip: the whole workflow. */
	roundTripMs: number;
	payoutsCreated: number;
	/** Items without a payout, or a failed execution. */
	failures: number;
	/** Requests the sandbox answered 429 (or otherwise refused) and the client had to resend. */
	extraRequests: number;
	executionStatus: string;
	/** The batched baseline's settings, as configured in the workflow. */
	batching?: HttpRequestBatching;
}

export interface HttpRequestBatching {
	/** HTTP Request node, Options > Batching > Items per Batch. */
	batchSize: number;
	/** Options > Batching > Batch Interval (ms), for the sandbox's scaled limiter. */
	batchIntervalMs: number;
	/** The interval the same user would set against IronixPay itself (60/min). */
	unscaledIntervalMs: number;
	/** Node Settings > Retry On Fail, Max. Tries (n8n caps it at 5). */
	maxTries: number;
	/** Node Settings > Wait Between Tries (ms) (n8n caps it at 5000). */
	waitBetweenTriesMs: number;
}

/**
 * What a careful user sets on the HTTP Request node (Options > Batching,
 * https://docs.n8n.io/integrations/builtin/core-nodes/n8n-nodes-base.httprequest/; Settings >
 * Retry On Fail, https://docs.n8n.io/workflows/components/nodes/#node-settings) for
 * IronixPay's limit of 60 requests a minute per API key, burst 20, answered 429 + Retry-After
 * (https://github.com/Vincentkovsky/ironixpay-core, backend/src/config.rs and main.rs):
 * batches of 10 every 10 s send exactly the sustained 60/min, and the burst of 20 leaves one
 * batch of slack for timer jitter. The "limited" sandbox runs that limiter `rateScale` times
 * faster, so the interval is divided by the same factor (10 s / 300 = 34 ms, rounded up).
 * Retry On Fail reruns the whole node (every item) after each wait, which the Idempotency-Key
 * makes safe; the wait is n8n's default 1 s, unscaled, as a user would leave it.
 */
export function httpRequestBatching(rateScale: number): HttpRequestBatching {
	const batchSize = 10;
	const unscaledIntervalMs = (batchSize * 60_000) / 60;
	return { batchSize, batchIntervalMs: Math.ceil(unscaledIntervalMs / rateScale), unscaledIntervalMs, maxTries: 5, waitBetweenTriesMs: 1000 };
}

interface IronixPaySandboxView extends SandboxHandle {
	options: { secretKey: string; webhookSecret: string };
	payouts: ReadonlyMap<string, { idempotencyKey: string }>;
}

const TO_ADDRESS = 'TQn9Y2khEsLJW1ChVWFMSMeRDow5KcbLSE';
// 2.00 USDT: above IronixPay's 1.5 USDT network fee, and ~6,000 payouts per sandbox stay under its 50,000 USDT daily limit.

const MAKE_ITEMS = `const { count, tag } = $input.first().json.body;
const items = [];
for (let index = 0; index < count; index++) {
	items.push({ json: { reference: \`bench-\${tag}-\${index}\`, amount: '2.00', toAddress: '${TO_ADDRESS}' } });
}
return items;`;

/** What the payout operation checks and builds per item, written the way a careful user would in a Code node. */
const SIGN_REQUESTS = `const out = [];
for (const [index, item] of $input.all().entries()) {
	const { reference, amount, toAddress } = item.json;
	if (!/^[\\x21-\\x7e]{1,200}$/.test(reference)) throw new Error(\`item \${index}: bad reference\`);
	if (!/^\\d{1,5}(\\.\\d{1,2})?$/.test(amount)) throw new Error(\`item \${index}: bad amount\`);
	if (!/^T[1-9A-HJ-NP-Za-km-z]{33}$/.test(toAddress)) throw new Error(\`item \${index}: bad TRON address\`);
	const [whole, fraction = ''] = amount.split('.');
	const body = { amount: \`\${whole}.\${fraction.padEnd(2, '0')}\`, currency: 'USDT', network: 'TRON', to_address: toAddress, metadata: { merchant_reference: reference } };
	out.push({ json: { idempotencyKey: \`n8n-payout-\${reference}\`, body: JSON.stringify(body) } });
}
return out;`;

interface Target {
	name: 'open' | 'limited';
	sandbox: IronixPaySandboxView;
	nodeCredential: { id: string; name: string };
	headerCredential: { id: string; name: string };
}

async function startTarget(stack: Stack, name: 'open' | 'limited', options: Record<string, unknown>): Promise<Target> {
	const gateway = GATEWAYS.find((entry) => entry.key === 'ironixpay');
	if (!gateway) throw new Error('no IronixPay entry in scripts/gateways.ts');
	const sandbox = (await startSandbox(gateway, { port: 0, initialBalance: '100000000', ...options })) as IronixPaySandboxView;
	const nodeCredential = await createCredential(stack, `IronixPay bench (${name})`, 'ironixPayApi', {
		environment: 'custom',
		baseUrl: sandbox.url,
		secretKey: sandbox.options.secretKey,
		webhookSecret: sandbox.options.webhookSecret,
	});
	const headerCredential = await createCredential(stack, `IronixPay bench header auth (${name})`, 'httpHeaderAuth', {
		name: 'Authorization',
		value: `Bearer ${sandbox.options.secretKey}`,
	});
	return { name, sandbox, nodeCredential, headerCredential };
}

function payoutSteps(target: Target, variant: PayoutVariant, concurrency: number, batching: HttpRequestBatching): ApiWorkflowNode[] {
	if (variant === 'node') {
		return [
			{
				name: 'Create payout',
				type: 'n8n-nodes-payment-gateways.ironixPay',
				typeVersion: 1,
				parameters: {
					resource: 'payout',
					operation: 'create',
					reference: '={{ $json.reference }}',
					amount: '={{ $json.amount }}',
					currency: 'USDT',
					network: 'TRON',
					toAddress: '={{ $json.toAddress }}',
					options: concurrency > 1 ? { concurrency } : {},
				},
				credentials: { ironixPayApi: target.nodeCredential },
			},
		];
	}
	return [
		{ name: 'Sign payout requests', type: 'n8n-nodes-base.code', typeVersion: 2, parameters: { jsCode: SIGN_REQUESTS } },
		{
			name: 'HTTP Request',
			type: 'n8n-nodes-base.httpRequest',
			typeVersion: 4.2,
			parameters: {
				method: 'POST',
				url: `${target.sandbox.url}/v1/payouts`,
				authentication: 'genericCredentialType',
				genericAuthType: 'httpHeaderAuth',
				sendHeaders: true,
				headerParameters: { parameters: [{ name: 'Idempotency-Key', value: '={{ $json.idempotencyKey }}' }] },
				sendBody: true,
				specifyBody: 'json',
				jsonBody: '={{ $json.body }}',
				options:
					variant === 'httpRequestBatched'
						? { batching: { batch: { batchSize: batching.batchSize, batchInterval: batching.batchIntervalMs } } }
						: {},
			},
			credentials: { httpHeaderAuth: target.headerCredential },
			...(variant === 'httpRequestBatched'
				? { retryOnFail: true, maxTries: batching.maxTries, waitBetweenTries: batching.waitBetweenTriesMs }
				: {}),
		},
	];
}

interface BenchWorkflow {
	target: Target;
	variant: PayoutVariant;
	concurrency: number;
	workflowId: string;
	url: string;
	stepNames: string[];
	batching?: HttpRequestBatching;
}

async function createPayoutWorkflow(
	stack: Stack,
	target: Target,
	variant: PayoutVariant,
	concurrency: number,
	batching: HttpRequestBatching,
): Promise<BenchWorkflow> {
	const webhookId = randomUUID();
	const steps = payoutSteps(target, variant, concurrency, batching);
	const workflowId = await createChainedWorkflow(
		stack,
		`bench payouts ${target.name} ${variant} c${concurrency}`,
		[
			{
				name: 'Start',
				type: 'n8n-nodes-base.webhook',
				typeVersion: 2,
				webhookId,
				parameters: { httpMethod: 'POST', path: webhookId, responseMode: 'lastNode', responseData: 'noData', options: {} },
			},
			{ name: 'Make items', type: 'n8n-nodes-base.code', typeVersion: 2, parameters: { jsCode: MAKE_ITEMS } },
			...steps,
		],
		{ publish: true },
	);
	await waitForWebhook(`${stack.url}/webhook/${webhookId}`);
	if (variant === 'httpRequestBatched') await assertStoredBatching(stack, workflowId, batching);
	return {
		target,
		variant,
		concurrency,
		workflowId,
		url: `${stack.url}/webhook/${webhookId}`,
		stepNames: steps.map((step) => step.name),
		batching: variant === 'httpRequestBatched' ? batching : undefined,
	};
}

/** The batched row is only a fair baseline if n8n kept the settings: read the stored workflow back. */
async function assertStoredBatching(stack: Stack, workflowId: string, batching: HttpRequestBatching): Promise<void> {
	const response = await fetch(`${stack.url}/api/v1/workflows/${workflowId}`, {
		headers: { 'X-N8N-API-KEY': stack.apiKey, Accept: 'application/json' },
		signal: AbortSignal.timeout(30_000),
	});
	if (!response.ok) throw new Error(`GET /api/v1/workflows/${workflowId}: ${response.status}`);
	const { nodes } = (await response.json()) as { nodes: Array<Record<string, unknown>> };
	const node = nodes.find((entry) => entry.type === 'n8n-nodes-base.httpRequest');
	const batch = (node?.parameters as { options?: { batching?: { batch?: { batchSize?: number; batchInterval?: number } } } } | undefined)?.options?.batching?.batch;
	const stored = [node?.retryOnFail, node?.maxTries, node?.waitBetweenTries, batch?.batchSize, batch?.batchInterval];
	const wanted = [true, batching.maxTries, batching.waitBetweenTriesMs, batching.batchSize, batching.batchIntervalMs];
	if (stored.some((value, index) => value !== wanted[index])) {
		throw new Error(`n8n stored the batched HTTP Request node as ${JSON.stringify(stored)}, not ${JSON.stringify(wanted)}`);
	}
}

async function runOnce(stack: Stack, workflow: BenchWorkflow, count: number): Promise<PayoutRun> {
	const tag = randomBytes(4).toString('hex');
	const countsBefore = workflow.target.sandbox.payouts.size;
	const requestsBefore = await postRequests(workflow.target.sandbox);
	const load = await sendLoad([{ url: workflow.url, headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ count, tag }) }], 1, {
		timeoutMs: 15 * 60_000,
	});
	const created = [...workflow.target.sandbox.payouts.values()].filter((payout) => payout.idempotencyKey.startsWith(`n8n-payout-bench-${tag}-`));
	const distinct = new Set(created.map((payout) => payout.idempotencyKey)).size;
	const requests = (await postRequests(workflow.target.sandbox)) - requestsBefore;
	const [execution] = await listExecutions(stack.instance, stack.apiKey, workflow.workflowId, true);
	const runData =
		(execution?.data as { resultData?: { runData?: Record<string, Array<{ executionTime?: number }>> } } | undefined)?.resultData?.runData ?? {};
	const stepMs = workflow.stepNames.reduce((sum, name) => sum + (runData[name]?.[0]?.executionTime ?? Number.NaN), 0);
	const run: PayoutRun = {
		sandbox: workflow.target.name,
		variant: workflow.variant,
		concurrency: workflow.concurrency,
		stepMs,
		roundTripMs: load.wallMs,
		payoutsCreated: distinct,
		failures: count - distinct + (execution?.status === 'success' ? 0 : 1) + Math.max(0, created.length - distinct),
		extraRequests: requests - distinct,
		executionStatus: execution?.status ?? 'missing',
		batching: workflow.batching,
	};
	benchLog(
		`payouts ${run.sandbox.padEnd(7)} ${run.variant.padEnd(18)} c${String(run.concurrency).padEnd(2)} ${count} items: step ${(stepMs / 1000).toFixed(2)} s, ` +
			`round trip ${(load.wallMs / 1000).toFixed(2)} s, created ${distinct} (sandbox total +${workflow.target.sandbox.payouts.size - countsBefore}), ` +
			`resent/refused requests ${run.extraRequests}, execution ${run.executionStatus}`,
	);
	return run;
}

async function postRequests(sandbox: SandboxHandle): Promise<number> {
	const response = await fetch(`${sandbox.url}/_sandbox/faults`, { signal: AbortSignal.timeout(10_000) });
	const body = (await response.json()) as { requestCounts: Record<string, number> };
	return body.requestCounts['POST /v1/payouts'] ?? 0;
}

export interface PayoutBenchOptions {
	count: number;
	runs: number;
	concurrency: number;
	/** Per-request latency of the "limited" sandbox, ms. */
	latencyMs: number;
	/** The limiter of the "limited" sandbox: IronixPay's 60/min burst 20, times this. */
	rateScale: number;
}

export async function benchBulkPayouts(stack: Stack, options: PayoutBenchOptions): Promise<PayoutRun[]> {
	const open = await startTarget(stack, 'open', { rateLimitPerMinute: 60_000_000, rateLimitBurst: 100_000 });
	const limited = await startTarget(stack, 'limited', {
		rateLimitPerMinute: 60 * options.rateScale,
		rateLimitBurst: 20,
		processingDelayMs: options.latencyMs,
	});
	// One user configuration for IronixPay, used in both sandboxes: on the open one it shows what the throttling costs.
	const batching = httpRequestBatching(options.rateScale);
	try {
		const workflows = [
			await createPayoutWorkflow(stack, open, 'node', 1, batching),
			await createPayoutWorkflow(stack, open, 'httpRequest', 1, batching),
			// The HTTP Request node sends all items at once by default: the like-for-like row has ours concurrent too.
			await createPayoutWorkflow(stack, open, 'node', options.concurrency, batching),
			await createPayoutWorkflow(stack, open, 'httpRequestBatched', 1, batching),
			await createPayoutWorkflow(stack, limited, 'node', 1, batching),
			await createPayoutWorkflow(stack, limited, 'node', options.concurrency, batching),
			await createPayoutWorkflow(stack, limited, 'httpRequest', 1, batching),
			await createPayoutWorkflow(stack, limited, 'httpRequestBatched', 1, batching),
		];
		// Warm-up (not counted): the Code task runner, the HTTP Request node and our node are loaded.
		for (const workflow of workflows.filter((entry) => entry.target.name === 'open')) await runOnce(stack, workflow, Math.min(100, options.count));
		const runs: PayoutRun[] = [];
		for (let run = 0; run < options.runs; run++) {
			// Alternate the order so drift (SQLite growth, GC) hits both sides alike.
			const order = run % 2 === 0 ? workflows : [...workflows].reverse();
			for (const workflow of order) runs.push(await runOnce(stack, workflow, options.count));
		}
		return runs;
	} finally {
		await open.sandbox.close();
		await limited.sandbox.close();
	}
}
