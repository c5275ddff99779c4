/**
 * Helpers for faults.e2e.test.ts: the sandboxes' fault injection (`/_sandbox/faults`), workflows
 * created through n8n's public API, and `n8n execute` runs read back from n8n's execution store
 * (a failed `n8n execute` prints its JSON among log lines, so the stored execution is the record).
 */
import { randomUUID } from 'crypto';

import type { IDataObject } from 'n8n-workflow';

import type { Fault } from '../../sandbox/shared/faults';
import { n8nCommand } from '../../scripts/n8n-runtime';
import { createChainedWorkflow, type ApiWorkflowNode, type Stack } from '../../scripts/stack';
import { executionsOf, waitFor, type ExecutionWithOutputs } from './support';

export const PACKAGE = 'n8n-nodes-payment-gateways';

async function sandboxJson(url: string, init: RequestInit = {}): Promise<unknown> {
	const response = await fetch(url, {
		...init,
		headers: { 'Content-Type': 'application/json', ...(init.headers as Record<string, string> | undefined) },
		signal: AbortSignal.timeout(10_000),
	});
	const text = await response.text();
	if (!response.ok) throw new Error(`${init.method ?? 'GET'} ${url}: ${response.status} ${text}`);
	return text === '' ? undefined : (JSON.parse(text) as unknown);
}

/** `/_sandbox/faults` of one sandbox: inject, clear, and the per-`METHOD /path` request counts. */
export class SandboxFaults {
	constructor(private readonly sandboxUrl: string) {}

	async inject(fault: Fault): Promise<void> {
		await sandboxJson(`${this.sandboxUrl}/_sandbox/faults`, { method: 'POST', body: JSON.stringify(fault) });
	}

	async clear(): Promise<void> {
		await sandboxJson(`${this.sandboxUrl}/_sandbox/faults`, { method: 'DELETE' });
	}

	async counts(): Promise<Record<string, number>> {
		const state = (await sandboxJson(`${this.sandboxUrl}/_sandbox/faults`)) as { requestCounts: Record<string, number> };
		return state.requestCounts;
	}

	/** Runs `action` and returns how many requests each of `keys` received meanwhile. */
	async countDuring<T>(keys: string[], action: () => Promise<T>): Promise<{ result: T; delta: Record<string, number> }> {
		const before = await this.counts();
		const result = await action();
		const after = await this.counts();
		const delta: Record<string, number> = {};
		for (const key of keys) delta[key] = (after[key] ?? 0) - (before[key] ?? 0);
		return { result, delta };
	}
}

export interface WorkflowNode extends ApiWorkflowNode {
	id: string;
	name: string;
	type: string;
	typeVersion: number;
	position: [number, number];
	parameters: IDataObject;
	credentials?: Record<string, { id: string; name: string }>;
	retryOnFail?: boolean;
	maxTries?: number;
	waitBetweenTries?: number;
}

export const manualTrigger = (): WorkflowNode => ({
	id: randomUUID(),
	name: 'Execute workflow (manual)',
	type: 'n8n-nodes-base.manualTrigger',
	typeVersion: 1,
	position: [0, 0],
	parameters: {},
});

/** One of the package's nodes, with n8n's node-level Retry On Fail settings when given. */
export function gatewayNode(
	name: string,
	type: string,
	credential: { type: string; id: string; name: string },
	parameters: IDataObject,
	retry?: { maxTries: number; waitBetweenTries: number },
): WorkflowNode {
	return {
		id: randomUUID(),
		name,
		type: `${PACKAGE}.${type}`,
		typeVersion: 1,
		position: [0, 0],
		parameters,
		credentials: { [credential.type]: { id: credential.id, name: credential.name } },
		...(retry ? { retryOnFail: true, maxTries: retry.maxTries, waitBetweenTries: retry.waitBetweenTries } : {}),
	};
}

/** Creates `manual trigger -> nodes[0] -> nodes[1] ...` through the public API; returns its id. */
export async function createChainWorkflow(stack: Stack, name: string, nodes: WorkflowNode[]): Promise<string> {
	return await createChainedWorkflow(stack, name, [manualTrigger(), ...nodes], { settings: { saveManualExecutions: true } });
}

export interface NodeError {
	message?: string;
	description?: string;
	httpCode?: string;
	[key: string]: unknown;
}

export interface FaultRun {
	/** The stored execution `n8n execute` created. */
	execution: ExecutionWithOutputs;
	status: string;
	/** Workflow-level error (the failing node's error), if the execution failed. */
	error?: NodeError;
	/** Executions of the workflow created by this run (1 expected: Retry On Fail retries inside it). */
	newExecutions: number;
	ms: number;
	exitCode: number | null;
	/** stdout + stderr of `n8n execute`, to check that no secret is printed. */
	output: string;
}

/**
 * `n8n execute --id` (separate CLI process next to the running `n8n start`, same database), then
 * the execution it stored, read through the public API once it has finished.
 */
export async function runWorkflow(stack: Stack, workflowId: string): Promise<FaultRun> {
	const before = new Set((await executionsOf(stack.instance, stack.apiKey, workflowId)).map((execution) => execution.id));
	const result = await n8nCommand(stack.instance, ['execute', `--id=${workflowId}`, '--rawOutput'], { timeoutMs: 240_000 });
	const fresh = await waitFor(
		`the stored execution of workflow ${workflowId}`,
		async () => {
			const list = await executionsOf(stack.instance, stack.apiKey, workflowId);
			const created = list.filter((execution) => !before.has(execution.id));
			if (created.length === 0 || created.some((execution) => ['running', 'new', 'waiting'].includes(execution.status))) return undefined;
			return created;
		},
		30_000,
		500,
	).catch((error: unknown) => {
		throw new Error(`${String(error)}\nn8n execute exited ${String(result.code)}:\n${result.stdout.slice(-3000)}\n${result.stderr.slice(-3000)}`);
	});
	const execution = fresh[0];
	const data = execution.data as { resultData?: { error?: NodeError } } | undefined;
	return {
		execution,
		status: execution.status,
		error: data?.resultData?.error,
		newExecutions: fresh.length,
		ms: result.ms,
		exitCode: result.code,
		output: `${result.stdout}\n${result.stderr}`,
	};
}

/** How long n8n ran `node` (its first run) in this execution, from the stored run data. */
export function nodeTimeMs(run: FaultRun, node: string): number {
	const data = run.execution.data as { resultData?: { runData?: Record<string, Array<{ executionTime?: number }>> } } | undefined;
	const time = data?.resultData?.runData?.[node]?.[0]?.executionTime;
	if (typeof time !== 'number') throw new Error(`no executionTime for ${node} in execution ${run.execution.id}`);
	return time;
}

/** The failing node's error as the user sees it: message + description. */
export const errorText = (error: NodeError | undefined): string => `${error?.message ?? ''} | ${error?.description ?? ''}`;
