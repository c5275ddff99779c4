/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-dangerous-functions */
/**
 * Throwaway Redis and PostgreSQL for n8n's queue mode, on 127.0.0.1 and random ports, with their
 * data in a temporary folder. Installs the Debian packages when missing (needs root, as on CI).
 *
 * PostgreSQL refuses to run as root: as root, initdb/postgres run as the `postgres` user that the
 * Debian package creates (or `nobody`), with the data folder handed to that user.
 */
import { spawn, spawnSync, type ChildProcess } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

import { aptInstall, cleanEnv, delay, freePort, stopGroup, tail, which, type Log } from './n8n-runtime';

export { aptInstall, which };

export interface Service {
	host: string;
	port: number;
	child: ChildProcess;
	logFile: string;
	stop(): Promise<void>;
}

async function waitUntil(what: string, check: () => boolean, child: ChildProcess, logFile: string, timeoutMs: number): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while (Date.now() < deadline) {
		if (child.exitCode !== null) throw new Error(`${what} exited early; log:\n${tail(logFile, 40)}`);
		if (check()) return;
		await delay(250);
	}
	throw new Error(`${what} not ready after ${timeoutMs} ms; log:\n${tail(logFile, 40)}`);
}

// ---------- Redis ----------

export async function startRedis(dir: string, log: Log): Promise<Service> {
	if (!which('redis-server')) aptInstall(['redis-server'], log);
	const server = which('redis-server');
	const cli = which('redis-cli');
	if (!server || !cli) throw new Error('redis-server/redis-cli not found after installing redis-server');
	fs.mkdirSync(dir, { recursive: true });
	const port = await freePort();
	const logFile = path.join(dir, 'redis.log');
	const out = fs.openSync(logFile, 'a');
	const child = spawn(
		server,
		['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir, '--daemonize', 'no', '--protected-mode', 'yes'],
		{ stdio: ['ignore', out, out], detached: true },
	);
	fs.closeSync(out);
	await waitUntil(
		'redis-server',
		() => spawnSync(cli, ['-h', '127.0.0.1', '-p', String(port), 'ping'], { encoding: 'utf8' }).stdout.trim() === 'PONG',
		child,
		logFile,
		30_000,
	);
	log(`redis on 127.0.0.1:${port}`);
	return { host: '127.0.0.1', port, child, logFile, stop: async () => await stopGroup(child, 10_000) };
}

// ---------- PostgreSQL ----------

function postgresBinDir(log: Log): string {
	const find = () => {
		const root = '/usr/lib/postgresql';
		if (!fs.existsSync(root)) return undefined;
		const versions = fs
			.readdirSync(root)
			.filter((name) => fs.existsSync(path.join(root, name, 'bin', 'initdb')))
			.sort((a, b) => Number(b) - Number(a));
		return versions.length > 0 ? path.join(root, versions[0], 'bin') : undefined;
	};
	const found = find();
	if (found) return found;
	aptInstall(['postgresql'], log);
	const installed = find();
	if (!installed) throw new Error('PostgreSQL binaries not found under /usr/lib/postgresql/*/bin after installing postgresql');
	return installed;
}

/** uid/gid to run PostgreSQL as when we are root. */
function postgresUser(): { uid: number; gid: number } | undefined {
	if (typeof process.getuid !== 'function' || process.getuid() !== 0) return undefined;
	for (const name of ['postgres', 'nobody']) {
		const uid = spawnSync('id', ['-u', name], { encoding: 'utf8' });
		const gid = spawnSync('id', ['-g', name], { encoding: 'utf8' });
		if (uid.status === 0 && gid.status === 0) return { uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) };
	}
	throw new Error('running as root, but there is no postgres or nobody user to run PostgreSQL as');
}

export interface Postgres extends Service {
	user: string;
	database: string;
	password: string;
	/** Runs one SQL statement as the n8n user; returns psql's unaligned output. */
	sql(statement: string): string;
	/** Stops the server, keeping its data (a database outage). */
	down(): Promise<void>;
	/** Starts it again on the same port and data. */
	up(): Promise<void>;
}

export async function startPostgres(dir: string, log: Log): Promise<Postgres> {
	const bin = postgresBinDir(log);
	const owner = postgresUser();
	// A fresh folder outside the repo (the postgres user must be able to reach it).
	const base = fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-e2e-pg-'));
	const dataDir = path.join(base, 'data');
	const socketDir = path.join(base, 'socket');
	fs.mkdirSync(socketDir);
	fs.mkdirSync(dir, { recursive: true });
	if (owner) {
		fs.chmodSync(base, 0o755);
		fs.chownSync(base, owner.uid, owner.gid);
		fs.chownSync(socketDir, owner.uid, owner.gid);
	}
	const user = 'n8n';
	const database = 'n8n';
	const password = 'n8n-e2e';
	const asOwner = owner ? { uid: owner.uid, gid: owner.gid } : {};
	const env = { ...cleanEnv(), LC_ALL: 'C', LANG: 'C' };

	const pwFile = path.join(base, 'pwfile');
	fs.writeFileSync(pwFile, `${password}\n`);
	if (owner) fs.chownSync(pwFile, owner.uid, owner.gid);
	const init = spawnSync(
		path.join(bin, 'initdb'),
		['-D', dataDir, '-U', user, `--pwfile=${pwFile}`, '--auth=scram-sha-256', '-E', 'UTF8', '--no-sync'],
		{ ...asOwner, cwd: base, env, encoding: 'utf8', timeout: 120_000 },
	);
	if (init.status !== 0) throw new Error(`initdb failed:\n${init.stdout}\n${init.stderr}`);

	const port = await freePort();
	const logFile = path.join(dir, 'postgres.log');
	const pgEnv = { ...env, PGPASSWORD: password };
	const launch = async (): Promise<ChildProcess> => {
		const out = fs.openSync(logFile, 'a');
		const started = spawn(
			path.join(bin, 'postgres'),
			['-D', dataDir, '-p', String(port), '-k', socketDir, '-c', 'listen_addresses=127.0.0.1', '-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off', '-c', 'max_connections=80'],
			{ ...asOwner, cwd: base, env, stdio: ['ignore', out, out], detached: true },
		);
		fs.closeSync(out);
		await waitUntil(
			'postgres',
			() => spawnSync(path.join(bin, 'pg_isready'), ['-h', '127.0.0.1', '-p', String(port), '-U', user], { env: pgEnv }).status === 0,
			started,
			logFile,
			60_000,
		);
		return started;
	};
	let child = await launch();
	const created = spawnSync(path.join(bin, 'createdb'), ['-h', '127.0.0.1', '-p', String(port), '-U', user, database], { env: pgEnv, encoding: 'utf8' });
	if (created.status !== 0) throw new Error(`createdb failed: ${created.stderr}`);
	log(`postgres (${path.basename(path.dirname(bin))}) on 127.0.0.1:${port}, data in ${dataDir}`);
	return {
		host: '127.0.0.1',
		port,
		user,
		database,
		password,
		get child() {
			return child;
		},
		logFile,
		sql: (statement: string) => {
			const result = spawnSync(path.join(bin, 'psql'), ['-h', '127.0.0.1', '-p', String(port), '-U', user, '-d', database, '-v', 'ON_ERROR_STOP=1', '-qAt', '-c', statement], {
				env: pgEnv,
				encoding: 'utf8',
				timeout: 60_000,
			});
			if (result.status !== 0) throw new Error(`psql failed: ${result.stderr}`);
			return result.stdout.trim();
		},
		down: async () => await stopGroup(child, 15_000),
		up: async () => {
			child = await launch();
		},
		stop: async () => {
			await stopGroup(child, 15_000);
			fs.rmSync(base, { recursive: true, force: true });
		},
	};
}

/** n8n environment for a PostgreSQL database. */
export function postgresEnv(postgres: Postgres): Record<string, string> {
	return {
		DB_TYPE: 'postgresdb',
		DB_POSTGRESDB_HOST: postgres.host,
		DB_POSTGRESDB_PORT: String(postgres.port),
		DB_POSTGRESDB_DATABASE: postgres.database,
		DB_POSTGRESDB_USER: postgres.user,
		DB_POSTGRESDB_PASSWORD: postgres.password,
	};
}

/** n8n environment for queue mode against these services. */
export function queueModeEnv(redis: Service, postgres: Postgres): Record<string, string> {
	return {
		...postgresEnv(postgres),
		EXECUTIONS_MODE: 'queue',
		QUEUE_BULL_REDIS_HOST: redis.host,
		QUEUE_BULL_REDIS_PORT: String(redis.port),
	};
}

// ---------- nginx ----------

/**
 * nginx on 127.0.0.1 in front of n8n's webhook processes, routing each request by a consistent
 * hash of its path: every delivery for one trigger reaches the same process, so that process's
 * in-memory dedupe sees all of them (the routing recipe in README "Delivery guarantees").
 */
export async function startWebhookRouter(dir: string, upstreamPorts: number[], log: Log): Promise<Service> {
	if (!which('nginx') && !fs.existsSync('/usr/sbin/nginx')) aptInstall(['nginx-light'], log);
	const nginx = which('nginx') ?? '/usr/sbin/nginx';
	if (!fs.existsSync(nginx)) throw new Error('nginx not found after installing nginx-light');
	fs.mkdirSync(path.join(dir, 'temp'), { recursive: true });
	const port = await freePort();
	const logFile = path.join(dir, 'nginx.log');
	const config = path.join(dir, 'nginx.conf');
	const temp = (name: string) => path.join(dir, 'temp', name);
	fs.writeFileSync(
		config,
		[
			'daemon off;',
			'worker_processes 1;',
			`pid ${path.join(dir, 'nginx.pid')};`,
			`error_log ${logFile} warn;`,
			'events { worker_connections 1024; }',
			'http {',
			'  access_log off;',
			`  client_body_temp_path ${temp('body')}; proxy_temp_path ${temp('proxy')}; fastcgi_temp_path ${temp('fastcgi')};`,
			`  uwsgi_temp_path ${temp('uwsgi')}; scgi_temp_path ${temp('scgi')};`,
			'  client_max_body_size 20m;',
			'  upstream n8n_webhooks {',
			'    hash $uri consistent;',
			...upstreamPorts.map((upstream) => `    server 127.0.0.1:${upstream};`),
			'    keepalive 16;',
			'  }',
			'  server {',
			`    listen 127.0.0.1:${port};`,
			'    location / {',
			'      proxy_pass http://n8n_webhooks;',
			'      proxy_http_version 1.1;',
			'      proxy_set_header Connection "";',
			'      proxy_set_header Host $host;',
			'      proxy_read_timeout 120s;',
			// A delivery is never retried on another process by nginx: the gateway decides.
			'      proxy_next_upstream off;',
			'    }',
			'  }',
			'}',
			'',
		].join('\n'),
	);
	const out = fs.openSync(logFile, 'a');
	const child = spawn(nginx, ['-c', config, '-p', dir], { stdio: ['ignore', out, out], detached: true });
	fs.closeSync(out);
	await waitUntil(
		'nginx',
		() => spawnSync('bash', ['-c', `exec 3<>/dev/tcp/127.0.0.1/${port}`]).status === 0,
		child,
		logFile,
		30_000,
	);
	log(`nginx on 127.0.0.1:${port} -> webhook processes ${upstreamPorts.join(', ')} (hash of the path)`);
	return { host: '127.0.0.1', port, child, logFile, stop: async () => await stopGroup(child, 10_000) };
}
