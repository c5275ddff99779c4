/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals */
/**
 * Test-only fault injection, available in every sandbox at `POST /_sandbox/faults`:
 *   {"method":"POST","path":"/v1/payouts","kind":"drop_after_commit","times":1}
 * kinds: `status` (answer `status` without running the API, e.g. 500 or 429 with `retryAfter`
 * seconds), `drop_after_commit` (run the API, then cut the connection instead of answering),
 * `stall` (hold the request `delayMs` before running it, to provoke client timeouts).
 * `after` lets that many matching requests through first. `DELETE /_sandbox/faults` clears them. Every API request is also counted per method+path
 * (`GET /_sandbox/faults` returns the counts and the most requests seen in flight at once).
 */
import type * as http from 'http';

export interface Fault {
	method: string;
	/** Exact path, or a prefix ending in `*`. */
	path: string;
	kind: 'status' | 'drop_after_commit' | 'stall';
	/** How many matching requests it affects. */
	times: number;
	/** Matching requests let through untouched before it applies (e.g. the first lookup of a write). */
	after?: number;
	status?: number;
	retryAfter?: number;
	delayMs?: number;
}

const KINDS = ['status', 'drop_after_commit', 'stall'];
const MAX_STALL_MS = 60_000;

export class FaultInjector {
	private faults: Fault[] = [];

	/** API requests seen, keyed `METHOD /path` (query excluded). */
	readonly requestCounts = new Map<string, number>();

	/** Most API requests ever handled at the same time (to check clients' concurrency bounds). */
	maxInFlight = 0;

	private inFlight = 0;

	/** Runs one API request, tracking how many run at once. */
	async track(run: () => Promise<void>): Promise<void> {
		this.inFlight++;
		this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
		try {
			await run();
		} finally {
			this.inFlight--;
		}
	}

	add(input: Partial<Fault>): Fault {
		if (!input.method || !input.path || !input.kind || !KINDS.includes(input.kind)) {
			throw new Error('A fault needs method, path and kind (status | drop_after_commit | stall)');
		}
		const fault: Fault = {
			method: input.method.toUpperCase(),
			path: input.path,
			kind: input.kind,
			times: Math.max(1, Math.floor(Number(input.times ?? 1))),
			after: Math.max(0, Math.floor(Number(input.after ?? 0))),
			status: input.status,
			retryAfter: input.retryAfter,
			delayMs: Math.min(Number(input.delayMs ?? 0), MAX_STALL_MS),
		};
		this.faults.push(fault);
		return fault;
	}

	clear(): void {
		this.faults = [];
	}

	/** Counts the request and takes the first fault that matches it, if any. */
	take(method: string, path: string): Fault | undefined {
		const key = `${method} ${path}`;
		this.requestCounts.set(key, (this.requestCounts.get(key) ?? 0) + 1);
		const fault = this.faults.find(
			(candidate) =>
				candidate.method === method &&
				(candidate.path.endsWith('*') ? path.startsWith(candidate.path.slice(0, -1)) : candidate.path === path),
		);
		if (!fault) return undefined;
		if (fault.after) {
			fault.after--;
			return undefined;
		}
		fault.times--;
		if (fault.times <= 0) this.faults = this.faults.filter((candidate) => candidate !== fault);
		return fault;
	}

	/** Applies a fault around `run`, the sandbox's own handling of the request. */
	async apply(fault: Fault, req: http.IncomingMessage, res: http.ServerResponse, run: () => Promise<void>): Promise<void> {
		if (fault.kind === 'status') {
			const headers: Record<string, string> = { 'content-type': 'text/plain' };
			if (fault.retryAfter !== undefined) headers['retry-after'] = String(fault.retryAfter);
			res.writeHead(fault.status ?? 500, headers).end(`Injected fault: HTTP ${fault.status ?? 500}`);
			return;
		}
		if (fault.kind === 'stall') {
			await new Promise((resolve) => setTimeout(resolve, fault.delayMs).unref());
			if (req.socket.destroyed) return;
			await run();
			return;
		}
		// drop_after_commit: the gateway commits the change, the client never hears back.
		res.end = (() => {
			req.socket.destroy();
			return res;
		}) as typeof res.end;
		res.write = (() => true) as typeof res.write;
		await run();
	}
}
