/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals */
/** The environments children run with: cleaned of test-runner/npm settings, for npm in the cache, for n8n. */
import * as path from 'path';

import { baseUrl, type N8nInstance } from './instance';
import { NODE_BIN, NODE_DIST_DIR } from './versions';

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
export function npmEnv(): NodeJS.ProcessEnv {
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
