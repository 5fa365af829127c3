/* eslint-disable no-console, @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals -- test-only script: drives Chromium against the demo and writes PNGs */
/**
 * `npm run screenshots`: the demo (headless), then Debian's Chromium through playwright-core signs
 * in to the real n8n editor and saves the README's pictures in `docs/images/`.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';

import type { Browser, Page } from 'playwright-core';

import { CHROMIUM, launchChromium, signIn } from '../e2e/chromium';
import { REPO_ROOT } from '../e2e/package';
import { Demo, SYNC_EXAMPLE, type DemoEditor, type DemoRun } from './session';

const IMAGES_DIR = join(REPO_ROOT, 'docs', 'images');
/** Every picture is 1400 × 850 pixels; a smaller scale fits more of the editor into it. */
const IMAGE = { width: 1400, height: 850 };
const SYNC_NODE = 'Sync Agents';
/** The canvas animates its fit-to-view and the panel its opening; both end well within this. */
const SETTLE_MS = 1_500;

interface Targets {
	exampleId: string;
	syncRunId: string;
}

interface Shot {
	file: string;
	/** Device pixels per CSS pixel: below 1 shows a larger editor in the same image size. */
	scale: number;
	show: (page: Page, targets: Targets) => Promise<void>;
}

const shots: Shot[] = [
	{
		file: 'automatic-sync-workflow.png',
		scale: 1,
		show: async (page, { exampleId }) => await openWorkflow(page, `/workflow/${exampleId}`),
	},
	{
		file: 'sync-agent-parameters.png',
		scale: 1,
		show: async (page, { exampleId }) => {
			await openWorkflow(page, `/workflow/${exampleId}`);
			await openNode(page);
		},
	},
	{
		file: 'sync-agent-output.png',
		scale: 0.8,
		// Run in the editor, not opened from the executions list: only the editor loads the
		// credentials, and without them every list parameter shows a warning.
		show: async (page, { syncRunId }) => {
			await openWorkflow(page, `/workflow/${syncRunId}`);
			await page.locator('[data-test-id="execute-workflow-button"]').click();
			await page.getByText('Workflow executed successfully').waitFor({ timeout: 120_000 });
			await openNode(page);
			await widenOutput(page);
			const firstColumn = page.locator('[data-test-id="output-panel"] th').first();
			await firstColumn.hover();
			await firstColumn.getByRole('button', { name: 'Collapse rows' }).click();
		},
	},
];

async function main(): Promise<number> {
	if (!existsSync(CHROMIUM)) {
		console.error(`No Chromium at ${CHROMIUM}: apt-get install -y chromium, or set CHROMIUM_PATH.`);
		return 1;
	}
	const demo = new Demo((line) => console.log(line));
	process.once('exit', () => demo.killNow());
	const outcome = await takeScreenshots(demo).then(
		() => 0,
		(error: unknown) => {
			console.error(`Screenshots failed: ${error instanceof Error ? error.message : error}`);
			return 1;
		},
	);
	await demo.stop();
	return outcome;
}

async function takeScreenshots(demo: Demo): Promise<void> {
	const prepared = await demo.prepare();
	const editor = await demo.startEditor();
	const targets = targetsOf(prepared);
	mkdirSync(IMAGES_DIR, { recursive: true });
	const browser = await launchChromium();
	try {
		for (const shot of shots) await take(browser, editor, shot, targets);
	} finally {
		await browser.close();
	}
}

function targetsOf(prepared: DemoRun): Targets {
	const example = prepared.examples.get(SYNC_EXAMPLE);
	if (!example) throw new Error(`the demo did not import examples/${SYNC_EXAMPLE}.json`);
	return {
		exampleId: example.id,
		syncRunId: prepared.syncRun.id,
	};
}

async function take(
	browser: Browser,
	editor: DemoEditor,
	shot: Shot,
	targets: Targets,
): Promise<void> {
	const page = await browser.newPage({
		viewport: {
			width: Math.round(IMAGE.width / shot.scale),
			height: Math.round(IMAGE.height / shot.scale),
		},
		deviceScaleFactor: shot.scale,
		baseURL: editor.url,
	});
	await signIn(page, editor.owner);
	await shot.show(page, targets);
	// No hover highlight or focus ring in the picture.
	await page.mouse.move(0, 0);
	await page.waitForTimeout(SETTLE_MS);
	const file = join(IMAGES_DIR, shot.file);
	await page.screenshot({ path: file });
	await page.close();
	console.log(`saved ${file}`);
}

async function openWorkflow(page: Page, path: string): Promise<void> {
	await page.goto(path);
	await syncNode(page).waitFor();
	await page.waitForTimeout(SETTLE_MS);
}

async function openNode(page: Page): Promise<void> {
	await syncNode(page).dblclick();
	await page.locator('[data-test-id="ndv"]').waitFor();
	await page.waitForTimeout(SETTLE_MS);
}

const syncNode = (page: Page) =>
	page.locator(`[data-test-id="canvas-node"][data-node-name="${SYNC_NODE}"]`);

/** Drags the parameters panel to the left edge, so the output table gets the width. */
async function widenOutput(page: Page): Promise<void> {
	const handle = page.locator('[data-test-id="ndv"] [data-test-id="panel-drag-button"]');
	const box = await handle.boundingBox();
	if (!box) throw new Error('the node panel has no drag handle');
	await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
	await page.mouse.down();
	await page.mouse.move(0, box.y + box.height / 2, { steps: 20 });
	await page.mouse.up();
}

void main().then((code) => process.exit(code));
