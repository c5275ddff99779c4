/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals */
/**
 * Helpers for the real-n8n end-to-end suite: where this run keeps its files, running a workflow
 * with `n8n execute`, reading executions, signed deliveries and bounded polling.
 */
import * as fs from 'fs';
import * as path from 'path';

import type { IDataObject } from 'n8n-workflow';

import {
	REPO_ROOT,
	delay,
	getExecution,
	listExecutions,
	n8nCommand,
	type ExecutionSummary,
	type N8nInstance,
} from '../../scripts/n8n-runtime';

/** Set by global-setup.ts: the folder of this run and the packed tarball. */
export function runDir(): string {
	const dir = process.env.E2E_RUN_DIR ?? path.join(REPO_ROOT, '.n8n-e2e', 'adhoc');
	fs.mkdirSync(dir, { recursive: true });
	return dir;
}

export function tarballPath(): string {
	const tarball = process.env.E2E_TARBALL;
	if (!tarball || !fs.existsSync(tarball)) throw new Error('E2E_TARBALL is not set: run through jest.e2e.config.js (global-setup.ts packs the package)');
	return tarball;
}

/** Plain stdout (jest's console adds a stack location to every line). */
export const e2eLog = (message: string) => {
	process.stdout.write(`[e2e] ${message}\n`);
};

/** Polls `check` until it returns a value other than undefined, or throws after `timeoutMs`. */
export async function waitFor<T>(what: string, check: () => Promise<T | undefined> | T | undefined, timeoutMs = 30_000, intervalMs = 250): Promise<T> {
	const deadline = Date.now() + timeoutMs;
	let lastError: unknown;
	while (Date.now() < deadline) {
		try {
			const value = await check();
			if (value !== undefined) return value;
		} catch (error) {
			lastError = error;
		}
		await delay(intervalMs);
	}
	throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${lastError ? ` (last error: ${String(lastError)})` : ''}`);
}

export interface RunData {
	status: string;
	mode: string;
	/** Output items (json) per node name, first run, first output. */
	outputs: Record<string, IDataObject[]>;
	error?: unknown;
}

interface RawRun {
	status?: string;
	mode?: string;
	data?: {
		resultData?: {
			error?: unknown;
			runData?: Record<string, Array<{ data?: { main?: Array<Array<{ json: IDataObject }> | null> } }>>;
		};
	};
}

/** Flattens an execution's run data to `node name -> json items of its first output`. */
export function outputsOf(raw: RawRun): Record<string, IDataObject[]> {
	const outputs: Record<string, IDataObject[]> = {};
	for (const [node, runs] of Object.entries(raw.data?.resultData?.runData ?? {})) {
		const main = runs[0]?.data?.main ?? [];
		outputs[node] = main.flatMap((branch) => (branch ?? []).map((item) => item.json));
	}
	return outputs;
}

/**
 * The JSON object starting at `start`, up to its matching brace (string-aware): n8n may log more
 * lines after it (a task runner shutting down), which would break JSON.parse of the rest.
 */
export function firstJsonValue(text: string, start: number): string | undefined {
	let depth = 0;
	let inString = false;
	for (let index = start; index < text.length; index++) {
		const char = text[index];
		if (inString) {
			if (char === '\\') index++;
			else if (char === '"') inString = false;
		} else if (char === '"') inString = true;
		else if (char === '{' || char === '[') depth++;
		else if (char === '}' || char === ']') {
			depth--;
			if (depth === 0) return text.slice(start, index + 1);
		}
	}
	return undefined;
}

/** `n8n execute --id=<id> --rawOutput`; the JSON follows the log lines on stdout. */
export async function executeWorkflow(instance: N8nInstance, workflowId: string): Promise<RunData & { ms: number; stdout: string }> {
	const result = await n8nCommand(instance, ['execute', `--id=${workflowId}`, '--rawOutput'], { timeoutMs: 180_000 });
	const start = result.stdout.search(/^\{/m);
	const json = start < 0 ? undefined : firstJsonValue(result.stdout, start);
	if (json === undefined) {
		throw new Error(`n8n execute printed no JSON (exit ${String(result.code)}):\n${result.stdout.slice(-4000)}\n${result.stderr.slice(-4000)}`);
	}
	const raw = JSON.parse(json) as RawRun;
	return {
		status: raw.status ?? 'unknown',
		mode: raw.mode ?? 'unknown',
		outputs: outputsOf(raw),
		error: raw.data?.resultData?.error,
		ms: result.ms,
		stdout: result.stdout,
	};
}

export interface ExecutionWithOutputs extends ExecutionSummary {
	outputs: Record<string, IDataObject[]>;
}

export async function executionsOf(instance: N8nInstance, apiKey: string, workflowId: string): Promise<ExecutionWithOutputs[]> {
	const executions = await listExecutions(instance, apiKey, workflowId, true);
	return executions.map((execution) => ({ ...execution, outputs: outputsOf({ data: execution.data as RawRun['data'] }) }));
}

/** Executions by id, with their outputs (see `workerFinishedExecutionIds`). */
export async function executionsById(instance: N8nInstance, apiKey: string, ids: string[]): Promise<ExecutionWithOutputs[]> {
	const executions = await Promise.all(ids.map(async (id) => await getExecution(instance, apiKey, id, true)));
	return executions.map((execution) => ({ ...execution, outputs: outputsOf({ data: execution.data as RawRun['data'] }) }));
}

/** The ids of the executions of `workflowId` a queue-mode worker's log says it finished. */
export function workerFinishedExecutionIds(workerLog: string, workflowId: string): string[] {
	const ids: string[] = [];
	for (const match of workerLog.matchAll(/Worker finished execution (\d+) \(job [^)]*\) \{[^\n]*?"workflowId":"([^"]+)"/g)) {
		if (match[2] === workflowId) ids.push(match[1]);
	}
	return ids;
}

/** Waits until the workflow's execution count stops changing (nothing running, 2 quiet seconds). */
export async function settledExecutions(instance: N8nInstance, apiKey: string, workflowId: string, timeoutMs = 30_000): Promise<ExecutionWithOutputs[]> {
	let previous = -1;
	let stableSince = Date.now();
	return await waitFor(
		'executions to settle',
		async () => {
			const executions = await executionsOf(instance, apiKey, workflowId);
			const running = executions.some((execution) => ['running', 'new', 'waiting'].includes(execution.status));
			if (executions.length !== previous || running) {
				previous = executions.length;
				stableSince = Date.now();
				return undefined;
			}
			return Date.now() - stableSince >= 2_000 ? executions : undefined;
		},
		timeoutMs,
		500,
	);
}

export interface DeliveryResponse {
	status: number;
	contentType: string | null;
	body: string;
}

export async function deliver(url: string, body: string, headers: Record<string, string>): Promise<DeliveryResponse> {
	const response = await fetch(url, { method: 'POST', headers, body, signal: AbortSignal.timeout(30_000) });
	return { status: response.status, contentType: response.headers.get('content-type'), body: await response.text() };
}

/** Execution counts per check, printed at the end of the suite (and asserted inside the tests). */
export class ExecutionLedger {
	private readonly rows: Array<{ gateway: string; check: string; executions: number }> = [];

	record(gateway: string, check: string, executions: number): void {
		this.rows.push({ gateway, check, executions });
	}

	print(title: string): void {
		if (this.rows.length === 0) return;
		const lines = this.rows.map((row) => `  ${row.gateway.padEnd(10)} ${row.check.padEnd(58)} ${row.executions}`);
		e2eLog(`${title}: executions recorded per check\n${lines.join('\n')}`);
		fs.appendFileSync(path.join(runDir(), 'ledger.txt'), `${title}\n${lines.join('\n')}\n`);
	}
}
