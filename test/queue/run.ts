/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals -- test-only queue-mode harness: runs PostgreSQL, Redis and a real n8n in queue mode on loopback */
/**
 * `npm run test:queue`: where users outgrow one machine. A real n8n 2.41.1 in queue mode
 * (PostgreSQL and Redis from Debian's packages, started here on loopback; one main, two workers
 * with one job each) runs the 12-hour example twice at once against the simulators, then once
 * more. Afterwards every device has one configuration, every link agrees on both sides, and the
 * third run writes nothing.
 */
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';

import { LINK_FIELD_CAPTION, mirroredLink, writeRequests } from '../e2e/check-support';
import { N8nRest } from '../e2e/n8n';
import { ensureN8nInstalled } from '../e2e/n8n-install';
import { npm, packInto } from '../e2e/package';
import { freePort, ProcessGroup } from '../e2e/processes';
import { Reporter } from '../e2e/report';
import { E2eTenant } from '../e2e/tenant';
import type { AgentTruth, GeneratedTenant } from '../simulators/generator';
import {
	duplicateGroups,
	FINAL_STATUSES,
	linkProblems,
	overlapSeconds,
	surplusConfigurations,
	syncReport,
	type ConfigurationFacts,
	type DeviceFacts,
	type ExecutionRecord,
} from './checks';
import { QueueCluster } from './cluster';
import { ensureServerBinaries } from './debian';
import { leaseNotesLeft } from './leases';
import {
	MANUAL_TRIGGER,
	mostlyUnmatched,
	QUEUE_TENANT_OPTIONS,
	queueExample,
	SIMULATOR_LATENCY,
	syncedAgents,
} from './scenario';
import { PostgresServer, startRedis } from './services';

const WORKERS = 2;
const RUNS_AT_ONCE = 2;
const EXECUTION_TIMEOUT_MS = 300_000;
const EXECUTION_POLL_MS = 500;
const LISTED_PROBLEMS = 10;

interface Harness {
	reporter: Reporter;
	processes: ProcessGroup;
	tenant: E2eTenant;
	workDir: string;
	cluster?: QueueCluster;
}

async function main(): Promise<number> {
	const workDir = mkdtempSync(join(tmpdir(), 'n8n-queue-'));
	// PostgreSQL runs as its own account and must reach its directory inside.
	chmodSync(workDir, 0o711);
	const harness: Harness = {
		reporter: new Reporter('queue'),
		processes: new ProcessGroup(),
		tenant: new E2eTenant(),
		workDir,
	};
	const abort = (signal: NodeJS.Signals, code: number): void => {
		harness.reporter.progress(`${signal}: stopping every process the test started`);
		harness.processes.killAllNow();
		rmSync(workDir, { recursive: true, force: true });
		process.exit(code);
	};
	process.once('SIGINT', () => abort('SIGINT', 130));
	process.once('SIGTERM', () => abort('SIGTERM', 143));

	await runEverything(harness).catch((error: unknown) => {
		harness.reporter.fail(
			`queue-mode test, during ${harness.reporter.interruptedPhase ?? 'setup'}`,
			error,
		);
		showWorkerLogs(harness);
	});
	// n8n first: PostgreSQL's shutdown waits for its clients to leave.
	await harness.cluster?.stop();
	await harness.processes.stopAll();
	await harness.tenant.close();
	rmSync(workDir, { recursive: true, force: true });
	harness.reporter.finish();
	return harness.reporter.failures > 0 ? 1 : 0;
}

async function runEverything(harness: Harness): Promise<void> {
	const { reporter, processes, tenant, workDir } = harness;
	const binaries = await reporter.phase(
		"PostgreSQL and Redis from Debian's packages (installed once)",
		async () => await ensureServerBinaries(processes, (line) => reporter.progress(line)),
	);
	const installation = await reporter.phase(
		'n8n install (cached after the first run)',
		async () => await ensureN8nInstalled(undefined, (line) => reporter.progress(line)),
	);
	await reporter.phase('npm run build', async () => await npm(processes, ['run', 'build']));
	const userFolder = join(workDir, 'n8nhome');
	await reporter.phase('npm pack into .n8n/nodes/node_modules', async () => {
		await packInto(processes, workDir, join(userFolder, '.n8n', 'nodes', 'node_modules'));
	});

	const postgres = new PostgresServer(
		processes,
		binaries,
		join(workDir, 'postgres'),
		await freePort(),
	);
	const postgresVersion = basename(dirname(binaries.postgresBin));
	await reporter.phase(
		`PostgreSQL ${postgresVersion} on 127.0.0.1:${postgres.access.port}`,
		async () => await postgres.start(),
	);
	const redisPort = await freePort();
	await reporter.phase(`Redis on 127.0.0.1:${redisPort}`, async () => {
		await startRedis(processes, binaries, join(workDir, 'redis'), redisPort);
	});

	const generated = mostlyUnmatched(tenant.tenant(QUEUE_TENANT_OPTIONS));
	await reporter.phase('simulators on 127.0.0.1', async () => {
		await tenant.start();
		tenant.load(generated);
		tenant.domotz.http.setLatency(SIMULATOR_LATENCY);
		tenant.connectwise.http.setLatency(SIMULATOR_LATENCY);
	});
	const agents = syncedAgents(generated);
	reporter.progress(
		`tenant: ${generated.truth.agents.length} agents, ${agents.length} synced by Customer ID ` +
			`(${agents.reduce((sum, agent) => sum + agent.deviceCount, 0)} devices), ` +
			`${tenant.connectwise.state.configurations().length} configurations, ` +
			`${SIMULATOR_LATENCY.minMs}–${SIMULATOR_LATENCY.maxMs} ms per answer`,
	);

	const logDir = join(workDir, 'logs');
	mkdirSync(logDir);
	const cluster = await QueueCluster.create(processes, {
		installation,
		userFolder,
		logDir,
		database: postgres.access,
		redisPort,
		workers: WORKERS,
		concurrency: 1,
	});
	harness.cluster = cluster;
	const { workflow, adjustments } = queueExample(generated);
	reporter.progress(
		[`examples/${workflow.name} is imported as it is, but for:`, ...adjustments].join('\n  '),
	);
	await reporter.phase('n8n import:credentials and import:workflow (into PostgreSQL)', async () => {
		const credentials = join(workDir, 'credentials.json');
		writeFileSync(credentials, JSON.stringify(tenant.credentialFile(['domotz', 'connectwise'])));
		await cluster.main.importCredentials(credentials);
		const workflows = join(workDir, 'workflows');
		mkdirSync(workflows);
		writeFileSync(join(workflows, `${workflow.id}.json`), JSON.stringify(workflow.definition));
		await cluster.main.importWorkflows(workflows);
	});
	await reporter.phase(
		`n8n start and ${WORKERS} × n8n worker --concurrency=1 (queue mode)`,
		async () => await cluster.start(),
	);
	const rest = new N8nRest(cluster.main.baseUrl);
	await reporter.phase('owner setup and API key', async () => {
		await rest.setupOwner();
		await rest.createApiKey(['execution:read']);
	});

	const linksBefore = currentLinks(tenant);
	// "Execute workflow" from the example's own Manual Trigger, offloaded to the workers: the
	// example stays as it is, where a Webhook trigger would add a node and need publishing.
	const runsStarted = Date.now();
	const records = await reporter.phase(
		`Execute workflow ${RUNS_AT_ONCE} times at once, until both executions end`,
		async () => {
			const executionIds = await Promise.all(
				Array.from(
					{ length: RUNS_AT_ONCE },
					async () => await rest.runManually(workflow.id, MANUAL_TRIGGER),
				),
			);
			return await finishedExecutions(postgres, executionIds);
		},
	);
	const runsWall = (Date.now() - runsStarted) / 1000;
	await checkExecutions(harness, cluster, rest, records, generated);
	const outcome = await checkSimulators(harness, generated, linksBefore);
	await checkLeaseNotes(harness, agents);

	tenant.clearRequests();
	const [third] = await reporter.phase(
		'Execute workflow once more',
		async () =>
			await finishedExecutions(postgres, [await rest.runManually(workflow.id, MANUAL_TRIGGER)]),
	);
	await reporter.check('third run › succeeds', () => expectSuccess([third]));
	await reporter.check(
		'third run › writes nothing: no POST, PATCH, PUT or DELETE on either side',
		() => {
			const writes = writeRequests(tenant);
			if (writes.length > 0) {
				throw new Error(`${writes.length} writes: ${writes.slice(0, LISTED_PROBLEMS).join(', ')}`);
			}
		},
	);
	if (third.status !== 'success') showWorkerLogs(harness);

	const workers = new Set([...cluster.executionWorkers().values()].flat());
	reporter.progress(
		[
			'figures:',
			`executions: ${[...records, third].map((record) => record.id).join(', ')} (${RUNS_AT_ONCE} at once, then 1)`,
			`workers used: ${workers.size} (${[...workers].sort().join(', ')})`,
			`overlap: ${overlapSeconds(records).toFixed(1)} s`,
			`configurations created: ${outcome.created}`,
			`duplicates: ${outcome.duplicates}`,
			`wall time of the runs at once: ${runsWall.toFixed(1)} s`,
		].join('\n  '),
	);
}

/** Polls `execution_entity` until every execution has a final status. */
async function finishedExecutions(
	postgres: PostgresServer,
	executionIds: readonly string[],
): Promise<ExecutionRecord[]> {
	if (!executionIds.every((id) => /^\d+$/.test(id))) {
		throw new Error(`unexpected execution IDs: ${executionIds.join(', ')}`);
	}
	const sql = `SELECT coalesce(json_agg(json_build_object(
		'id', id::text, 'status', status,
		'startedAt', extract(epoch FROM "startedAt") * 1000,
		'stoppedAt', extract(epoch FROM "stoppedAt") * 1000) ORDER BY id), '[]')
		FROM execution_entity WHERE id IN (${executionIds.join(', ')})`;
	const deadline = Date.now() + EXECUTION_TIMEOUT_MS;
	let records: ExecutionRecord[] = [];
	while (Date.now() < deadline) {
		records = JSON.parse(await postgres.query(postgres.access.database, sql)) as ExecutionRecord[];
		const finished = records.filter((record) => FINAL_STATUSES.has(record.status));
		if (finished.length === executionIds.length) return records;
		await new Promise((resolve) => setTimeout(resolve, EXECUTION_POLL_MS));
	}
	throw new Error(
		`executions did not finish in time: ${records.map((record) => `${record.id} ${record.status}`).join(', ')}`,
	);
}

function expectSuccess(records: readonly ExecutionRecord[]): void {
	const failed = records.filter((record) => record.status !== 'success');
	if (failed.length > 0) {
		throw new Error(failed.map((record) => `execution ${record.id}: ${record.status}`).join('\n'));
	}
}

async function checkExecutions(
	harness: Harness,
	cluster: QueueCluster,
	rest: N8nRest,
	records: readonly ExecutionRecord[],
	generated: GeneratedTenant,
): Promise<void> {
	const { reporter } = harness;
	await reporter.check('both executions succeed (execution_entity.status)', () =>
		expectSuccess(records),
	);
	const expectedAgents = generated.truth.agents.map((agent) => [
		agent.agentId,
		syncedAgents(generated).includes(agent) ? 'synced' : 'skipped',
	]);
	for (const record of records) {
		await reporter.check(
			`execution ${record.id} › every Customer ID agent synced, the others skipped; nothing in Failed Sync`,
			async () => {
				const report = syncReport(await rest.execution(record.id));
				if (JSON.stringify(report.agents) !== JSON.stringify(expectedAgents)) {
					throw new Error(
						`Sync Agents reported ${JSON.stringify(report.agents)}, expected ${JSON.stringify(expectedAgents)}`,
					);
				}
				if (report.failedSyncItems > 0) {
					throw new Error(`${report.failedSyncItems} items reached Failed Sync`);
				}
			},
		);
	}
	await reporter.check('they ran on two different workers (each worker log names one)', () => {
		const workers = cluster.executionWorkers();
		const ran = records.map((record) => workers.get(record.id) ?? []);
		const described = records.map(
			(record, index) => `${record.id}: ${ran[index].join(' + ') || 'none'}`,
		);
		const distinct = new Set(ran.flat());
		if (ran.some((names) => names.length !== 1) || distinct.size !== records.length) {
			throw new Error(`workers per execution: ${described.join('; ')}`);
		}
	});
	await reporter.check('at overlapping times (execution_entity.startedAt and stoppedAt)', () => {
		const overlap = overlapSeconds(records);
		if (!(overlap > 0)) {
			throw new Error(
				`no overlap: ${records.map((record) => `${record.id} ${describeSpan(record)}`).join('; ')}`,
			);
		}
	});
	if (records.some((record) => record.status !== 'success')) showWorkerLogs(harness);
}

function describeSpan(record: ExecutionRecord): string {
	const at = (time: number | null) => (time === null ? '?' : new Date(time).toISOString());
	return `${at(record.startedAt)} – ${at(record.stoppedAt)}`;
}

function showWorkerLogs(harness: Harness): void {
	for (const worker of harness.cluster?.workers ?? []) {
		const tail = worker.n8n.logTail(worker.name);
		if (tail !== '') harness.reporter.progress(`n8n log of ${worker.name}:\n${tail}`);
	}
}

/** What the checks need of each ConnectWise configuration, as the simulator holds it now. */
function configurationFacts(tenant: E2eTenant): ConfigurationFacts[] {
	const { state } = tenant.connectwise;
	return state.configurations().map((configuration) => ({
		id: configuration.id,
		companyId: configuration.company.id,
		link: state.customFieldValue(configuration.id, LINK_FIELD_CAPTION),
		serialNumber: configuration.serialNumber,
		macAddress: configuration.macAddress,
	}));
}

/** Each configuration's link field before the runs, by configuration ID. */
function currentLinks(tenant: E2eTenant): ReadonlyMap<number, unknown> {
	return new Map(configurationFacts(tenant).map(({ id, link }) => [id, link]));
}

/** The state both runs left: one configuration per device, links that agree, nothing deleted. */
async function checkSimulators(
	harness: Harness,
	generated: GeneratedTenant,
	linksBefore: ReadonlyMap<number, unknown>,
): Promise<{ created: number; duplicates: number }> {
	const { reporter, tenant } = harness;
	const configurations = configurationFacts(tenant);
	const created = new Set(configurations.map(({ id }) => id).filter((id) => !linksBefore.has(id)));
	const newLinks = new Set(
		configurations
			.filter(({ id, link }) => created.has(id) || link !== linksBefore.get(id))
			.map(({ id }) => id),
	);
	const groups = duplicateGroups(configurations, created);
	const agentIds = new Set(syncedAgents(generated).map((agent) => agent.agentId));
	const devices: DeviceFacts[] = [...agentIds].flatMap((agentId) =>
		(tenant.domotz.state.devices(agentId) ?? []).map((device) => ({
			agentId,
			deviceId: device.id,
			mirror: mirroredLink(tenant, agentId, device.id),
		})),
	);
	const list = (problems: readonly string[]) =>
		problems.slice(0, LISTED_PROBLEMS).join('\n') +
		(problems.length > LISTED_PROBLEMS ? `\n… and ${problems.length - LISTED_PROBLEMS} more` : '');
	await reporter.check('the runs created configurations', () => {
		if (created.size === 0) throw new Error('no configuration was created: nothing could race');
	});
	await reporter.check(
		'one configuration per device: no link on two configurations, no serial or MAC on two new ones',
		() => {
			if (groups.length > 0) {
				throw new Error(
					`${surplusConfigurations(groups).length} duplicates:\n` +
						list(
							groups.map(
								(group) => `${group.key}: configurations ${group.configurationIds.join(', ')}`,
							),
						),
				);
			}
		},
	);
	await reporter.check(
		'every link agrees on both sides: the link on the configuration, its ID mirrored in Domotz',
		() => {
			const problems = linkProblems(configurations, devices, {
				syncedAgentIds: agentIds,
				newLinks,
			});
			if (problems.length > 0) throw new Error(list(problems));
		},
	);
	await reporter.check('no configuration deleted', () => {
		const missing = [...linksBefore.keys()].filter(
			(id) => !tenant.connectwise.state.configuration(id),
		);
		const deletes = tenant.connectwise.http.count('DELETE', 'configurations.delete');
		if (missing.length > 0 || deletes > 0) {
			throw new Error(`missing: ${missing.join(', ')}; DELETE requests: ${deletes}`);
		}
	});
	return { created: created.size, duplicates: surplusConfigurations(groups).length };
}

async function checkLeaseNotes(harness: Harness, agents: readonly AgentTruth[]): Promise<void> {
	const { reporter, tenant } = harness;
	const title = 'no lease note left (company notes starting "Domotz sync lease")';
	const companies = [...new Set(agents.map((agent) => agent.companyId!))];
	const reading = await leaseNotesLeft(tenant.connectwise, companies);
	if (reading.kind === 'noRoute') {
		reporter.skip(title, 'the ConnectWise simulator has no company notes route yet');
		return;
	}
	await reporter.check(title, () => {
		if (reading.notes.length > 0) {
			throw new Error(
				reading.notes
					.map((note) => `company ${note.companyId}, note ${String(note.id)}: ${note.text}`)
					.join('\n'),
			);
		}
	});
}

void main().then((code) => process.exit(code));
