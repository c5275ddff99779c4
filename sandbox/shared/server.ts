/* eslint-disable @n8n/community-nodes/no-restricted-imports */
/**
 * Minimal HTTP plumbing shared by the gateway sandboxes: a loopback-only server that hands
 * handlers the raw body bytes (signatures are computed over exact bytes), JSON/text replies
 * and a tiny `:param` path router.
 */
import * as http from 'http';
import type { AddressInfo } from 'net';

import { FaultInjector, type Fault } from './faults';

export type RequestHandler = (
	req: http.IncomingMessage,
	res: http.ServerResponse,
	rawBody: Buffer,
) => void | Promise<void>;

/** One request as it reached the sandbox, for tests that check what a node sent. */
export interface RecordedRequest {
	method: string;
	path: string;
	query: Record<string, string | string[]>;
	/** Lower-case names, as node parses them. */
	headers: Record<string, string | string[] | undefined>;
	rawBody: string;
}

/** Bounded, so a long benchmark cannot grow it without limit. */
const MAX_RECORDED_REQUESTS = 1000;

export interface RunningServer {
	url: string;
	port: number;
	/** The newest gateway requests received (not /_sandbox/ ones), oldest first. */
	requests: RecordedRequest[];
	/** Test-only faults and per-path request counts (see faults.ts). */
	faults: FaultInjector;
	close(): Promise<void>;
}

const FAULTS_PATH = '/_sandbox/faults';
const REQUESTS_PATH = '/_sandbox/requests';

function record(requests: RecordedRequest[], req: http.IncomingMessage, rawBody: Buffer): void {
	const url = new URL(req.url ?? '/', 'http://127.0.0.1');
	const query: Record<string, string | string[]> = {};
	for (const key of new Set(url.searchParams.keys())) {
		const values = url.searchParams.getAll(key);
		query[key] = values.length === 1 ? values[0] : values;
	}
	requests.push({
		method: req.method ?? 'GET',
		path: url.pathname,
		query,
		headers: { ...req.headers },
		rawBody: rawBody.toString('utf8'),
	});
	if (requests.length > MAX_RECORDED_REQUESTS) requests.splice(0, requests.length - MAX_RECORDED_REQUESTS);
}

/** Serves `/_sandbox/faults` and applies injected faults before the sandbox's own handler. */
async function handleWithFaults(
	faults: FaultInjector,
	requests: RecordedRequest[],
	handler: RequestHandler,
	req: http.IncomingMessage,
	res: http.ServerResponse,
	rawBody: Buffer,
): Promise<void> {
	const method = req.method ?? 'GET';
	const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
	if (path === REQUESTS_PATH) {
		if (method === 'DELETE') requests.length = 0;
		sendJson(res, 200, method === 'DELETE' ? { cleared: true } : { requests });
		return;
	}
	if (path === FAULTS_PATH) {
		if (method === 'DELETE') {
			faults.clear();
			sendJson(res, 200, { cleared: true });
			return;
		}
		if (method === 'GET') {
			sendJson(res, 200, { requestCounts: Object.fromEntries(faults.requestCounts), maxInFlight: faults.maxInFlight });
			return;
		}
		try {
			sendJson(res, 201, faults.add(JSON.parse(rawBody.toString('utf8') || '{}') as Partial<Fault>));
		} catch (error) {
			sendJson(res, 400, { error: (error as Error).message });
		}
		return;
	}
	if (path.startsWith('/_sandbox/')) {
		await handler(req, res, rawBody);
		return;
	}
	record(requests, req, rawBody);
	const fault = faults.take(method, path);
	await faults.track(async () => {
		if (fault) await faults.apply(fault, req, res, async () => await handler(req, res, rawBody));
		else await handler(req, res, rawBody);
	});
}

/** Starts a server on 127.0.0.1 only (port 0 = random free port). */
export async function startHttpServer(
	handler: RequestHandler,
	options: { port?: number } = {},
): Promise<RunningServer> {
	const faults = new FaultInjector();
	const requests: RecordedRequest[] = [];
	const server = http.createServer((req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (chunk: Buffer) => chunks.push(chunk));
		req.on('end', () => {
			Promise.resolve()
				.then(async () => await handleWithFaults(faults, requests, handler, req, res, Buffer.concat(chunks)))
				.catch((error: unknown) => {
					if (!res.headersSent) sendText(res, 500, `Sandbox error: ${(error as Error).message}`);
					else res.end();
				});
		});
	});
	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
	});
	const port = (server.address() as AddressInfo).port;
	return {
		url: `http://127.0.0.1:${port}`,
		port,
		faults,
		requests,
		close: async () =>
			await new Promise<void>((resolve) => {
				server.close(() => resolve());
				// Keep-alive sockets would otherwise hold close() open.
				server.closeAllConnections();
			}),
	};
}

export function sendJson(
	res: http.ServerResponse,
	status: number,
	body: unknown,
	headers: Record<string, string> = {},
): void {
	const text = JSON.stringify(body);
	res.writeHead(status, {
		...headers,
		'Content-Type': 'application/json',
		'Content-Length': Buffer.byteLength(text),
	});
	res.end(text);
}

export function sendText(
	res: http.ServerResponse,
	status: number,
	text: string,
	headers: Record<string, string> = {},
): void {
	res.writeHead(status, {
		'Content-Type': 'text/plain; charset=utf-8',
		...headers,
		'Content-Length': Buffer.byteLength(text),
	});
	res.end(text);
}

/** One header value; repeated headers are joined by node, so arrays only come from set-cookie. */
export function header(req: http.IncomingMessage, name: string): string | undefined {
	const value = req.headers[name.toLowerCase()];
	return Array.isArray(value) ? value[0] : value;
}

export interface RouteMatch<H> {
	handler: H;
	params: Record<string, string>;
}

/** Method + path-pattern router; `:name` segments capture one URL-decoded path segment. */
export class Router<H> {
	private readonly routes: Array<{ method: string; segments: string[]; handler: H }> = [];

	add(method: string, pattern: string, handler: H): this {
		this.routes.push({ method: method.toUpperCase(), segments: splitPath(pattern), handler });
		return this;
	}

	match(method: string, pathname: string): RouteMatch<H> | undefined {
		const segments = splitPath(pathname);
		for (const route of this.routes) {
			if (route.method !== method.toUpperCase() || route.segments.length !== segments.length) continue;
			const params: Record<string, string> = {};
			const matches = route.segments.every((segment, i) => {
				if (segment.startsWith(':')) {
					params[segment.slice(1)] = safeDecode(segments[i]);
					return true;
				}
				return segment === segments[i];
			});
			if (matches) return { handler: route.handler, params };
		}
		return undefined;
	}
}

function splitPath(path: string): string[] {
	return path.split('/').filter((segment) => segment !== '');
}

function safeDecode(segment: string): string {
	try {
		return decodeURIComponent(segment);
	} catch {
		return segment;
	}
}
