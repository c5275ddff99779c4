/* eslint-disable @n8n/community-nodes/no-restricted-imports */
/**
 * The workflow templates of templates/ on a real n8n 2.41.1 against the sandboxes:
 * - every file imports with `n8n import:workflow` as it is, its credentials linked by name;
 * - the scheduled payout batch on 50 ledger rows, 3 of them invalid: exactly 47 paid, the 3
 *   reported with their reasons and nothing sent for them; a second run pays nothing; a payout
 *   IronixPay refuses is reported and its row marked failed;
 * - the status follow-up (published, fed by the sandbox's signed payout webhooks) marks rows
 *   paid or failed;
 * - the daily reconciliation finds nothing on a clean ledger and exactly the three mismatches
 *   planted in the sandbox (one missing, one amount, one status);
 * - guardrails: an item over the maximum and a destination outside the list are refused with
 *   nothing sent;
 * - each gateway template starts its payment as it is, and the Cashy one's notification (sent to
 *   the Notify URL the template builds) reaches its trigger and the "paid" branch.
 */
import * as path from 'path';

import type { IDataObject } from 'n8n-workflow';

import { GATEWAYS, type GatewayEntry, type SandboxHandle } from '../../scripts/gateways';
import { IRONIXPAY_AML_BLOCKED_ADDRESS as AML_BLOCKED } from '../../sandbox/ironixpay/server';
import { createChainedWorkflow, startStack, type Stack } from '../../scripts/stack';
import { importTemplates, publicApi, templateCredentialId, templateCredentialName, templateFileNames, type ImportedTemplates } from '../../scripts/templates';
import { control as controlSandbox } from '../gateways/support';
import { findSecretLeaks } from './secrets';
import { e2eLog, outputsOf, runDir, settledExecutions, tarballPath, waitFor, type RunData } from './support';

let stack: Stack | undefined;
let imported: ImportedTemplates | undefined;

/** Valid TRON addresses (Base58, 34 characters) and the one the sandbox's AML check refuses. */
const ADDRESSES = ['TQn9Y2khEsLJW1ChVWFMSMeRDow5KcbLSE', 'TLa2f6VPqDgRE67v1736s7bJ8Ray5wYjU7', 'TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t'];

interface LedgerRow {
	id: number;
	payee: string;
	amount: string;
	currency: string;
	destination: string;
	reference: string;
	status: string | null;
	payout_id: string | null;
	gateway_status: string | null;
	failure_reason: string | null;
	payout_created_at: string | null;
}

interface SandboxPayout {
	id: string;
	status: string;
	amount: bigint;
	metadata?: Record<string, unknown>;
}

beforeAll(async () => {
	stack = await startStack({
		workDir: path.join(runDir(), 'templates'),
		tarball: tarballPath(),
		gateways: GATEWAYS,
		// 50 payouts and their confirmations at once: above the sandbox's default 60/min limit and 1,000 USDT balance.
		sandboxOptions: { rateLimitPerMinute: 100_000, rateLimitBurst: 10_000, initialBalance: '100000' },
		log: e2eLog,
	});
	imported = await importTemplates(stack, { workDir: path.join(runDir(), 'templates'), log: e2eLog });
	e2eLog(`n8n on ${stack.url}; templates ${JSON.stringify(imported.workflowIds)}`);
}, 10 * 60_000);

afterAll(async () => {
	await stack?.stop();
}, 60_000);

const running = (): Stack => {
	if (!stack) throw new Error('the n8n stack did not start (see beforeAll)');
	return stack;
};
const templates = (): ImportedTemplates => {
	if (!imported) throw new Error('the templates were not imported (see beforeAll)');
	return imported;
};
const ironix = (): SandboxHandle & { payouts: ReadonlyMap<string, SandboxPayout> } => {
	const sandbox = running().sandboxes.get('ironixpay');
	if (!sandbox) throw new Error('the IronixPay sandbox is not running');
	return sandbox as SandboxHandle & { payouts: ReadonlyMap<string, SandboxPayout> };
};

const control = async (pathname: string, body: unknown = {}): Promise<IDataObject> => await controlSandbox(ironix(), pathname, body);

/** How many payout creations reached the sandbox (accepted or refused). */
async function payoutPosts(): Promise<number> {
	const response = await fetch(`${ironix().url}/_sandbox/faults`, { signal: AbortSignal.timeout(10_000) });
	const body = (await response.json()) as { requestCounts: Record<string, number> };
	return body.requestCounts['POST /v1/payouts'] ?? 0;
}

async function ledgerRows(): Promise<LedgerRow[]> {
	const rows: LedgerRow[] = [];
	let cursor: string | undefined;
	do {
		const query = new URLSearchParams({ limit: '250', sortBy: 'id:asc' });
		if (cursor) query.set('cursor', cursor);
		const page = await publicApi<{ data: LedgerRow[]; nextCursor?: string | null }>(running(), 'GET', `/data-tables/${templates().ledgerTableId}/rows?${query.toString()}`);
		rows.push(...page.data);
		cursor = page.nextCursor ?? undefined;
	} while (cursor);
	return rows;
}

async function addRows(rows: Array<Partial<LedgerRow>>): Promise<void> {
	await publicApi(running(), 'POST', `/data-tables/${templates().ledgerTableId}/rows`, { data: rows, returnType: 'count' });
}

/**
 * Runs a workflow the way the editor's "Execute workflow" button does, from its Schedule or Manual
 * Trigger, on the workflow as stored (`n8n execute` starts only from a Manual Trigger), and returns
 * the finished execution.
 */
async function runManually(workflowId: string, triggerType = 'n8n-nodes-base.scheduleTrigger'): Promise<RunData> {
	const workflow = await publicApi<{ nodes: Array<{ name: string; type: string }> }>(running(), 'GET', `/workflows/${workflowId}`);
	const trigger = workflow.nodes.find((node) => node.type === triggerType);
	if (!trigger) throw new Error(`workflow ${workflowId} has no ${triggerType}`);
	const response = await fetch(`${running().url}/rest/workflows/${workflowId}/run`, {
		method: 'POST',
		headers: { 'Content-Type': 'application/json', Cookie: running().cookie },
		body: JSON.stringify({ triggerToStartFrom: { name: trigger.name } }),
		signal: AbortSignal.timeout(60_000),
	});
	const text = await response.text();
	if (!response.ok) throw new Error(`POST /rest/workflows/${workflowId}/run: ${response.status} ${text.slice(0, 500)}`);
	const executionId = (JSON.parse(text) as { data?: { executionId?: string } }).data?.executionId;
	if (!executionId) throw new Error(`the manual run of ${workflowId} started no execution: ${text.slice(0, 500)}`);
	const execution = await waitFor(
		`execution ${executionId}`,
		async () => {
			const found = await publicApi<{ status: string; mode: string; data?: Parameters<typeof outputsOf>[0]['data'] }>(running(), 'GET', `/executions/${executionId}?includeData=true`);
			return ['running', 'new', 'waiting'].includes(found.status) ? undefined : found;
		},
		180_000,
		500,
	);
	return { status: execution.status, mode: execution.mode, outputs: outputsOf({ data: execution.data }), error: execution.data?.resultData?.error };
}

const MANUAL = 'n8n-nodes-base.manualTrigger';
const referenceOf = (payout: SandboxPayout) => String(payout.metadata?.merchant_reference ?? '');
const run = Date.now().toString(36);
const reference = (index: number) => `batch-${run}-${String(index).padStart(3, '0')}`;
/** Rows 7, 23 and 41 are invalid, each for another reason the node checks before sending. */
const INVALID: Record<number, Partial<LedgerRow>> = {
	7: { amount: '12.345' },
	23: { destination: 'not-a-tron-address' },
	41: { amount: 'ten' },
};
/** 10.00 + index/100, e.g. row 1 pays 10.01: every amount differs, so a mix-up shows. */
const amountOf = (index: number) => `10.${String(index).padStart(2, '0')}`;

test('every template imports with `n8n import:workflow` as it is, credentials linked by name', async () => {
	const { workflowIds } = templates();
	expect(Object.keys(workflowIds).sort()).toEqual(templateFileNames().map((file) => path.basename(file, '.json')).sort());
	for (const [key, id] of Object.entries(workflowIds)) {
		const workflow = await publicApi<{ nodes: Array<{ name: string; type: string; credentials?: Record<string, { id: string | null; name: string }> }> }>(running(), 'GET', `/workflows/${id}`);
		for (const node of workflow.nodes) {
			for (const [type, credential] of Object.entries(node.credentials ?? {})) {
				const gateway = GATEWAYS.find((entry) => entry.credentialType === type);
				expect({ key, node: node.name, name: credential.name, linked: typeof credential.id === 'string' && credential.id !== '' }).toEqual({
					key,
					node: node.name,
					name: templateCredentialName(gateway?.displayName ?? type),
					linked: true,
				});
			}
		}
	}
});

test('scheduled payout batch: 50 rows with 3 invalid -> exactly 47 paid, the 3 reported, nothing sent for them', async () => {
	const rows = Array.from({ length: 50 }, (_, offset) => {
		const index = offset + 1;
		return {
			payee: `Payee ${index}`,
			amount: amountOf(index),
			currency: 'USDT',
			destination: ADDRESSES[index % ADDRESSES.length],
			reference: reference(index),
			status: 'unpaid',
			...INVALID[index],
		};
	});
	await addRows(rows);
	const postsBefore = await payoutPosts();
	const payoutsBefore = ironix().payouts.size;

	const result = await runManually(templates().workflowIds['payout-batch']);
	expect(result.error).toBeUndefined();
	expect(result.status).toBe('success');
	const summary = result.outputs.Summary;
	expect(summary).toHaveLength(1);
	const invalidReferences = Object.keys(INVALID).map((index) => reference(Number(index)));
	// 47 valid amounts: 10.01 .. 10.50 without rows 7, 23 and 41 -> 50 * 10 + (1+...+50)/100 - 30 - 0.71
	const expectedTotal = (50 * 1000 + (50 * 51) / 2 - 3 * 1000 - (7 + 23 + 41)) / 100;
	expect(summary[0]).toMatchObject({ rows: 50, sent: 47, failed: 3, totals: { USDT: expectedTotal.toFixed(2) } });
	const failures = summary[0].failures as Array<{ reference: string; reason: string }>;
	expect(failures.map((failure) => failure.reference).sort()).toEqual(invalidReferences.sort());
	expect(failures.find((failure) => failure.reference === reference(7))?.reason).toMatch(/Amount/);
	expect(failures.find((failure) => failure.reference === reference(23))?.reason).toMatch(/To Address/);
	expect(failures.find((failure) => failure.reference === reference(41))?.reason).toMatch(/Amount/);

	// At the gateway: exactly 47 requests and payouts, none for an invalid row.
	expect((await payoutPosts()) - postsBefore).toBe(47);
	const created = [...ironix().payouts.values()].slice(payoutsBefore);
	expect(created).toHaveLength(47);
	expect(created.filter((payout) => invalidReferences.includes(referenceOf(payout)))).toEqual([]);
	expect(new Set(created.map(referenceOf)).size).toBe(47);

	// In the ledger: every row written back.
	const ledger = (await ledgerRows()).filter((row) => row.reference.startsWith(`batch-${run}-`));
	expect(ledger.filter((row) => row.status === 'pending' && row.payout_id?.startsWith('po_'))).toHaveLength(47);
	const failedRows = ledger.filter((row) => row.status === 'failed');
	expect(failedRows.map((row) => row.reference).sort()).toEqual(invalidReferences.sort());
	expect(failedRows.every((row) => (row.failure_reason ?? '') !== '' && !row.payout_id)).toBe(true);
	for (const payout of created) {
		const row = ledger.find((candidate) => candidate.payout_id === payout.id);
		expect(row?.reference).toBe(referenceOf(payout));
	}
	e2eLog(`payout batch: ${JSON.stringify(summary[0]).slice(0, 400)}`);
});

test('running the batch again pays nothing new', async () => {
	const postsBefore = await payoutPosts();
	const payoutsBefore = ironix().payouts.size;
	const ledgerBefore = await ledgerRows();
	const result = await runManually(templates().workflowIds['payout-batch']);
	expect(result.error).toBeUndefined();
	expect(result.status).toBe('success');
	expect(result.outputs['Unpaid rows'] ?? []).toEqual([]);
	expect(await payoutPosts()).toBe(postsBefore);
	expect(ironix().payouts.size).toBe(payoutsBefore);
	expect(await ledgerRows()).toEqual(ledgerBefore);
});

test('a payout IronixPay refuses is reported and its row marked failed', async () => {
	const refused = `batch-${run}-refused`;
	await addRows([{ payee: 'Blocked payee', amount: '10.00', currency: 'USDT', destination: AML_BLOCKED, reference: refused, status: 'unpaid' }]);
	const postsBefore = await payoutPosts();
	const payoutsBefore = ironix().payouts.size;
	const result = await runManually(templates().workflowIds['payout-batch']);
	expect(result.error).toBeUndefined();
	const summary = result.outputs.Summary?.[0];
	expect(summary).toMatchObject({ rows: 1, sent: 0, failed: 1, totals: {} });
	const failures = summary?.failures as Array<{ reference: string; reason: string }>;
	expect(failures).toHaveLength(1);
	expect(failures[0].reference).toBe(refused);
	expect(failures[0].reason).toMatch(/AML/);
	// Sent once and refused by the gateway: no payout exists.
	expect((await payoutPosts()) - postsBefore).toBe(1);
	expect(ironix().payouts.size).toBe(payoutsBefore);
	const row = (await ledgerRows()).find((candidate) => candidate.reference === refused);
	expect(row?.status).toBe('failed');
	expect(row?.failure_reason).toMatch(/AML/);
});

test('the status follow-up marks rows paid (and a failed payout failed) from signed payout webhooks', async () => {
	const workflowId = templates().workflowIds['payout-status-follow-up'];
	await publicApi(running(), 'POST', `/workflows/${workflowId}/activate`);
	// No webhookId in the template: n8n's path is <workflow id>/<node name, lower case>/<path>.
	await control('/_sandbox/webhook-endpoint', { url: `${running().url}/webhook/${workflowId}/ironixpay-trigger/webhook` });
	const pending = (await ledgerRows()).filter((row) => row.status === 'pending' && row.payout_id);
	expect(pending).toHaveLength(47);
	const [toFail, ...toComplete] = pending;
	await control(`/_sandbox/payouts/${toFail.payout_id}/fail`, { reason: 'Broadcast failed: energy exhausted' });
	for (const row of toComplete) await control(`/_sandbox/payouts/${row.payout_id}/complete`);

	const ledger = await waitFor(
		'the follow-up to update 47 rows',
		async () => {
			const rows = await ledgerRows();
			return rows.filter((row) => row.status === 'pending').length === 0 ? rows : undefined;
		},
		120_000,
		1_000,
	);
	expect(ledger.filter((row) => row.status === 'paid' && row.gateway_status === 'Completed')).toHaveLength(46);
	const failed = ledger.find((row) => row.payout_id === toFail.payout_id);
	expect(failed).toMatchObject({ status: 'failed', gateway_status: 'Failed', failure_reason: 'Broadcast failed: energy exhausted' });
	const executions = await settledExecutions(running().instance, running().apiKey, workflowId, 60_000);
	const events = executions.filter((execution) => execution.status === 'success').map((execution) => execution.outputs['IronixPay-Trigger']?.[0]?.id);
	expect(new Set(events).size).toBe(47);
	expect(events.every((id) => typeof id === 'string' && id.startsWith('evt_'))).toBe(true);
	// The ledger update is idempotent, so a redelivery that runs again (an acknowledgement slower than
	// the sandbox's 30 s delivery timeout, seen on a loaded machine) changes nothing; logged, not hidden.
	e2eLog(`follow-up: ${executions.length} executions for ${new Set(events).size} payout events (${executions.length - new Set(events).size} redeliveries ran)`);
});

test('daily reconciliation: nothing on a clean ledger, then exactly the three mismatches planted in the sandbox', async () => {
	const workflowId = templates().workflowIds['daily-reconciliation'];
	const clean = await runManually(workflowId);
	expect(clean.error).toBeUndefined();
	expect(clean.status).toBe('success');
	expect(clean.outputs.Compare ?? []).toEqual([]);

	const paid = (await ledgerRows()).filter((row) => row.status === 'paid');
	const [amountRow, statusRow] = paid;
	const planted = await control('/_sandbox/payouts', { amount: '42.00', status: 'Completed' });
	await control(`/_sandbox/payouts/${amountRow.payout_id}/alter`, { amount: '99.00' });
	await control(`/_sandbox/payouts/${statusRow.payout_id}/alter`, { status: 'Failed' });

	const result = await runManually(workflowId);
	expect(result.error).toBeUndefined();
	const mismatches = (result.outputs.Compare ?? []).map((item) => ({ kind: item.kind, payout_id: item.payout_id, reference: item.reference }));
	expect(mismatches.sort((a, b) => String(a.kind).localeCompare(String(b.kind)))).toEqual([
		{ kind: 'amount_differs', payout_id: amountRow.payout_id, reference: amountRow.reference },
		{ kind: 'missing_in_ledger', payout_id: planted.id, reference: null },
		{ kind: 'status_differs', payout_id: statusRow.payout_id, reference: statusRow.reference },
	]);
	e2eLog(`reconciliation: ${JSON.stringify(result.outputs.Compare)}`);
});

test('guardrails: an item over the maximum and a destination outside the list are refused, nothing sent', async () => {
	const gateway = GATEWAYS.find((entry) => entry.key === 'ironixpay') as GatewayEntry;
	const credentials = { ironixPayApi: { id: templateCredentialId(gateway), name: templateCredentialName(gateway.displayName) } };
	const items = [
		{ reference: `guard-${run}-over`, amount: '150.00', destination: ADDRESSES[0] },
		{ reference: `guard-${run}-elsewhere`, amount: '10.00', destination: ADDRESSES[2] },
	];
	const workflowId = await createChainedWorkflow(running(), `Guardrails ${run}`, [
		{ name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, parameters: {} },
		{ name: 'Items', type: 'n8n-nodes-base.code', typeVersion: 2, parameters: { mode: 'runOnceForAllItems', jsCode: `return ${JSON.stringify(items)}.map((json) => ({ json }));` } },
		{
			name: 'Pay out',
			type: 'n8n-nodes-payment-gateways.ironixPay',
			typeVersion: 1,
			onError: 'continueRegularOutput',
			credentials,
			parameters: {
				resource: 'payout',
				operation: 'create',
				reference: '={{ $json.reference }}',
				amount: '={{ $json.amount }}',
				currency: 'USDT',
				network: 'TRON',
				toAddress: '={{ $json.destination }}',
				options: {},
				guardrails: { maximumAmountPerItem: '100.00', allowedDestinations: `${ADDRESSES[0]}\n${ADDRESSES[1]}` },
			},
		},
	]);
	const postsBefore = await payoutPosts();
	const result = await runManually(workflowId, MANUAL);
	const outputs = result.outputs['Pay out'] ?? [];
	e2eLog(`guardrails: ${JSON.stringify(outputs)}`);
	expect(outputs).toHaveLength(2);
	expect(outputs.every((item) => typeof item.error === 'string' && item.id === undefined)).toBe(true);
	expect(await payoutPosts()).toBe(postsBefore);
	expect([...ironix().payouts.values()].filter((payout) => referenceOf(payout).startsWith(`guard-${run}-`))).toEqual([]);
});

const CREATE_NODES: Record<string, string> = {
	'ironixpay-checkout': 'Create checkout session',
	'paykka-checkout': 'Create checkout session',
	'pinddpay-payin': 'Create order session',
	'cashy-payin': 'Create PSE pay-in',
};

test.each(Object.entries(CREATE_NODES))('%s starts its payment in the sandbox as it is', async (key, createNode) => {
	const result = await runManually(templates().workflowIds[key], MANUAL);
	expect(result.error).toBeUndefined();
	expect(result.status).toBe('success');
	const created = result.outputs[createNode] ?? [];
	expect(created).toHaveLength(1);
	expect(created[0].error).toBeUndefined();
	expect(result.outputs['Send the payment link to the customer']).toHaveLength(1);
});

test('cashy-payin: the pay-in names the template trigger as its Notify URL, and the paid notification reaches "Fulfil the order"', async () => {
	const workflowId = templates().workflowIds['cashy-payin'];
	const cashy = running().sandboxes.get('cashy') as SandboxHandle & {
		options: { notifyUrlOverride?: string };
		payIns: ReadonlyMap<string, { orderNo: string; notifyUrl: string }>;
	};
	// The stack points every Cashy notification at the demo workflow; this test wants the order's own Notify URL.
	cashy.options.notifyUrlOverride = undefined;
	await publicApi(running(), 'POST', `/workflows/${workflowId}/activate`);
	const result = await runManually(workflowId, MANUAL);
	const orderNo = String(result.outputs['Create PSE pay-in']?.[0]?.orderNo);
	expect(cashy.payIns.get(orderNo)?.notifyUrl).toBe(`${running().url}/webhook/${workflowId}/cashy-trigger/webhook`);
	const response = await fetch(`${cashy.url}/_sandbox/payin/${orderNo}/succeed`, {
		method: 'POST',
		headers: { 'Content-Type': 'application/json' },
		body: '{}',
		signal: AbortSignal.timeout(10_000),
	});
	expect(response.ok).toBe(true);
	const fulfilled = await waitFor(
		'the Cashy-Trigger execution',
		async () => {
			const executions = await settledExecutions(running().instance, running().apiKey, workflowId, 30_000);
			return executions.find((execution) => execution.mode === 'webhook' && (execution.outputs['Fulfil the order'] ?? []).length === 1);
		},
		60_000,
		1_000,
	);
	expect(fulfilled.outputs['Cashy-Trigger']?.[0]).toMatchObject({ orderNo, orderStatus: 'SUCCESS', normalizedStatus: 'paid' });
});

test('no credential secret (raw, Base64 or hex) in execution data, errors or the n8n log', async () => {
	// Last, so it scans everything the tests above produced (see test/e2e/secrets.ts).
	expect(await findSecretLeaks(running())).toEqual([]);
}, 5 * 60_000);
