/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals, no-console */
/**
 * Runs once before the end-to-end files: installs (or reuses) the cached n8n runtime, builds and
 * packs the package, and hands the tarball and this run's folder to the tests through env vars.
 */
import * as fs from 'fs';
import * as path from 'path';

import { REPO_ROOT, buildAndPack, ensureRuntime } from '../../scripts/n8n-runtime';

export default async function globalSetup(): Promise<void> {
	const log = (message: string) => console.log(`[e2e setup] ${message}`);
	const base = path.join(REPO_ROOT, '.n8n-e2e');
	// Keep only the last runs' folders (logs are useful after a failure).
	if (fs.existsSync(base)) {
		const runs = fs.readdirSync(base).filter((name) => name.startsWith('run-')).sort();
		for (const old of runs.slice(0, Math.max(0, runs.length - 2))) fs.rmSync(path.join(base, old), { recursive: true, force: true });
	}
	const dir = path.join(base, `run-${new Date().toISOString().replace(/[:.]/g, '-')}`);
	fs.mkdirSync(dir, { recursive: true });
	console.log('');
	const installMs = await ensureRuntime(log);
	const started = Date.now();
	const tarball = await buildAndPack(path.join(dir, 'package'), log);
	log(`runtime ${installMs === 0 ? 'reused from cache' : `installed in ${Math.round(installMs / 1000)} s`}; build + pack ${Math.round((Date.now() - started) / 1000)} s; run folder ${path.relative(REPO_ROOT, dir)}`);
	process.env.E2E_RUN_DIR = dir;
	process.env.E2E_TARBALL = tarball;
}
