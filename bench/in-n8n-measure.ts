/* eslint-disable @n8n/community-nodes/no-restricted-imports -- benchmark only, never shipped: reads a process's memory from /proc and n8n's database through Node 24 or psql */
/** What the in-n8n benchmark reads outside n8n's API: a process's peak memory, a saved execution's size. */
import { readFileSync, writeFileSync } from 'node:fs';

import type { N8nInstallation } from '../test/e2e/n8n-install';
import type { ProcessGroup } from '../test/e2e/processes';
import type { PostgresServer } from '../test/queue/services';

const kilobyte = 1024;
const megabyte = 1024 * 1024;

function statusField(pid: number, field: 'VmHWM' | 'VmRSS'): number {
	const line = readFileSync(`/proc/${pid}/status`, 'utf8')
		.split('\n')
		.find((entry) => entry.startsWith(`${field}:`));
	const kilobytes = Number(line?.match(/(\d+)\s*kB/)?.[1]);
	if (!Number.isFinite(kilobytes)) throw new Error(`no ${field} in /proc/${pid}/status`);
	return (kilobytes * kilobyte) / megabyte;
}

/**
 * The kernel's own peak RSS of one process (`VmHWM`), reset before each run by writing 5 to
 * `/proc/<pid>/clear_refs`: every page the process touched counts, however briefly, which no
 * sampling interval can promise.
 */
export class PeakMemory {
	private startMb = 0;

	constructor(private readonly pid: number) {}

	/** Resets the peak to the RSS now; returns that RSS in MB. */
	reset(): number {
		writeFileSync(`/proc/${this.pid}/clear_refs`, '5');
		this.startMb = statusField(this.pid, 'VmRSS');
		return this.startMb;
	}

	/** The peak since the last reset and the RSS then, in MB. */
	read(): { peakRssMb: number; startRssMb: number } {
		return { peakRssMb: statusField(this.pid, 'VmHWM'), startRssMb: this.startMb };
	}
}

/** n8n's saved copy of an execution: the run data it keeps and the editor reads back. */
export interface ExecutionStore {
	/** Bytes of `execution_data.data`, the run data as n8n serialised it. */
	savedBytes(executionId: string): Promise<number>;
}

const numericId = (executionId: string): number => {
	if (!/^\d+$/.test(executionId)) throw new Error(`unexpected execution ID ${executionId}`);
	return Number(executionId);
};

/** Regular mode's SQLite file, read with Node 24's `node:sqlite` while n8n runs. */
export function sqliteStore(
	processes: ProcessGroup,
	installation: N8nInstallation,
	databaseFile: string,
): ExecutionStore {
	const script = [
		"const { DatabaseSync } = require('node:sqlite');",
		'const [file, id] = process.argv.slice(-2);',
		'const database = new DatabaseSync(file, { readOnly: true, timeout: 30000 });',
		"const row = database.prepare('SELECT length(CAST(data AS BLOB)) AS bytes FROM execution_data WHERE executionId = ?').get(Number(id));",
		'console.log(JSON.stringify(row ?? null));',
	].join('\n');
	return {
		async savedBytes(executionId) {
			const result = await processes.run(installation.nodeBinary, [
				'--no-warnings',
				'-e',
				script,
				databaseFile,
				String(numericId(executionId)),
			]);
			const row = JSON.parse(result.stdout.trim() || 'null') as { bytes?: number } | null;
			if (result.code !== 0 || typeof row?.bytes !== 'number') {
				throw new Error(`no saved data for execution ${executionId}: ${result.stderr.trim()}`);
			}
			return row.bytes;
		},
	};
}

/** Queue mode's PostgreSQL database. */
export function postgresStore(postgres: PostgresServer): ExecutionStore {
	return {
		async savedBytes(executionId) {
			const answer = await postgres.query(
				postgres.access.database,
				`SELECT octet_length(data) FROM execution_data WHERE "executionId" = ${numericId(executionId)}`,
			);
			const bytes = Number(answer);
			if (answer === '' || !Number.isFinite(bytes)) {
				throw new Error(`no saved data for execution ${executionId}`);
			}
			return bytes;
		},
	};
}
