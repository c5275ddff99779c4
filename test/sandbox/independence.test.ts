/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals */
/**
 * The sandboxes are a second, independent reading of the gateways' documentation: if they shared
 * code with the nodes, a node that misreads the docs could never fail a test against them.
 */
import { readdirSync, readFileSync, statSync } from 'fs';
import { dirname, join, relative, resolve } from 'path';

const ROOT = resolve(__dirname, '..', '..');
const FORBIDDEN = ['nodes', 'credentials', 'dist'].map((folder) => join(ROOT, folder));

function sourceFiles(folder: string): string[] {
	return readdirSync(folder).flatMap((name) => {
		const path = join(folder, name);
		if (statSync(path).isDirectory()) return sourceFiles(path);
		return /\.(ts|js|mjs|cjs)$/.test(name) ? [path] : [];
	});
}

/** Module specifiers of static imports, re-exports, dynamic imports and require calls. */
export function importsOf(source: string): string[] {
	const found: string[] = [];
	const patterns = [/\bfrom\s*['"]([^'"]+)['"]/g, /\bimport\s*['"]([^'"]+)['"]/g, /\bimport\s*\(\s*['"]([^'"]+)['"]/g, /\brequire\s*\(\s*['"]([^'"]+)['"]/g];
	for (const pattern of patterns) for (const match of source.matchAll(pattern)) found.push(match[1]);
	return found;
}

describe('sandbox independence', () => {
	const files = sourceFiles(join(ROOT, 'sandbox'));

	it('finds the sandbox sources', () => {
		expect(files.length).toBeGreaterThanOrEqual(8);
	});

	it.each(files.map((file) => [relative(ROOT, file), file]))('%s imports nothing from nodes/, credentials/ or dist/', (_name, file) => {
		const offending = importsOf(readFileSync(file, 'utf8')).filter((specifier) => {
			if (!specifier.startsWith('.')) return /^(n8n-workflow|n8n-core)$/.test(specifier);
			const target = resolve(dirname(file), specifier);
			return FORBIDDEN.some((folder) => target === folder || target.startsWith(folder + '/'));
		});
		expect(offending).toEqual([]);
	});

	it('detects such an import (control)', () => {
		const specifiers = importsOf("import { x } from '../../nodes/shared/money';\nconst y = require('../../credentials/A');");
		expect(specifiers).toEqual(['../../nodes/shared/money', '../../credentials/A']);
	});
});
