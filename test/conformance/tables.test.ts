/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals */
import { readFileSync } from 'fs';
import { join } from 'path';

import { assumptionCount, loadConformanceTable } from './check';

const GATEWAYS: Array<[string, string]> = [
	['IronixPay', 'ironixpay'],
	['PayKKa', 'paykka'],
	['Pinddpay', 'pinddpay'],
	['Cashy', 'cashy'],
];

describe('conformance tables', () => {
	// The counts table moved from README to CONTRIBUTING.md ("Conformance tables") with the other development material.
	const contributing = readFileSync(join(__dirname, '..', '..', 'CONTRIBUTING.md'), 'utf8');

	it.each(GATEWAYS)('%s: CONTRIBUTING.md states the table\'s row and assumption counts', (name, file) => {
		const table = loadConformanceTable(file);
		expect(contributing).toContain(`| ${name} | ${table.length} | ${assumptionCount(table)} |`);
	});

	it.each(GATEWAYS)('%s: every row cites a seed line, a public URL or a visible [ASSUMPTION]', (_name, file) => {
		const unsourced = loadConformanceTable(file).filter((row) => !/seed \d{3}\b|https?:\/\/|\[ASSUMPTION\]/.test(row.source));
		expect(unsourced.map((row) => `${row.endpoint} ${row.field}: ${row.source}`)).toEqual([]);
	});
});
