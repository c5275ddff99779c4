/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals */
/// <reference lib="dom" />
/**
 * Headless Chromium (Debian's, through puppeteer-core) on the real n8n editor: sign in as the
 * stack's owner, open a workflow, open a node's panel, take screenshots, and record what the page
 * reports (console errors, uncaught exceptions, failed requests). Selectors are n8n's own
 * `data-test-id` attributes (n8n-editor-ui 2.41 dist).
 */
import * as fs from 'fs';
import * as path from 'path';

import puppeteer, { type Browser, type ConsoleMessage, type ElementHandle, type HTTPResponse, type Page } from 'puppeteer-core';

import { CHROMIUM_ARGS, ensureChromium } from '../../scripts/browser';
import { DEFAULT_OWNER, PACKAGE_NAME } from '../../scripts/n8n-runtime';

export interface PageProblem {
	kind: 'console' | 'pageerror' | 'response';
	text: string;
}

export class EditorBrowser {
	readonly problems: PageProblem[] = [];
	private shots = 0;

	private constructor(
		private readonly browser: Browser,
		readonly page: Page,
		private readonly baseUrl: string,
		private readonly shotDir: string,
	) {}

	static async launch(baseUrl: string, shotDir: string, log: (message: string) => void): Promise<EditorBrowser> {
		const executablePath = ensureChromium(log);
		fs.mkdirSync(shotDir, { recursive: true });
		const browser = await puppeteer.launch({
			executablePath,
			args: CHROMIUM_ARGS,
			headless: true,
			defaultViewport: { width: 1600, height: 1000 },
			protocolTimeout: 60_000,
		});
		const page = await browser.newPage();
		page.setDefaultTimeout(30_000);
		const editor = new EditorBrowser(browser, page, baseUrl, shotDir);
		page.on('console', (message: ConsoleMessage) => {
			if (message.type() !== 'error') return;
			const where = message.location()?.url ?? '';
			editor.problems.push({ kind: 'console', text: `${message.text()}${where ? ` (${where})` : ''}` });
		});
		page.on('pageerror', (error: unknown) => {
			editor.problems.push({ kind: 'pageerror', text: error instanceof Error ? `${error.message}\n${error.stack ?? ''}` : String(error) });
		});
		page.on('response', (response: HTTPResponse) => {
			if (response.status() >= 400) editor.problems.push({ kind: 'response', text: `${response.status()} ${response.request().method()} ${response.url()}` });
		});
		return editor;
	}

	async close(): Promise<void> {
		await this.browser.close();
	}

	/** Saves a full-window PNG named `<n>-<name>.png` in the run folder; returns its path. */
	async screenshot(name: string): Promise<string> {
		this.shots += 1;
		const file = path.join(this.shotDir, `${String(this.shots).padStart(2, '0')}-${name.replace(/[^a-zA-Z0-9_-]+/g, '-')}.png`);
		await this.page.screenshot({ path: file as `${string}.png` });
		return file;
	}

	/** Signs in through n8n's own sign-in form; resolves once the editor has left /signin. */
	async signIn(): Promise<void> {
		await this.page.goto(`${this.baseUrl}/signin`, { waitUntil: 'networkidle2' });
		await this.page.waitForSelector('input[type="email"]');
		await this.page.type('input[type="email"]', DEFAULT_OWNER.email);
		await this.page.type('input[type="password"]', DEFAULT_OWNER.password);
		await this.page.click('[data-test-id="form-submit-button"]');
		await this.page.waitForFunction(() => !window.location.pathname.startsWith('/signin'), { timeout: 30_000 });
	}

	/** Opens a workflow in the editor and waits until `nodeCount` canvas nodes are drawn. */
	async openWorkflow(workflowId: string, nodeCount: number): Promise<void> {
		await this.page.goto(`${this.baseUrl}/workflow/${workflowId}`, { waitUntil: 'networkidle2' });
		await this.page.waitForFunction(
			(count: number) => document.querySelectorAll('[data-test-id="canvas-node"]').length >= count,
			{ timeout: 30_000 },
			nodeCount,
		);
		// The canvas fits the view after the nodes arrive; let it settle before screenshots.
		await new Promise((resolve) => setTimeout(resolve, 500));
	}

	/** The canvas node element for a node name. */
	async canvasNode(nodeName: string): Promise<ElementHandle<Element>> {
		const node = await this.page.$(`[data-test-id="canvas-node"][data-node-name=${JSON.stringify(nodeName)}]`);
		if (!node) throw new Error(`no canvas node named ${nodeName}`);
		return node;
	}

	/**
	 * How a node's icon rendered on the canvas: the image source (our nodes ship SVG files) and
	 * whether it loaded. A missing icon file shows n8n's fallback (no <img>) or a broken image.
	 */
	async nodeIcon(nodeName: string): Promise<{ src?: string; loaded: boolean; naturalWidth: number }> {
		const node = await this.canvasNode(nodeName);
		return await node.evaluate(async (element) => {
			const image = element.querySelector('img');
			if (!image) return { loaded: false, naturalWidth: 0 };
			if (!image.complete) await new Promise((resolve) => image.addEventListener('load', resolve, { once: true }));
			return { src: image.getAttribute('src') ?? undefined, loaded: image.complete && image.naturalWidth > 0, naturalWidth: image.naturalWidth };
		});
	}

	/** Text of the canvas's main "Execute workflow" button (it names the trigger it will start from). */
	async executeButtonText(): Promise<string> {
		const button = await this.page.waitForSelector('[data-test-id="execute-workflow-button"]');
		if (!button) throw new Error('no execute-workflow-button on the canvas');
		return (await button.evaluate((element) => element.textContent ?? '')).replace(/\s+/g, ' ').trim();
	}

	/**
	 * Picks the trigger the main button starts from in its menu (the chevron beside it), as a
	 * person would when the workflow has more than one trigger; returns the button's new text.
	 */
	async selectTrigger(nodeName: string): Promise<string> {
		await this.page.click('[aria-label="Select trigger node"]');
		// n8n's action dropdown names each item `action-<trigger node name>`.
		const item = await this.page.waitForSelector(`[role="menu"] [role="menuitem"][data-test-id=${JSON.stringify(`action-${nodeName}`)}]`, { visible: true, timeout: 10_000 });
		if (!item) throw new Error(`no item "${nodeName}" in the trigger menu`);
		await item.click();
		await this.page.waitForFunction(
			(name: string) => (document.querySelector('[data-test-id="execute-workflow-button"]')?.textContent ?? '').replace(/\s+/g, ' ').includes(name),
			{ timeout: 10_000 },
			nodeName,
		);
		return await this.executeButtonText();
	}

	/** Clicks the main button and waits until `nodeName` shows success (or fails with what it shows). */
	async executeAndWaitForSuccess(nodeName: string): Promise<void> {
		await this.page.click('[data-test-id="execute-workflow-button"]');
		const selector = `[data-test-id="canvas-node"][data-node-name=${JSON.stringify(nodeName)}]`;
		await this.page.waitForFunction(
			(nodeSelector: string) => {
				const node = document.querySelector(nodeSelector);
				return node?.querySelector('[data-test-id="canvas-node-status-success"]') ?? node?.querySelector('[data-test-id="node-issues"]');
			},
			{ timeout: 30_000 },
			selector,
		);
		const succeeded = await this.page.$(`${selector} [data-test-id="canvas-node-status-success"]`);
		if (!succeeded) throw new Error(`${nodeName} did not succeed (it shows issues; see the screenshot)`);
	}

	/**
	 * Opens a node's panel (double-click on the canvas) and waits until its parameters render;
	 * returns the labels of the rendered parameters.
	 */
	async openNodePanel(nodeName: string): Promise<string[]> {
		const node = await this.canvasNode(nodeName);
		await node.click({ count: 2 });
		await this.page.waitForSelector('[data-test-id="ndv"]', { visible: true });
		await this.page.waitForFunction(
			() => document.querySelectorAll('[data-test-id="ndv"] [data-test-id="parameter-input"], [data-test-id="ndv"] [data-test-id="node-credentials-select"]').length > 0,
			{ timeout: 30_000 },
		);
		await new Promise((resolve) => setTimeout(resolve, 300));
		return await this.page.$$eval('[data-test-id="ndv"] [data-test-id="node-parameters"] label', (labels) =>
			labels.map((label) => (label.textContent ?? '').replace(/\s+/g, ' ').trim()).filter((text) => text !== ''),
		);
	}

	async closeNodePanel(): Promise<void> {
		const close = await this.page.$('[data-test-id="ndv-close-button"]');
		if (close) await close.click();
		else await this.page.keyboard.press('Escape');
		await this.page.waitForSelector('[data-test-id="ndv"]', { hidden: true });
	}

	/** Problems that concern this package: its name, a node type, or one of the given names in the text. */
	problemsMentioning(names: string[]): PageProblem[] {
		const needles = [PACKAGE_NAME, ...names].map((name) => name.toLowerCase());
		return this.problems.filter((problem) => needles.some((needle) => problem.text.toLowerCase().includes(needle)));
	}
}
