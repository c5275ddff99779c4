/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals, no-console */
/**
 * One-command demo: build + pack the package, install n8n 2.41.1 on Node 24 into .cache/ (reused
 * later), install the tarball like a community package, start every gateway sandbox, import ready
 * credentials and one workflow per gateway (published, so its trigger is live) and start the editor
 * on 127.0.0.1. Stops after --max-minutes (default 180) or on Ctrl-C, taking n8n and the sandboxes down.
 *
 *   npx ts-node --transpile-only scripts/demo.ts [--port 5678] [--max-minutes 180] [--fresh] [--skip-build]
 *
 * Logs are in .cache/demo/; n8n's data (SQLite) lives in $TMPDIR/n8n-payment-gateways-demo-<hash> and
 * survives runs; --fresh starts from an empty one.
 */
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

import { DEFAULT_OWNER, N8N_VERSION, NODE_VERSION, REPO_ROOT, delay, killActiveChildren, shown } from './n8n-runtime';
import { startStack, type Stack } from './stack';
import { importTemplates } from './templates';

function flag(name: string): string | undefined {
	const args = process.argv.slice(2);
	const index = args.indexOf(`--${name}`);
	if (index >= 0 && args[index + 1] !== undefined && !args[index + 1].startsWith('--')) return args[index + 1];
	const inline = args.find((arg) => arg.startsWith(`--${name}=`));
	return inline?.slice(name.length + 3);
}

function numberFlag(name: string, fallback: number): number {
	const raw = flag(name);
	const value = raw === undefined ? fallback : Number(raw);
	if (!Number.isFinite(value) || value <= 0) throw new Error(`--${name} must be a positive number`);
	return value;
}

const log = (message: string) => console.log(`[demo] ${message}`);

async function main(): Promise<void> {
	const maxMinutes = numberFlag('max-minutes', 180);
	const port = numberFlag('port', 5678);
	// Logs, tarball and rendered templates in the repo; n8n's data (SQLite, ~50 MB of frontend
	// cache) outside it, where `n8n-node lint` does not crawl it. It survives runs; --fresh resets it.
	const workDir = path.join(REPO_ROOT, '.cache', 'demo');
	const dataDir = path.join(os.tmpdir(), `n8n-payment-gateways-demo-${createHash('sha256').update(REPO_ROOT).digest('hex').slice(0, 8)}`);
	if (process.argv.includes('--fresh')) {
		fs.rmSync(workDir, { recursive: true, force: true });
		fs.rmSync(dataDir, { recursive: true, force: true });
	}
	fs.mkdirSync(workDir, { recursive: true });

	const state: { stack?: Stack } = {};
	let stopping = false;
	let finish: () => void = () => undefined;
	const finished = new Promise<void>((resolve) => (finish = resolve));
	const stop = async (reason: string) => {
		if (stopping) return;
		stopping = true;
		log(`stopping n8n and the sandboxes (${reason})`);
		if (!state.stack) {
			// Still starting: kill the install / n8n process groups; the sandboxes live in this process.
			killActiveChildren();
			process.exit(130);
		}
		await state.stack.stop();
		finish();
	};
	process.once('SIGINT', () => void stop('Ctrl-C'));
	process.once('SIGTERM', () => void stop('SIGTERM'));
	process.once('SIGHUP', () => void stop('SIGHUP'));
	const deadline = setTimeout(() => void stop(`${maxMinutes} minutes elapsed`), maxMinutes * 60_000);

	const started = Date.now();
	log(`n8n ${N8N_VERSION} on Node ${NODE_VERSION}; everything listens on 127.0.0.1; stops by itself after ${maxMinutes} min`);
	const stack = await startStack({
		workDir,
		dataDir,
		port,
		fixedSandboxPorts: true,
		skipBuild: process.argv.includes('--skip-build'),
		logLevel: 'info',
		log,
	});
	state.stack = stack;
	if (stopping) {
		await stack.stop();
		return;
	}
	const templates = await importTemplates(stack, { workDir, log });

	const lines = [
		'',
		'='.repeat(78),
		`n8n is ready (${Math.round((Date.now() - started) / 1000)} s): ${stack.url}`,
		`Sign in as ${DEFAULT_OWNER.email} / ${DEFAULT_OWNER.password}   (n8n data: ${dataDir}; log: ${shown(stack.n8n.logFile)})`,
		'Credentials are set up for the local sandboxes; each workflow below is published (its trigger is live).',
		// n8n chooses the canvas button's trigger itself and ranks an app trigger above the manual one
		// (checked in the browser test, test/e2e/browser.e2e.test.ts), so say how to pick the manual one.
		'In each workflow the orange button reads "Execute workflow from <Gateway> Trigger" (that waits for a test event).',
		'To run the manual branch: click the arrow beside it, pick "Execute workflow (manual)", then click the button,',
		'which now reads "Execute workflow from Execute workflow (manual)".',
	];
	for (const gateway of stack.gateways) {
		const sandbox = stack.sandboxes.get(gateway.key);
		if (!sandbox) continue;
		lines.push('', `${gateway.displayName} (sandbox ${sandbox.url})`, ...gateway.demoSteps(sandbox, stack.url).map((line) => `  ${line}`));
	}
	lines.push(
		'',
		'Templates (imported, not published; see templates/README.md):',
		...Object.entries(templates.workflowIds).map(([key, id]) => `  ${key}: ${stack.url}/workflow/${id}`),
		'',
		`Public API key for scripts: ${stack.apiKey}`,
		`Stops automatically at ${new Date(Date.now() + maxMinutes * 60_000).toLocaleTimeString()} (--max-minutes); Ctrl-C stops now.`,
		'='.repeat(78),
		'',
	);
	console.log(lines.join('\n'));

	// Also stop if n8n dies on its own.
	stack.n8n.child.once('exit', () => void stop('n8n exited'));
	await finished;
	clearTimeout(deadline);
	await delay(100);
}

main()
	.then(() => process.exit(0))
	.catch((error: unknown) => {
		console.error(`[demo] failed: ${error instanceof Error ? error.message : String(error)}`);
		process.exit(1);
	});
