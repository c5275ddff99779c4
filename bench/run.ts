/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-dangerous-functions, no-console */
/**
 * `npm run bench`: every benchmark in one run, printed as one table.
 *   1. signing/verification vs raw node crypto (bench/signing.ts, in a child process, before n8n starts);
 *   2. webhook ingest on the real n8n, per expression engine setting (default `vm`, recommended settings,
 *      legacy): IronixPay Trigger vs n8n's plain Webhook node, n8n's Stripe Trigger and a user-built
 *      Webhook -> Crypto -> If -> Respond flow;
 *   3. bulk payouts on the real n8n: the IronixPay node vs Code + HTTP Request, and Concurrency 1 vs N
 *      under a scaled IronixPay rate limit.
 *
 *   4. the cost of exactly-once without an idempotency key: Cashy Payout > Create (lookup + send) vs the lookup alone.
 *
 *   npm run bench -- [--only signing,ingest,payouts,exactlyonce] [--lookup-items 200] [--runs 3] [--deliveries 5000] [--ingest-concurrency 32]
 *                    [--items 1000] [--payout-concurrency 10] [--latency-ms 25] [--rate-scale 300]
 *                    [--ingest-sides trigger,plain,stripe,userBuilt,trigger-nodedupe] [--engines default,recommended,legacy] [--db postgres|sqlite]
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
import { N8N_VERSION, NODE_VERSION, RECOMMENDED_EXPRESSION_SETTINGS, REPO_ROOT, killActiveChildren } from '../scripts/n8n-runtime';
import { postgresEnv, startPostgres, type Postgres } from '../scripts/queue-services';
import { startStack, type Stack } from '../scripts/stack';
import { benchBulkPayouts, type PayoutRun } from './bulk-payouts';
import { benchExactlyOnce, type ExactlyOnceRun } from './exactly-once';
import { benchLog, flag, formatNumber, median, numberFlag } from './support';
import { startStripeStandIn, stripeStandInUnavailable, type StripeStandIn } from './stripe-standin';
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

/** n8n's expression engine settings compared by the ingest bench; `default` is what users run. */
const ENGINES: Record<string, Record<string, string>> = {
	default: {},
	recommended: RECOMMENDED_EXPRESSION_SETTINGS,
	legacy: { N8N_EXPRESSION_ENGINE: 'legacy' },
};

const SIDE_LABELS: Record<IngestSideName, string> = {
	trigger: 'IronixPay Trigger (this package)',
	'trigger-nodedupe': 'IronixPay Trigger, Ignore Redeliveries off',
	plain: 'plain Webhook node (no verification)',
	stripe: "n8n's Stripe Trigger (signing secret set)",
	userBuilt: 'Webhook -> Crypto -> If -> Respond to Webhook',
};

function ingestTable(byEngine: Map<string, Map<IngestSideName, IngestSide[]>>, deliveries: number, concurrency: number): void {
	const m = (list: IngestSide[], key: keyof IngestSide) => median(list.map((entry) => entry[key] as number));
	const sum = (list: IngestSide[], key: keyof IngestSide) => list.reduce((total, entry) => total + (entry[key] as number), 0);
	const rounds = [...byEngine.values()][0]?.get('trigger')?.length ?? 0;
	out(`### Webhook ingest: ${formatNumber(deliveries)} signed deliveries per side, concurrency ${concurrency}, median of ${rounds} runs`);
	out();
	out('| engine | side | requests/s | p50 ms | p99 ms | req/s vs plain | p99 vs plain | req/s vs Stripe Trigger | executions | lost / duplicated | not 200 |');
	out('|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
	const targets: string[] = [];
	for (const [engine, results] of byEngine) {
		const plain = results.get('plain') ?? [];
		const stripe = results.get('stripe') ?? [];
		const versus = (list: IngestSide[], base: IngestSide[], key: keyof IngestSide) =>
			base.length && list.length ? ratio(m(list, key) / m(base, key)) : '';
		for (const [side, list] of results) {
			if (list.length === 0) continue;
			out(
				`| ${engine} | ${SIDE_LABELS[side]} | ${formatNumber(m(list, 'requestsPerSecond'))} | ${formatNumber(m(list, 'p50Ms'), 1)} | ${formatNumber(m(list, 'p99Ms'), 1)} | ` +
					`${side === 'plain' ? '' : versus(list, plain, 'requestsPerSecond')} | ${side === 'plain' ? '' : versus(list, plain, 'p99Ms')} | ` +
					`${side === 'stripe' ? '' : versus(list, stripe, 'requestsPerSecond')} | ${formatNumber(sum(list, 'executions'))} / ${formatNumber(deliveries * list.length)} | ` +
					`${sum(list, 'lost')} / ${sum(list, 'duplicated')} | ${sum(list, 'failedRequests')} |`,
			);
		}
		const ours = results.get('trigger') ?? [];
		if (engine === 'default' && stripe.length) targets.push(`- default engine: IronixPay Trigger / Stripe Trigger requests/s **${versus(ours, stripe, 'requestsPerSecond')}** (target >= 1.00x)`);
		if (engine === 'recommended' && plain.length)
			targets.push(
				`- recommended settings: IronixPay Trigger / plain Webhook node requests/s **${versus(ours, plain, 'requestsPerSecond')}** (target >= 0.90x), p99 **${versus(ours, plain, 'p99Ms')}** (target <= 1.20x)`,
			);
	}
	out();
	out(`Engines: default = n8n's \`vm\` engine as installed; recommended = ${Object.entries(ENGINES.recommended).map(([key, value]) => `${key}=${value}`).join(', ')} on \`vm\`; legacy = N8N_EXPRESSION_ENGINE=legacy (deprecated, insecure; for comparison only).`);
	for (const line of targets) out(line);
	out();
}

function payoutTable(results: PayoutRun[], options: { items: number; concurrency: number; latencyMs: number; rateScale: number }): void {
	const groups = new Map<string, PayoutRun[]>();
	for (const run of results) {
		const key = `${run.sandbox}|${run.variant}|${run.concurrency}`;
		groups.set(key, [...(groups.get(key) ?? []), run]);
	}
	const group = (sandbox: string, variant: string, concurrency: number) => groups.get(`${sandbox}|${variant}|${concurrency}`) ?? [];
	const stepOf = (sandbox: string, variant: string, concurrency: number) => median(group(sandbox, variant, concurrency).map((run) => run.stepMs));
	const failuresOf = (list: PayoutRun[]) => list.reduce((sum, run) => sum + run.failures, 0);
	const batching = results.find((run) => run.batching)?.batching;
	const batchingLabel = batching
		? `Batching ${batching.batchSize} items / ${formatNumber(batching.batchIntervalMs)} ms, Retry On Fail ${batching.maxTries} tries / ${formatNumber(batching.waitBetweenTriesMs)} ms`
		: '';
	const names: Record<PayoutRun['variant'], string> = {
		node: 'IronixPay node, Payout > Create',
		httpRequest: 'Code node + HTTP Request node (as added)',
		httpRequestBatched: `Code node + HTTP Request node (${batchingLabel})`,
	};
	out(`### Bulk payouts: ${formatNumber(options.items)} items per run, median of ${runs} runs`);
	out(
		`"open" sandbox: no latency, no effective rate limit. "limited": ${options.latencyMs} ms per request and IronixPay's 60/min burst-20 limiter x${options.rateScale} (${formatNumber(options.rateScale)}/s, burst 20, Retry-After).`,
	);
	if (batching)
		out(
			`Batched HTTP Request: what a careful user sets for 60/min burst 20 (${batching.batchSize} items every ${formatNumber(batching.unscaledIntervalMs / 1000)} s), the interval divided by the same x${options.rateScale}; Retry On Fail reruns every item of the node, the Idempotency-Key keeps that to one payout each.`,
		);
	out();
	out('| sandbox | workflow | concurrency | payout step (s) | round trip (s) | payouts created | failures | requests refused or resent | executions |');
	out('|---|---|---:|---:|---:|---:|---:|---:|---|');
	for (const list of groups.values()) {
		const first = list[0];
		const concurrency =
			first.variant === 'node'
				? String(first.concurrency)
				: first.variant === 'httpRequest'
					? 'all at once (n8n default)'
					: `${first.batching?.batchSize ?? '?'} per batch`;
		out(
			`| ${first.sandbox} | ${names[first.variant]} | ${concurrency} | ${(median(list.map((run) => run.stepMs)) / 1000).toFixed(2)} | ${(median(list.map((run) => run.roundTripMs)) / 1000).toFixed(2)} | ` +
				`${list.map((run) => run.payoutsCreated).join(', ')} | ${failuresOf(list)} | ${list.map((run) => run.extraRequests).join(', ')} | ${list.map((run) => run.executionStatus).join(', ')} |`,
		);
	}
	out();
	const c = options.concurrency;
	const overhead = stepOf('open', 'node', 1) / stepOf('open', 'httpRequest', 1);
	const overheadConcurrent = stepOf('open', 'node', c) / stepOf('open', 'httpRequest', 1);
	const speedup = stepOf('limited', 'node', 1) / stepOf('limited', 'node', c);
	const limitedFailures = failuresOf(group('limited', 'node', c));
	out(
		`- node / (Code + HTTP Request), open sandbox: **${ratio(overheadConcurrent)}** with Concurrency ${c}, ${ratio(overhead)} with the default Concurrency 1 (HTTP Request sends all items at once) (target <= 1.00x)`,
	);
	out(`- Concurrency ${c} vs 1 under the limit: **${speedup.toFixed(1)}x faster**, ${limitedFailures} failures (target >= 5x, 0 failures)`);
	for (const sandbox of ['limited', 'open'] as const) {
		const batched = group(sandbox, 'httpRequestBatched', 1);
		if (batched.length === 0) continue;
		out(
			`- ${sandbox} sandbox, node at Concurrency ${c} / batched HTTP Request, payout step wall time: **${ratio(stepOf(sandbox, 'node', c) / stepOf(sandbox, 'httpRequestBatched', 1))}** (target <= 1.00x); ` +
				`failures: node ${failuresOf(group(sandbox, 'node', c))}, batched HTTP Request ${failuresOf(batched)} (target 0)`,
		);
	}
	// The baseline as added has no retries: say plainly whether the limiter broke it.
	for (const sandbox of ['limited', 'open'] as const) {
		const plain = group(sandbox, 'httpRequest', 1);
		const failed = plain.filter((run) => run.failures > 0);
		if (plain.length === 0 || (sandbox === 'open' && failed.length === 0)) continue;
		out(
			`- ${sandbox} sandbox, HTTP Request as added (all at once, no retries): ` +
				(failed.length > 0
					? `**failed** in ${failed.length} of ${plain.length} runs (${failuresOf(plain)} failures; payouts created ${plain.map((run) => run.payoutsCreated).join(', ')} of ${formatNumber(options.items)}; executions ${plain.map((run) => run.executionStatus).join(', ')})`
					: `did not fail in ${plain.length} run${plain.length === 1 ? '' : 's'} (refused requests ${plain.map((run) => run.extraRequests).join(', ')}): at this item count it never got ahead of the scaled limiter`),
		);
	}
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
	let stripe: StripeStandIn | undefined;
	const stop = async () => {
		await stack?.stop();
		stack = undefined;
		await stripe?.stop();
		stripe = undefined;
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
		const start = async (extraEnv: Record<string, string>) => {
			stack = await startStack({
				workDir,
				gateways: GATEWAYS.filter((gateway) => gateway.key === 'ironixpay'),
				skipBuild: process.argv.includes('--skip-build') || built,
				// Keep every execution: the ingest check matches each delivery to its execution.
				extraEnv: { EXECUTIONS_DATA_PRUNE: 'false', ...(postgres ? freshDatabase(postgres) : {}), ...extraN8nEnv, ...extraEnv },
				logLevel: 'info',
				log: benchLog,
			});
			built = true;
			benchLog(`n8n on ${stack.url}; setup (ms): ${JSON.stringify(stack.timings)}`);
			return stack;
		};
		let built = false;
		// Each n8n start gets an empty database of its own (n8n sets up its owner on a new database only).
		let databases = 0;
		const freshDatabase = (server: Postgres) => {
			const database = `bench_${++databases}`;
			server.sql(`CREATE DATABASE ${database}`);
			return { ...postgresEnv(server), DB_POSTGRESDB_DATABASE: database };
		};
		if (only.has('ingest')) {
			const deliveries = numberFlag('deliveries', 5000);
			const concurrency = numberFlag('ingest-concurrency', 32);
			const engines = (flag('engines') ?? Object.keys(ENGINES).join(',')).split(',').map((engine) => engine.trim());
			let sides = (flag('ingest-sides') ?? 'trigger,plain,stripe,userBuilt').split(',').map((side) => side.trim()) as IngestSideName[];
			if (sides.includes('stripe')) {
				const unavailable = stripeStandInUnavailable();
				if (unavailable) {
					out(`(n8n's Stripe Trigger left out: the api.stripe.com stand-in ${unavailable})`);
					sides = sides.filter((side) => side !== 'stripe');
				} else stripe = await startStripeStandIn(workDir);
			}
			const byEngine = new Map<string, Map<IngestSideName, IngestSide[]>>();
			for (const engine of engines) {
				const settings = ENGINES[engine];
				if (!settings) throw new Error(`--engines: unknown engine ${engine} (${Object.keys(ENGINES).join(', ')})`);
				benchLog(`ingest on engine "${engine}" ${JSON.stringify(settings)}`);
				const running = await start({ ...settings, ...(stripe?.n8nEnv ?? {}) });
				const secret = (running.sandboxes.get('ironixpay') as unknown as { options: { webhookSecret: string } }).options.webhookSecret;
				byEngine.set(engine, await benchWebhookIngest(running, { count: deliveries, concurrency, runs, sides, context: { secret, stripe } }));
				await running.stop();
				stack = undefined;
			}
			ingestTable(byEngine, deliveries, concurrency);
		}
		// Payouts and exactly-once on n8n's default engine.
		if (only.has('payouts') || only.has('exactlyonce')) stack = await start({});
		if (!stack) return;
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
