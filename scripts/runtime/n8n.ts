/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-dangerous-functions */
/** Running n8n: one CLI command to completion, or `n8n start` / `worker` / `webhook` until stopped. */
import { spawn, type ChildProcess, type SpawnOptions } from 'child_process';
import * as fs from 'fs';

import { n8nEnv } from './environment';
import { baseUrl, freePort, type N8nInstance } from './instance';
import { delay, killGroup, stopGroup, tail, track } from './processes';
import { N8N_BIN, NODE_BIN } from './versions';

export interface CommandResult {
	code: number | null;
	stdout: string;
	stderr: string;
	ms: number;
}

/** Runs one n8n CLI command (import, publish, execute...) and captures its output. */
export async function n8nCommand(
	instance: N8nInstance,
	args: string[],
	options: { timeoutMs?: number; env?: Record<string, string> } = {},
): Promise<CommandResult> {
	const started = Date.now();
	// Commands that run workflows start their own task broker: never on the port of a running main.
	// Their stdout is parsed (`execute --rawOutput` prints its JSON after the log lines): info, not debug.
	const env = n8nEnv(instance, { N8N_RUNNERS_BROKER_PORT: String(await freePort()), N8N_LOG_LEVEL: 'info', ...options.env });
	return await new Promise<CommandResult>((resolve, reject) => {
		const child = track(
			spawn(NODE_BIN, [N8N_BIN, ...args], {
				cwd: instance.userFolder,
				env,
				stdio: ['ignore', 'pipe', 'pipe'],
				detached: true,
			}),
		);
		let stdout = '';
		let stderr = '';
		child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
		child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
		const timeout = setTimeout(() => killGroup(child, 'SIGKILL'), options.timeoutMs ?? 120_000);
		child.on('error', (error) => {
			clearTimeout(timeout);
			reject(error);
		});
		child.on('close', (code) => {
			clearTimeout(timeout);
			// A CLI command may leave a task runner behind in its group.
			killGroup(child, 'SIGKILL');
			resolve({ code, stdout, stderr, ms: Date.now() - started });
		});
	});
}

export async function n8nCommandOk(instance: N8nInstance, args: string[], options: { timeoutMs?: number; env?: Record<string, string> } = {}): Promise<CommandResult> {
	const result = await n8nCommand(instance, args, options);
	if (result.code !== 0) {
		throw new Error(`n8n ${args.join(' ')} failed with exit code ${String(result.code)}\n${result.stdout}\n${result.stderr}`);
	}
	return result;
}

export interface RunningN8n {
	child: ChildProcess;
	logFile: string;
	url: string;
	stop(): Promise<void>;
}

/**
 * Starts `n8n start` (or `worker`, `webhook`) in its own process group, logging to a file, and
 * waits until it answers (`/healthz/readiness` for main, the worker's health port for workers).
 */
export async function startN8n(
	instance: N8nInstance,
	options: { command?: 'start' | 'worker' | 'webhook'; logFile: string; readyUrl?: string; timeoutMs?: number; env?: Record<string, string>; echo?: boolean },
): Promise<RunningN8n> {
	const command = options.command ?? 'start';
	const out = fs.openSync(options.logFile, 'a');
	const spawnOptions: SpawnOptions = {
		cwd: instance.userFolder,
		env: n8nEnv(instance, options.env),
		stdio: ['ignore', out, out],
		detached: true,
	};
	const child = track(spawn(NODE_BIN, [N8N_BIN, command], spawnOptions));
	fs.closeSync(out);
	let exited: string | undefined;
	child.on('exit', (code, signal) => {
		exited = signal ?? `exit code ${String(code)}`;
	});
	const url = baseUrl(instance);
	const stop = async () => {
		await stopGroup(child, 20_000);
		// Task runners and other children of the group.
		killGroup(child, 'SIGKILL');
	};
	const readyUrl = options.readyUrl ?? `${url}/healthz/readiness`;
	const deadline = Date.now() + (options.timeoutMs ?? 120_000);
	while (Date.now() < deadline) {
		if (exited !== undefined) {
			throw new Error(`n8n ${command} exited (${exited}) before it was ready; log:\n${tail(options.logFile, 60)}`);
		}
		try {
			const response = await fetch(readyUrl, { signal: AbortSignal.timeout(2_000) });
			if (response.ok) return { child, logFile: options.logFile, url, stop };
		} catch {
			// not listening yet
		}
		await delay(500);
	}
	await stop();
	throw new Error(`n8n ${command} was not ready within ${options.timeoutMs ?? 120_000} ms; log:\n${tail(options.logFile, 60)}`);
}
