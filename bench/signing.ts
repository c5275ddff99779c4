/* eslint-disable @n8n/community-nodes/no-restricted-globals, no-console */
// Keys below are made-up test values (and a key pair generated at start), not secrets.
/* eslint-disable @n8n/community-nodes/no-hardcoded-secrets */
/**
 * Signing/verification micro-benchmark: each gateway's signature.ts against the same work done
 * with raw node `crypto`, in one process, in alternating short slices. Prints ops/s (median of
 * all slices), the ratio raw/ours (median over adjacent slice pairs; 1.00 = as fast as raw crypto,
 * the target is <= 1.10) and the range of the per-run ratios, which shows how noisy the run was.
 *
 *   npm run bench:signing [-- --runs 7 --ms 300 --slice 20]
 */
import { createHash, createHmac, generateKeyPairSync, sign, timingSafeEqual, verify } from 'crypto';

import { computeSign, verifySign } from '../nodes/Cashy/signature';
import { computeSignature, verifySignature } from '../nodes/IronixPay/signature';
import { signParts, verifyParts } from '../nodes/PayKka/signature';
import { computeRequestSignature, computeSignToken } from '../nodes/Pinddpay/signature';

function flag(name: string, fallback: number): number {
	const index = process.argv.indexOf(`--${name}`);
	const value = index >= 0 ? Number(process.argv[index + 1]) : fallback;
	return Number.isFinite(value) && value > 0 ? value : fallback;
}

const RUNS = flag('runs', 7);
/** Time per side per run, spent in alternating short slices of SLICE_MS. */
const WINDOW_MS = flag('ms', 300);
const SLICE_MS = flag('slice', 20);
const WARM_UP_MS = 200;

/**
 * CPU time of this process in nanoseconds. Timing on CPU time rather than the wall clock means a
 * slice in which the scheduler ran someone else's process is not counted against either side.
 */
function cpuNanoseconds(): number {
	const { user, system } = process.cpuUsage();
	return (user + system) * 1000;
}

/** Calls between clock reads for about 1 ms of work (RSA signing is ~1 ms a call, HMAC ~5 us). */
function batchSize(fn: () => unknown): number {
	let calls = 0;
	const started = cpuNanoseconds();
	while (cpuNanoseconds() - started < 10e6) {
		fn();
		calls++;
	}
	return Math.max(1, Math.round(calls / 10));
}

/** Operations per CPU-second of `fn`, run in batches for about `ms` of CPU time. */
function opsPerSecond(fn: () => unknown, batch: number, ms: number): number {
	let operations = 0;
	const started = cpuNanoseconds();
	const deadline = started + ms * 1e6;
	let now = started;
	while (now < deadline) {
		for (let index = 0; index < batch; index++) fn();
		operations += batch;
		now = cpuNanoseconds();
	}
	return operations / ((now - started) / 1e9);
}

function median(values: number[]): number {
	const sorted = [...values].sort((a, b) => a - b);
	const middle = sorted.length / 2;
	return sorted.length % 2 ? sorted[Math.floor(middle)] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** Median of ratios taken on logs, so swapping the two sides gives exactly the reciprocal. */
function medianRatio(ratios: number[]): number {
	return Math.exp(median(ratios.map(Math.log)));
}

interface Result {
	ours: number;
	raw: number;
	/** raw/ours: median over every pair of adjacent slices. */
	ratio: number;
	/** Lowest and highest per-run median ratio: how noisy the machine was. */
	low: number;
	high: number;
}

/**
 * Both sides run in short adjacent slices and each pair of slices gives one ratio, so load that
 * changes over seconds hits both sides alike. Which side goes first alternates every pair, so
 * neither always inherits the other's garbage-collection debt or a cold cache. Both use the same
 * batch, so clock reads cost both the same per call.
 */
function compare(ours: () => unknown, raw: () => unknown, batch: number): Result {
	opsPerSecond(ours, batch, WARM_UP_MS);
	opsPerSecond(raw, batch, WARM_UP_MS);
	const pairs = Math.max(1, Math.round(WINDOW_MS / SLICE_MS));
	const oursOps: number[] = [];
	const rawOps: number[] = [];
	const ratios: number[] = [];
	const runRatios: number[] = [];
	for (let run = 0; run < RUNS; run++) {
		const runRatio: number[] = [];
		for (let pair = 0; pair < pairs; pair++) {
			let o: number;
			let r: number;
			if ((run * pairs + pair) % 2 === 0) {
				o = opsPerSecond(ours, batch, SLICE_MS);
				r = opsPerSecond(raw, batch, SLICE_MS);
			} else {
				r = opsPerSecond(raw, batch, SLICE_MS);
				o = opsPerSecond(ours, batch, SLICE_MS);
			}
			oursOps.push(o);
			rawOps.push(r);
			runRatio.push(r / o);
		}
		ratios.push(...runRatio);
		runRatios.push(medianRatio(runRatio));
	}
	return {
		ours: median(oursOps),
		raw: median(rawOps),
		ratio: medianRatio(ratios),
		low: Math.min(...runRatios),
		high: Math.max(...runRatios),
	};
}

const body = Buffer.from(
	JSON.stringify({ id: 'evt_0195f0c1a2b34c5d', event_type: 'session.completed', data: { amount: '10.5', status: 'Paid' } }),
);
const secret = `whsec_${'0123456789abcdef'.repeat(4)}`;
const timestamp = String(Math.floor(Date.now() / 1000));
const nowSeconds = Number(timestamp);
const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const parts = { method: 'POST', path: '/v3/payment/acq/session', timestamp: String(Date.now()), nonce: 'n0nce', body };
const ironixSignature = computeSignature(secret, timestamp, body);
const payKkaSignature = signParts(privateKey, parts);
const cashySign = computeSign(body, 'TESTAPIKEY0123456789');

const rawEqual = (a: string, b: string) => a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));
// Both sides read the same runtime fields (a real request's path, key and nonce are not literals).
const pinddpayRequest = { method: 'POST', path: '/api/payout/create', accessKey: 'ak', timestamp, nonce: '42' };
const pinddpayRaw = () =>
	createHmac('sha256', secret)
		.update(`${pinddpayRequest.method}&${pinddpayRequest.path}&${pinddpayRequest.accessKey}&${pinddpayRequest.timestamp}&${pinddpayRequest.nonce}`)
		.digest('base64');
const paykkaRaw = () =>
	Buffer.concat([Buffer.from(`${parts.method}\n${parts.path}\n${parts.timestamp}\n${parts.nonce}\n`), body]);

const cases: Array<{ name: string; ours: () => unknown; raw: () => unknown }> = [
	{
		name: 'IronixPay webhook verify (HMAC-SHA256)',
		ours: () =>
			verifySignature({
				secret,
				signature: ironixSignature,
				timestamp,
				rawBody: body,
				nowSeconds,
				toleranceSeconds: 300,
			}),
		raw: () => rawEqual(createHmac('sha256', secret).update(`${timestamp}.`).update(body).digest('hex'), ironixSignature),
	},
	{
		name: 'PayKKa request sign (RSA-SHA256)',
		ours: () => signParts(privateKey, parts),
		raw: () => encodeURIComponent(sign('sha256', paykkaRaw(), privateKey).toString('base64')),
	},
	{
		name: 'PayKKa notification verify (RSA-SHA256)',
		ours: () => verifyParts(publicKey, parts, payKkaSignature),
		raw: () => verify('sha256', paykkaRaw(), publicKey, Buffer.from(decodeURIComponent(payKkaSignature), 'base64')),
	},
	{
		name: 'Pinddpay request sign (HMAC-SHA256)',
		ours: () => computeRequestSignature(secret, pinddpayRequest),
		raw: pinddpayRaw,
	},
	{
		name: 'Pinddpay sign-token (MD5 body+secret)',
		ours: () => computeSignToken(secret, 'bodyAndSecret', body),
		raw: () => createHash('md5').update(body).update(secret).digest('hex').toUpperCase(),
	},
	{
		name: 'Cashy Sign verify (MD5 body+key)',
		ours: () => verifySign({ secret: 'TESTAPIKEY0123456789', signature: cashySign, rawBody: body }),
		raw: () => rawEqual(createHash('md5').update(body).update('TESTAPIKEY0123456789').digest('hex').toUpperCase(), cashySign),
	},
	{
		// Identical code on both sides: shows the bench's own error, which should be 1.00.
		name: 'control: raw Pinddpay sign against itself',
		ours: () => pinddpayRaw(),
		raw: () => pinddpayRaw(),
	},
];

console.log(
	`node ${process.version}, ${RUNS} runs x ${WINDOW_MS} ms per side in ${SLICE_MS} ms alternating slices, body ${body.length} bytes`,
);
// Every closure goes through the timing loops before anything is measured: a loop that has seen
// only one closure gets it inlined, which skewed an A/A test (identical code) by ~10%.
const batches = cases.map(({ ours, raw }) => Math.round((batchSize(ours) + batchSize(raw)) / 2));
cases.forEach(({ ours, raw }, index) => {
	opsPerSecond(ours, batches[index], SLICE_MS);
	opsPerSecond(raw, batches[index], SLICE_MS);
});
console.log('| operation | ours ops/CPU-s | raw crypto ops/CPU-s | raw/ours | per-run range |');
console.log('|---|---:|---:|---:|---:|');
cases.forEach(({ name, ours, raw }, index) => {
	const { ours: o, raw: r, ratio, low, high } = compare(ours, raw, batches[index]);
	const format = (value: number) => Math.round(value).toLocaleString('en');
	console.log(`| ${name} | ${format(o)} | ${format(r)} | ${ratio.toFixed(2)} | ${low.toFixed(2)}-${high.toFixed(2)} |`);
});
