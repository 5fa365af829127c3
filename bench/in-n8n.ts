/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals -- benchmark only, never shipped: runs the packed package in a real n8n (and PostgreSQL, Redis) on loopback */
/**
 * `npm run bench -- --in-n8n`: Sync Agent inside a real n8n 2.41.1, as users run it. The package is
 * built, packed and extracted as n8n installs a community package; the 12-hour example is imported
 * and published, so that its n8n Trigger (Workflow Published) starts each run as it starts the
 * first sync. Once with n8n alone (SQLite), once in queue mode (PostgreSQL, Redis, one worker).
 */
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import type { IRun } from 'n8n-workflow';

import type { ParameterChoice } from '../test/e2e/contract';
import { prepareExample, type PreparedWorkflow } from '../test/e2e/examples';
import { N8n, N8nRest, type ExecutionSummary } from '../test/e2e/n8n';
import {
	ensureN8nInstalled,
	N8N_VERSION,
	NODE_VERSION,
	type N8nInstallation,
} from '../test/e2e/n8n-install';
import { npm, packInto } from '../test/e2e/package';
import { freePort, ProcessGroup } from '../test/e2e/processes';
import { CREDENTIALS, simulatorCredentials } from '../test/e2e/tenant';
import { QueueCluster } from '../test/queue/cluster';
import { ensureServerBinaries } from '../test/queue/debian';
import { PostgresServer, startRedis } from '../test/queue/services';
import { zeroAgentCounts, type AgentCounts } from '../lib/sync/sync-agent';
import { renames, runLabels, type RunName } from './engine-runs';
import { PeakMemory, postgresStore, sqliteStore, type ExecutionStore } from './in-n8n-measure';
import { countRequests, type RequestCounts } from './measure';
import { devicesOfNote, expectedOutcome, type RunOutcome } from './lower-bound';
import { devicesToRename, overLongFields, type TenantPlan } from './msp-tenant';
import type { Machine } from './report';
import { limits, type Scenario } from './scenarios';
import { SimulatorProcess, type Endpoints, type Rename, type RequestTally } from './simulator-host';

export type N8nMode = 'regular' | 'queue';
export const n8nModes: readonly N8nMode[] = ['regular', 'queue'];

/** The engine's three runs, then the last one's like again with Output Device Details on. */
export type InN8nRunName = RunName | 'resyncWithDeviceDetails';

export const inN8nRunLabels: Record<InN8nRunName, string> = {
	...runLabels,
	resyncWithDeviceDetails: 're-sync after 1 % changed again, Output Device Details on',
};

export interface InN8nRun {
	run: InN8nRunName;
	executionId: string;
	/** `success` unless the execution failed. */
	status: string;
	/** From the execution's start to its end, as n8n records them. */
	wallMs: number;
	/** The measured process: its peak during the run and its RSS when the run was started. */
	memory: { peakRssMb: number; startRssMb: number };
	/** `execution_data.data`: the run data n8n saved. */
	savedBytes: number;
	/** The editor opening the execution (`GET /rest/executions/:id`). */
	view: { status: number; ms: number; bytes: number };
	/** Summed over the Agents output; failed agents are the items on the error output. */
	outcome: AgentCounts & { failedAgents: number };
	/** What the tenant was built for: the engine run's outcome (the last run's like the one before). */
	expectedOutcome: RunOutcome;
	/** Items on the Devices output, and the devices the agents say were left out of it. */
	deviceItems: number;
	devicesNotOutput: number;
	/** The devices Output Device Details lists by construction; 0 with it off. */
	expectedDeviceItems: number;
	requests: RequestCounts;
}

export interface InN8nModeResult {
	mode: N8nMode;
	/** Node is n8n's (24), not the runner's. */
	machine: Machine;
	/** The process whose memory is measured: the one that runs the execution. */
	process: string;
	runs: InN8nRun[];
}

export interface InN8nResult {
	scenario: Scenario;
	n8n: string;
	node: string;
	tenant: { devices: number; configurations: number; companies: number };
	/** The example's parameters set for the benchmark, one line each. */
	adjustments: string[];
	modes: Partial<Record<N8nMode, InN8nModeResult>>;
}

const EXAMPLE = 'automatic-sync-every-12-hours';
const SYNC_NODE = 'Sync Agents';
const FAILED_SYNC_NODE = 'Failed Sync';
const API_KEY_SCOPES = [
	'workflow:activate',
	'workflow:deactivate',
	'execution:list',
	'execution:read',
];
/** A first sync of 100,000 devices takes minutes; a run that takes this long has hung. */
const EXECUTION_DEADLINE_MS = 2 * 60 * 60_000;
const POLL_MS = 2_000;
const UNFINISHED = new Set(['new', 'running', 'waiting']);

/** The example as the benchmark runs it: the engine benchmark's settings, device details off. */
function benchmarkWorkflows(tenant: TenantPlan): {
	plain: PreparedWorkflow;
	withDetails: PreparedWorkflow;
	adjustments: string[];
} {
	const changes: ParameterChoice[] = [
		{ node: SYNC_NODE, parameter: 'createUnmatched', value: true },
		{ node: SYNC_NODE, parameter: 'defaultType', value: String(tenant.defaultTypeId) },
		{ node: SYNC_NODE, parameter: 'syncCollector', value: false },
		{ node: SYNC_NODE, parameter: 'options.mirrorInDomotz', value: false },
		{ node: SYNC_NODE, parameter: 'options.truncate', value: [...overLongFields] },
	];
	const details: ParameterChoice = {
		node: SYNC_NODE,
		parameter: 'options.deviceDetails',
		value: true,
	};
	const describe = (change: ParameterChoice) =>
		`${change.node} › ${change.parameter} = ${JSON.stringify(change.value)}`;
	return {
		plain: prepareExample(EXAMPLE, [], { name: 'benchmark', changes }),
		withDetails: prepareExample(EXAMPLE, [], {
			name: 'benchmark, device details',
			changes: [...changes, details],
		}),
		adjustments: [...changes.map(describe), `${describe(details)} (last run only)`],
	};
}

/** One n8n deployment ready to run the workflows: its editor API, the process measured, its database. */
interface Deployment {
	rest: N8nRest;
	measured: N8n;
	process: string;
	store: ExecutionStore;
	/** Throws when the execution did not run where it should (queue mode: on the worker). */
	checkWhereItRan(executionId: string): void;
	stop(): Promise<void>;
}

interface ModeSetup {
	processes: ProcessGroup;
	installation: N8nInstallation;
	dir: string;
	userFolder: string;
	logDir: string;
	credentialsFile: string;
	workflowsDir: string;
	log: (line: string) => void;
}

async function importInto(n8n: N8n, setup: ModeSetup): Promise<void> {
	await n8n.importCredentials(setup.credentialsFile);
	await n8n.importWorkflows(setup.workflowsDir);
}

async function signIn(baseUrl: string): Promise<N8nRest> {
	const rest = new N8nRest(baseUrl);
	await rest.setupOwner();
	await rest.createApiKey(API_KEY_SCOPES);
	return rest;
}

/** `n8n start` alone: SQLite in its user folder, executions in its own process. */
async function startRegular(setup: ModeSetup): Promise<Deployment> {
	const { processes, installation, userFolder, logDir } = setup;
	const n8n = new N8n(processes, {
		installation,
		userFolder,
		logDir,
		port: await freePort(),
		brokerPort: await freePort(),
	});
	await importInto(n8n, setup);
	await n8n.start();
	return {
		rest: await signIn(n8n.baseUrl),
		measured: n8n,
		process: 'n8n start (regular mode, SQLite)',
		store: sqliteStore(processes, installation, join(userFolder, '.n8n', 'database.sqlite')),
		checkWhereItRan: () => undefined,
		stop: async () => await n8n.stop(),
	};
}

/** `n8n start` and one `n8n worker`, with PostgreSQL and Redis of their own on loopback. */
async function startQueue(setup: ModeSetup): Promise<Deployment> {
	const { processes, installation, userFolder, logDir, dir, log } = setup;
	const binaries = await ensureServerBinaries(processes, log);
	const postgres = new PostgresServer(processes, binaries, join(dir, 'postgres'), await freePort());
	await postgres.start();
	const redisPort = await freePort();
	await startRedis(processes, binaries, join(dir, 'redis'), redisPort);
	const cluster = await QueueCluster.create(processes, {
		installation,
		userFolder,
		logDir,
		database: postgres.access,
		redisPort,
		workers: 1,
		concurrency: 1,
	});
	await importInto(cluster.main, setup);
	await cluster.start();
	const [worker] = cluster.workers;
	return {
		rest: await signIn(cluster.main.baseUrl),
		measured: worker.n8n,
		process: 'n8n worker --concurrency=1 (queue mode, PostgreSQL, Redis)',
		store: postgresStore(postgres),
		checkWhereItRan: (executionId) => {
			const ranOn = cluster.executionWorkers().get(executionId) ?? [];
			if (ranOn.join() !== worker.name) {
				throw new Error(`execution ${executionId} ran on ${ranOn.join(', ') || 'no worker'}`);
			}
		},
		stop: async () => await cluster.stop(),
	};
}

/** The first execution of the workflow not among `earlier`, once it has ended. */
async function executionEnded(
	rest: N8nRest,
	workflowId: string,
	earlier: ReadonlySet<string>,
): Promise<ExecutionSummary> {
	const started = Date.now();
	while (Date.now() - started < EXECUTION_DEADLINE_MS) {
		const ended = (await rest.executions(workflowId)).find(
			(summary) => !earlier.has(summary.id) && !UNFINISHED.has(summary.status),
		);
		if (ended) return ended;
		await new Promise((resolve) => setTimeout(resolve, POLL_MS));
	}
	throw new Error(`no execution of workflow ${workflowId} ended within two hours`);
}

/** What the run did, from its run data as the public API gives it. */
function outcomeOf(
	execution: unknown,
): Pick<InN8nRun, 'outcome' | 'deviceItems' | 'devicesNotOutput'> {
	const runData = (execution as IRun).data?.resultData?.runData ?? {};
	const items = (node: string, output: number) =>
		(runData[node]?.[0]?.data?.main?.[output] ?? []).map((item) => item.json);
	const outcome = { ...zeroAgentCounts(), failedAgents: items(FAILED_SYNC_NODE, 0).length };
	let devicesNotOutput = 0;
	for (const agent of items(SYNC_NODE, 0)) {
		for (const key of Object.keys(zeroAgentCounts()) as Array<keyof AgentCounts>) {
			outcome[key] += Number(agent[key] ?? 0);
		}
		devicesNotOutput += Number(agent.devicesNotOutput ?? 0);
	}
	return { outcome, deviceItems: items(SYNC_NODE, 1).length, devicesNotOutput };
}

interface RunStep {
	run: InN8nRunName;
	workflow: PreparedWorkflow;
	/** Devices renamed in Domotz before the run. */
	renamed: Rename[];
	expectedOutcome: RunOutcome;
	expectedDeviceItems: number;
}

/**
 * One run: the simulators' clocks a minute on (a fresh ConnectWise minute, as for a scheduled
 * run), the renames, the peak reset; then the workflow published, its execution awaited, the
 * workflow unpublished, and what it cost read.
 */
async function measureRun(
	host: SimulatorProcess,
	deployment: Deployment,
	step: RunStep,
): Promise<InN8nRun> {
	const { rest } = deployment;
	await host.call({ type: 'advanceClock', milliseconds: limits.connectWiseWindowMs + 1_000 });
	if (step.renamed.length > 0) await host.call({ type: 'rename', devices: step.renamed });
	await host.call({ type: 'resetRequests' });
	const earlier = new Set((await rest.executions(step.workflow.id)).map((summary) => summary.id));
	const pid = deployment.measured.pid;
	if (pid === undefined) throw new Error('the measured n8n process is not running');
	const memory = new PeakMemory(pid);
	memory.reset();
	await rest.publishWorkflow(step.workflow.id);
	const ended = await executionEnded(rest, step.workflow.id, earlier).finally(
		async () => await rest.unpublishWorkflow(step.workflow.id),
	);
	const peak = memory.read();
	deployment.checkWhereItRan(ended.id);
	const tallies = await host.call<RequestTally[]>({ type: 'requests' });
	const view = await rest.openExecutionAsEditor(ended.id);
	return {
		run: step.run,
		executionId: ended.id,
		status: ended.status,
		wallMs: Date.parse(ended.stoppedAt ?? '') - Date.parse(ended.startedAt),
		memory: peak,
		savedBytes: await deployment.store.savedBytes(ended.id),
		view,
		...outcomeOf(await rest.execution(ended.id)),
		expectedOutcome: step.expectedOutcome,
		expectedDeviceItems: step.expectedDeviceItems,
		requests: countRequests(tallies),
	};
}

function describeRun(run: InN8nRun): string {
	const { outcome } = run;
	return (
		`  ${inN8nRunLabels[run.run]}: execution ${run.executionId} ${run.status}, ` +
		`${(run.wallMs / 1000).toFixed(1)} s, peak ${run.memory.peakRssMb.toFixed(0)} MB RSS ` +
		`(${run.memory.startRssMb.toFixed(0)} at start), saved ${(run.savedBytes / 1024).toFixed(0)} kB, ` +
		`view ${run.view.status} in ${run.view.ms.toFixed(0)} ms; created ${outcome.created}, ` +
		`newly linked ${outcome.newlyLinked}, updated ${outcome.updated}, ` +
		`failed ${outcome.failed + outcome.failedAgents}; ${run.deviceItems} device items`
	);
}

interface Context {
	processes: ProcessGroup;
	installation: N8nInstallation;
	workDir: string;
	scenario: Scenario;
	tenant: TenantPlan;
	workflows: ReturnType<typeof benchmarkWorkflows>;
	log: (line: string) => void;
	machine: () => Machine;
}

function credentialsFor(endpoints: Endpoints): object[] {
	const data = simulatorCredentials({
		domotz: { apiKey: endpoints.domotzApiKey, apiBaseUrl: endpoints.domotzApiBase },
		connectwise: {
			baseUrl: endpoints.connectWiseBaseUrl,
			apiVersion: endpoints.connectWiseApiVersion,
			credentials: endpoints.connectWise,
		},
	});
	return [
		{ ...CREDENTIALS.domotz, data: data.domotz },
		{ ...CREDENTIALS.connectwise, data: data.connectwise },
	];
}

/** Every run in one mode, on a fresh tenant and a fresh n8n. */
async function measureMode(context: Context, mode: N8nMode): Promise<InN8nModeResult> {
	const { processes, installation, workDir, scenario, tenant, workflows, log } = context;
	const dir = join(workDir, mode);
	const userFolder = join(dir, 'n8nhome');
	const logDir = join(dir, 'logs');
	const workflowsDir = join(dir, 'workflows');
	mkdirSync(logDir, { recursive: true });
	mkdirSync(workflowsDir, { recursive: true });
	await packInto(processes, dir, join(userFolder, '.n8n', 'nodes', 'node_modules'));
	for (const workflow of [workflows.plain, workflows.withDetails]) {
		writeFileSync(join(workflowsDir, `${workflow.id}.json`), JSON.stringify(workflow.definition));
	}
	const host = new SimulatorProcess();
	let deployment: Deployment | undefined;
	try {
		const endpoints = await host.start(scenario);
		const credentialsFile = join(dir, 'credentials.json');
		writeFileSync(credentialsFile, JSON.stringify(credentialsFor(endpoints)));
		const setup = {
			processes,
			installation,
			dir,
			userFolder,
			logDir,
			credentialsFile,
			workflowsDir,
			log,
		};
		deployment = mode === 'regular' ? await startRegular(setup) : await startQueue(setup);
		log(`${mode} mode: ${deployment.process}`);
		const renamed = renames(tenant, scenario);
		const expected = (run: RunName) => expectedOutcome(tenant, scenario, run);
		const steps: RunStep[] = [
			{
				run: 'firstSync',
				workflow: workflows.plain,
				renamed: [],
				expectedOutcome: expected('firstSync'),
				expectedDeviceItems: 0,
			},
			{
				run: 'noOpResync',
				workflow: workflows.plain,
				renamed: [],
				expectedOutcome: expected('noOpResync'),
				expectedDeviceItems: 0,
			},
			{
				run: 'resyncAfterChanges',
				workflow: workflows.plain,
				renamed,
				expectedOutcome: expected('resyncAfterChanges'),
				expectedDeviceItems: 0,
			},
			{
				run: 'resyncWithDeviceDetails',
				workflow: workflows.withDetails,
				renamed: renamed.map((rename) => ({ ...rename, name: `${rename.name}-again` })),
				expectedOutcome: expected('resyncAfterChanges'),
				expectedDeviceItems: devicesOfNote(tenant, devicesToRename(tenant, scenario)),
			},
		];
		const runs: InN8nRun[] = [];
		for (const step of steps) {
			const run = await measureRun(host, deployment, step);
			log(describeRun(run));
			runs.push(run);
		}
		return { mode, machine: context.machine(), process: deployment.process, runs };
	} finally {
		await deployment?.stop();
		await host.stop();
	}
}

/** Both modes (or the chosen ones) of one scenario; every process started is stopped at the end. */
export async function measureInN8n(
	scenario: Scenario,
	tenant: TenantPlan,
	modes: readonly N8nMode[],
	report: { log: (line: string) => void; machine: () => Machine },
): Promise<InN8nResult> {
	const { log, machine } = report;
	const processes = new ProcessGroup();
	const workDir = mkdtempSync(join(tmpdir(), 'n8n-bench-'));
	// PostgreSQL runs as its own account and must reach its directory inside.
	chmodSync(workDir, 0o711);
	const abort = (code: number) => {
		processes.killAllNow();
		rmSync(workDir, { recursive: true, force: true });
		process.exit(code);
	};
	const onInterrupt = () => abort(130);
	const onTerminate = () => abort(143);
	process.once('SIGINT', onInterrupt);
	process.once('SIGTERM', onTerminate);
	try {
		const installation = await ensureN8nInstalled(undefined, log);
		await npm(processes, ['run', 'build']);
		const workflows = benchmarkWorkflows(tenant);
		const context: Context = {
			processes,
			installation,
			workDir,
			scenario,
			tenant,
			workflows,
			log,
			machine,
		};
		const result: InN8nResult = {
			scenario,
			n8n: N8N_VERSION,
			node: NODE_VERSION,
			tenant: {
				devices: tenant.devices.length,
				configurations: tenant.configurationCount,
				companies: tenant.companyIds.length,
			},
			adjustments: workflows.adjustments,
			modes: {},
		};
		for (const mode of modes) result.modes[mode] = await measureMode(context, mode);
		return result;
	} finally {
		await processes.stopAll();
		process.off('SIGINT', onInterrupt);
		process.off('SIGTERM', onTerminate);
		rmSync(workDir, { recursive: true, force: true });
	}
}
