/**
 * The editor's node panel finds the nodes by the names users know: the Domotz guide's actions,
 * "PSA", "RMM" and the like (n8n searches node names and the codex aliases beside each node).
 */
import type { Browser, Page } from 'playwright-core';

import { ensureChromium, launchChromium, signIn } from './chromium';
import type { OwnerAccount } from './n8n';
import type { ProcessGroup } from './processes';
import type { Reporter } from './report';

const DOMOTZ = 'Domotz';
const SYNC = 'Domotz ConnectWise Sync';

export interface NodeSearch {
	term: string;
	/** Display names the results must include. */
	nodes: string[];
}

export const nodeSearches: readonly NodeSearch[] = [
	{ term: 'Get Devices', nodes: [DOMOTZ] },
	{ term: 'Match to Configurations', nodes: [SYNC] },
	{ term: 'Create Configurations', nodes: [SYNC] },
	{ term: 'Sync Fields', nodes: [SYNC] },
	{ term: 'Unlink', nodes: [SYNC] },
	{ term: 'Sync Agent', nodes: [SYNC] },
	{ term: 'Check Setup', nodes: [SYNC] },
	{ term: 'PSA', nodes: [SYNC] },
	{ term: 'Manage', nodes: [SYNC] },
	{ term: 'configuration', nodes: [SYNC] },
	{ term: 'RMM', nodes: [DOMOTZ, SYNC] },
	{ term: 'sync', nodes: [SYNC] },
	{ term: 'ConnectWise', nodes: [SYNC] },
];

const RESULT_TIMEOUT_MS = 10_000;
const CHECK_TITLE = 'node search in the editor';

/** Each search of `nodeSearches` typed into the real editor's node panel, in Chromium. */
export async function checkNodeSearch(
	reporter: Reporter,
	processes: ProcessGroup,
	editor: { baseUrl: string; owner: OwnerAccount; workflowId: string },
): Promise<void> {
	const browser = await reporter
		.phase('Chromium on the editor', async () => {
			await ensureChromium(processes, (line) => reporter.progress(line));
			return await launchChromium();
		})
		.catch((error: unknown) => reporter.fail(CHECK_TITLE, error));
	if (!browser) return;
	try {
		const page = await openNodePanel(browser, editor.baseUrl, editor.owner, editor.workflowId);
		for (const search of nodeSearches) {
			await reporter.check(
				`${CHECK_TITLE} › "${search.term}" lists ${search.nodes.join(' and ')}`,
				async () => await expectListed(page, search),
			);
		}
	} catch (error) {
		reporter.fail(CHECK_TITLE, error);
	} finally {
		await browser.close();
	}
}
const itemNames = (page: Page) => page.locator('[data-test-id="node-creator-item-name"]');

/**
 * Signed in, a workflow with a trigger open and its node panel showing ("+" at the top right):
 * with a trigger in place the panel offers action nodes, where both nodes belong.
 */
async function openNodePanel(
	browser: Browser,
	baseUrl: string,
	owner: OwnerAccount,
	workflowId: string,
): Promise<Page> {
	const page = await browser.newPage({ baseURL: baseUrl, viewport: { width: 1400, height: 900 } });
	await signIn(page, owner);
	await page.goto(`/workflow/${workflowId}`);
	await page.locator('[data-test-id="canvas-node"]').first().waitFor();
	await page.locator('[data-test-id="node-creator-plus-button"]').click();
	await page.locator('[data-test-id="node-creator-search-bar"]').waitFor();
	return page;
}

/** Types the term into the panel's search box; throws unless each expected node is listed. */
async function expectListed(page: Page, search: NodeSearch): Promise<void> {
	await page.locator('[data-test-id="node-creator-search-bar"]').fill(search.term);
	for (const node of search.nodes) {
		const listed = await itemNames(page)
			.filter({ hasText: new RegExp(`^\\s*${node}\\s*$`) })
			.first()
			.waitFor({ timeout: RESULT_TIMEOUT_MS })
			.then(
				() => true,
				() => false,
			);
		if (!listed) {
			const shown = await itemNames(page).allInnerTexts();
			throw new Error(
				`searching "${search.term}" lists ${shown.length > 0 ? shown.map((name) => `"${name}"`).join(', ') : 'no results'}, not "${node}"`,
			);
		}
	}
}
