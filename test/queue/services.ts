/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals -- test-only queue-mode harness: runs its own PostgreSQL and Redis on loopback */
import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { ChildProcess } from 'node:child_process';

import type { ProcessGroup } from '../e2e/processes';
import type { ServerBinaries } from './debian';

const READY_TIMEOUT_MS = 60_000;
const READY_POLL_MS = 200;
const COMMAND_TIMEOUT_MS = 60_000;
const OUTPUT_TAIL_LINES = 15;
/** PostgreSQL refuses to run as root; Debian's packages create this account. */
const POSTGRES_ACCOUNT = 'postgres';

/** A server process started by the test, its output kept for failure reports. */
class ServerProcess {
	private readonly output: string[] = [];
	private exitCode: number | undefined;
	readonly child: ChildProcess;

	constructor(
		processes: ProcessGroup,
		private readonly name: string,
		command: readonly string[],
		cwd: string,
	) {
		this.child = processes.start(command[0], command.slice(1), {
			cwd,
			onOutput: (text) => this.output.push(text),
		});
		this.child.once('exit', (code) => (this.exitCode = code ?? 1));
	}

	/** Polls `probe` until it holds; fails early when the server exits. */
	async waitUntilReady(probe: () => Promise<boolean>): Promise<void> {
		const deadline = Date.now() + READY_TIMEOUT_MS;
		while (Date.now() < deadline && this.exitCode === undefined) {
			if (await probe()) return;
			await new Promise((resolve) => setTimeout(resolve, READY_POLL_MS));
		}
		const why = this.exitCode === undefined ? 'was not ready in time' : `exited ${this.exitCode}`;
		throw new Error(`${this.name} ${why}\n${this.tail()}`);
	}

	tail(): string {
		return this.output
			.join('')
			.split('\n')
			.filter((line) => line.trim() !== '')
			.slice(-OUTPUT_TAIL_LINES)
			.map((line) => `    | ${line}`)
			.join('\n');
	}
}

export interface DatabaseAccess {
	host: string;
	port: number;
	database: string;
	user: string;
	password: string;
}

/**
 * A throwaway PostgreSQL cluster in `root`: initdb, then `postgres` in the foreground (pg_ctl
 * would detach it from the process group that cleanup stops). As root, both run as the
 * `postgres` account. Durability is off: the cluster lives for one test.
 */
export class PostgresServer {
	readonly access: DatabaseAccess;
	private readonly dataDir: string;
	private readonly socketDir: string;
	private readonly asRoot = process.getuid?.() === 0;

	constructor(
		private readonly processes: ProcessGroup,
		private readonly binaries: ServerBinaries,
		private readonly root: string,
		port: number,
	) {
		this.dataDir = join(root, 'data');
		this.socketDir = join(root, 'socket');
		this.access = {
			host: '127.0.0.1',
			port,
			database: 'n8n',
			user: 'n8n',
			password: randomBytes(12).toString('hex'),
		};
	}

	async start(): Promise<void> {
		mkdirSync(this.socketDir, { recursive: true });
		if (this.asRoot) await this.command(['chown', '-R', `${POSTGRES_ACCOUNT}:`, this.root]);
		await this.command(
			this.asOwner('initdb', [
				`--pgdata=${this.dataDir}`,
				`--username=${POSTGRES_ACCOUNT}`,
				'--auth-local=trust',
				'--auth-host=scram-sha-256',
				'--encoding=UTF8',
				'--locale=C',
				'--no-sync',
				'--no-instructions',
			]),
		);
		const server = new ServerProcess(
			this.processes,
			'postgres',
			this.asOwner('postgres', [
				...['-D', this.dataDir, '-p', String(this.access.port), '-k', this.socketDir],
				...['-c', `listen_addresses=${this.access.host}`],
				...['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off'],
			]),
			this.root,
		);
		await server.waitUntilReady(async () => {
			const ready = await this.processes.run(this.program('pg_isready'), [
				...['-q', '-h', this.access.host, '-p', String(this.access.port)],
			]);
			return ready.code === 0;
		});
		const { user, password, database } = this.access;
		await this.query('postgres', `CREATE ROLE ${user} LOGIN PASSWORD '${password}'`);
		await this.query('postgres', `CREATE DATABASE ${database} OWNER ${user}`);
	}

	/** One statement as the superuser over the Unix socket; psql's unaligned output. */
	async query(database: string, sql: string): Promise<string> {
		const result = await this.processes.run(
			this.program('psql'),
			[
				...['-h', this.socketDir, '-p', String(this.access.port)],
				...['-U', POSTGRES_ACCOUNT, '-d', database],
				...['-X', '-A', '-t', '-v', 'ON_ERROR_STOP=1', '-c', sql],
			],
			{ timeoutMs: COMMAND_TIMEOUT_MS },
		);
		if (result.code !== 0) throw new Error(`psql exited ${result.code}: ${result.stderr.trim()}`);
		return result.stdout.trim();
	}

	private program(name: string): string {
		return join(this.binaries.postgresBin, name);
	}

	private asOwner(name: string, args: string[]): string[] {
		const command = [this.program(name), ...args];
		return this.asRoot ? ['runuser', '-u', POSTGRES_ACCOUNT, '--', ...command] : command;
	}

	private async command(command: string[]): Promise<void> {
		const result = await this.processes.run(command[0], command.slice(1), {
			cwd: this.root,
			timeoutMs: COMMAND_TIMEOUT_MS,
		});
		if (result.code !== 0) {
			throw new Error(`${command.join(' ')} exited ${result.code}\n${result.stderr.trim()}`);
		}
	}
}

/** Redis for n8n's job queue: loopback only, nothing written to disk. */
export async function startRedis(
	processes: ProcessGroup,
	binaries: ServerBinaries,
	dir: string,
	port: number,
): Promise<void> {
	mkdirSync(dir, { recursive: true });
	const server = new ServerProcess(
		processes,
		'redis-server',
		[
			binaries.redisServer,
			...['--port', String(port), '--bind', '127.0.0.1', '--protected-mode', 'yes'],
			...['--save', '', '--appendonly', 'no', '--dir', dir, '--daemonize', 'no'],
		],
		dir,
	);
	await server.waitUntilReady(async () => {
		const ping = await processes.run(binaries.redisCli, [
			'-h',
			'127.0.0.1',
			'-p',
			String(port),
			'ping',
		]);
		return ping.stdout.trim() === 'PONG';
	});
}
