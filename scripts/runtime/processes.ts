/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-dangerous-functions, no-console */
/** Child processes in their own process groups (run to completion, track, kill) and the log helpers they share. */
import { spawn, type ChildProcess, type SpawnOptions } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

import { REPO_ROOT } from './versions';

export type Log = (message: string) => void;
export const defaultLog: Log = (message) => console.log(`[n8n-runtime] ${message}`);

/** A path for messages: relative inside the repo, absolute outside it. */
export function shown(file: string): string {
	const relative = path.relative(REPO_ROOT, file);
	return relative.startsWith('..') || path.isAbsolute(relative) ? file : relative;
}

export function formatSeconds(ms: number): string {
	return `${Math.round(ms / 1000)} s`;
}

export function tail(file: string, lines: number): string {
	try {
		return fs.readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n');
	} catch {
		return '(no log)';
	}
}

export async function delay(ms: number): Promise<void> {
	await new Promise<void>((resolve) => {
		const timer = setTimeout(resolve, ms);
		timer.unref?.();
	});
}

/** Every process group this module started and that is still running (for emergency cleanup). */
const activeChildren = new Set<ChildProcess>();

export function track(child: ChildProcess): ChildProcess {
	activeChildren.add(child);
	child.once('exit', () => activeChildren.delete(child));
	return child;
}

/** Kills every process group started here that is still running (Ctrl-C during an install, failed setup). */
export function killActiveChildren(signal: NodeJS.Signals = 'SIGKILL'): number {
	const count = activeChildren.size;
	for (const child of activeChildren) killGroup(child, signal);
	return count;
}

export function killGroup(child: ChildProcess | number | undefined, signal: NodeJS.Signals): void {
	const pid = typeof child === 'number' ? child : child?.pid;
	if (!pid) return;
	try {
		process.kill(-pid, signal);
	} catch {
		try {
			process.kill(pid, signal);
		} catch {
			// already gone
		}
	}
}

/** SIGTERM to the group, SIGKILL after `graceMs` if the leader has not exited, then up to 5 s for it to go. */
export async function stopGroup(child: ChildProcess, graceMs: number): Promise<void> {
	if (child.exitCode !== null || child.signalCode !== null) return;
	const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
	killGroup(child, 'SIGTERM');
	if (!(await Promise.race([exited.then(() => true), delay(graceMs).then(() => false)]))) killGroup(child, 'SIGKILL');
	await Promise.race([exited, delay(5_000)]);
}

/** Runs a command to completion, output passed through; a heartbeat line keeps long steps visible. */
export async function run(
	command: string,
	args: string[],
	options: {
		cwd: string;
		env?: NodeJS.ProcessEnv;
		log: Log;
		label: string;
		progress?: () => string;
		timeoutMs: number;
		/** Output goes to this file (its tail is shown on failure) instead of the terminal. */
		outputFile?: string;
	},
): Promise<void> {
	const started = Date.now();
	const where = options.outputFile ? ` (output: ${shown(options.outputFile)})` : '';
	options.log(`${options.label}: ${command} ${args.join(' ')}${where}`);
	let out: number | undefined;
	if (options.outputFile) {
		fs.mkdirSync(path.dirname(options.outputFile), { recursive: true });
		out = fs.openSync(options.outputFile, 'a');
		fs.writeSync(out, `\n$ ${command} ${args.join(' ')}   # ${new Date().toISOString()}\n`);
	}
	await new Promise<void>((resolve, reject) => {
		const stdio: SpawnOptions['stdio'] = out === undefined ? 'inherit' : ['ignore', out, out];
		const child = track(spawn(command, args, { cwd: options.cwd, env: options.env ?? process.env, stdio, detached: true }));
		if (out !== undefined) fs.closeSync(out);
		const heartbeat = setInterval(() => {
			const extra = options.progress ? `, ${options.progress()}` : '';
			options.log(`${options.label}: still running (${formatSeconds(Date.now() - started)}${extra})`);
		}, 15_000);
		const timeout = setTimeout(() => {
			options.log(`${options.label}: timed out after ${formatSeconds(options.timeoutMs)}, killing it`);
			killGroup(child, 'SIGKILL');
		}, options.timeoutMs);
		child.on('error', (error) => {
			clearInterval(heartbeat);
			clearTimeout(timeout);
			reject(error);
		});
		child.on('exit', (code, signal) => {
			clearInterval(heartbeat);
			clearTimeout(timeout);
			if (code === 0) resolve();
			else {
				const output = options.outputFile ? `; last output:\n${tail(options.outputFile, 40)}` : '';
				reject(new Error(`${options.label} failed (${signal ?? `exit code ${String(code)}`})${output}`));
			}
		});
	});
	options.log(`${options.label}: done in ${formatSeconds(Date.now() - started)}`);
}
