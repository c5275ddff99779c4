/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-dangerous-functions, no-console */
/**
 * `npm run bench`: every benchmark in one run, printed as one table.
 *   1. signing/verification vs raw node crypto (bench/signing.ts, in a child process, before n8n starts);
 *   2. webhook ingest on the real n8n: IronixPay Trigger vs n8n's plain Webhook node;
 *   3. bulk payouts on the real n8n: the IronixPay node vs Code + HTTP Request, and Concurrency 1 vs N
 *      under a scaled IronixPay rate limit.
 *
 *   4. the cost of exactly-once without an idempotency key: Cashy Payout > Create (lookup + send) vs the lookup alone.
 *
 *   npm run bench -- [--only signing,ingest,payouts,exactlyonce] [--lookup-items 200] [--runs 3] [--deliveries 5000] [--ingest-concurrency 32]
 *                    [--items 1000] [--payout-concurrency 10] [--latency-ms 25] [--rate-scale 300]
 *                    [--ingest-sides plain,trigger,trigger-nodedupe] [--db postgres|sqlite]
 *                    [--n8n-env KEY=VALUE,...] [--skip-build] [--max-minutes 90]
 *
 * n8n runs from the same cached runtime as the demo and the e2e suite, on 127.0.0.1, with PostgreSQL
 * (started like the queue-mode e2e does; --db sqlite for n8n's default database). The run
 * stops by itself after --max-minutes. Results also go to .cache/bench/results.md.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

import { GATEWAYS } from '../scripts/gateways';
import { N8N_VERSION, NODE_VERSION, REPO_ROOT, killActiveChildren } from '../scripts/n8n-runtime';
import { postgresEnv, startPostgres, type Postgres } from '../scripts/queue-services';
import { startStack, type Stack } from '../scripts/stack';
import { benchBulkPayouts, type PayoutRun } from './bulk-payouts';
import { benchExactlyOnce, type ExactlyOnceRun } from './exactly-once';
import { benchLog, flag, formatNumber, median, numberFlag } from './support';
import { benchWebhookIngest, type IngestSide, type IngestSideName } from './webhook-ingest';

const only = new Set((flag('only') ?? 'signing,ingest,payouts,exactlyonce').split(',').map((name) => name.trim()));
const runs = numberFlag('runs', 3);

const lines: string[] = [];
const out = (line = '') => {
	lines.push(line);
	console.log(line);
};

function machine(): string {
	const cpus = os.cpus();
	const commit = spawnSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: REPO_ROOT, encoding: 'utf8' }).stdout.trim();
	const pkg = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { name: string; version: string };
	return [
		`${pkg.name} ${pkg.version} (${commit || 'no git'}), ${new Date().toISOString().slice(0, 10)}`,
		`machine: ${cpus.length} x ${cpus[0]?.model ?? 'unknown CPU'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB RAM, ${os.platform()} ${os.release()}`,
		`n8n ${N8N_VERSION} on Node ${NODE_VERSION} (regular mode, 127.0.0.1); bench client + sandboxes on Node ${process.version.slice(1)}`,
	].join('\n');
}

function signing(): void {
	const tsNode = require.resolve('ts-node/dist/bin.js');
	const result = spawnSync(process.execPath, [tsNode, '--transpile-only', path.join(__dirname, 'signing.ts'), '--runs', String(Math.max(7, runs))], {
		cwd: REPO_ROOT,
		encoding: 'utf8',
		timeout: 10 * 60_000,
	});
	if (result.status !== 0) throw new Error(`bench/signing.ts failed: ${result.stderr}`);
	out('### Signing / verification vs raw node crypto (target raw/ours <= 1.10)');
	out();
	for (const line of result.stdout.trim().split('\n')) out(line);
	out();
}

const ratio = (value: number) => `${value.toFixed(2)}x`;

function ingestTable(results: Map<IngestSideName, IngestSide[]>, deliveries: number, concurrency: number): void {
	const m = (list: IngestSide[], key: keyof IngestSide) => median(list.map((entry) => entry[key] as number));
	const sum = (list: IngestSide[], key: keyof IngestSide) => list.reduce((total, entry) => total + (entry[key] as number), 0);
	const t = results.get('trigger') ?? [];
	const p = results.get('plain') ?? [];
	const diagnostic = results.get('trigger-nodedupe');
	const extra = (render: (list: IngestSide[]) => string) => (diagnostic ? ` ${render(diagnostic)} |` : '');
	out(`### Webhook ingest: ${formatNumber(deliveries)} signed deliveries, concurrency ${concurrency}, median of ${t.length} runs`);
	out();
	out(`| | IronixPay Trigger | plain Webhook node | trigger / plain | target |${diagnostic ? ' trigger, Ignore Redeliveries off |' : ''}`);
	out(`|---|---:|---:|---:|---|${diagnostic ? '---:|' : ''}`);
	out(
		`| requests/s | ${formatNumber(m(t, 'requestsPerSecond'))} | ${formatNumber(m(p, 'requestsPerSecond'))} | ${ratio(m(t, 'requestsPerSecond') / m(p, 'requestsPerSecond'))} | >= 0.90x |` +
			extra((list) => formatNumber(m(list, 'requestsPerSecond'))),
	);
	out(`| p50 latency (ms) | ${formatNumber(m(t, 'p50Ms'), 1)} | ${formatNumber(m(p, 'p50Ms'), 1)} | ${ratio(m(t, 'p50Ms') / m(p, 'p50Ms'))} | |` + extra((list) => formatNumber(m(list, 'p50Ms'), 1)));
	out(`| p99 latency (ms) | ${formatNumber(m(t, 'p99Ms'), 1)} | ${formatNumber(m(p, 'p99Ms'), 1)} | ${ratio(m(t, 'p99Ms') / m(p, 'p99Ms'))} | <= 1.20x |` + extra((list) => formatNumber(m(list, 'p99Ms'), 1)));
	out(
		`| executions recorded (all runs) | ${formatNumber(sum(t, 'executions'))} / ${formatNumber(deliveries * t.length)} | ${formatNumber(sum(p, 'executions'))} / ${formatNumber(deliveries * p.length)} | | all |` +
			extra((list) => `${formatNumber(sum(list, 'executions'))} / ${formatNumber(deliveries * list.length)}`),
	);
	out(`| lost / duplicated executions | ${sum(t, 'lost')} / ${sum(t, 'duplicated')} | ${sum(p, 'lost')} / ${sum(p, 'duplicated')} | | 0 / 0 |` + extra((list) => `${sum(list, 'lost')} / ${sum(list, 'duplicated')}`));
	out(`| requests not answered 200 | ${sum(t, 'failedRequests')} | ${sum(p, 'failedRequests')} | | 0 |` + extra((list) => String(sum(list, 'failedRequests'))));
	out();
}

function payoutTable(results: PayoutRun[], options: { items: number; concurrency: number; latencyMs: number; rateScale: number }): void {
	const groups = new Map<string, PayoutRun[]>();
	for (const run of results) {
		const key = `${run.sandbox}|${run.variant}|${run.concurrency}`;
		groups.set(key, [...(groups.get(key) ?? []), run]);
	}
	const stepOf = (sandbox: string, variant: string, concurrency: number) =>
		median((groups.get(`${sandbox}|${variant}|${concurrency}`) ?? []).map((run) => run.stepMs));
	out(`### Bulk payouts: ${formatNumber(options.items)} items per run, median of ${runs} runs`);
	out(
		`"open" sandbox: no latency, no effective rate limit. "limited": ${options.latencyMs} ms per request and IronixPay's 60/min burst-20 limiter x${options.rateScale} (${formatNumber(options.rateScale)}/s, burst 20, Retry-After).`,
	);
	out();
	out('| sandbox | workflow | concurrency | payout step (s) | round trip (s) | payouts created | failures | requests refused (429) |');
	out('|---|---|---:|---:|---:|---:|---:|---:|');
	for (const list of groups.values()) {
		const first = list[0];
		const name = first.variant === 'node' ? 'IronixPay node, Payout > Create' : 'Code node + HTTP Request node';
		const concurrency = first.variant === 'node' ? String(first.concurrency) : 'all at once (n8n default)';
		out(
			`| ${first.sandbox} | ${name} | ${concurrency} | ${(median(list.map((run) => run.stepMs)) / 1000).toFixed(2)} | ${(median(list.map((run) => run.roundTripMs)) / 1000).toFixed(2)} | ` +
				`${list.map((run) => run.payoutsCreated).join(', ')} | ${list.reduce((sum, run) => sum + run.failures, 0)} | ${list.map((run) => run.extraRequests).join(', ')} |`,
		);
	}
	out();
	const overhead = stepOf('open', 'node', 1) / stepOf('open', 'httpRequest', 1);
	const overheadConcurrent = stepOf('open', 'node', options.concurrency) / stepOf('open', 'httpRequest', 1);
	const speedup = stepOf('limited', 'node', 1) / stepOf('limited', 'node', options.concurrency);
	const limitedFailures = (groups.get(`limited|node|${options.concurrency}`) ?? []).reduce((sum, run) => sum + run.failures, 0);
	out(
		`- node / (Code + HTTP Request), open sandbox: **${ratio(overheadConcurrent)}** with Concurrency ${options.concurrency}, ${ratio(overhead)} with the default Concurrency 1 (HTTP Request sends all items at once) (target <= 1.00x)`,
	);
	out(`- Concurrency ${options.concurrency} vs 1 under the limit: **${speedup.toFixed(1)}x faster**, ${limitedFailures} failures (target >= 5x, 0 failures)`);
	out();
}

async function main(): Promise<void> {
	const maxMinutes = numberFlag('max-minutes', 90);
	const guard = setTimeout(() => {
		console.error(`bench: stopped after --max-minutes ${maxMinutes}`);
		killActiveChildren();
		process.exit(2);
	}, maxMinutes * 60_000);
	guard.unref();

	out(machine());
	out();
	if (only.has('signing')) signing();
	if (!only.has('ingest') && !only.has('payouts') && !only.has('exactlyonce')) return;

	const workDir = path.join(REPO_ROOT, '.cache', 'bench');
	fs.mkdirSync(workDir, { recursive: true });
	let stack: Stack | undefined;
	let postgres: Postgres | undefined;
	const stop = async () => {
		await stack?.stop();
		stack = undefined;
		await postgres?.stop();
		postgres = undefined;
	};
	// n8n runs in its own process group: take it down on Ctrl-C and on `timeout`/CI termination too.
	for (const signal of ['SIGINT', 'SIGTERM'] as const) {
		process.once(signal, () => {
			void stop().finally(() => process.exit(130));
		});
	}
	try {
		// PostgreSQL by default: n8n's production database. SQLite has one writer, which here saturates
		// near 15 executions/s and would make both sides of the ingest comparison measure only that.
		const database = flag('db') ?? 'postgres';
		if (database !== 'postgres' && database !== 'sqlite') throw new Error('--db must be postgres or sqlite');
		if (database === 'postgres') postgres = await startPostgres(workDir, benchLog);
		// Extra n8n settings to compare configurations, e.g. --n8n-env N8N_EXPRESSION_ENGINE_POOL_SIZE=4
		const extraN8nEnv = Object.fromEntries(
			(flag('n8n-env') ?? '')
				.split(',')
				.filter((pair) => pair.includes('='))
				.map((pair) => [pair.slice(0, pair.indexOf('=')).trim(), pair.slice(pair.indexOf('=') + 1).trim()]),
		);
		const settings = `${database === 'postgres' ? 'PostgreSQL 15 (fsync off)' : 'SQLite'}${Object.keys(extraN8nEnv).length ? `, ${JSON.stringify(extraN8nEnv)}` : ''}`;
		out(`n8n database: ${settings}`);
		out();
		stack = await startStack({
			workDir,
			gateways: GATEWAYS.filter((gateway) => gateway.key === 'ironixpay'),
			skipBuild: process.argv.includes('--skip-build'),
			// Keep every execution: the ingest check matches each delivery to its execution.
			extraEnv: { EXECUTIONS_DATA_PRUNE: 'false', ...(postgres ? postgresEnv(postgres) : {}), ...extraN8nEnv },
			log: benchLog,
		});
		benchLog(`n8n on ${stack.url}; setup (ms): ${JSON.stringify(stack.timings)}`);
		if (only.has('ingest')) {
			const deliveries = numberFlag('deliveries', 5000);
			const concurrency = numberFlag('ingest-concurrency', 32);
			const secret = (stack.sandboxes.get('ironixpay') as unknown as { options: { webhookSecret: string } }).options.webhookSecret;
			const sides = (flag('ingest-sides') ?? 'plain,trigger').split(',').map((side) => side.trim()) as IngestSideName[];
			const results = await benchWebhookIngest(stack, { count: deliveries, concurrency, runs, secret, sides });
			ingestTable(results, deliveries, concurrency);
		}
		if (only.has('payouts')) {
			const options = {
				items: numberFlag('items', 1000),
				concurrency: numberFlag('payout-concurrency', 10),
				latencyMs: numberFlag('latency-ms', 25),
				rateScale: numberFlag('rate-scale', 300),
			};
			const results = await benchBulkPayouts(stack, { count: options.items, runs, ...options });
			payoutTable(results, options);
		}
		if (only.has('exactlyonce')) {
			const items = numberFlag('lookup-items', 200);
			exactlyOnceTable(await benchExactlyOnce(stack, { count: items, runs }), items);
		}
	} finally {
		await stop();
		fs.writeFileSync(path.join(workDir, 'results.md'), `${lines.join('\n')}\n`);
		clearTimeout(guard);
	}
}

function exactlyOnceTable(results: ExactlyOnceRun[], items: number): void {
	out(`**Exactly-once without an idempotency key** (Cashy, ${items} items per run, medians of ${runs}): Payout > Create looks each payout up by mchOrderNo before sending it.`);
	out();
	out('| step | ms per item | payOutQuery requests per item | payOut requests per item | payouts created per run |');
	out('|---|---:|---:|---:|---:|');
	for (const step of ['create (lookup + send)', 'lookup alone (query)'] as const) {
		const rows = results.filter((result) => result.step === step);
		if (rows.length === 0) continue;
		out(
			`| ${step} | ${formatNumber(median(rows.map((row) => row.stepMs / row.items)), 2)} | ${formatNumber(median(rows.map((row) => row.requestsPerItem['POST /api/payOutQuery'] ?? 0)), 2)} | ` +
				`${formatNumber(median(rows.map((row) => row.requestsPerItem['POST /api/payOut'] ?? 0)), 2)} | ${rows.map((row) => row.created).join(', ')} |`,
		);
	}
	const create = median(results.filter((row) => row.step === 'create (lookup + send)').map((row) => row.stepMs / row.items));
	const lookup = median(results.filter((row) => row.step === 'lookup alone (query)').map((row) => row.stepMs / row.items));
	out();
	out(`- the lookup costs ~${formatNumber(lookup, 2)} ms per item, ${formatNumber((100 * lookup) / create, 0)}% of a payout's ${formatNumber(create, 2)} ms in n8n`);
	out();
}

main().catch((error: unknown) => {
	console.error(error instanceof Error ? (error.stack ?? error.message) : error);
	killActiveChildren();
	process.exit(1);
});
