/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals */
/**
 * Debian's Chromium for the browser smoke test: installed with apt on first use (like PostgreSQL,
 * Redis and nginx in queue-services.ts), then driven headless by puppeteer-core (which downloads
 * no browser of its own).
 */
import * as fs from 'fs';

import { aptInstall, which, type Log } from './n8n-runtime';

const CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser'];

/** The Chromium binary, installed from Debian's `chromium` package when missing; CHROMIUM_PATH overrides. */
export function ensureChromium(log: Log): string {
	const override = process.env.CHROMIUM_PATH;
	if (override) {
		if (!fs.existsSync(override)) throw new Error(`CHROMIUM_PATH=${override} does not exist`);
		return override;
	}
	const found = () => CANDIDATES.find((candidate) => fs.existsSync(candidate)) ?? which('chromium');
	const existing = found();
	if (existing) return existing;
	aptInstall(['chromium'], log);
	const installed = found();
	if (!installed) throw new Error('apt-get installed chromium, but no chromium binary was found');
	return installed;
}

/**
 * Launch flags: headless, no GPU, and /tmp instead of /dev/shm (small in containers). `--no-sandbox`
 * because the tests run as root (CI does), where Chromium refuses its own sandbox; it only ever
 * loads the local n8n on 127.0.0.1.
 */
export const CHROMIUM_ARGS = ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--no-first-run', '--no-default-browser-check', '--disable-extensions'];
