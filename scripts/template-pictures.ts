/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals, no-console */
/**
 * One SVG picture per workflow template, drawn from the template's JSON the way the n8n canvas
 * lays it out: nodes at their positions, sticky notes behind them, connections from each output
 * to the next node's input, node names underneath.
 *
 *   npx ts-node --transpile-only scripts/template-pictures.ts          # writes docs/templates/<name>.svg
 *   npx ts-node --transpile-only scripts/template-pictures.ts --check  # exits 1 if a picture is stale
 *
 * test/templates/templates.test.ts fails when a committed picture differs from its template.
 */
import * as fs from 'fs';
import * as path from 'path';

export const REPO_ROOT = path.resolve(__dirname, '..');
export const TEMPLATES_DIR = path.join(REPO_ROOT, 'templates');
export const PICTURES_DIR = path.join(REPO_ROOT, 'docs', 'templates');

interface TemplateNode {
	name: string;
	type: string;
	position: [number, number];
	parameters: Record<string, unknown>;
}

interface TemplateWorkflow {
	name: string;
	nodes: TemplateNode[];
	connections: Record<string, Record<string, Array<Array<{ node: string; index: number }> | null>>>;
}

/** n8n draws a regular node as a 100 x 100 square at its position (top left). */
const NODE = 100;
const PAD = 40;
const STICKY = 'n8n-nodes-base.stickyNote';
/** n8n's sticky note colours 1-7 (yellow by default). */
const STICKY_COLOURS = ['#fff5d6', '#fff5d6', '#fde9d9', '#fbe2e8', '#e7f6ea', '#e1f0fd', '#ebe5fb', '#f2f2f2'];

const escapeXml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

function wrap(text: string, width: number): string[] {
	const lines: string[] = [];
	for (const paragraph of text.split('\n')) {
		let line = '';
		for (const word of paragraph.split(/\s+/).filter(Boolean)) {
			if (line !== '' && line.length + 1 + word.length > width) {
				lines.push(line);
				line = word;
			} else line = line === '' ? word : `${line} ${word}`;
		}
		lines.push(line);
	}
	return lines;
}

/** Markdown of a sticky note as plain text. */
const plain = (markdown: string) => markdown.replace(/\*\*|`|^#+\s*/gm, '');

/** What the box says: the node type without its package (e.g. "ironixPay", "dataTable"). */
const shortType = (type: string) => type.split('.').pop() ?? type;

export function renderTemplatePicture(workflow: TemplateWorkflow): string {
	const stickies = workflow.nodes.filter((node) => node.type === STICKY);
	const nodes = workflow.nodes.filter((node) => node.type !== STICKY);
	const byName = new Map(nodes.map((node) => [node.name, node]));
	const boxes = [
		...stickies.map((note) => ({ x: note.position[0], y: note.position[1], w: Number(note.parameters.width ?? 240), h: Number(note.parameters.height ?? 160) })),
		...nodes.map((node) => ({ x: node.position[0], y: node.position[1], w: NODE, h: NODE + 40 })),
	];
	const minX = Math.min(...boxes.map((box) => box.x)) - PAD;
	const minY = Math.min(...boxes.map((box) => box.y)) - PAD - 30;
	const maxX = Math.max(...boxes.map((box) => box.x + box.w)) + PAD;
	const maxY = Math.max(...boxes.map((box) => box.y + box.h)) + PAD;
	const out: string[] = [
		`<svg xmlns="http://www.w3.org/2000/svg" viewBox="${minX} ${minY} ${maxX - minX} ${maxY - minY}" width="${maxX - minX}" height="${maxY - minY}" font-family="Helvetica, Arial, sans-serif">`,
		`<title>${escapeXml(workflow.name)}</title>`,
		`<rect x="${minX}" y="${minY}" width="${maxX - minX}" height="${maxY - minY}" fill="#f5f5f5"/>`,
		`<text x="${minX + PAD}" y="${minY + 30}" font-size="18" font-weight="bold" fill="#333">${escapeXml(workflow.name)}</text>`,
	];
	for (const note of stickies) {
		const [x, y] = note.position;
		const width = Number(note.parameters.width ?? 240);
		const height = Number(note.parameters.height ?? 160);
		const colour = STICKY_COLOURS[Number(note.parameters.color ?? 1)] ?? STICKY_COLOURS[1];
		out.push(`<rect x="${x}" y="${y}" width="${width}" height="${height}" rx="6" fill="${colour}" stroke="#d8c99b"/>`);
		const [title, ...body] = plain(String(note.parameters.content ?? '')).split('\n');
		out.push(`<text x="${x + 12}" y="${y + 24}" font-size="14" font-weight="bold" fill="#333">${escapeXml(title)}</text>`);
		const room = Math.floor((height - 44) / 14);
		const lines = wrap(body.join('\n').trim(), Math.floor((width - 24) / 6.2)).slice(0, Math.max(0, room));
		lines.forEach((line, index) => out.push(`<text x="${x + 12}" y="${y + 44 + index * 14}" font-size="11" fill="#555">${escapeXml(line)}</text>`));
	}
	for (const [from, outputs] of Object.entries(workflow.connections)) {
		const source = byName.get(from);
		if (!source) continue;
		const branches = outputs.main ?? [];
		branches.forEach((targets, outputIndex) => {
			const startY = source.position[1] + (NODE * (outputIndex + 1)) / (branches.length + 1);
			for (const target of targets ?? []) {
				const node = byName.get(target.node);
				if (!node) continue;
				const x1 = source.position[0] + NODE;
				const x2 = node.position[0];
				const y2 = node.position[1] + NODE / 2;
				const bend = Math.max(40, (x2 - x1) / 2);
				out.push(`<path d="M${x1} ${startY} C${x1 + bend} ${startY} ${x2 - bend} ${y2} ${x2} ${y2}" fill="none" stroke="#888" stroke-width="2"/>`);
				out.push(`<circle cx="${x2}" cy="${y2}" r="4" fill="#888"/>`);
			}
		});
	}
	for (const node of nodes) {
		const [x, y] = node.position;
		const trigger = /trigger/i.test(node.type);
		const ours = node.type.startsWith('n8n-nodes-payment-gateways.');
		out.push(
			`<rect x="${x}" y="${y}" width="${NODE}" height="${NODE}" rx="${trigger ? 30 : 8}" fill="#fff" stroke="${ours ? '#ff6d5a' : '#7d7d87'}" stroke-width="2"/>`,
			`<text x="${x + NODE / 2}" y="${y + NODE / 2 + 4}" font-size="11" text-anchor="middle" fill="#555">${escapeXml(shortType(node.type))}</text>`,
		);
		wrap(node.name, 18).forEach((line, index) =>
			out.push(`<text x="${x + NODE / 2}" y="${y + NODE + 18 + index * 14}" font-size="12" text-anchor="middle" fill="#222">${escapeXml(line)}</text>`),
		);
	}
	out.push('</svg>', '');
	return out.join('\n');
}

export function templateFiles(): string[] {
	return fs
		.readdirSync(TEMPLATES_DIR)
		.filter((file) => file.endsWith('.json'))
		.sort()
		.map((file) => path.join(TEMPLATES_DIR, file));
}

/** docs/templates/<template name>.svg -> its expected content. */
export function expectedPictures(): Map<string, string> {
	const pictures = new Map<string, string>();
	for (const file of templateFiles()) {
		const workflow = JSON.parse(fs.readFileSync(file, 'utf8')) as TemplateWorkflow;
		pictures.set(path.join(PICTURES_DIR, `${path.basename(file, '.json')}.svg`), renderTemplatePicture(workflow));
	}
	return pictures;
}

function main(): void {
	const check = process.argv.includes('--check');
	let stale = 0;
	fs.mkdirSync(PICTURES_DIR, { recursive: true });
	for (const [file, svg] of expectedPictures()) {
		const current = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : undefined;
		if (current === svg) continue;
		stale++;
		if (check) console.error(`stale: ${path.relative(REPO_ROOT, file)}`);
		else {
			fs.writeFileSync(file, svg);
			console.log(`wrote ${path.relative(REPO_ROOT, file)}`);
		}
	}
	if (check && stale > 0) process.exit(1);
}

if (require.main === module) main();
