/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals */
/**
 * The workflow templates in templates/ import into any n8n as they are: valid workflow JSON, no
 * placeholders, credentials referenced by type and name only (no ids from another instance), no
 * fixed workflow or webhook ids, every node type and version known to n8n 2.41.1 or this package,
 * parameters this package's nodes actually have, sticky notes that explain the steps, and an
 * up-to-date picture in docs/templates/.
 */
import * as fs from 'fs';
import * as path from 'path';

import type { INodeProperties, INodeType } from 'n8n-workflow';

import { expectedPictures, templateFiles } from '../../scripts/template-pictures';
import { LEDGER_COLUMNS, LEDGER_TABLE, templateCredentialName } from '../../scripts/templates';
import { Cashy } from '../../nodes/Cashy/Cashy.node';
import { CashyTrigger } from '../../nodes/Cashy/CashyTrigger.node';
import { IronixPay } from '../../nodes/IronixPay/IronixPay.node';
import { IronixPayTrigger } from '../../nodes/IronixPay/IronixPayTrigger.node';
import { PayKka } from '../../nodes/PayKka/PayKka.node';
import { PayKkaTrigger } from '../../nodes/PayKka/PayKkaTrigger.node';
import { Pinddpay } from '../../nodes/Pinddpay/Pinddpay.node';
import { PinddpayTrigger } from '../../nodes/Pinddpay/PinddpayTrigger.node';

const REPO_ROOT = path.resolve(__dirname, '..', '..');
const PACKAGE = 'n8n-nodes-payment-gateways';

interface TemplateNode {
	id?: string;
	name: string;
	type: string;
	typeVersion: number;
	position: [number, number];
	parameters: Record<string, unknown>;
	credentials?: Record<string, { id: unknown; name: unknown }>;
	webhookId?: string;
	onError?: string;
}

interface Template {
	id?: string;
	name: string;
	active?: boolean;
	nodes: TemplateNode[];
	connections: Record<string, { main: Array<Array<{ node: string; type: string; index: number }>> }>;
	settings?: Record<string, unknown>;
}

/** n8n-nodes-base types (and versions) the templates use, as n8n 2.41.1 ships them (dist/types/nodes.json). */
const N8N_BASE_NODES: Record<string, number[]> = {
	'n8n-nodes-base.code': [1, 2],
	'n8n-nodes-base.dataTable': [1, 1.1],
	'n8n-nodes-base.if': [1, 2, 2.1, 2.2, 2.3],
	'n8n-nodes-base.manualTrigger': [1],
	'n8n-nodes-base.noOp': [1],
	'n8n-nodes-base.scheduleTrigger': [1, 1.1, 1.2, 1.3, 1.4],
	'n8n-nodes-base.stickyNote': [1],
};

const PACKAGE_NODES: INodeType[] = [
	new IronixPay(),
	new IronixPayTrigger(),
	new PayKka(),
	new PayKkaTrigger(),
	new Pinddpay(),
	new PinddpayTrigger(),
	new Cashy(),
	new CashyTrigger(),
];
const packageNode = (type: string) => PACKAGE_NODES.find((node) => `${PACKAGE}.${node.description.name}` === type);

const CREDENTIAL_GATEWAY: Record<string, string> = { ironixPayApi: 'IronixPay', payKkaApi: 'PayKKa', pinddpayApi: 'Pinddpay', cashyApi: 'Cashy' };

const files = templateFiles();
const load = (file: string) => JSON.parse(fs.readFileSync(file, 'utf8')) as Template;

/** The properties shown for the node's parameters (displayOptions.show on resource/operation only). */
function visibleProperties(properties: INodeProperties[], parameters: Record<string, unknown>): INodeProperties[] {
	return properties.filter((property) => {
		const show = property.displayOptions?.show ?? {};
		return Object.entries(show).every(([key, allowed]) => {
			if (!['resource', 'operation'].includes(key)) return true;
			return (allowed as unknown[]).includes(parameters[key]);
		});
	});
}

test('there are templates: one per gateway, the payout batch, its follow-up and the reconciliation', () => {
	expect(files.map((file) => path.basename(file))).toEqual([
		'cashy-payin.json',
		'daily-reconciliation.json',
		'ironixpay-checkout.json',
		'paykka-checkout.json',
		'payout-batch.json',
		'payout-status-follow-up.json',
		'pinddpay-payin.json',
	]);
});

describe.each(files.map((file) => [path.basename(file), file]))('%s', (_name, file) => {
	const text = fs.readFileSync(file, 'utf8');
	const template = load(file);
	const working = template.nodes.filter((node) => node.type !== 'n8n-nodes-base.stickyNote');

	test('is a workflow n8n can import: name, nodes, connections, unique node names, no ids from another instance', () => {
		expect(typeof template.name).toBe('string');
		expect(Array.isArray(template.nodes)).toBe(true);
		expect(typeof template.connections).toBe('object');
		// `n8n import:workflow` needs an id (n8n's format: 16 letters and digits); the editor's import makes a new one.
		expect(template.id).toMatch(/^[A-Za-z0-9]{16}$/);
		expect(template.active ?? false).toBe(false);
		expect(new Set(template.nodes.map((node) => node.name)).size).toBe(template.nodes.length);
		// No fixed webhookId (it would collide when the template is imported as a copy): n8n then builds
		// the trigger's path from the workflow id and the node name, and a name that needs URL encoding
		// (a space) registers a path n8n 2.41 never matches; so trigger names are plain.
		expect(template.nodes.filter((node) => node.webhookId !== undefined).map((node) => node.name)).toEqual([]);
		const webhookTriggers = working.filter((node) => /Trigger$/.test(node.type) && node.type.startsWith(`${PACKAGE}.`));
		for (const node of webhookTriggers) expect(node.name).toMatch(/^[A-Za-z0-9_-]+$/);
		for (const [from, outputs] of Object.entries(template.connections)) {
			expect(template.nodes.some((node) => node.name === from)).toBe(true);
			for (const target of outputs.main.flat()) expect(working.map((node) => node.name)).toContain(target.node);
		}
	});

	test('has no placeholders to fill in', () => {
		expect(text).not.toMatch(/__[A-Z0-9_]+__/);
		expect(text).not.toMatch(/YOUR_[A-Z]|REPLACE_?ME|<your[^>]*>|\bTODO\b|xxxx|example\.invalid/i);
	});

	test('references credentials by type and name only, the name a matching credential has', () => {
		for (const node of template.nodes) {
			for (const [type, credential] of Object.entries(node.credentials ?? {})) {
				expect({ node: node.name, type, id: credential.id, name: credential.name }).toEqual({
					node: node.name,
					type,
					id: null,
					name: templateCredentialName(CREDENTIAL_GATEWAY[type] ?? `unknown credential type ${type}`),
				});
				const declared = packageNode(node.type)?.description.credentials?.map((entry) => entry.name) ?? [];
				expect(declared).toContain(type);
			}
			if (node.type.startsWith(`${PACKAGE}.`)) expect(Object.keys(node.credentials ?? {})).toHaveLength(1);
		}
	});

	test('uses only node types and versions that exist in n8n 2.41.1 or this package', () => {
		const runtimeTypes = path.join(REPO_ROOT, '.cache', 'n8n-runtime');
		const installed = fs.existsSync(runtimeTypes)
			? fs
					.readdirSync(runtimeTypes)
					.map((dir) => path.join(runtimeTypes, dir, 'n8n', 'node_modules', 'n8n-nodes-base', 'dist', 'types', 'nodes.json'))
					.find((candidate) => fs.existsSync(candidate))
			: undefined;
		const shipped = installed ? (JSON.parse(fs.readFileSync(installed, 'utf8')) as Array<{ name: string; version: number | number[] }>) : [];
		for (const node of template.nodes) {
			const ours = packageNode(node.type);
			if (ours) {
				// The version the editor gives a new node: a template shows what a user would build today.
				const current = ours.description.defaultVersion ?? Math.max(...([] as number[]).concat(ours.description.version));
				expect({ node: node.name, version: node.typeVersion }).toEqual({ node: node.name, version: current });
				continue;
			}
			expect({ node: node.name, type: node.type, version: N8N_BASE_NODES[node.type]?.includes(node.typeVersion) ?? false }).toEqual({
				node: node.name,
				type: node.type,
				version: true,
			});
			// When the runtime is installed, n8n's own list confirms the table above.
			const base = shipped.filter((entry) => `n8n-nodes-base.${entry.name}` === node.type).flatMap((entry) => ([] as number[]).concat(entry.version));
			if (shipped.length > 0) expect({ node: node.name, shipped: base.includes(node.typeVersion) }).toEqual({ node: node.name, shipped: true });
		}
	});

	test("sets only parameters this package's nodes have, with valid resource and operation", () => {
		for (const node of template.nodes) {
			const ours = packageNode(node.type);
			if (!ours) continue;
			const visible = visibleProperties(ours.description.properties, node.parameters);
			const names = new Set(visible.map((property) => property.name));
			// Guardrails are a collection added to money-moving operations (nodes/shared/guardrails.ts).
			const unknown = Object.keys(node.parameters).filter((name) => !names.has(name));
			expect({ node: node.name, unknown }).toEqual({ node: node.name, unknown: [] });
			for (const key of ['resource', 'operation']) {
				if (node.parameters[key] === undefined) continue;
				const property = visible.find((candidate) => candidate.name === key);
				const values = (property?.options ?? []).map((option) => ('value' in option ? option.value : undefined));
				expect({ node: node.name, [key]: values.includes(node.parameters[key] as string) }).toEqual({ node: node.name, [key]: true });
			}
		}
	});

	test('explains its steps in sticky notes', () => {
		const notes = template.nodes.filter((node) => node.type === 'n8n-nodes-base.stickyNote');
		expect(notes.length).toBeGreaterThanOrEqual(3);
		for (const note of notes) expect(String(note.parameters.content ?? '').length).toBeGreaterThan(80);
	});
});

test('every template has its own workflow id', () => {
	const ids = files.map((file) => load(file).id);
	expect(new Set(ids).size).toBe(files.length);
});

test('the payout templates use the ledger Data Table by name, with its columns', () => {
	for (const key of ['payout-batch', 'payout-status-follow-up', 'daily-reconciliation']) {
		const template = load(path.join(REPO_ROOT, 'templates', `${key}.json`));
		const tables = template.nodes.filter((node) => node.type === 'n8n-nodes-base.dataTable');
		expect(tables.length).toBeGreaterThan(0);
		for (const node of tables) {
			expect(node.parameters.dataTableId).toEqual({ __rl: true, mode: 'name', value: LEDGER_TABLE });
			const written = Object.keys(((node.parameters.columns as { value?: Record<string, unknown> } | undefined)?.value ?? {}) as object);
			const filtered = (((node.parameters.filters as { conditions?: Array<{ keyName: string }> } | undefined)?.conditions ?? []) as Array<{ keyName: string }>).map(
				(condition) => condition.keyName,
			);
			for (const column of [...written, ...filtered]) expect(['id', ...LEDGER_COLUMNS]).toContain(column);
		}
	}
});

test('the payout batch refuses bad rows one by one (Continue On Fail), caps each amount, and sends 5 at a time', () => {
	const batch = load(path.join(REPO_ROOT, 'templates', 'payout-batch.json'));
	const payout = batch.nodes.find((node) => node.type === `${PACKAGE}.ironixPay`);
	expect(payout?.onError).toBe('continueRegularOutput');
	expect(payout?.parameters).toMatchObject({ resource: 'payout', operation: 'create', options: { concurrency: 5 }, guardrails: { maximumAmountPerItem: '500.00' } });
	expect(batch.nodes.map((node) => node.type)).toContain('n8n-nodes-base.scheduleTrigger');
});

test('every template has an up-to-date picture in docs/templates/', () => {
	const expected = expectedPictures();
	expect(expected.size).toBe(files.length);
	for (const [file, svg] of expected) {
		const committed = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : 'missing (run scripts/template-pictures.ts)';
		expect({ file: path.relative(REPO_ROOT, file), same: committed === svg }).toEqual({ file: path.relative(REPO_ROOT, file), same: true });
	}
});

test('README lists every template with its picture', () => {
	const readme = fs.readFileSync(path.join(REPO_ROOT, 'README.md'), 'utf8');
	const section = readme.split(/^## /m).find((part) => part.startsWith('Templates')) ?? '';
	for (const file of files) {
		const key = path.basename(file, '.json');
		expect(section).toContain(`templates/${key}.json`);
		expect(section).toContain(`docs/templates/${key}.svg`);
	}
});
