#!/usr/bin/env node
/**
 * n8n's community-package scanner (`npx @n8n/scan-community-package <name>`), offline.
 *
 * The real CLI needs the network for its first steps: registry metadata, the npm provenance
 * attestation, the attested GitHub source (codeload.github.com) and `npm pack <name>@<version>`.
 * After that it only calls its exported `analyzePackage(dir, patterns)` twice:
 *   1. on the source checkout with SOURCE_FILE_PATTERNS (package.json, {nodes,credentials}/**),
 *   2. on the extracted tarball with ['**\/*.js', 'package.json'],
 * with its own ESLint config (allowInlineConfig: false, so eslint-disable comments do not count).
 * This script installs the pinned scanner into .cache/ and runs exactly those two calls on this
 * repository and on a packed tarball. The provenance check cannot run before publishing.
 *
 *   node scripts/scan-community-package.mjs [path/to/package.tgz] [--json]   (packs one if not given)
 *   node scripts/scan-community-package.mjs --dir=<folder> [--json]           (source leg on any folder)
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

// eslint-plugin-n8n-nodes-base switches into its own fixture mode under NODE_ENV=test (jest sets
// it) and then reports bogus filename/error-class violations. The plugin is imported lazily below.
if (process.env.NODE_ENV === 'test') delete process.env.NODE_ENV;

export const SCANNER_VERSION = '0.32.0';
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const prefix = path.join(repoRoot, '.cache', `scan-community-package-${SCANNER_VERSION}`);
const scannerEntry = path.join(prefix, 'node_modules', '@n8n', 'scan-community-package', 'scanner', 'scanner.mjs');

function npm(args, cwd) {
	const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^npm_/i.test(key)));
	const result = spawnSync('npm', args, { cwd, env, encoding: 'utf8', timeout: 10 * 60_000 });
	if (result.status !== 0) throw new Error(`npm ${args.join(' ')} failed:\n${result.stdout}\n${result.stderr}`);
	return result.stdout;
}

function ensureScanner() {
	if (fs.existsSync(scannerEntry)) return;
	console.log(`[scan] installing @n8n/scan-community-package@${SCANNER_VERSION} into ${path.relative(repoRoot, prefix)}`);
	fs.mkdirSync(prefix, { recursive: true });
	fs.writeFileSync(path.join(prefix, 'package.json'), JSON.stringify({ private: true, dependencies: { '@n8n/scan-community-package': SCANNER_VERSION } }, null, '\t'));
	npm(['install', '--ignore-scripts', '--no-audit', '--no-fund', '--no-package-lock', '--loglevel=error'], prefix);
}

function packTarball(outDir) {
	const stdout = npm(['pack', '--json', '--pack-destination', outDir], repoRoot);
	return path.join(outDir, JSON.parse(stdout)[0].filename);
}

export async function scan(tarball) {
	ensureScanner();
	const { analyzePackage, SOURCE_FILE_PATTERNS } = await import(pathToFileURL(scannerEntry).href);
	const work = fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-scan-'));
	try {
		const packed = tarball ?? packTarball(work);
		const extracted = path.join(work, 'package');
		fs.mkdirSync(extracted);
		const tar = spawnSync('tar', ['-xzf', packed, '-C', extracted, '--strip-components=1'], { encoding: 'utf8' });
		if (tar.status !== 0) throw new Error(`tar: ${tar.stderr}`);

		// Leg 1: the source, as the scanner lints the attested GitHub checkout (git-tracked files
		// only there; here the working tree, node_modules excluded by the scanner's own glob).
		const source = await analyzePackage(repoRoot, SOURCE_FILE_PATTERNS);
		// Leg 2: what npm would publish.
		const dist = await analyzePackage(extracted, ['**/*.js', 'package.json']);
		return {
			passed: source.passed && dist.passed,
			source: { passed: source.passed, message: source.message, details: source.details },
			tarball: { passed: dist.passed, message: dist.message, details: dist.details },
		};
	} finally {
		fs.rmSync(work, { recursive: true, force: true });
	}
}

/** Leg 1 only, on any folder (used by the tests as a negative control: a bad package must fail). */
export async function scanSourceDir(dir) {
	ensureScanner();
	const { analyzePackage, SOURCE_FILE_PATTERNS } = await import(pathToFileURL(scannerEntry).href);
	return await analyzePackage(dir, SOURCE_FILE_PATTERNS);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
	const dirFlag = process.argv.find((arg) => arg.startsWith('--dir='));
	if (dirFlag) {
		const outcome = await scanSourceDir(path.resolve(dirFlag.slice('--dir='.length)));
		console.log(`[scan] ${dirFlag.slice(6)}: ${outcome.passed ? 'passed' : `FAILED (${outcome.message})`}`);
		if (outcome.details) console.log(outcome.details);
		if (process.argv.includes('--json')) console.log(JSON.stringify(outcome));
		process.exit(outcome.passed ? 0 : 1);
	}
	const tarballArg = process.argv.slice(2).find((arg) => !arg.startsWith('--'));
	const result = await scan(tarballArg ? path.resolve(tarballArg) : undefined);
	for (const [leg, outcome] of Object.entries({ source: result.source, tarball: result.tarball })) {
		console.log(`[scan] ${leg}: ${outcome.passed ? 'passed' : `FAILED (${outcome.message})`}`);
		if (outcome.details) console.log(outcome.details);
	}
	console.log(`[scan] provenance: not checked (needs the published package on the registry and its GitHub source)`);
	if (process.argv.includes('--json')) console.log(JSON.stringify(result));
	process.exit(result.passed ? 0 : 1);
}
