/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-dangerous-functions */
/** System packages: find a binary on PATH, install missing Debian packages with apt-get (root only, as on CI). */
import { spawnSync } from 'child_process';

import { cleanEnv } from './environment';
import type { Log } from './processes';

export function which(binary: string): string | undefined {
	const result = spawnSync('sh', ['-c', `command -v ${binary}`], { encoding: 'utf8' });
	const found = result.stdout.trim();
	return result.status === 0 && found !== '' ? found : undefined;
}

let aptUpdated = false;

/** `apt-get install -y <packages>` (root only, as on CI); throws with the command to run otherwise. */
export function aptInstall(packages: string[], log: Log): void {
	if (typeof process.getuid === 'function' && process.getuid() !== 0) {
		throw new Error(`missing ${packages.join(', ')}: run \`sudo apt-get install -y ${packages.join(' ')}\` and try again`);
	}
	const env = { ...cleanEnv(), DEBIAN_FRONTEND: 'noninteractive' };
	const started = Date.now();
	if (!aptUpdated) {
		log('apt-get update');
		const update = spawnSync('apt-get', ['update', '-q'], { env, encoding: 'utf8', timeout: 10 * 60_000 });
		if (update.status !== 0) throw new Error(`apt-get update failed:\n${update.stdout}\n${update.stderr}`);
		aptUpdated = true;
	}
	log(`apt-get install -y ${packages.join(' ')}`);
	const install = spawnSync('apt-get', ['install', '-y', '-q', '--no-install-recommends', ...packages], { env, encoding: 'utf8', timeout: 15 * 60_000 });
	if (install.status !== 0) throw new Error(`apt-get install ${packages.join(' ')} failed:\n${install.stdout.slice(-3000)}\n${install.stderr}`);
	log(`installed ${packages.join(', ')} in ${Math.round((Date.now() - started) / 1000)} s`);
}
