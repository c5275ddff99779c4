/* eslint-disable @n8n/community-nodes/no-restricted-imports */
/**
 * Leak scanner for the end-to-end suites: no credential secret of the running stack, in any of its
 * usual encodings, may appear in execution data (error messages included) or in n8n's logs.
 *
 * Secrets come from the stack itself: every credential field that its credential type marks as a
 * password (`typeOptions.password`), with the value rendered into the imported credential
 * (scripts/gateways.ts templateValues), plus values derived from them that are as good as the
 * secret (Pinddpay's static sign-token = upper MD5(secret)). Identifiers sent in clear in every
 * request (merchant/app ids, Pinddpay's accessKey) and public keys are not secrets.
 *
 * Findings name the secret, the form and the place, never the value.
 */
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';

import type { INodeProperties } from 'n8n-workflow';

import { webhookUrl } from '../../scripts/gateways';
import { REPO_ROOT, readExecutions, type ExecutionPaging } from '../../scripts/n8n-runtime';
import type { Stack } from '../../scripts/stack';
import { e2eLog } from './support';

export interface SecretValue {
	/** `<gateway>.<credential field>` or `<gateway>.<derived name>`. */
	name: string;
	value: string;
}

export interface SecretNeedle {
	name: string;
	/** raw, JSON-escaped, URL-encoded, Base64@offset, base64url@offset, hex, HEX, PEM line n, DER hex... */
	form: string;
	needle: string;
}

/** Shortest fragment searched (a Base64 core at an offset, a PEM line): shorter ones could match by chance. */
const MIN_NEEDLE = 16;
/** A whole secret in one encoding is searched from this length on. */
const MIN_WHOLE_SECRET = 8;

/** Base64 characters fully determined by `bytes` when they start `offset` bytes into a larger buffer. */
function base64Core(bytes: Buffer, offset: number, urlSafe: boolean): string {
	const padded = Buffer.concat([Buffer.alloc(offset), bytes]);
	const encoded = urlSafe ? padded.toString('base64url') : padded.toString('base64').replace(/=+$/, '');
	const first = Math.ceil((offset * 8) / 6);
	const last = Math.floor(((offset + bytes.length) * 8 - 6) / 6);
	return encoded.slice(first, last + 1);
}

/** Every form of one secret the scanner looks for. */
export function secretNeedles(secrets: SecretValue[]): SecretNeedle[] {
	const needles: SecretNeedle[] = [];
	const add = (name: string, form: string, needle: string, minimum: number) => {
		if (needle.length >= minimum && !needles.some((existing) => existing.name === name && existing.needle === needle)) needles.push({ name, form, needle });
	};
	const push = (name: string, form: string, needle: string) => add(name, form, needle, MIN_NEEDLE);
	const whole = (name: string, form: string, needle: string) => add(name, form, needle, MIN_WHOLE_SECRET);
	for (const { name, value } of secrets) {
		const bytes = Buffer.from(value, 'utf8');
		whole(name, 'raw', value);
		whole(name, 'JSON-escaped', JSON.stringify(value).slice(1, -1));
		whole(name, 'URL-encoded', encodeURIComponent(value));
		if (/^[0-9a-f]+$/i.test(value)) {
			whole(name, 'raw, lower case', value.toLowerCase());
			whole(name, 'raw, upper case', value.toUpperCase());
		}
		whole(name, 'Base64', bytes.toString('base64'));
		for (const offset of [0, 1, 2]) {
			push(name, `Base64 (offset ${offset})`, base64Core(bytes, offset, false));
			push(name, `base64url (offset ${offset})`, base64Core(bytes, offset, true));
		}
		whole(name, 'hex', bytes.toString('hex'));
		whole(name, 'HEX', bytes.toString('hex').toUpperCase());

		// A PEM private key: each full line of its Base64 body but the first (which starts with the
		// header every RSA key shares) is key material; so are its DER bytes in hex.
		const pem = /-----BEGIN [A-Z ]*PRIVATE KEY-----([\s\S]*?)-----END/.exec(value.replace(/\\n/g, '\n'));
		if (pem) {
			const lines = pem[1].split(/\r?\n/).map((line) => line.trim()).filter((line) => line !== '');
			lines.slice(1).forEach((line, index) => {
				if (line.length >= 32) push(name, `PEM body line ${index + 2}`, line);
			});
			const der = Buffer.from(lines.join(''), 'base64');
			for (const start of [320, 640, 960]) {
				if (der.length >= start + 32) {
					push(name, `DER hex (bytes ${start}-${start + 31})`, der.subarray(start, start + 32).toString('hex'));
					push(name, `DER HEX (bytes ${start}-${start + 31})`, der.subarray(start, start + 32).toString('hex').toUpperCase());
				}
			}
			push(name, 'Base64 body without line breaks (chars 100-163)', lines.join('').slice(100, 164));
		}
	}
	return needles;
}

/** The first JSON path under `value` whose key or string contains `needle` (for a finding). */
function pathOf(value: unknown, needle: string, at = '$'): string | undefined {
	if (typeof value === 'string') return value.includes(needle) ? at : undefined;
	if (value === null || typeof value !== 'object') return String(value).includes(needle) ? at : undefined;
	for (const [key, child] of Object.entries(value as Record<string, unknown>)) {
		const childPath = Array.isArray(value) ? `${at}[${key}]` : `${at}.${key}`;
		if (key.includes(needle)) return `${childPath} (the key)`;
		const found = pathOf(child, needle, childPath);
		if (found) return found;
	}
	return undefined;
}

/** Findings for one text: `<secret> as <form> in <where>[ line n]`; never the secret itself. */
export function findLeaksIn(text: string, needles: SecretNeedle[], where: string, options: { lines?: boolean; json?: unknown } = {}): string[] {
	const findings: string[] = [];
	for (const { name, form, needle } of needles) {
		const index = text.indexOf(needle);
		if (index < 0) continue;
		let place = where;
		if (options.lines) place += ` line ${text.slice(0, index).split('\n').length}`;
		if (options.json !== undefined) place += ` at ${pathOf(options.json, needle) ?? '(escaped in the JSON text)'}`;
		findings.push(`${name} as ${form} in ${place}`);
	}
	return findings;
}

type CredentialClass = new () => { name: string; properties: INodeProperties[] };

/** Credential type name -> names of its password fields, from the package's credential classes. */
function passwordFields(): Map<string, string[]> {
	const fields = new Map<string, string[]>();
	const dir = path.join(REPO_ROOT, 'credentials');
	for (const file of fs.readdirSync(dir).filter((name) => name.endsWith('.credentials.ts'))) {
		// eslint-disable-next-line @typescript-eslint/no-require-imports
		const loaded = require(path.join(dir, file)) as Record<string, unknown>;
		for (const exported of Object.values(loaded)) {
			if (typeof exported !== 'function') continue;
			const instance = new (exported as CredentialClass)();
			if (typeof instance.name !== 'string' || !Array.isArray(instance.properties)) continue;
			fields.set(
				instance.name,
				instance.properties.filter((property) => (property.typeOptions as { password?: boolean } | undefined)?.password === true).map((property) => property.name),
			);
		}
	}
	return fields;
}

/** Values derived from a credential that authenticate as well as the secret itself. */
const DERIVED: Record<string, (fields: Record<string, string>) => Array<[string, string]>> = {
	// The Pinddpay trigger's default sign-token is static: upper-case MD5(secret). Whoever has it can sign any webhook.
	pinddpayApi: (fields) => (fields.secret ? [['signToken (upper MD5 of secret)', createHash('md5').update(fields.secret, 'utf8').digest('hex').toUpperCase()]] : []),
};

/** The credential secrets of the running stack (see the file comment for what counts). */
export function secretValues(stack: Stack): SecretValue[] {
	const passwords = passwordFields();
	const secrets: SecretValue[] = [];
	for (const gateway of stack.gateways) {
		const sandbox = stack.sandboxes.get(gateway.key);
		if (!sandbox) throw new Error(`${gateway.key}: no sandbox in the stack`);
		const fields = passwords.get(gateway.credentialType);
		if (!fields || fields.length === 0) throw new Error(`${gateway.key}: credential type ${gateway.credentialType} has no password field: nothing to scan for`);
		const values = gateway.templateValues(sandbox, { webhookUrl: webhookUrl(gateway, stack.url) });
		// demo/<key>/credentials.json maps credential fields to template placeholders (`__NAME__`).
		const template = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'demo', gateway.key, 'credentials.json'), 'utf8')) as Array<{ type: string; data: Record<string, unknown> }>;
		const rendered: Record<string, string> = {};
		for (const credential of template.filter((entry) => entry.type === gateway.credentialType)) {
			for (const [field, raw] of Object.entries(credential.data)) {
				const placeholder = typeof raw === 'string' ? /^__([A-Z0-9_]+)__$/.exec(raw)?.[1] : undefined;
				if (placeholder && values[placeholder] !== undefined) rendered[field] = values[placeholder];
			}
		}
		for (const field of fields) {
			if (rendered[field] === undefined || rendered[field] === '') throw new Error(`${gateway.key}: password field ${field} is not filled by demo/${gateway.key}/credentials.json`);
			secrets.push({ name: `${gateway.key}.${field}`, value: rendered[field] });
		}
		for (const [name, value] of DERIVED[gateway.credentialType]?.(rendered) ?? []) secrets.push({ name: `${gateway.key}.${name}`, value });
	}
	return secrets;
}

/**
 * Every execution of every workflow, with data: smaller pages than one workflow's list (each carries its
 * data), a longer timeout per page, and room for all executions of a whole e2e run.
 */
const ALL_EXECUTIONS_PAGING: ExecutionPaging = { pageSize: 100, maxPages: 200, timeoutMs: 60_000 };

/** Error objects and messages inside one execution's data (node errors and the run's error). */
function errorMessages(execution: Record<string, unknown>): string[] {
	const found: string[] = [];
	const visit = (value: unknown, key: string) => {
		if (value === null || typeof value !== 'object') return;
		if (key === 'error' && !Array.isArray(value)) {
			const error = value as { message?: unknown; description?: unknown };
			found.push([error.message, error.description].filter((part) => typeof part === 'string').join(': '));
		}
		for (const [childKey, child] of Object.entries(value as Record<string, unknown>)) visit(child, childKey);
	};
	visit(execution.data, 'data');
	return found;
}

/** n8n's log files: each process's console log and the event log of every user folder. */
function logFiles(stack: Stack): string[] {
	const webhookProcesses = stack.webhookProcesses ?? [];
	const files = [stack.n8n.logFile, ...stack.workers.map((worker) => worker.logFile), ...webhookProcesses.map((processOf) => processOf.logFile)];
	// Workers' and webhook processes' user folders sit next to main's (scripts/stack.ts: <dataDir>/n8n-worker-<n>, n8n-webhook-<n>).
	const siblings = (prefix: string, count: number) => Array.from({ length: count }, (_unused, index) => path.join(path.dirname(stack.instance.userFolder), `${prefix}-${index + 1}`));
	const userFolders = [stack.instance.userFolder, ...siblings('n8n-worker', stack.workers.length), ...siblings('n8n-webhook', webhookProcesses.length)];
	for (const folder of userFolders) {
		const dir = path.join(folder, '.n8n');
		if (!fs.existsSync(dir)) continue;
		for (const name of fs.readdirSync(dir)) if (/^n8nEventLog.*\.log$/.test(name)) files.push(path.join(dir, name));
	}
	return files.filter((file) => fs.existsSync(file));
}

export interface SecretScan {
	findings: string[];
	/** Secrets too short to search for (no form of them is distinctive). */
	unsearchable: string[];
	secrets: number;
	needles: number;
	executions: number;
	errorMessages: number;
	executionBytes: number;
	logFiles: number;
	logBytes: number;
}

export async function scanForSecrets(stack: Stack, options: { extraSecrets?: SecretValue[] } = {}): Promise<SecretScan> {
	const secrets = [...secretValues(stack), ...(options.extraSecrets ?? [])];
	const needles = secretNeedles(secrets);
	const findings: string[] = [];
	const executions = await readExecutions(stack.instance, stack.apiKey, { includeData: true }, ALL_EXECUTIONS_PAGING);
	let executionBytes = 0;
	let errors = 0;
	for (const execution of executions) {
		const text = JSON.stringify(execution);
		executionBytes += Buffer.byteLength(text);
		const messages = errorMessages(execution);
		errors += messages.length;
		const where = `execution ${String(execution.id)} (workflow ${String(execution.workflowId)}, ${String(execution.status)})`;
		findings.push(...findLeaksIn(text, needles, where, { json: execution }));
		// Messages are inside the JSON already; scanned alone too, in case a form only matches unescaped.
		findings.push(...findLeaksIn(messages.join('\n'), needles, `${where}, error messages`));
	}
	let logBytes = 0;
	const files = logFiles(stack);
	for (const file of files) {
		const text = fs.readFileSync(file, 'utf8');
		logBytes += Buffer.byteLength(text);
		findings.push(...findLeaksIn(text, needles, path.relative(REPO_ROOT, file).startsWith('..') ? file : path.relative(REPO_ROOT, file), { lines: true }));
	}
	return {
		findings: [...new Set(findings)],
		unsearchable: secrets.filter((secret) => !needles.some((needle) => needle.name === secret.name)).map((secret) => secret.name),
		secrets: new Set(needles.map((needle) => needle.name)).size,
		needles: needles.length,
		executions: executions.length,
		errorMessages: errors,
		executionBytes,
		logFiles: files.length,
		logBytes,
	};
}

/**
 * Problems that make a clean scan meaningless: nothing scanned, or a secret that cannot be searched.
 * Reported as findings, so a suite fails on them as on a leak.
 */
export function coverageProblems(scan: SecretScan): string[] {
	const problems: string[] = [];
	if (scan.executions === 0) problems.push('coverage: no execution was scanned');
	if (scan.logBytes === 0) problems.push('coverage: no n8n log was scanned');
	for (const name of scan.unsearchable) problems.push(`coverage: ${name} is too short to search for`);
	return problems;
}

/** Scans and logs what was scanned; returns the findings and coverage problems (empty = clean). */
export async function findSecretLeaks(stack: Stack): Promise<string[]> {
	const scan = await scanForSecrets(stack);
	e2eLog(
		`secret scan: ${scan.secrets} secrets in ${scan.needles} forms; ${scan.executions} executions (${(scan.executionBytes / 1024).toFixed(0)} KiB, ${scan.errorMessages} error messages), ` +
			`${scan.logFiles} log files (${(scan.logBytes / 1024).toFixed(0)} KiB): ${scan.findings.length === 0 ? 'clean' : `${scan.findings.length} finding(s)`}`,
	);
	return [...scan.findings, ...coverageProblems(scan)];
}
