/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals */
/**
 * Shared pieces of the real-n8n benchmarks: workflows and credentials created through n8n's public
 * API, a bounded HTTP load generator (keep-alive, fixed concurrency, per-request latency), and the
 * statistics the tables print.
 */
import * as http from 'http';

import { delay, listExecutions, type ExecutionSummary } from '../scripts/n8n-runtime';
import type { Stack } from '../scripts/stack';

export { createChainedWorkflow, type ApiWorkflowNode } from '../scripts/stack';

export function flag(name: string): string | undefined {
	const args = process.argv.slice(2);
	const index = args.indexOf(`--${name}`);
	if (index >= 0 && args[index + 1] !== undefined && !args[index + 1].startsWith('--')) return args[index + 1];
	return args.find((arg) => arg.startsWith(`--${name}=`))?.slice(name.length + 3);
}

export function numberFlag(name: string, fallback: number): number {
	const raw = flag(name);
	const value = raw === undefined ? fallback : Number(raw);
	if (!Number.isFinite(value) || value < 0) throw new Error(`--${name} must be a non-negative number`);
	return value;
}

export function median(values: number[]): number {
	const sorted = [...values].sort((a, b) => a - b);
	if (sorted.length === 0) return Number.NaN;
	const middle = Math.floor(sorted.length / 2);
	return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** Nearest-rank percentile of an unsorted list. */
export function percentile(values: number[], p: number): number {
	const sorted = [...values].sort((a, b) => a - b);
	if (sorted.length === 0) return Number.NaN;
	return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

export const benchLog = (message: string) => {
	process.stdout.write(`[bench] ${message}\n`);
};

async function api<T>(stack: Stack, method: string, path: string, body?: unknown): Promise<T> {
	const response = await fetch(`${stack.url}/api/v1${path}`, {
		method,
		headers: { 'X-N8N-API-KEY': stack.apiKey, 'Content-Type': 'application/json', Accept: 'application/json' },
		body: body === undefined ? undefined : JSON.stringify(body),
		signal: AbortSignal.timeout(60_000),
	});
	const text = await response.text();
	if (!response.ok) throw new Error(`${method} /api/v1${path}: ${response.status} ${text.slice(0, 500)}`);
	return (text === '' ? undefined : JSON.parse(text)) as T;
}

/**
 * Waits until n8n serves `url` for POST: a CORS preflight answers 204 once the webhook is
 * registered (404 before), and starts no execution.
 */
export async function waitForWebhook(url: string, timeoutMs = 30_000): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while (Date.now() < deadline) {
		const response = await fetch(url, {
			method: 'OPTIONS',
			headers: { Origin: 'http://127.0.0.1', 'Access-Control-Request-Method': 'POST' },
			signal: AbortSignal.timeout(10_000),
		}).catch(() => undefined);
		if (response?.status === 204) return;
		await delay(250);
	}
	throw new Error(`n8n did not register the webhook ${url} within ${timeoutMs} ms`);
}

export async function createCredential(stack: Stack, name: string, type: string, data: Record<string, unknown>): Promise<{ id: string; name: string }> {
	const created = await api<{ id: string; name: string }>(stack, 'POST', '/credentials', { name, type, data });
	return { id: created.id, name: created.name };
}

export interface LoadResult {
	wallMs: number;
	latenciesMs: number[];
	statuses: Map<number, number>;
	/** Requests that got no HTTP answer (socket error, timeout). */
	errors: number;
	bodies: string[];
}

/**
 * Sends `requests` with at most `concurrency` in flight over keep-alive connections to 127.0.0.1;
 * measures each request from write to last byte. Bounded: every request has a timeout.
 */
export async function sendLoad(
	requests: Array<{ url: string; headers: Record<string, string>; body: string }>,
	concurrency: number,
	options: { keepBodies?: boolean; timeoutMs?: number } = {},
): Promise<LoadResult> {
	const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
	const latenciesMs: number[] = new Array<number>(requests.length);
	const statuses = new Map<number, number>();
	const bodies: string[] = [];
	let errors = 0;
	let next = 0;
	const one = async (index: number) => {
		const request = requests[index];
		const started = process.hrtime.bigint();
		const outcome = await new Promise<{ status: number; body: string } | undefined>((resolve) => {
			const target = new URL(request.url);
			const req = http.request(
				{
					host: target.hostname,
					port: target.port,
					path: `${target.pathname}${target.search}`,
					method: 'POST',
					agent,
					headers: { ...request.headers, 'Content-Length': Buffer.byteLength(request.body) },
					timeout: options.timeoutMs ?? 60_000,
				},
				(res) => {
					const chunks: Buffer[] = [];
					res.on('data', (chunk: Buffer) => chunks.push(chunk));
					res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
					res.on('error', () => resolve(undefined));
				},
			);
			req.on('timeout', () => req.destroy(new Error('timeout')));
			req.on('error', () => resolve(undefined));
			req.end(request.body);
		});
		latenciesMs[index] = Number(process.hrtime.bigint() - started) / 1e6;
		if (!outcome) {
			errors++;
			return;
		}
		statuses.set(outcome.status, (statuses.get(outcome.status) ?? 0) + 1);
		if (options.keepBodies) bodies[index] = outcome.body;
	};
	const started = process.hrtime.bigint();
	await Promise.all(
		Array.from({ length: Math.min(concurrency, requests.length) }, async () => {
			while (next < requests.length) await one(next++);
		}),
	);
	const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
	agent.destroy();
	return { wallMs, latenciesMs, statuses, errors, bodies };
}

/** Waits until the workflow has `expected` finished executions and nothing is running (bounded). */
export async function waitForExecutions(stack: Stack, workflowId: string, expected: number, timeoutMs: number): Promise<ExecutionSummary[]> {
	const deadline = Date.now() + timeoutMs;
	let last: ExecutionSummary[] = [];
	while (Date.now() < deadline) {
		last = await listExecutions(stack.instance, stack.apiKey, workflowId);
		const busy = last.some((execution) => ['new', 'running', 'waiting'].includes(execution.status));
		if (!busy && last.length >= expected) {
			// One more look after a pause: a late duplicate would show up here.
			await delay(2_000);
			return await listExecutions(stack.instance, stack.apiKey, workflowId);
		}
		await delay(1_000);
	}
	return last;
}

/** Same run data flattening as the e2e suite: the first item of `node`'s first output per execution. */
export function firstItemOf(execution: ExecutionSummary, node: string): Record<string, unknown> | undefined {
	const data = execution.data as
		| { resultData?: { runData?: Record<string, Array<{ data?: { main?: Array<Array<{ json: Record<string, unknown> }> | null> } }>> } }
		| undefined;
	return data?.resultData?.runData?.[node]?.[0]?.data?.main?.[0]?.[0]?.json;
}

export function formatNumber(value: number, digits = 0): string {
	return Number.isFinite(value) ? value.toLocaleString('en', { minimumFractionDigits: digits, maximumFractionDigits: digits }) : 'n/a';
}
