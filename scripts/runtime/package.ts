/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-dangerous-functions */
/** This package: build and pack it, list a tarball, install the tarball into a user folder as n8n would. */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

import { cleanEnv } from './environment';
import { writeJson } from './install';
import { defaultLog, run, shown, type Log } from './processes';
import { PACKAGE_NAME, REPO_ROOT } from './versions';

/** `npm run build` + `npm pack` into `outDir`; returns the tarball path. */
export async function buildAndPack(outDir: string, log: Log = defaultLog, options: { build?: boolean } = {}): Promise<string> {
	fs.mkdirSync(outDir, { recursive: true });
	if (options.build !== false) {
		await run('npm', ['run', 'build'], { cwd: REPO_ROOT, env: cleanEnv(), log, label: 'build', timeoutMs: 10 * 60_000, outputFile: path.join(outDir, 'build.log') });
	}
	const result = spawnSync('npm', ['pack', '--json', '--pack-destination', outDir], { cwd: REPO_ROOT, env: cleanEnv(), encoding: 'utf8' });
	if (result.status !== 0) throw new Error(`npm pack failed: ${result.stderr}`);
	const [info] = JSON.parse(result.stdout) as Array<{ filename: string }>;
	const tarball = path.join(outDir, info.filename);
	log(`packed ${shown(tarball)}`);
	return tarball;
}

/** Lists the paths inside a tarball without the leading `package/`. */
export function tarballFiles(tarball: string): string[] {
	const result = spawnSync('tar', ['-tzf', tarball], { encoding: 'utf8' });
	if (result.status !== 0) throw new Error(`tar -t failed: ${result.stderr}`);
	return result.stdout
		.split('\n')
		.filter((line) => line !== '' && !line.endsWith('/'))
		.map((line) => line.replace(/^package\//, ''));
}

/**
 * Installs the tarball like n8n's community-package installer leaves it on disk:
 * `<userFolder>/.n8n/nodes/node_modules/<name>/` with a `.n8n/nodes/package.json` naming it.
 */
export function installPackage(userFolder: string, tarball: string): string {
	const nodesDir = path.join(userFolder, '.n8n', 'nodes');
	const target = path.join(nodesDir, 'node_modules', PACKAGE_NAME);
	fs.rmSync(target, { recursive: true, force: true });
	fs.mkdirSync(target, { recursive: true });
	const result = spawnSync('tar', ['-xzf', tarball, '--strip-components=1', '-C', target], { encoding: 'utf8' });
	if (result.status !== 0) throw new Error(`extracting ${tarball} failed: ${result.stderr}`);
	const version = (JSON.parse(fs.readFileSync(path.join(target, 'package.json'), 'utf8')) as { version: string }).version;
	writeJson(path.join(nodesDir, 'package.json'), { name: 'installed-nodes', private: true, dependencies: { [PACKAGE_NAME]: version } });
	return target;
}
