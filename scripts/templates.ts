/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals */
/**
 * Brings the workflow templates of templates/ into a running n8n of the local stack, as a user
 * would: one credential per gateway named the way the templates reference it ("<Gateway> account"),
 * the Data Table the payout templates use, then `n8n import:workflow --input=<file>` for each
 * template file exactly as it is in the repository (no placeholders to fill). Used by
 * `npm run demo` and by test/e2e/templates.e2e.test.ts. Running it again changes nothing.
 */
import * as fs from 'fs';
import * as path from 'path';

import { renderTemplates, webhookUrl } from './gateways';
import { n8nCommandOk, type Log } from './n8n-runtime';
import type { Stack } from './stack';

export const TEMPLATES_DIR = path.resolve(__dirname, '..', 'templates');

/** The Data Table the payout batch, follow-up and reconciliation templates read and write. */
export const LEDGER_TABLE = 'payout_ledger';
/** All text: amounts stay decimal strings (a number column would make them floating point). */
export const LEDGER_COLUMNS = [
	'payee',
	'amount',
	'currency',
	'destination',
	'reference',
	'status',
	'payout_id',
	'gateway_status',
	'failure_reason',
	'payout_created_at',
];

/** The credential name every template refers to for a gateway (n8n's default name for a new credential). */
export const templateCredentialName = (displayName: string) => `${displayName} account`;

/** A fixed id of its own (16 characters, like n8n's), so a second import updates the credential. */
export const templateCredentialId = (gateway: { credentialId: string }) => `${gateway.credentialId.slice(0, 13)}Tpl`;

export interface ImportedTemplates {
	/** Template file name without `.json` -> workflow id in n8n. */
	workflowIds: Record<string, string>;
	ledgerTableId: string;
}

export async function publicApi<T>(stack: Pick<Stack, 'url' | 'apiKey'>, method: string, apiPath: string, body?: unknown): Promise<T> {
	const response = await fetch(`${stack.url}/api/v1${apiPath}`, {
		method,
		headers: { 'Content-Type': 'application/json', Accept: 'application/json', 'X-N8N-API-KEY': stack.apiKey },
		body: body === undefined ? undefined : JSON.stringify(body),
		signal: AbortSignal.timeout(60_000),
	});
	const text = await response.text();
	if (!response.ok) throw new Error(`${method} /api/v1${apiPath}: ${response.status} ${text.slice(0, 500)}`);
	return (text === '' ? undefined : JSON.parse(text)) as T;
}

export function templateFileNames(): string[] {
	return fs
		.readdirSync(TEMPLATES_DIR)
		.filter((file) => file.endsWith('.json'))
		.sort();
}

async function workflowExists(stack: Stack, id: string): Promise<boolean> {
	const response = await fetch(`${stack.url}/api/v1/workflows/${encodeURIComponent(id)}`, {
		headers: { Accept: 'application/json', 'X-N8N-API-KEY': stack.apiKey },
		signal: AbortSignal.timeout(30_000),
	});
	if (response.status === 404) return false;
	if (!response.ok) throw new Error(`GET /api/v1/workflows/${id}: ${response.status} ${await response.text()}`);
	return true;
}

/** Creates the ledger Data Table unless a table of that name exists; returns its id. */
export async function ensureLedgerTable(stack: Stack): Promise<string> {
	const filter = encodeURIComponent(JSON.stringify({ name: LEDGER_TABLE }));
	const listed = await publicApi<{ data: Array<{ id: string; name: string }> }>(stack, 'GET', `/data-tables?filter=${filter}`);
	const existing = listed.data.find((table) => table.name === LEDGER_TABLE);
	if (existing) return String(existing.id);
	const created = await publicApi<{ id: string }>(stack, 'POST', '/data-tables', {
		name: LEDGER_TABLE,
		columns: LEDGER_COLUMNS.map((name) => ({ name, type: 'string' })),
	});
	return String(created.id);
}

/**
 * One "<Gateway> account" credential per gateway of the stack, filled for its running sandbox (the
 * same values as the demo's credential). Imported every time under a fixed id, so a second run
 * updates it (the PayKKa sandbox makes new key pairs on every start).
 */
async function importCredentials(stack: Stack, workDir: string): Promise<void> {
	// Secrets on disk only for the import, then removed.
	const dir = path.join(workDir, 'template-credentials');
	try {
		const credentials: unknown[] = [];
		for (const gateway of stack.gateways) {
			const sandbox = stack.sandboxes.get(gateway.key);
			if (!sandbox) throw new Error(`no sandbox for ${gateway.displayName}`);
			const rendered = renderTemplates(gateway, sandbox, dir, { webhookUrl: webhookUrl(gateway, stack.url) });
			const [credential] = JSON.parse(fs.readFileSync(rendered.credentials, 'utf8')) as Array<Record<string, unknown>>;
			credentials.push({ ...credential, id: templateCredentialId(gateway), name: templateCredentialName(gateway.displayName) });
		}
		const file = path.join(dir, 'credentials.json');
		fs.writeFileSync(file, JSON.stringify(credentials, null, '\t'));
		await n8nCommandOk(stack.instance, ['import:credentials', `--input=${file}`]);
	} finally {
		fs.rmSync(dir, { recursive: true, force: true });
	}
}

/**
 * Imports every template file with `n8n import:workflow` (skipping a template whose workflow id
 * already exists) after creating what they refer to. Workflows stay unpublished: publish one in
 * the editor to make its trigger or schedule live.
 */
export async function importTemplates(stack: Stack, options: { workDir: string; log: Log }): Promise<ImportedTemplates> {
	fs.mkdirSync(options.workDir, { recursive: true });
	await importCredentials(stack, options.workDir);
	const ledgerTableId = await ensureLedgerTable(stack);
	const workflowIds: Record<string, string> = {};
	for (const file of templateFileNames()) {
		const key = path.basename(file, '.json');
		const { id } = JSON.parse(fs.readFileSync(path.join(TEMPLATES_DIR, file), 'utf8')) as { id: string };
		// `n8n import:workflow` keeps the file's workflow id (the editor's import makes a new one).
		if (!(await workflowExists(stack, id))) {
			await n8nCommandOk(stack.instance, ['import:workflow', `--input=${path.join(TEMPLATES_DIR, file)}`]);
			if (!(await workflowExists(stack, id))) throw new Error(`n8n import:workflow ${file} did not create workflow ${id}`);
			options.log(`imported template ${file} as workflow ${id}`);
		}
		workflowIds[key] = id;
	}
	return { workflowIds, ledgerTableId };
}
