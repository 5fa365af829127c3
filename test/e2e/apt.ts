/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals -- test-only harness: installs Debian packages on CI's fresh machine */
import { existsSync, rmSync, writeFileSync } from 'node:fs';

import type { CommandResult, ProcessGroup } from './processes';

/** invoke-rc.d asks this script before a package starts its service; 101 means "not now". */
const POLICY_RC = '/usr/sbin/policy-rc.d';
const DENY_SERVICE_START = '#!/bin/sh\nexit 101\n';
const APT_TIMEOUT_MS = 15 * 60_000;
const OUTPUT_TAIL_LINES = 20;

/** Whether this process may run apt-get itself. */
export function canInstallPackages(): boolean {
	return process.getuid?.() === 0;
}

/**
 * `apt-get update` and `apt-get install` of Debian packages, as root. Package scripts must not
 * start services: a container has no init system, and the tests start their own servers anyway.
 */
export async function aptInstall(
	processes: ProcessGroup,
	packages: readonly string[],
	progress: (line: string) => void,
): Promise<void> {
	const ownPolicy = !existsSync(POLICY_RC);
	if (ownPolicy) writeFileSync(POLICY_RC, DENY_SERVICE_START, { mode: 0o755 });
	try {
		progress('apt-get update …');
		await apt(processes, ['update']);
		progress(`apt-get install ${packages.join(' ')} …`);
		const installed = await apt(processes, [
			'install',
			'-y',
			'--no-install-recommends',
			...packages,
		]);
		const setUp = installed.stdout.split('\n').filter((line) => line.startsWith('Setting up'));
		progress(`apt-get install: ${setUp.length} packages set up`);
	} finally {
		if (ownPolicy) rmSync(POLICY_RC, { force: true });
	}
}

async function apt(processes: ProcessGroup, args: string[]): Promise<CommandResult> {
	const result = await processes.run('apt-get', args, {
		env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
		timeoutMs: APT_TIMEOUT_MS,
	});
	if (result.code !== 0) {
		const tail = `${result.stdout}\n${result.stderr}`
			.split('\n')
			.filter((line) => line.trim() !== '')
			.slice(-OUTPUT_TAIL_LINES)
			.join('\n');
		throw new Error(`apt-get ${args.join(' ')} exited ${result.code}\n${tail}`);
	}
	return result;
}
