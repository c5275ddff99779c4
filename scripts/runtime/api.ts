/** n8n's HTTP APIs: owner setup/login and an API key (internal REST), executions paged through the public API. */
import { baseUrl, type N8nInstance } from './instance';

export interface Owner {
	email: string;
	password: string;
	firstName: string;
	lastName: string;
}

export const DEFAULT_OWNER: Owner = {
	email: 'owner@example.com',
	password: 'Demo-Passw0rd!',
	firstName: 'Demo',
	lastName: 'Owner',
};

async function restCall(url: string, init: RequestInit & { cookie?: string }): Promise<{ status: number; body: unknown; cookie?: string }> {
	const headers: Record<string, string> = { 'Content-Type': 'application/json', ...(init.headers as Record<string, string> | undefined) };
	if (init.cookie) headers.Cookie = init.cookie;
	const response = await fetch(url, { ...init, headers, signal: AbortSignal.timeout(30_000) });
	const text = await response.text();
	let body: unknown = text;
	try {
		body = JSON.parse(text);
	} catch {
		// plain text
	}
	const setCookie = response.headers.get('set-cookie');
	const cookie = setCookie ? setCookie.split(';')[0] : undefined;
	return { status: response.status, body, cookie };
}

/** Creates the owner (first run) or logs in, and returns the session cookie. */
export async function loginOwner(instance: N8nInstance, owner: Owner = DEFAULT_OWNER): Promise<string> {
	const url = baseUrl(instance);
	const setup = await restCall(`${url}/rest/owner/setup`, { method: 'POST', body: JSON.stringify(owner) });
	if (setup.status === 200 && setup.cookie) return setup.cookie;
	const login = await restCall(`${url}/rest/login`, {
		method: 'POST',
		body: JSON.stringify({ emailOrLdapLoginId: owner.email, email: owner.email, password: owner.password }),
	});
	if (login.status !== 200 || !login.cookie) {
		throw new Error(`owner setup (${setup.status}) and login (${login.status}) failed: ${JSON.stringify(login.body)}`);
	}
	return login.cookie;
}

/** Creates a public-API key (all scopes the owner has). */
export async function createApiKey(instance: N8nInstance, cookie: string, label = `e2e-${Date.now()}`): Promise<string> {
	const url = baseUrl(instance);
	const scopesResponse = await restCall(`${url}/rest/api-keys/scopes`, { method: 'GET', cookie });
	const scopes = ((scopesResponse.body as { data?: string[] }).data ?? []).filter((scope) => typeof scope === 'string');
	const created = await restCall(`${url}/rest/api-keys`, {
		method: 'POST',
		cookie,
		body: JSON.stringify({ label, expiresAt: null, scopes }),
	});
	const data = (created.body as { data?: { rawApiKey?: string; apiKey?: string } }).data;
	const key = data?.rawApiKey ?? data?.apiKey;
	if (created.status !== 200 || !key) throw new Error(`creating an API key failed (${created.status}): ${JSON.stringify(created.body)}`);
	return key;
}

export interface ExecutionSummary {
	id: string;
	workflowId: string;
	status: string;
	mode: string;
	finished: boolean;
	data?: unknown;
}

/** How `readExecutions` pages: page size, the most pages it reads (then throws), each request's timeout. */
export interface ExecutionPaging {
	pageSize: number;
	maxPages: number;
	timeoutMs: number;
}

/**
 * Every execution matching `filter` (newest first) through `GET /api/v1/executions`, following
 * `nextCursor`. More than `paging.maxPages` pages throws: never a silent partial list, since
 * callers count executions, match them and scan all of them.
 */
export async function readExecutions(
	instance: N8nInstance,
	apiKey: string,
	filter: { workflowId?: string; includeData: boolean },
	paging: ExecutionPaging,
): Promise<Array<Record<string, unknown>>> {
	const executions: Array<Record<string, unknown>> = [];
	let cursor: string | undefined;
	for (let page = 0; page < paging.maxPages; page++) {
		const query = new URLSearchParams({ limit: String(paging.pageSize), includeData: String(filter.includeData) });
		if (filter.workflowId !== undefined) query.set('workflowId', filter.workflowId);
		if (cursor) query.set('cursor', cursor);
		const response = await fetch(`${baseUrl(instance)}/api/v1/executions?${query.toString()}`, {
			headers: { 'X-N8N-API-KEY': apiKey, Accept: 'application/json' },
			signal: AbortSignal.timeout(paging.timeoutMs),
		});
		if (!response.ok) throw new Error(`GET /api/v1/executions: ${response.status} ${await response.text()}`);
		const body = (await response.json()) as { data: Array<Record<string, unknown>>; nextCursor?: string | null };
		executions.push(...body.data);
		if (!body.nextCursor) return executions;
		cursor = body.nextCursor;
	}
	const workflow = filter.workflowId === undefined ? '' : ` for workflow ${filter.workflowId}`;
	throw new Error(`more than ${paging.maxPages} pages of executions${workflow}`);
}

/** One execution by id (`GET /api/v1/executions/{id}`), which, unlike the list, also returns one main still tracks as running. */
export async function getExecution(instance: N8nInstance, apiKey: string, id: string, includeData = false): Promise<ExecutionSummary> {
	const response = await fetch(`${baseUrl(instance)}/api/v1/executions/${encodeURIComponent(id)}?includeData=${String(includeData)}`, {
		headers: { 'X-N8N-API-KEY': apiKey, Accept: 'application/json' },
		signal: AbortSignal.timeout(30_000),
	});
	if (!response.ok) throw new Error(`GET /api/v1/executions/${id}: ${response.status} ${await response.text()}`);
	return toSummary((await response.json()) as Record<string, unknown>);
}

function toSummary(execution: Record<string, unknown>): ExecutionSummary {
	return {
		id: String(execution.id),
		workflowId: String(execution.workflowId),
		status: String(execution.status),
		mode: String(execution.mode),
		finished: Boolean(execution.finished),
		data: execution.data,
	};
}

/** One workflow's executions: up to 50 pages of 250. */
const WORKFLOW_PAGING: ExecutionPaging = { pageSize: 250, maxPages: 50, timeoutMs: 30_000 };

/** All executions of a workflow (newest first) through the public API. */
export async function listExecutions(instance: N8nInstance, apiKey: string, workflowId: string, includeData = false): Promise<ExecutionSummary[]> {
	const executions = await readExecutions(instance, apiKey, { workflowId, includeData }, WORKFLOW_PAGING);
	return executions.map(toSummary);
}
