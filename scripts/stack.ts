/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/require-node-api-error */
/**
 * The whole local stack, shared by `npm run demo` and the end-to-end tests:
 * cached n8n runtime -> packed package installed like a community package -> gateway sandboxes ->
 * credentials and workflows imported and published -> `n8n start` on 127.0.0.1 -> owner + API key.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

import { GATEWAYS, renderTemplates, startSandbox, webhookUrl, type GatewayEntry, type SandboxHandle } from './gateways';
import {
	baseUrl,
	buildAndPack,
	createApiKey,
	createInstance,
	ensureRuntime,
	freePort,
	installPackage,
	loginOwner,
	n8nCommandOk,
	shown,
	startN8n,
	type Log,
	type N8nInstance,
	type RunningN8n,
} from './n8n-runtime';

export interface StackOptions {
	/** Folder for this run: n8n user folder, logs, rendered templates, tarball. */
	workDir: string;
	gateways?: GatewayEntry[];
	/** Fixed n8n port (demo); random otherwise. */
	port?: number;
	/** Use each gateway's fixed demo port for its sandbox; random otherwise. */
	fixedSandboxPorts?: boolean;
	/** Extra options for every sandbox (e.g. a time scale). */
	sandboxOptions?: Record<string, unknown>;
	/** An already packed tarball; otherwise build + pack. */
	tarball?: string;
	/** Skip `npm run build` before packing (dist is fresh). */
	skipBuild?: boolean;
	/**
	 * Where the n8n user folders go (main, workers). Default: a temporary folder outside the repo,
	 * removed on stop. Never inside the repo: n8n writes ~1,700 frontend files into
	 * `<user folder>/.cache/n8n/public`, which `n8n-node lint` (eslint over the whole repo, no
	 * .gitignore) would then crawl - minutes instead of seconds.
	 */
	dataDir?: string;
	/** Extra n8n environment for every process (database, queue mode). */
	extraEnv?: Record<string, string>;
	/**
	 * n8n's log level. Default `debug`: the end-to-end suites scan everything n8n can write for
	 * secrets. The demo and the benchmarks ask for `info` (debug logging costs throughput).
	 */
	logLevel?: 'debug' | 'info';
	/** `n8n worker` processes (queue mode), each with its own user folder and the package installed. */
	workers?: number;
	/** `n8n webhook` processes (queue mode), each with its own user folder, port and the package installed. */
	webhookProcesses?: number;
	log: Log;
}

export interface Stack {
	instance: N8nInstance;
	n8n: RunningN8n;
	workers: RunningN8n[];
	webhookProcesses: RunningN8n[];
	url: string;
	tarball: string;
	sandboxes: Map<string, SandboxHandle>;
	gateways: GatewayEntry[];
	apiKey: string;
	cookie: string;
	timings: Record<string, number>;
	stop(): Promise<void>;
}

async function timed<T>(timings: Record<string, number>, name: string, step: () => Promise<T>): Promise<T> {
	const started = Date.now();
	try {
		return await step();
	} finally {
		timings[name] = Date.now() - started;
	}
}

/** Imports every gateway's credential and workflow (filled for its sandbox) and publishes the workflows. */
export async function importGateways(
	instance: N8nInstance,
	gateways: GatewayEntry[],
	sandboxes: Map<string, SandboxHandle>,
	workDir: string,
	log: Log,
): Promise<void> {
	// import:credentials takes one array (with --separate, each file must be a single object);
	// import:workflow --separate takes a folder of one-workflow files.
	const importDir = path.join(workDir, 'import');
	const workflowsDir = path.join(importDir, 'workflows');
	const credentialsFile = path.join(importDir, 'credentials.json');
	fs.rmSync(importDir, { recursive: true, force: true });
	fs.mkdirSync(workflowsDir, { recursive: true });
	const credentials: unknown[] = [];
	for (const gateway of gateways) {
		const sandbox = sandboxes.get(gateway.key);
		if (!sandbox) throw new Error(`no sandbox for ${gateway.displayName}`);
		const rendered = renderTemplates(gateway, sandbox, path.join(importDir, 'rendered'), { webhookUrl: webhookUrl(gateway, baseUrl(instance)) });
		credentials.push(...(JSON.parse(fs.readFileSync(rendered.credentials, 'utf8')) as unknown[]));
		fs.copyFileSync(rendered.workflow, path.join(workflowsDir, `${gateway.key}.json`));
	}
	fs.writeFileSync(credentialsFile, JSON.stringify(credentials, null, '\t'));
	log(`importing ${credentials.length} credential(s) and ${gateways.length} workflow(s)`);
	await n8nCommandOk(instance, ['import:credentials', `--input=${credentialsFile}`]);
	await n8nCommandOk(instance, ['import:workflow', '--separate', `--input=${workflowsDir}`]);
	for (const gateway of gateways) {
		const result = await n8nCommandOk(instance, ['publish:workflow', `--id=${gateway.workflowId}`]);
		if (/error/i.test(result.stdout + result.stderr) && !/Publishing workflow/.test(result.stdout + result.stderr)) {
			throw new Error(`publish:workflow ${gateway.workflowId}: ${result.stdout}${result.stderr}`);
		}
	}
}

export async function startStack(options: StackOptions): Promise<Stack> {
	const { log, workDir } = options;
	const gateways = options.gateways ?? GATEWAYS;
	const timings: Record<string, number> = {};
	const sandboxes = new Map<string, SandboxHandle>();
	let n8n: RunningN8n | undefined;
	const workers: RunningN8n[] = [];
	const webhookProcesses: RunningN8n[] = [];
	fs.mkdirSync(workDir, { recursive: true });
	const dataDir = options.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-stack-'));
	fs.mkdirSync(dataDir, { recursive: true });

	const stop = async () => {
		await Promise.all([...workers, ...webhookProcesses].map(async (processOf) => await processOf.stop()));
		if (n8n) await n8n.stop();
		for (const sandbox of sandboxes.values()) await sandbox.close().catch(() => undefined);
		if (!options.dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
	};

	try {
		timings.runtimeInstall = await ensureRuntime(log);
		const tarball =
			options.tarball ??
			(await timed(timings, 'buildAndPack', async () => await buildAndPack(workDir, log, { build: !options.skipBuild })));

		const n8nEnv = { N8N_LOG_LEVEL: options.logLevel ?? 'debug', ...options.extraEnv };
		const instance = await createInstance(path.join(dataDir, 'n8n-user'), n8nEnv, options.port);
		installPackage(instance.userFolder, tarball);
		const url = baseUrl(instance);

		await timed(timings, 'sandboxes', async () => {
			for (const gateway of gateways) {
				const sandbox = await startSandbox(gateway, {
					...(options.sandboxOptions ?? {}),
					// Not 0: the OS could hand a sandbox the port just picked for n8n's task broker.
					port: options.fixedSandboxPorts ? gateway.demoPort : await freePort(),
				});
				sandboxes.set(gateway.key, sandbox);
				await gateway.setWebhookUrl(sandbox, webhookUrl(gateway, url));
				log(`${gateway.displayName} sandbox on ${sandbox.url}, webhooks -> ${webhookUrl(gateway, url)}`);
			}
		});

		await timed(timings, 'import', async () => await importGateways(instance, gateways, sandboxes, workDir, log));

		log(`starting n8n on ${url} (log: ${shown(path.join(workDir, 'n8n.log'))})`);
		n8n = await timed(timings, 'n8nStart', async () => await startN8n(instance, { logFile: path.join(workDir, 'n8n.log') }));
		for (let index = 0; index < (options.workers ?? 0); index++) {
			const worker = await createInstance(path.join(dataDir, `n8n-worker-${index + 1}`), n8nEnv, undefined, instance.encryptionKey);
			installPackage(worker.userFolder, tarball);
			const logFile = path.join(workDir, `n8n-worker-${index + 1}.log`);
			log(`starting n8n worker ${index + 1} (health check on 127.0.0.1:${worker.port}, log: ${shown(logFile)})`);
			workers.push(
				await timed(timings, `worker${index + 1}Start`, async () =>
					await startN8n(worker, {
						command: 'worker',
						logFile,
						readyUrl: `${baseUrl(worker)}/healthz`,
						env: { QUEUE_HEALTH_CHECK_ACTIVE: 'true', QUEUE_HEALTH_CHECK_PORT: String(worker.port), N8N_GRACEFUL_SHUTDOWN_TIMEOUT: '10' },
					}),
				),
			);
		}
		for (let index = 0; index < (options.webhookProcesses ?? 0); index++) {
			const webhook = await createInstance(path.join(dataDir, `n8n-webhook-${index + 1}`), n8nEnv, undefined, instance.encryptionKey);
			installPackage(webhook.userFolder, tarball);
			const logFile = path.join(workDir, `n8n-webhook-${index + 1}.log`);
			log(`starting n8n webhook process ${index + 1} on ${baseUrl(webhook)} (log: ${shown(logFile)})`);
			webhookProcesses.push(
				await timed(timings, `webhook${index + 1}Start`, async () =>
					await startN8n(webhook, { command: 'webhook', logFile, readyUrl: `${baseUrl(webhook)}/healthz`, env: { N8N_GRACEFUL_SHUTDOWN_TIMEOUT: '10' } }),
				),
			);
		}
		const cookie = await loginOwner(instance);
		const apiKey = await createApiKey(instance, cookie);
		return { instance, n8n, workers, webhookProcesses, url, tarball, sandboxes, gateways, apiKey, cookie, timings, stop };
	} catch (error) {
		await stop();
		throw error;
	}
}

/** A node as n8n's public API takes it; extra node settings (retryOnFail, maxTries...) pass through. */
export interface ApiWorkflowNode {
	name: string;
	type: string;
	typeVersion: number;
	parameters: Record<string, unknown>;
	credentials?: Record<string, { id: string; name: string }>;
	webhookId?: string;
	[setting: string]: unknown;
}

/**
 * Creates a workflow of `nodes` chained in order through n8n's public API (positions laid out
 * left to right) and publishes it when asked (a trigger-started workflow); returns its id.
 */
export async function createChainedWorkflow(
	stack: Stack,
	name: string,
	nodes: ApiWorkflowNode[],
	options: { publish?: boolean; settings?: Record<string, unknown>; connections?: Record<string, unknown> } = {},
): Promise<string> {
	// A workflow that branches passes its connections; otherwise the nodes are chained in order.
	const connections: Record<string, unknown> = options.connections ?? {};
	if (!options.connections) {
		for (let index = 0; index + 1 < nodes.length; index++) {
			connections[nodes[index].name] = { main: [[{ node: nodes[index + 1].name, type: 'main', index: 0 }]] };
		}
	}
	const call = async (path: string, body?: unknown) => {
		const response = await fetch(`${stack.url}/api/v1${path}`, {
			method: 'POST',
			headers: { 'Content-Type': 'application/json', Accept: 'application/json', 'X-N8N-API-KEY': stack.apiKey },
			body: body === undefined ? undefined : JSON.stringify(body),
			signal: AbortSignal.timeout(60_000),
		});
		const text = await response.text();
		if (!response.ok) throw new Error(`POST /api/v1${path} (${name}): ${response.status} ${text.slice(0, 500)}`);
		return text;
	};
	const created = JSON.parse(
		await call('/workflows', {
			name,
			nodes: nodes.map((node, index) => ({ ...node, position: [index * 240, 0] })),
			connections,
			settings: { executionOrder: 'v1', ...options.settings },
		}),
	) as { id: string };
	if (options.publish) await call(`/workflows/${created.id}/activate`);
	return String(created.id);
}
