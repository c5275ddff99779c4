/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-dangerous-functions */
/**
 * A loopback stand-in for api.stripe.com, so n8n's own Stripe Trigger can be activated and
 * benchmarked beside ours. The Stripe Trigger registers its endpoint when its workflow is
 * published (POST /v1/webhook_endpoints) and keeps the returned signing secret; it verifies every
 * delivery with that secret. Needs root: it adds `127.0.0.1 api.stripe.com` to /etc/hosts and
 * listens on 127.0.0.1:443 with a certificate from a CA made for this run, which n8n trusts through
 * NODE_EXTRA_CA_CERTS. `stop()` removes the hosts line and the server.
 */
import { spawnSync } from 'child_process';
import { randomBytes } from 'crypto';
import * as fs from 'fs';
import * as https from 'https';
import * as path from 'path';

const HOSTS_FILE = '/etc/hosts';
const HOSTS_LINE = '127.0.0.1 api.stripe.com # n8n-nodes-payment-gateways bench (removed when the bench stops)';

export interface StripeStandIn {
	/** The environment n8n needs to trust the stand-in's certificate. */
	n8nEnv: Record<string, string>;
	/** The signing secret the stand-in handed out for the endpoint whose URL contains `webhookId`. */
	secretFor(webhookId: string): string | undefined;
	/** What the stand-in was asked (method and path), for diagnosing a failed activation. */
	requests: string[];
	stop(): Promise<void>;
}

function openssl(args: string[], cwd: string): void {
	const result = spawnSync('openssl', args, { cwd, encoding: 'utf8' });
	if (result.status !== 0) throw new Error(`openssl ${args[0]} failed: ${result.stderr}`);
}

function makeCertificates(dir: string): { ca: string; key: string; cert: string } {
	fs.mkdirSync(dir, { recursive: true });
	openssl(['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'ca.key', '-out', 'ca.pem', '-days', '1', '-subj', '/CN=n8n bench stand-in CA'], dir);
	openssl(['req', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'server.key', '-out', 'server.csr', '-subj', '/CN=api.stripe.com'], dir);
	fs.writeFileSync(path.join(dir, 'san.ext'), 'subjectAltName=DNS:api.stripe.com\n');
	openssl(['x509', '-req', '-in', 'server.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-out', 'server.pem', '-days', '1', '-extfile', 'san.ext'], dir);
	return { ca: path.join(dir, 'ca.pem'), key: path.join(dir, 'server.key'), cert: path.join(dir, 'server.pem') };
}

function removeHostsLine(): void {
	const lines = fs.readFileSync(HOSTS_FILE, 'utf8').split('\n');
	const kept = lines.filter((line) => line !== HOSTS_LINE);
	if (kept.length !== lines.length) fs.writeFileSync(HOSTS_FILE, kept.join('\n'));
}

/** Why the stand-in cannot run here, or `undefined` when it can. */
export function stripeStandInUnavailable(): string | undefined {
	if (process.getuid?.() !== 0) return 'needs root (it edits /etc/hosts and listens on port 443)';
	if (spawnSync('openssl', ['version']).status !== 0) return 'needs openssl';
	return undefined;
}

export async function startStripeStandIn(workDir: string): Promise<StripeStandIn> {
	const files = makeCertificates(path.join(workDir, 'stripe-tls'));
	const secrets = new Map<string, string>();
	const requests: string[] = [];
	let endpoints = 0;
	const server = https.createServer({ key: fs.readFileSync(files.key), cert: fs.readFileSync(files.cert) }, (req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (chunk: Buffer) => chunks.push(chunk));
		req.on('end', () => {
			const url = new URL(req.url ?? '/', 'https://api.stripe.com');
			requests.push(`${req.method ?? ''} ${url.pathname}`);
			const json = (status: number, body: unknown) => {
				res.writeHead(status, { 'Content-Type': 'application/json' });
				res.end(JSON.stringify(body));
			};
			if (req.method === 'POST' && url.pathname === '/v1/webhook_endpoints') {
				// Stripe's API takes form-encoded bodies (enabled_events[0]=...).
				const form = new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
				const id = `we_bench_${++endpoints}`;
				const secret = `whsec_${randomBytes(24).toString('hex')}`;
				secrets.set(form.get('url') ?? '', secret);
				json(200, { id, object: 'webhook_endpoint', url: form.get('url'), secret, status: 'enabled', enabled_events: ['*'] });
			} else if (url.pathname.startsWith('/v1/webhook_endpoints/')) {
				const id = url.pathname.split('/').pop();
				json(200, req.method === 'DELETE' ? { id, deleted: true } : { id, object: 'webhook_endpoint', status: 'enabled' });
			} else {
				json(404, { error: { type: 'invalid_request_error', code: 'resource_missing', message: 'stand-in: unknown path' } });
			}
		});
	});
	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(443, '127.0.0.1', resolve);
	});
	removeHostsLine();
	fs.appendFileSync(HOSTS_FILE, `${fs.readFileSync(HOSTS_FILE, 'utf8').endsWith('\n') ? '' : '\n'}${HOSTS_LINE}\n`);
	const undo = () => removeHostsLine();
	process.once('exit', undo);
	return {
		n8nEnv: { NODE_EXTRA_CA_CERTS: files.ca },
		requests,
		secretFor: (webhookId) => [...secrets].find(([url]) => url.includes(webhookId))?.[1],
		stop: async () => {
			undo();
			process.removeListener('exit', undo);
			server.closeAllConnections();
			await new Promise<void>((resolve) => server.close(() => resolve()));
		},
	};
}
