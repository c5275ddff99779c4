/* eslint-disable @n8n/community-nodes/no-restricted-globals, no-console */
// Keys below are the specs' public test vectors and throwaway values, not secrets.
/* eslint-disable @n8n/community-nodes/no-hardcoded-secrets */
/**
 * Signing/verification micro-benchmark: each gateway's signature.ts against the same work done
 * with raw node `crypto`, in one process, interleaved. Prints ops/s (median of --runs) and the
 * ratio raw/ours (1.00 = as fast as raw crypto; the target is <= 1.10).
 *
 *   npm run bench:signing [-- --runs 7 --ms 300]
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
const WINDOW_MS = flag('ms', 300);

/** Operations per second of `fn`, run for about WINDOW_MS (bounded loop). */
function opsPerSecond(fn: () => unknown): number {
	let operations = 0;
	const started = process.hrtime.bigint();
	const deadline = started + BigInt(WINDOW_MS) * 1_000_000n;
	let now = started;
	while (now < deadline) {
		for (let index = 0; index < 50; index++) fn();
		operations += 50;
		now = process.hrtime.bigint();
	}
	return operations / (Number(now - started) / 1e9);
}

function median(values: number[]): number {
	const sorted = [...values].sort((a, b) => a - b);
	return sorted[Math.floor(sorted.length / 2)];
}

const body = Buffer.from(
	JSON.stringify({ id: 'evt_0195f0c1a2b34c5d', event_type: 'session.completed', data: { amount: '10.5', status: 'Paid' } }),
);
const secret = `whsec_${'0123456789abcdef'.repeat(4)}`;
const timestamp = String(Math.floor(Date.now() / 1000));
const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const parts = { method: 'POST', path: '/v3/payment/acq/session', timestamp: String(Date.now()), nonce: 'n0nce', body };
const ironixSignature = computeSignature(secret, timestamp, body);
const payKkaSignature = signParts(privateKey, parts);
const cashySign = computeSign(body, 'TESTAPIKEY0123456789');

const rawEqual = (a: string, b: string) => a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));
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
				nowSeconds: Number(timestamp),
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
		ours: () =>
			computeRequestSignature(secret, { method: 'POST', path: '/api/payout/create', accessKey: 'ak', timestamp, nonce: '42' }),
		raw: () => createHmac('sha256', secret).update(`POST&/api/payout/create&ak&${timestamp}&42`).digest('base64'),
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
];

console.log(`node ${process.version}, ${RUNS} runs x ${WINDOW_MS} ms per side, body ${body.length} bytes`);
console.log('| operation | ours ops/s | raw crypto ops/s | raw/ours |');
console.log('|---|---:|---:|---:|');
for (const { name, ours, raw } of cases) {
	const oursRuns: number[] = [];
	const rawRuns: number[] = [];
	for (let run = 0; run < RUNS; run++) {
		// Interleaved so machine noise hits both sides alike.
		oursRuns.push(opsPerSecond(ours));
		rawRuns.push(opsPerSecond(raw));
	}
	const [o, r] = [median(oursRuns), median(rawRuns)];
	console.log(`| ${name} | ${Math.round(o).toLocaleString('en')} | ${Math.round(r).toLocaleString('en')} | ${(r / o).toFixed(2)} |`);
}
