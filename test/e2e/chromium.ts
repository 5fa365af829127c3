/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals -- test-only harness: finds or installs Debian's Chromium and signs in to the real editor */
import { existsSync } from 'node:fs';

import { chromium, type Browser, type Page } from 'playwright-core';

import { aptInstall, canInstallPackages } from './apt';
import type { OwnerAccount } from './n8n';
import type { ProcessGroup } from './processes';

/** Debian's Chromium, driven by playwright-core; `CHROMIUM_PATH` names another build. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const CHROMIUM_PACKAGE = 'chromium';

/** Chromium, installed first with `apt-get` when missing and this process is root (CI). */
export async function ensureChromium(
	processes: ProcessGroup,
	progress: (line: string) => void,
): Promise<string> {
	if (existsSync(CHROMIUM)) return CHROMIUM;
	if (process.env.CHROMIUM_PATH !== undefined || !canInstallPackages()) {
		throw new Error(
			`No Chromium at ${CHROMIUM}: as root, apt-get install -y ${CHROMIUM_PACKAGE}, or set CHROMIUM_PATH`,
		);
	}
	await aptInstall(processes, [CHROMIUM_PACKAGE], progress);
	if (!existsSync(CHROMIUM))
		throw new Error(`apt-get installed ${CHROMIUM_PACKAGE}, yet ${CHROMIUM} is missing`);
	return CHROMIUM;
}

export async function launchChromium(): Promise<Browser> {
	return await chromium.launch({
		executablePath: CHROMIUM,
		// Chromium's sandbox refuses to run as root, which CI containers are.
		args: process.getuid?.() === 0 ? ['--no-sandbox'] : [],
	});
}

/** The editor's sign-in form, as a user fills it. */
export async function signIn(page: Page, owner: OwnerAccount): Promise<void> {
	await page.goto('/signin');
	await page.fill('#emailOrLdapLoginId', owner.email);
	await page.fill('#password', owner.password);
	await page.click('[data-test-id="form-submit-button"]');
	await page.waitForURL((url) => !url.pathname.startsWith('/signin'));
}
