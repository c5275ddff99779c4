/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals */
/**
 * Checks the requests a node really sent (as recorded by a sandbox) against the gateway's
 * conformance table in docs/conformance/<gateway>.md: every endpoint, header, query and body
 * field must be listed there with its JSON type, and every required field must be sent. Transport
 * headers (host, content-type, content-length, accept, user-agent...) are not part of a gateway's API.
 */
import { readFileSync } from 'fs';
import { join } from 'path';

import type { RecordedRequest } from '../../sandbox/shared/server';

export type Direction = 'request' | 'response' | 'webhook';
export type Location = 'header' | 'query' | 'body' | 'path';

export interface ConformanceRow {
	endpoint: string;
	direction: Direction;
	location: Location;
	field: string;
	types: string[];
	required: boolean;
	format: string;
	source: string;
}

const HEADER = ['Endpoint', 'Direction', 'Location', 'Field', 'Type', 'Required', 'Format / unit', 'Source'];
const TYPES = new Set(['string', 'number', 'integer', 'boolean', 'object', 'array', 'null']);
const IGNORED_HEADERS = new Set([
	'host',
	'connection',
	'content-length',
	'content-type',
	'accept',
	'accept-encoding',
	'user-agent',
	'transfer-encoding',
	'keep-alive',
]);

function cells(line: string): string[] {
	return line
		.trim()
		.replace(/^\|/, '')
		.replace(/\|$/, '')
		.split(/(?<!\\)\|/)
		.map((cell) => cell.trim().replace(/\\\|/g, '|').replace(/^`(.*)`$/, '$1'));
}

/** Reads the one table with the conformance header; throws on any malformed row. */
export function parseConformanceTable(markdown: string): ConformanceRow[] {
	const lines = markdown.split('\n');
	const start = lines.findIndex((line) => line.trim().startsWith('|') && cells(line).join('|') === HEADER.join('|'));
	if (start < 0) throw new Error(`No table with the header | ${HEADER.join(' | ')} |`);
	const rows: ConformanceRow[] = [];
	for (let index = start + 2; index < lines.length && lines[index].trim().startsWith('|'); index++) {
		const [endpoint, direction, location, field, type, required, format, source] = cells(lines[index]);
		const where = `line ${index + 1}`;
		if (!['request', 'response', 'webhook'].includes(direction)) throw new Error(`${where}: direction "${direction}"`);
		if (!['header', 'query', 'body', 'path'].includes(location)) throw new Error(`${where}: location "${location}"`);
		const types = type.split(/\s+or\s+/).map((t) => t.trim());
		if (types.some((t) => !TYPES.has(t))) throw new Error(`${where}: type "${type}"`);
		if (!['yes', 'no'].includes(required)) throw new Error(`${where}: required "${required}"`);
		if (!field) throw new Error(`${where}: empty field`);
		if (!source) throw new Error(`${where}: no source`);
		rows.push({
			endpoint,
			direction: direction as Direction,
			location: location as Location,
			field,
			types,
			required: required === 'yes',
			format: format ?? '',
			source,
		});
	}
	if (rows.length === 0) throw new Error('The conformance table has no rows');
	return rows;
}

export function loadConformanceTable(gateway: string): ConformanceRow[] {
	return parseConformanceTable(readFileSync(join(__dirname, '..', '..', 'docs', 'conformance', `${gateway}.md`), 'utf8'));
}

export function assumptionCount(rows: ConformanceRow[]): number {
	return rows.filter((row) => row.source.includes('[ASSUMPTION]')).length;
}

function endpointPattern(endpoint: string): { method: string; pattern: RegExp } | undefined {
	const match = /^([A-Z]+)\s+(\/\S*)$/.exec(endpoint);
	if (!match) return undefined;
	const path = match[2]
		.split('/')
		.map((segment) => (/^\{.+\}$|^:.+$/.test(segment) ? '[^/]+' : segment.replace(/[.*+?^$()[\]\\]/g, '\\$&')))
		.join('/');
	return { method: match[1], pattern: new RegExp(`^${path}/?$`) };
}

/** The JSON type names a value satisfies (an integer is also a number). */
function typesOf(value: unknown): string[] {
	if (value === null) return ['null'];
	if (Array.isArray(value)) return ['array'];
	if (typeof value === 'number') return Number.isInteger(value) ? ['integer', 'number'] : ['number'];
	return [typeof value];
}

function textTypes(text: string): string[] {
	const types = ['string'];
	if (/^-?\d+$/.test(text)) types.push('integer', 'number');
	else if (/^-?\d+\.\d+$/.test(text)) types.push('number');
	if (text === 'true' || text === 'false') types.push('boolean');
	return types;
}

/** Every field of a JSON value as [dotted path, value]; array elements as `name[]`. */
function fieldsOf(value: unknown, prefix = ''): Array<[string, unknown]> {
	const out: Array<[string, unknown]> = [];
	if (Array.isArray(value)) {
		for (const element of value) {
			out.push([`${prefix}[]`, element], ...fieldsOf(element, `${prefix}[]`));
		}
	} else if (value !== null && typeof value === 'object') {
		for (const [key, child] of Object.entries(value as Record<string, unknown>)) {
			const path = prefix ? `${prefix}.${key}` : key;
			out.push([path, child], ...fieldsOf(child, path));
		}
	}
	return out;
}

/** Violations (empty when every request matches the table). */
export function checkRequests(table: ConformanceRow[], requests: RecordedRequest[]): string[] {
	const violations: string[] = [];
	const endpoints = [...new Set(table.filter((row) => row.direction === 'request').map((row) => row.endpoint))];
	for (const request of requests) {
		const endpoint = endpoints.find((candidate) => {
			const parsed = endpointPattern(candidate);
			return parsed !== undefined && parsed.method === request.method && parsed.pattern.test(request.path);
		});
		const label = `${request.method} ${request.path}`;
		if (!endpoint) {
			violations.push(`${label}: endpoint not in the conformance table`);
			continue;
		}
		const rows = table.filter((row) => row.direction === 'request' && row.endpoint === endpoint);
		const rowsAt = (location: Location) => rows.filter((row) => row.location === location);

		const headerRows = rowsAt('header');
		for (const name of Object.keys(request.headers)) {
			if (IGNORED_HEADERS.has(name)) continue;
			if (!headerRows.some((row) => row.field.toLowerCase() === name)) {
				violations.push(`${label}: header "${name}" not in the table`);
			}
		}
		for (const row of headerRows) {
			const value = request.headers[row.field.toLowerCase()];
			if (value === undefined) {
				if (row.required) violations.push(`${label}: required header "${row.field}" missing`);
			} else if (Array.isArray(value)) {
				violations.push(`${label}: header "${row.field}" sent ${value.length} times`);
			}
		}

		const queryRows = rowsAt('query');
		for (const [key, value] of Object.entries(request.query)) {
			const fieldName = Array.isArray(value) ? `${key}[]` : key;
			const row = queryRows.find((candidate) => candidate.field === key || candidate.field === fieldName);
			if (!row) {
				violations.push(`${label}: query parameter "${key}" not in the table`);
				continue;
			}
			for (const text of Array.isArray(value) ? value : [value]) {
				if (!row.types.some((type) => textTypes(text).includes(type) || type === 'array')) {
					violations.push(`${label}: query parameter "${key}"="${text}" is not ${row.types.join(' or ')}`);
				}
			}
		}
		for (const row of queryRows) {
			if (row.required && !(row.field.replace(/\[\]$/, '') in request.query)) {
				violations.push(`${label}: required query parameter "${row.field}" missing`);
			}
		}

		const bodyRows = rowsAt('body');
		if (request.rawBody.trim() === '') {
			for (const row of bodyRows) if (row.required && !row.field.includes('.')) violations.push(`${label}: required body field "${row.field}" missing (empty body)`);
			continue;
		}
		let body: unknown;
		try {
			body = JSON.parse(request.rawBody);
		} catch {
			violations.push(`${label}: body is not JSON`);
			continue;
		}
		const sent = fieldsOf(body);
		const sentPaths = new Set(sent.map(([path]) => path));
		// Children of an object/array listed without child rows are free-form (e.g. metadata).
		const freeForm = bodyRows
			.filter((row) => !bodyRows.some((other) => other.field.startsWith(`${row.field}.`) || other.field.startsWith(`${row.field}[]`)))
			.map((row) => row.field);
		for (const [path, value] of sent) {
			if (freeForm.some((parent) => path.startsWith(`${parent}.`) || path.startsWith(`${parent}[]`))) continue;
			const row = bodyRows.find((candidate) => candidate.field === path);
			if (!row) {
				violations.push(`${label}: body field "${path}" not in the table`);
				continue;
			}
			if (!typesOf(value).some((type) => row.types.includes(type))) {
				violations.push(`${label}: body field "${path}" is ${typesOf(value)[0]}, the table says ${row.types.join(' or ')}`);
			}
		}
		for (const row of bodyRows) {
			if (!row.required || sentPaths.has(row.field)) continue;
			// A required child counts only where its parent was sent.
			const parent = row.field.replace(/(\[\])?\.[^.]+$|\[\]$/, '');
			if (parent !== row.field && !sentPaths.has(parent)) continue;
			violations.push(`${label}: required body field "${row.field}" missing`);
		}
	}
	return violations;
}
