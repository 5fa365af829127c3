/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals -- test-only queue-mode harness: finds, and on a fresh machine installs, Debian's PostgreSQL and Redis */
import { existsSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import type { CommandResult, ProcessGroup } from '../e2e/processes';

/** The server binaries the queue-mode test starts itself. */
export interface ServerBinaries {
	/** `/usr/lib/postgresql/<version>/bin`: initdb, postgres, pg_isready, psql. */
	postgresBin: string;
	redisServer: string;
	redisCli: string;
}

const POSTGRES_ROOT = '/usr/lib/postgresql';
const POSTGRES_PROGRAMS = ['initdb', 'postgres', 'pg_isready', 'psql'];
const REDIS_SERVER = '/usr/bin/redis-server';
const REDIS_CLI = '/usr/bin/redis-cli';
const PACKAGES = ['postgresql', 'redis-server'];
/** invoke-rc.d asks this script before a package starts its service; 101 means "not now". */
const POLICY_RC = '/usr/sbin/policy-rc.d';
const DENY_SERVICE_START = '#!/bin/sh\nexit 101\n';
const APT_TIMEOUT_MS = 15 * 60_000;
const OUTPUT_TAIL_LINES = 20;

/**
 * Debian's binaries, not the `/usr/local/bin` links some machines add: the newest PostgreSQL
 * version under `/usr/lib/postgresql` that has every program the test runs.
 */
export function findServerBinaries(): ServerBinaries | undefined {
	const versions = existsSync(POSTGRES_ROOT)
		? readdirSync(POSTGRES_ROOT)
				.filter((name) => /^\d+$/.test(name))
				.sort((a, b) => Number(b) - Number(a))
		: [];
	const postgresBin = versions
		.map((version) => join(POSTGRES_ROOT, version, 'bin'))
		.find((bin) => POSTGRES_PROGRAMS.every((program) => existsSync(join(bin, program))));
	if (!postgresBin || !existsSync(REDIS_SERVER) || !existsSync(REDIS_CLI)) return undefined;
	return { postgresBin, redisServer: REDIS_SERVER, redisCli: REDIS_CLI };
}

/**
 * The binaries, installed first with `apt-get` when missing (CI's fresh Debian machine). Package
 * scripts must not start the services: a container has no init system, and the test starts
 * its own servers on free ports anyway.
 */
export async function ensureServerBinaries(
	processes: ProcessGroup,
	progress: (line: string) => void,
): Promise<ServerBinaries> {
	const found = findServerBinaries();
	if (found) return found;
	if (process.getuid?.() !== 0) {
		throw new Error(
			`PostgreSQL and Redis are not installed; as root: apt-get install ${PACKAGES.join(' ')}`,
		);
	}
	const ownPolicy = !existsSync(POLICY_RC);
	if (ownPolicy) writeFileSync(POLICY_RC, DENY_SERVICE_START, { mode: 0o755 });
	try {
		progress('apt-get update …');
		await apt(processes, ['update']);
		progress(`apt-get install ${PACKAGES.join(' ')} …`);
		const installed = await apt(processes, [
			'install',
			'-y',
			'--no-install-recommends',
			...PACKAGES,
		]);
		const setUp = installed.stdout.split('\n').filter((line) => line.startsWith('Setting up'));
		progress(`apt-get install: ${setUp.length} packages set up`);
	} finally {
		if (ownPolicy) rmSync(POLICY_RC, { force: true });
	}
	const installed = findServerBinaries();
	if (!installed)
		throw new Error(`apt-get installed ${PACKAGES.join(' ')}, yet binaries are missing`);
	return installed;
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
