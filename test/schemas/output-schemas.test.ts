/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals */
/**
 * The output schemas under nodes/<Gateway>/__schema__/v1.0.0/<resource>/<operation>.json, which the
 * n8n editor shows before a node has run and n8n's AI builder reads: one for every operation each
 * action node declares (at the path n8n-core's own resolver looks up), each strict enough to mean
 * something, and each matching what the operation really returns from its sandbox.
 */
import Ajv from 'ajv';
import { existsSync, readdirSync, readFileSync, statSync } from 'fs';
import { join, relative } from 'path';
import { resolveOutputSchemaPath } from 'n8n-core';
import type { IDataObject, INodeType } from 'n8n-workflow';

import { SCENARIOS, type Outputs } from './scenarios';

type Schema = Record<string, unknown>;

const NODES_DIR = join(__dirname, '..', '..', 'nodes');

/** Every resource/operation value pair the node's description offers. */
function declaredOperations(node: INodeType): string[] {
	const properties = node.description.properties;
	const resources = properties.find((property) => property.name === 'resource')?.options as Array<{ value: string }>;
	const pairs: string[] = [];
	for (const { value: resource } of resources) {
		for (const property of properties) {
			if (property.name !== 'operation' || !property.displayOptions?.show?.resource?.includes(resource)) continue;
			for (const option of property.options as Array<{ value: string }>) pairs.push(`${resource}/${option.value}`);
		}
	}
	return pairs;
}

function schemaDir(folder: string): string {
	return join(NODES_DIR, folder);
}

/** The file n8n loads for this node version, resource and operation (exact version, no fallback). */
function schemaPath(folder: string, node: INodeType, pair: string): string | undefined {
	const [resource, operation] = pair.split('/');
	return resolveOutputSchemaPath({ nodeDir: schemaDir(folder), version: node.description.version as number, resource, operation });
}

function readSchema(path: string): Schema {
	return JSON.parse(readFileSync(path, 'utf8')) as Schema;
}

function filesUnder(dir: string): string[] {
	if (!existsSync(dir)) return [];
	return readdirSync(dir).flatMap((name) => {
		const path = join(dir, name);
		return statSync(path).isDirectory() ? filesUnder(path) : [path];
	});
}

const ajv = new Ajv({ allErrors: true });

function errorsOf(schema: Schema, value: unknown): string[] {
	const validate = ajv.compile(schema);
	return validate(value)
		? []
		: (validate.errors ?? []).map((error) => {
				const extra = (error.params as { additionalProperty?: string }).additionalProperty;
				return `${error.dataPath || '(root)'} ${error.message ?? ''}${extra ? `: ${extra}` : ''}`;
			});
}

/**
 * The same schema with `additionalProperties: false` on every object that lists properties, so a
 * sandbox field the schema does not document is reported. The shipped files stay open: a gateway
 * may add a field to its answers at any time, and that must not make an editor hint wrong.
 */
function closed(schema: Schema): Schema {
	const copy: Schema = { ...schema };
	if (copy.properties) {
		copy.properties = Object.fromEntries(Object.entries(copy.properties as Record<string, Schema>).map(([name, inner]) => [name, closed(inner)]));
		copy.additionalProperties = false;
	}
	if (copy.items) copy.items = closed(copy.items as Schema);
	return copy;
}

/** Why a schema would tell the editor nothing (empty when it is strict enough). */
function looseness(schema: Schema): string[] {
	const problems: string[] = [];
	if (!ajv.validateSchema(schema)) problems.push(`not a valid JSON schema: ${ajv.errorsText(ajv.errors)}`);
	if (schema.type !== 'object') problems.push('is not an object schema');
	const properties = (schema.properties ?? {}) as Record<string, Schema>;
	if (Object.keys(properties).length === 0) problems.push('lists no properties');
	const required = (schema.required ?? []) as string[];
	if (required.length === 0) problems.push('requires no field');
	for (const name of required) if (!(name in properties)) problems.push(`requires "${name}", which it does not describe`);
	const untyped = (inner: Schema, path: string): string[] => [
		...(inner.type === undefined ? [`${path} has no type`] : []),
		...Object.entries((inner.properties ?? {}) as Record<string, Schema>).flatMap(([name, child]) => untyped(child, `${path}.${name}`)),
		...(inner.items ? untyped(inner.items as Schema, `${path}[]`) : []),
	];
	for (const [name, inner] of Object.entries(properties)) problems.push(...untyped(inner, name));
	if (errorsOf(schema, {}).length === 0) problems.push('accepts {}');
	if (errorsOf(schema, { anything: 'at all' }).length === 0) problems.push('accepts an object of unknown fields');
	return problems;
}

describe.each(SCENARIOS.map((scenario) => [scenario.folder, scenario] as const))('%s output schemas', (folder, scenario) => {
	const declared = declaredOperations(scenario.node);
	let outputs: Outputs;
	beforeAll(async () => (outputs = await scenario.runAll()), 60_000);

	it('has a schema at the path n8n loads for every operation the node declares, and no other', () => {
		expect(declared.length).toBeGreaterThan(0);
		const missing = declared.filter((pair) => {
			const path = schemaPath(folder, scenario.node, pair);
			return path === undefined || !existsSync(path);
		});
		expect(missing).toEqual([]);
		const shipped = filesUnder(join(schemaDir(folder), '__schema__')).map((path) => relative(schemaDir(folder), path)).sort();
		expect(shipped).toEqual(declared.map((pair) => `__schema__/v1.0.0/${pair}.json`).sort());
	});

	it.each(declared)('%s: the schema is strict enough to describe the output', (pair) => {
		expect(looseness(readSchema(schemaPath(folder, scenario.node, pair)!))).toEqual([]);
	});

	it.each(declared)('%s: every item the operation returned from the sandbox matches its schema, field by field', (pair) => {
		const items: IDataObject[] = outputs.get(pair) ?? [];
		expect(items.length).toBeGreaterThan(0);
		const schema = closed(readSchema(schemaPath(folder, scenario.node, pair)!));
		expect(items.flatMap((item) => errorsOf(schema, item))).toEqual([]);
	});
});

describe('the schema checks themselves (negative controls)', () => {
	const ironixPayPayout = () => readSchema(join(NODES_DIR, 'IronixPay', '__schema__', 'v1.0.0', 'payout', 'get.json'));
	const payout = {
		id: 'po_1',
		livemode: false,
		status: 'Completed',
		amount: '25',
		fee: '1.5',
		net_amount: '23.5',
		currency: 'USDT',
		network: 'TRON',
		to_address: 'TQFEyGNzHZAJmebJUvsoZvJghHm2yNhXAD',
		created_at: '2026-11-27T21:25:49Z',
		normalizedStatus: 'paid',
	};

	it('calls permissive schemas loose', () => {
		expect(looseness({ type: 'object' })).toEqual(expect.arrayContaining(['lists no properties', 'requires no field', 'accepts {}']));
		expect(looseness({ type: 'object', properties: { id: { type: 'string' } } })).toEqual(['requires no field', 'accepts {}', 'accepts an object of unknown fields']);
		expect(looseness({ type: 'object', properties: { id: {} }, required: ['id'] })).toEqual(['id has no type']);
		expect(looseness({ type: 'array', items: { type: 'object' } })).toContain('is not an object schema');
		expect(looseness({ ...ironixPayPayout(), required: ['id', 'ghost'] })).toEqual(['requires "ghost", which it does not describe']);
		expect(looseness(ironixPayPayout())).toEqual([]);
	});

	it('reports an output that does not match: a wrong type, a missing required field, an undocumented field', () => {
		const schema = closed(ironixPayPayout());
		expect(errorsOf(schema, payout)).toEqual([]);
		expect(errorsOf(schema, { ...payout, amount: 25 })).toEqual(['.amount should be string']);
		const withoutId: IDataObject = { ...payout };
		delete withoutId.id;
		expect(errorsOf(schema, withoutId)).toEqual(["(root) should have required property 'id'"]);
		expect(errorsOf(schema, { ...payout, surprise: true })).toEqual(['(root) should NOT have additional properties: surprise']);
		expect(errorsOf(schema, { ...payout, normalizedStatus: 'done' })).toEqual(['.normalizedStatus should be equal to one of the allowed values']);
		// The shipped schema itself stays open to fields a gateway adds later.
		expect(errorsOf(ironixPayPayout(), { ...payout, surprise: true })).toEqual([]);
	});
});
