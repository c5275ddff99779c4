/**
 * The "Output" option of Get, Get Many and Create operations: the gateway's object as it came
 * (Raw), the few fields every payment object has (Simplified, for AI agents and tidy workflows), or
 * only the fields the user names (Selected Fields). Read and checked in phase 1; applied in phase 2
 * to what the operation returns.
 */
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { isToolExecution } from './guardrails';
import { inputError } from './validation';

export const OUTPUT_PARAMETER = 'output';
export const OUTPUT_FIELDS_PARAMETER = 'fields';

/**
 * The default. n8n saves only the parameters that differ from their default (`getNodeParameters`
 * with `returnDefaults` false, https://github.com/n8n-io/n8n/blob/master/packages/workflow/src/node-helpers.ts),
 * so with "Raw" as the default an explicit "Raw" could not be told apart from an untouched one, and a user who wants the
 * raw object as an AI tool could not ask for it. A value of its own keeps saved workflows on Raw and
 * lets an AI tool run default to Simplified.
 */
const AUTOMATIC = 'auto';

export type OutputMode = 'auto' | 'raw' | 'simplified' | 'selected';

/** The Simplified fields, in output order; `normalizedStatus` is ours and always comes after `status`. */
const SIMPLIFIED_FIELDS = ['id', 'reference', 'status', 'amount', 'currency', 'created', 'updated', 'url'] as const;

export type SimplifiedField = (typeof SIMPLIFIED_FIELDS)[number];

/**
 * Where one kind of gateway object keeps each Simplified field: a dot path into the raw object, or a
 * value the gateway implies (a single-currency gateway names no currency). `reference` is the
 * merchant's own order number; `updated` is the last change the gateway reports (for objects without
 * an update time, the time they completed); `url` is the page a payer opens, where there is one.
 * Amounts are copied as the gateway gives them (same units as Raw), never recomputed.
 */
export type Simplification = { readonly id: string } & { readonly [field in Exclude<SimplifiedField, 'id'>]?: string | { fixed: string } };

/** What an operation's result becomes; identity for Raw. */
export type ShapeOutput = (result: IDataObject | IDataObject[]) => IDataObject | IDataObject[];

/** The Output option and its Fields, for one operation (wrap with `forOperation`). */
export function outputProperties(simplification: Simplification): INodeProperties[] {
	const examples = [simplification.id, simplification.status, simplification.amount].filter((path): path is string => typeof path === 'string');
	return [
		{
			displayName: 'Output',
			name: OUTPUT_PARAMETER,
			type: 'options',
			default: AUTOMATIC,
			description: 'Which fields of the gateway\'s answer the node outputs',
			options: [
				{
					name: 'Automatic',
					value: AUTOMATIC,
					description: 'Raw, or Simplified when an AI agent uses this node as a tool',
				},
				{ name: 'Raw', value: 'raw', description: 'Every field the gateway returned, plus normalizedStatus' },
				{ name: 'Selected Fields', value: 'selected', description: 'Only the fields listed in Fields' },
				{
					name: 'Simplified',
					value: 'simplified',
					description: 'ID, reference, status, normalizedStatus, amount, currency, created and updated times (and the payment URL, if any)',
				},
			],
		},
		{
			displayName: 'Fields',
			name: OUTPUT_FIELDS_PARAMETER,
			type: 'string',
			default: '',
			required: true,
			displayOptions: { show: { [OUTPUT_PARAMETER]: ['selected'] } },
			placeholder: `e.g. ${examples.join(', ')}`,
			description: 'Fields of the raw output to keep, separated by commas. Use dots for nested fields. A field the answer does not have is left out.',
		},
	];
}

/**
 * Reads item `itemIndex`'s Output choice (phase 1: a bad Fields list stops the batch before anything
 * is sent) and returns what turns the operation's result into the chosen output.
 */
export function outputShaper(context: IExecuteFunctions, itemIndex: number, simplification: Simplification): ShapeOutput {
	const chosen = String(context.getNodeParameter(OUTPUT_PARAMETER, itemIndex, AUTOMATIC)) as OutputMode;
	const mode = chosen === AUTOMATIC ? (isToolExecution(context) ? 'simplified' : 'raw') : chosen;
	if (mode === 'raw') return (result) => result;
	if (mode === 'simplified') return (result) => mapResult(result, (object) => simplify(object, simplification));
	if (mode === 'selected') {
		const paths = fieldPaths(context, itemIndex);
		return (result) => mapResult(result, (object) => selectFields(object, paths));
	}
	throw inputError(context, itemIndex, 'Output', `"${chosen}" is not one of Automatic, Raw, Selected Fields, Simplified`);
}

function mapResult(result: IDataObject | IDataObject[], shape: (object: IDataObject) => IDataObject): IDataObject | IDataObject[] {
	return Array.isArray(result) ? result.map(shape) : shape(result);
}

/** The Simplified view of one gateway object; fields the object does not have are left out. */
export function simplify(object: IDataObject, simplification: Simplification): IDataObject {
	const simple: IDataObject = {};
	for (const field of SIMPLIFIED_FIELDS) {
		const source = simplification[field];
		const value = typeof source === 'object' ? source.fixed : source === undefined ? undefined : valueAt(object, source.split('.'));
		if (value !== undefined) simple[field] = value as IDataObject[string];
		if (field === 'status' && object.normalizedStatus !== undefined) simple.normalizedStatus = object.normalizedStatus;
	}
	return simple;
}

/** The Fields list: text separated by commas or new lines, or a list from an expression. */
function fieldPaths(context: IExecuteFunctions, itemIndex: number): string[][] {
	const value = context.getNodeParameter(OUTPUT_FIELDS_PARAMETER, itemIndex, '') as unknown;
	const entries = (Array.isArray(value) ? value.map((entry) => String(entry)) : String(value ?? '').split(/[,\r\n]+/))
		.map((entry) => entry.trim())
		.filter((entry) => entry !== '');
	if (entries.length === 0) throw inputError(context, itemIndex, 'Fields', 'is empty; list the fields to output, or choose another Output');
	return entries.map((entry) => {
		const path = entry.split('.').map((segment) => segment.trim());
		if (path.some((segment) => segment === '')) {
			throw inputError(context, itemIndex, 'Fields', `"${entry}" is not a field path (names separated by dots, e.g. pricing.amount)`);
		}
		return path;
	});
}

/**
 * Only the fields at `paths`, nested as in the raw object. A path through a list applies to each
 * entry, so `transactions.tx_hash` keeps every transaction's hash. Missing fields are left out.
 */
export function selectFields(object: IDataObject, paths: string[][]): IDataObject {
	let selected: unknown = {};
	for (const path of paths) {
		const picked = pick(object, path);
		if (picked !== undefined) selected = merge(selected, picked);
	}
	return selected as IDataObject;
}

/** The value at `path` wrapped in its parents (a pruned copy), or undefined when absent. */
function pick(value: unknown, path: string[]): unknown {
	if (path.length === 0) return value;
	if (Array.isArray(value)) {
		const entries = value.map((entry) => pick(entry, path));
		// Kept entry by entry, so that two paths through the same list join on the same entries.
		return entries.every((entry) => entry === undefined) ? undefined : entries.map((entry) => entry ?? {});
	}
	if (!isObject(value) || !hasOwn(value, path[0])) return undefined;
	const inner = pick(value[path[0]], path.slice(1));
	return inner === undefined ? undefined : define({}, path[0], inner);
}

/** Two pruned copies of the same object joined (lists entry by entry). */
function merge(target: unknown, source: unknown): unknown {
	if (Array.isArray(target) && Array.isArray(source)) return source.map((entry, index) => merge(target[index] ?? {}, entry));
	if (!isObject(target) || !isObject(source) || Array.isArray(source)) return source;
	for (const key of Object.keys(source)) define(target, key, hasOwn(target, key) ? merge(target[key], source[key]) : source[key]);
	return target;
}

function valueAt(object: IDataObject, path: string[]): unknown {
	let value: unknown = object;
	for (const segment of path) {
		if (!isObject(value) || Array.isArray(value) || !hasOwn(value, segment)) return undefined;
		value = value[segment];
	}
	return value;
}

function isObject(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null;
}

function hasOwn(object: object, key: string): boolean {
	return Object.prototype.hasOwnProperty.call(object, key);
}

/** Sets an own property even for a key such as "__proto__" from a gateway's JSON, which `=` would treat as the prototype. */
function define(object: Record<string, unknown>, key: string, value: unknown): Record<string, unknown> {
	Object.defineProperty(object, key, { value, enumerable: true, writable: true, configurable: true });
	return object;
}
