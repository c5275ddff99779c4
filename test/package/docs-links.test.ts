/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals */
/**
 * Documentation links the editor shows: every codex URL (nodes/<Gateway>/<Node>.node.json) and every
 * credential's documentationUrl is https and points at a heading of README.md on the package's homepage,
 * with the anchor GitHub gives that heading. Also: links between README.md and CONTRIBUTING.md resolve,
 * relative file links exist, and README's quick-start test command is the one CI (.ci/run) runs.
 */
import * as fs from 'fs';
import * as path from 'path';

const REPO = path.resolve(__dirname, '..', '..');
const pkg = JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8')) as {
	homepage: string;
	n8n: { nodes: string[]; credentials: string[] };
};
const read = (file: string) => fs.readFileSync(path.join(REPO, file), 'utf8');

/**
 * The anchors GitHub gives a Markdown file's headings (github-slugger, as github.com renders READMEs):
 * the heading's rendered text, lower-cased, without punctuation other than `-` and `_`, spaces as `-`;
 * a repeated slug gets `-1`, `-2`, ... Headings inside fenced code blocks are not headings.
 */
function githubAnchors(markdown: string): Set<string> {
	const anchors = new Set<string>();
	const seen = new Map<string, number>();
	let fence: string | undefined;
	for (const line of markdown.split(/\r?\n/)) {
		const fenceMatch = /^\s{0,3}(`{3,}|~{3,})/.exec(line);
		if (fenceMatch) {
			if (fence === undefined) fence = fenceMatch[1][0];
			else if (fenceMatch[1][0] === fence) fence = undefined;
			continue;
		}
		if (fence !== undefined) continue;
		const heading = /^\s{0,3}#{1,6}\s+(.*?)\s*#*\s*$/.exec(line);
		if (!heading) continue;
		const text = heading[1]
			.replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1') // links and images: their text
			.replace(/`/g, '')
			.replace(/(\*\*|\*)/g, '');
		const base = text
			.toLowerCase()
			.replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, '')
			.replace(/ /g, '-');
		const count = seen.get(base);
		const slug = count === undefined ? base : `${base}-${count}`;
		seen.set(base, (count ?? 0) + 1);
		anchors.add(slug);
	}
	return anchors;
}

const readme = read('README.md');
const contributing = read('CONTRIBUTING.md');
const readmeAnchors = githubAnchors(readme);
const contributingAnchors = githubAnchors(contributing);
const homepage = pkg.homepage.replace(/\/+$/, '');

/** What is wrong with a documentation URL, or '' when it names an existing README heading over https. */
function problemWith(url: string): string {
	if (!url.startsWith('https://')) return `${url}: not https`;
	const hash = url.indexOf('#');
	if (hash < 0 || url.slice(0, hash).replace(/\/+$/, '') !== homepage) return `${url}: not a README anchor on ${homepage}`;
	const anchor = url.slice(hash + 1);
	return readmeAnchors.has(anchor) ? '' : `${url}: README has no heading with anchor #${anchor}`;
}

describe('GitHub heading anchors', () => {
	test('match what github.com renders', () => {
		const anchors = githubAnchors(
			[
				'# n8n-nodes-payment-gateways',
				'## Cashy (Colombia)',
				'### Exactly once, per gateway and operation',
				'## Why node `crypto`, and why `@n8n/node-cli`',
				'## Usage',
				'## Usage',
				'```bash',
				'# not a heading',
				'```',
				'### PayKKa API',
			].join('\n'),
		);
		expect([...anchors]).toEqual([
			'n8n-nodes-payment-gateways',
			'cashy-colombia',
			'exactly-once-per-gateway-and-operation',
			'why-node-crypto-and-why-n8nnode-cli',
			'usage',
			'usage-1',
			'paykka-api',
		]);
	});
});

describe('codex documentation links', () => {
	const codexFiles = pkg.n8n.nodes.map((file) => file.replace(/^dist\//, '').replace(/\.js$/, '.json'));

	test('every node in package.json has a codex file', () => {
		expect(codexFiles).toHaveLength(8);
		for (const file of codexFiles) expect({ file, exists: fs.existsSync(path.join(REPO, file)) }).toEqual({ file, exists: true });
	});

	test.each(codexFiles)('%s: primary and credential documentation are https README anchors', (file) => {
		const codex = JSON.parse(read(file)) as { resources: Record<string, Array<{ url: string }>> };
		const urls = Object.values(codex.resources).flat().map((entry) => entry.url);
		expect(codex.resources.primaryDocumentation).toHaveLength(1);
		expect(codex.resources.credentialDocumentation).toHaveLength(1);
		expect(urls.map(problemWith).filter(Boolean)).toEqual([]);
	});
});

describe('credential documentationUrl', () => {
	const credentialFiles = pkg.n8n.credentials.map((file) => file.replace(/^dist\//, '').replace(/\.js$/, '.ts'));

	test.each(credentialFiles)('%s: https README anchor', (file) => {
		// eslint-disable-next-line @typescript-eslint/no-require-imports
		const exported = require(path.join(REPO, file)) as Record<string, new () => { name: string; documentationUrl?: string }>;
		const credentials = Object.values(exported).filter((value) => typeof value === 'function').map((Type) => new Type());
		expect(credentials).toHaveLength(1);
		const url = credentials[0].documentationUrl ?? '(none)';
		expect(problemWith(url)).toBe('');
	});

	test('each credential points at its own heading, and the codex of its nodes at the same one', () => {
		const byCredential = new Map<string, string>();
		for (const file of credentialFiles) {
			// eslint-disable-next-line @typescript-eslint/no-require-imports
			const exported = require(path.join(REPO, file)) as Record<string, new () => { documentationUrl: string }>;
			const url = new (Object.values(exported)[0])().documentationUrl;
			byCredential.set(path.basename(path.dirname(file)) + '/' + path.basename(file), url);
		}
		expect(new Set(byCredential.values()).size).toBe(credentialFiles.length);
		const codexCredentialUrls = new Set(
			pkg.n8n.nodes.map((file) => {
				const codex = JSON.parse(read(file.replace(/^dist\//, '').replace(/\.js$/, '.json'))) as {
					resources: { credentialDocumentation: Array<{ url: string }> };
				};
				return codex.resources.credentialDocumentation[0].url;
			}),
		);
		expect([...codexCredentialUrls].sort()).toEqual([...byCredential.values()].sort());
	});
});

describe('README and CONTRIBUTING links', () => {
	const links = (markdown: string) => [...markdown.matchAll(/\]\(([^)\s]+)\)/g)].map((match) => match[1]);

	test.each([
		['README.md', readme],
		['CONTRIBUTING.md', contributing],
	])('%s: in-repository links and anchors resolve', (_name, markdown) => {
		const broken = links(markdown)
			.filter((target) => !/^[a-z]+:/i.test(target))
			.filter((target) => {
				const [file, anchor] = target.split('#');
				const own = _name === 'README.md' ? readmeAnchors : contributingAnchors;
				if (file === '') return !own.has(anchor);
				if (!fs.existsSync(path.join(REPO, file))) return true;
				if (anchor === undefined) return false;
				if (file === 'README.md') return !readmeAnchors.has(anchor);
				if (file === 'CONTRIBUTING.md') return !contributingAnchors.has(anchor);
				return false;
			});
		expect(broken).toEqual([]);
	});

	test('README links the gateways, the template\'s sections and CONTRIBUTING', () => {
		for (const anchor of ['ironixpay', 'paykka', 'pinddpay', 'cashy-colombia', 'installation', 'operations', 'credentials', 'compatibility', 'usage', 'resources', 'version-history']) {
			expect({ anchor, present: readmeAnchors.has(anchor) }).toEqual({ anchor, present: true });
		}
		for (const anchor of ['benchmarks', 'conformance-tables', 'development']) {
			expect({ anchor, present: contributingAnchors.has(anchor) }).toEqual({ anchor, present: true });
		}
	});

	test('README opens with the two quick-start commands, and CI runs the same test command', () => {
		const quickStart = /## Quick start\s+```bash\n([\s\S]*?)```/.exec(readme)?.[1] ?? '';
		const commands = quickStart.split('\n').map((line) => line.replace(/#.*$/, '').trim()).filter(Boolean);
		expect(commands).toEqual(['npm ci && npm run demo', 'npm ci && npm test']);
		expect(readme.indexOf('## Quick start')).toBeLessThan(readme.indexOf('## Installation'));
		const ci = read('.ci/run').split('\n').map((line) => line.trim());
		expect(ci).toContain('npm ci --no-audit --no-fund');
		expect(ci).toContain('npm test');
	});
});
