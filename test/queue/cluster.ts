/* eslint-disable @n8n/community-nodes/no-restricted-imports -- test-only queue-mode harness: one n8n main and its workers on loopback */
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { N8n } from '../e2e/n8n';
import type { N8nInstallation } from '../e2e/n8n-install';
import { freePort, type ProcessGroup } from '../e2e/processes';
import type { DatabaseAccess } from './services';

export interface ClusterSetup {
	installation: N8nInstallation;
	/** Shared by every instance: the packed package sits in its `.n8n/nodes/node_modules`. */
	userFolder: string;
	logDir: string;
	database: DatabaseAccess;
	redisPort: number;
	workers: number;
	/** Jobs per worker; 1 makes two runs at once land on two workers. */
	concurrency: number;
}

/**
 * What every instance of one n8n deployment in queue mode shares: the database, the Redis queue
 * and the encryption key. Manual runs go through the queue too (the default from n8n 3).
 */
function sharedEnvironment(setup: ClusterSetup, encryptionKey: string): Record<string, string> {
	const { host, port, database, user, password } = setup.database;
	return {
		EXECUTIONS_MODE: 'queue',
		OFFLOAD_MANUAL_EXECUTIONS_TO_WORKERS: 'true',
		QUEUE_BULL_REDIS_HOST: '127.0.0.1',
		QUEUE_BULL_REDIS_PORT: String(setup.redisPort),
		DB_TYPE: 'postgresdb',
		DB_POSTGRESDB_HOST: host,
		DB_POSTGRESDB_PORT: String(port),
		DB_POSTGRESDB_DATABASE: database,
		DB_POSTGRESDB_USER: user,
		DB_POSTGRESDB_PASSWORD: password,
		N8N_ENCRYPTION_KEY: encryptionKey,
	};
}

export interface WorkerInstance {
	name: string;
	n8n: N8n;
	logFile: string;
}

/** One `n8n start` (editor, REST API, queue producer) and `n8n worker`s that run the jobs. */
export class QueueCluster {
	private constructor(
		readonly main: N8n,
		readonly workers: readonly WorkerInstance[],
		private readonly concurrency: number,
	) {}

	/** Every instance on its own free ports (n8n's server or worker server, task broker). */
	static async create(processes: ProcessGroup, setup: ClusterSetup): Promise<QueueCluster> {
		const shared = sharedEnvironment(setup, randomBytes(24).toString('hex'));
		// Workers write their event log to one file name by default; each instance gets its own.
		const eventLog = (name: string) => ({
			N8N_EVENTBUS_LOGWRITER_LOGFULLPATH: join(setup.logDir, `${name}-events.log`),
		});
		const instance = async (environment: Record<string, string>, port?: number) =>
			new N8n(processes, {
				installation: setup.installation,
				userFolder: setup.userFolder,
				logDir: setup.logDir,
				port: port ?? (await freePort()),
				brokerPort: await freePort(),
				environment: { ...shared, ...environment },
			});
		const main = await instance(eventLog('main'));
		const workers: WorkerInstance[] = [];
		for (let index = 1; index <= setup.workers; index += 1) {
			const name = `worker-${index}`;
			const healthPort = await freePort();
			const n8n = await instance(
				{
					...eventLog(name),
					QUEUE_HEALTH_CHECK_ACTIVE: 'true',
					QUEUE_HEALTH_CHECK_PORT: String(healthPort),
					N8N_WORKER_SERVER_ADDRESS: '127.0.0.1',
				},
				healthPort,
			);
			workers.push({ name, n8n, logFile: join(setup.logDir, `${name}.log`) });
		}
		return new QueueCluster(main, workers, setup.concurrency);
	}

	/** The main and every worker, started together; resolves when all answer their readiness check. */
	async start(): Promise<void> {
		await Promise.all([
			this.main.start(),
			...this.workers.map(
				async (worker) =>
					await worker.n8n.start(['worker', `--concurrency=${this.concurrency}`], worker.name),
			),
		]);
	}

	async stop(): Promise<void> {
		await Promise.all(
			[this.main, ...this.workers.map((worker) => worker.n8n)].map((n8n) => n8n.stop()),
		);
	}

	/** Which worker's log says it started each execution (`Worker started execution N (job M)`). */
	executionWorkers(): Map<string, string[]> {
		const found = new Map<string, string[]>();
		for (const worker of this.workers) {
			for (const executionId of startedExecutions(worker.logFile)) {
				found.set(executionId, [...(found.get(executionId) ?? []), worker.name]);
			}
		}
		return found;
	}
}

const STARTED_EXECUTION = /^Worker started execution (\d+) \(job [^)]+\)$/;

function startedExecutions(logFile: string): string[] {
	if (!existsSync(logFile)) return [];
	return readFileSync(logFile, 'utf8')
		.split('\n')
		.map((line) => messageOf(line))
		.flatMap((message) => STARTED_EXECUTION.exec(message)?.slice(1, 2) ?? []);
}

/** n8n's file log holds one JSON object per line. */
function messageOf(line: string): string {
	try {
		const entry = JSON.parse(line) as { message?: unknown };
		return typeof entry.message === 'string' ? entry.message : '';
	} catch {
		return '';
	}
}
