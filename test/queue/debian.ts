/* eslint-disable @n8n/community-nodes/no-restricted-imports -- test-only queue-mode harness: finds, and on a fresh machine installs, Debian's PostgreSQL and Redis */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

import { aptInstall, canInstallPackages } from '../e2e/apt';
import type { ProcessGroup } from '../e2e/processes';

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

/** The binaries, installed first with `apt-get` when missing (CI's fresh Debian machine). */
export async function ensureServerBinaries(
	processes: ProcessGroup,
	progress: (line: string) => void,
): Promise<ServerBinaries> {
	const found = findServerBinaries();
	if (found) return found;
	if (!canInstallPackages()) {
		throw new Error(
			`PostgreSQL and Redis are not installed; as root: apt-get install ${PACKAGES.join(' ')}`,
		);
	}
	await aptInstall(processes, PACKAGES, progress);
	const installed = findServerBinaries();
	if (!installed)
		throw new Error(`apt-get installed ${PACKAGES.join(' ')}, yet binaries are missing`);
	return installed;
}
