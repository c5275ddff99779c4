/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-dangerous-functions */
/**
 * The package as n8n's community-package pipeline sees it:
 * - `n8n-node lint` passes;
 * - the scanner (@n8n/scan-community-package, pinned, run offline by scripts/scan-community-package.mjs)
 *   passes on the source and on the packed tarball, and does fail on a known-bad package;
 * - the tarball holds only dist/, README, LICENSE and package.json, including every declared file.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

import { REPO_ROOT, cleanEnv, tarballFiles } from '../../scripts/n8n-runtime';
import { tarballPath } from './support';

interface ScanOutcome {
	passed: boolean;
	message?: string;
	details?: string;
}

function runScanner(args: string[]): { status: number | null; json: unknown; output: string } {
	const result = spawnSync(process.execPath, [path.join(REPO_ROOT, 'scripts', 'scan-community-package.mjs'), ...args, '--json'], {
		cwd: REPO_ROOT,
		env: cleanEnv(),
		encoding: 'utf8',
		timeout: 10 * 60_000,
	});
	const lastLine = result.stdout.trim().split('\n').pop() ?? '';
	let json: unknown;
	try {
		json = JSON.parse(lastLine);
	} catch {
		json = undefined;
	}
	return { status: result.status, json, output: `${result.stdout}\n${result.stderr}` };
}

test('n8n-node lint passes', () => {
	// Without jest's NODE_ENV=test, which puts eslint-plugin-n8n-nodes-base into fixture mode.
	const result = spawnSync('npx', ['--no-install', 'n8n-node', 'lint'], { cwd: REPO_ROOT, env: cleanEnv(), encoding: 'utf8', timeout: 10 * 60_000 });
	if (result.status !== 0) throw new Error(`n8n-node lint failed:\n${result.stdout}\n${result.stderr}`);
});

test('the community-package scanner passes on the source and on the packed tarball (offline)', () => {
	const { status, json, output } = runScanner([tarballPath()]);
	const result = json as { passed: boolean; source: ScanOutcome; tarball: ScanOutcome } | undefined;
	if (!result) throw new Error(`scanner gave no result:\n${output}`);
	const failures = [result.source, result.tarball].filter((leg) => !leg.passed).map((leg) => `${leg.message}\n${leg.details ?? ''}`);
	expect(failures.join('\n')).toBe('');
	expect(status).toBe(0);
});

test('the scanner run is not a no-op: it rejects a package with env access and an inline disable', () => {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'scan-control-'));
	try {
		fs.mkdirSync(path.join(dir, 'nodes', 'Bad'), { recursive: true });
		fs.writeFileSync(
			path.join(dir, 'package.json'),
			JSON.stringify({ name: 'n8n-nodes-bad', version: '1.0.0', n8n: { nodes: ['dist/nodes/Bad/Bad.node.js'] }, peerDependencies: { 'n8n-workflow': '*' } }),
		);
		fs.writeFileSync(
			path.join(dir, 'nodes', 'Bad', 'Bad.node.ts'),
			'// eslint-disable-next-line\nexport const token = process.env.SECRET_TOKEN;\n',
		);
		const { status, json } = runScanner([`--dir=${dir}`]);
		expect(status).toBe(1);
		expect((json as ScanOutcome).passed).toBe(false);
		expect((json as ScanOutcome).details ?? '').toMatch(/no-restricted-globals/);
	} finally {
		fs.rmSync(dir, { recursive: true, force: true });
	}
});

test('the tarball holds only dist/, README, LICENSE and package.json, and every declared file', () => {
	const files = tarballFiles(tarballPath());
	const allowed = (file: string) => file.startsWith('dist/') || /^(README|LICENSE)(\.md)?$/i.test(file) || file === 'package.json';
	expect(files.filter((file) => !allowed(file))).toEqual([]);
	expect(files).toContain('package.json');
	expect(files.some((file) => /^README(\.md)?$/i.test(file)) ? 'README present' : 'README missing').toBe('README present');
	expect(files.some((file) => /^LICENSE(\.md)?$/i.test(file)) ? 'LICENSE present' : 'LICENSE missing').toBe('LICENSE present');

	const pkg = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { n8n: { nodes: string[]; credentials: string[] } };
	const declared = [...pkg.n8n.nodes, ...pkg.n8n.credentials];
	expect(declared.filter((file) => !files.includes(file))).toEqual([]);
	// Each node's codex and both icons ship next to it.
	for (const node of pkg.n8n.nodes) {
		expect(files).toContain(node.replace(/\.js$/, '.json'));
	}
	expect(files.filter((file) => /\.(spec|test)\.js$|(^|\/)(sandbox|test)\//.test(file))).toEqual([]);
});
