/* eslint-disable @n8n/community-nodes/no-restricted-globals -- benchmark only, never shipped: waits on real timers between the clients' retries */
import type { SyncClients } from '../lib/clients';
import { ConnectWiseClient } from '../lib/connectwise/client';
import { DomotzClient } from '../lib/domotz/client';
import type { RateReading } from '../lib/domotz/rate';
import type { Sleep } from '../lib/http/port';
import type { KnownCompanies } from '../lib/sync/known-companies';
import { agentSyncDefaults, type AgentSyncOptions } from '../lib/sync/options';
import { runAgentSync, zeroAgentCounts, type AgentCounts } from '../lib/sync/sync-agent';
import { connectWiseBasicAuth, createFetchPort, domotzApiKey } from '../test/support/fetch-port';
import {
	collectEarlierGarbage,
	countRequests,
	withMemoryPeak,
	type MemoryPeak,
	type RequestCounts,
} from './measure';
import { devicesToRename, overLongFields, type TenantPlan } from './msp-tenant';
import { limits, type Scenario } from './scenarios';
import type { Endpoints, ParseMeasurement, RequestTally, SimulatorProcess } from './simulator-host';

export type RunName = 'firstSync' | 'noOpResync' | 'resyncAfterChanges';

export const runLabels: Record<RunName, string> = {
	firstSync: 'first sync',
	noOpResync: 'no-op re-sync',
	resyncAfterChanges: 're-sync after 1 % changed',
};

export interface RunMeasurement {
	run: RunName;
	requests: RequestCounts;
	wallMs: number;
	memory: MemoryPeak;
	/**
	 * CPU milliseconds during the run: the engine's process (the engine and its HTTP client; the
	 * simulators run in processes of their own) and each simulator's.
	 */
	cpuMs: { engine: number; Domotz: number; ConnectWise: number };
	/** The run's answers parsed again after it, on the same bytes. */
	parsing: ParseMeasurement;
	/** Summed over the agents, to check that each run did the work it was built for. */
	outcome: AgentCounts & { failedAgents: number };
}

export const realSleep: Sleep = async (milliseconds) =>
	await new Promise((resolve) => setTimeout(resolve, milliseconds));

/**
 * What the node keeps between runs in the workflow's static data: Domotz's rate reading and
 * `concurrent_allowed`, the ConnectWise codebase and the companies found by Customer ID.
 */
export interface NodeMemory {
	rateReading?: RateReading;
	concurrentAllowed?: number;
	codebase?: string;
	companies?: KnownCompanies;
}

export interface ClientSetup {
	/** Given as the node gives it: the usage report read when needed, what it told remembered. */
	memory?: NodeMemory;
	/** Written into the base URL, as a hand-built workflow does; without it, it is discovered. */
	codebase?: string;
}

/** New clients per run, as every n8n execution builds its own. */
export function clientsFor(endpoints: Endpoints, setup: ClientSetup = {}): SyncClients {
	const { memory } = setup;
	return {
		domotz: new DomotzClient({
			http: createFetchPort({ authenticate: domotzApiKey(endpoints.domotzApiKey) }),
			sleep: realSleep,
			baseUrl: endpoints.domotzApiBase,
			...(memory
				? {
						readUsageFirst: true,
						rememberedRateReading: memory.rateReading,
						onRateReading: (reading: RateReading) => {
							memory.rateReading = reading;
						},
						rememberedConcurrentAllowed: memory.concurrentAllowed,
						onConcurrentAllowed: (concurrentAllowed: number) => {
							memory.concurrentAllowed = concurrentAllowed;
						},
					}
				: {}),
		}),
		connectwise: new ConnectWiseClient({
			http: createFetchPort({ authenticate: connectWiseBasicAuth(endpoints.connectWise) }),
			sleep: realSleep,
			site: endpoints.connectWiseBaseUrl,
			companyId: endpoints.connectWise.companyId,
			codebase: setup.codebase,
			...(memory
				? {
						rememberedCodebase: memory.codebase,
						onCodebase: (codebase: string) => {
							memory.codebase = codebase;
						},
					}
				: {}),
		}),
	};
}

/** The run's options with the companies the node keeps between runs. */
export function rememberingCompanies(
	options: AgentSyncOptions,
	memory: NodeMemory,
): AgentSyncOptions {
	return {
		...options,
		knownCompanies: memory.companies,
		onKnownCompanies: (companies) => {
			memory.companies = companies;
		},
	};
}

/**
 * Sync Agent as the node runs it by default, for every agent, creating what is unmatched and
 * shortening the values the tenant holds too long for ConnectWise.
 */
export function syncOptions(tenant: TenantPlan, mirrorInDomotz: boolean): AgentSyncOptions {
	const truncate = new Set(overLongFields);
	return {
		...agentSyncDefaults,
		companyLink: { kind: 'customerId' },
		policy: { ...agentSyncDefaults.policy, truncate },
		create: {
			typeMap: [],
			defaultTypeId: tenant.defaultTypeId,
			statusId: tenant.activeStatusId,
			truncate,
			exclude: new Set(),
		},
		linkStore: { kind: 'customField', caption: tenant.linkCaption },
		mirrorInDomotz,
		nextTurn: async () => await realSleep(0),
	};
}

const emptyOutcome = (): RunMeasurement['outcome'] => ({ ...zeroAgentCounts(), failedAgents: 0 });

/**
 * A minute later, so that the run starts with ConnectWise's whole per-minute budget as a scheduled
 * one does; with the simulators' tallies cleared and the earlier runs' garbage collected.
 */
export async function startMeasuredRun(host: SimulatorProcess): Promise<void> {
	await host.call({ type: 'advanceClock', milliseconds: limits.connectWiseWindowMs + 1_000 });
	await host.call({ type: 'resetRequests' });
	collectEarlierGarbage();
}

async function measureRun(
	host: SimulatorProcess,
	endpoints: Endpoints,
	run: RunName,
	options: AgentSyncOptions,
	memory: NodeMemory,
): Promise<RunMeasurement> {
	await startMeasuredRun(host);
	const engineCpu = process.cpuUsage();
	const {
		result: reports,
		wallMs,
		peak,
	} = await withMemoryPeak(() =>
		runAgentSync(clientsFor(endpoints, { memory }), rememberingCompanies(options, memory)),
	);
	const engineUsed = process.cpuUsage(engineCpu);
	const simulatorsMs = await host.cpu();
	const outcome = emptyOutcome();
	for (const report of reports) {
		if (report.status === 'failed') outcome.failedAgents += 1;
		if (report.status !== 'synced') continue;
		for (const key of Object.keys(report.counts) as Array<keyof AgentCounts>) {
			outcome[key] += report.counts[key];
		}
	}
	const tallies = await host.call<RequestTally[]>({ type: 'requests' });
	return {
		run,
		requests: countRequests(tallies),
		wallMs,
		memory: peak,
		cpuMs: { engine: (engineUsed.user + engineUsed.system) / 1000, ...simulatorsMs },
		parsing: await host.parseAnswers(),
		outcome,
	};
}

/** The renames before the last run, the same for the engine and for the naive baseline. */
export function renames(tenant: TenantPlan, scenario: Scenario) {
	return devicesToRename(tenant, scenario).map(({ agentId, deviceId }) => ({
		agentId,
		deviceId,
		name: `renamed-${agentId}-${deviceId}`,
	}));
}

export const allRuns: readonly RunName[] = ['firstSync', 'noOpResync', 'resyncAfterChanges'];

/** The runs of issue 7 on a fresh tenant: first sync, no-op re-sync, re-sync after changes. */
export async function measureEngine(
	host: SimulatorProcess,
	endpoints: Endpoints,
	scenario: Scenario,
	tenant: TenantPlan,
	mirrorInDomotz: boolean,
	onRun: (measurement: RunMeasurement) => void,
	runs: readonly RunName[] = allRuns,
): Promise<RunMeasurement[]> {
	const options = syncOptions(tenant, mirrorInDomotz);
	const memory: NodeMemory = {};
	const measurements: RunMeasurement[] = [];
	for (const run of runs) {
		if (run === 'resyncAfterChanges') {
			await host.call({ type: 'rename', devices: renames(tenant, scenario) });
		}
		const measurement = await measureRun(host, endpoints, run, options, memory);
		measurements.push(measurement);
		onRun(measurement);
	}
	return measurements;
}
