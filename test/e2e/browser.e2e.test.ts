/* eslint-disable @n8n/community-nodes/no-restricted-imports */
/**
 * Browser smoke test of the real n8n 2.41 editor (headless Debian Chromium): sign in as the owner,
 * open each gateway's sample workflow, check every node of this package drew its own icon, open
 * each of those nodes' panels and check the parameters rendered, and fail on a console error,
 * uncaught exception or failed request that concerns this package. Screenshots go to
 * <run folder>/browser/screenshots.
 */
import * as fs from 'fs';
import * as path from 'path';

import { GATEWAYS, type GatewayEntry } from '../../scripts/gateways';
import { PACKAGE_NAME, REPO_ROOT } from '../../scripts/n8n-runtime';
import { startStack, type Stack } from '../../scripts/stack';
import { EditorBrowser } from './browser';
import { e2eLog, runDir, tarballPath } from './support';

interface TemplateNode {
	name: string;
	type: string;
}

function templateNodes(gateway: GatewayEntry): TemplateNode[] {
	const workflow = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'demo', gateway.key, 'workflow.json'), 'utf8')) as { nodes: TemplateNode[] };
	return workflow.nodes;
}

const workDir = path.join(runDir(), 'browser');
const shotDir = path.join(workDir, 'screenshots');
let stack: Stack | undefined;
let editor: EditorBrowser | undefined;

beforeAll(async () => {
	stack = await startStack({ workDir, tarball: tarballPath(), gateways: GATEWAYS, log: e2eLog });
	editor = await EditorBrowser.launch(stack.url, shotDir, e2eLog);
}, 10 * 60_000);

afterAll(async () => {
	if (editor) {
		fs.writeFileSync(path.join(workDir, 'page-problems.json'), JSON.stringify(editor.problems, null, '\t'));
		e2eLog(`browser: ${editor.problems.length} page problem(s) recorded (all, not only ours) in ${path.relative(REPO_ROOT, workDir)}/page-problems.json; screenshots in ${path.relative(REPO_ROOT, shotDir)}`);
		await editor.close().catch(() => undefined);
	}
	await stack?.stop();
}, 60_000);

function browser(): EditorBrowser {
	if (!editor) throw new Error('the browser did not start (see beforeAll)');
	return editor;
}

test('signs in through the sign-in form as the stack owner', async () => {
	await browser().signIn();
	expect(new URL(browser().page.url()).pathname).not.toMatch(/^\/signin/);
	await browser().screenshot('signed-in');
});

describe.each(GATEWAYS.map((gateway) => [gateway.displayName, gateway] as const))('%s sample workflow', (_name: string, gateway: GatewayEntry) => {
	const nodes = templateNodes(gateway);
	const ours = nodes.filter((node) => node.type.startsWith(`${PACKAGE_NAME}.`));
	const ourNames = [...gateway.nodeTypes, ...ours.map((node) => node.name), gateway.displayName];

	test('opens on the canvas; every node of the package shows its own icon', async () => {
		// Both of the gateway's node types are in its sample workflow, so every node is covered.
		expect([...new Set(ours.map((node) => node.type))].sort()).toEqual([...gateway.nodeTypes].sort());
		await browser().openWorkflow(gateway.workflowId, nodes.length);
		await browser().screenshot(`${gateway.key}-workflow`);
		for (const node of ours) {
			const icon = await browser().nodeIcon(node.name);
			expect({ node: node.name, loaded: icon.loaded }).toEqual({ node: node.name, loaded: true });
			// Our own SVG, served from the package (not n8n's fallback).
			expect(icon.src ?? '').toContain(PACKAGE_NAME);
		}
		expect(browser().problemsMentioning(ourNames)).toEqual([]);
	});

	test('the main button starts from the gateway trigger; its menu runs the manual branch, as the demo says', async () => {
		// n8n picks the default trigger itself (an app trigger outranks the manual one), so the demo
		// printout tells newcomers to pick the manual trigger in this menu.
		const manual = nodes.find((node) => node.type === 'n8n-nodes-base.manualTrigger');
		const firstAction = ours.find((node) => !node.type.endsWith('Trigger'));
		if (!manual || !firstAction) throw new Error(`${gateway.key}: the sample workflow has no manual trigger or no action node`);
		await browser().openWorkflow(gateway.workflowId, nodes.length);
		expect(await browser().executeButtonText()).toBe(`Execute workflow from ${gateway.displayName} Trigger`);
		expect(await browser().selectTrigger(manual.name)).toBe(`Execute workflow from ${manual.name}`);
		await browser().executeAndWaitForSuccess(firstAction.name);
		await browser().screenshot(`${gateway.key}-manual-run`);
		expect(browser().problemsMentioning(ourNames)).toEqual([]);
	});

	test.each(ours.map((node) => [node.name, node] as const))('the panel of "%s" renders its parameters', async (_node: string, node: TemplateNode) => {
		const labels = await browser().openNodePanel(node.name);
		await browser().screenshot(`${gateway.key}-${node.name}`);
		expect(labels.length).toBeGreaterThan(0);
		await browser().closeNodePanel();
		expect(browser().problemsMentioning(ourNames)).toEqual([]);
	});
});
