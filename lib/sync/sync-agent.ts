/**
 * Sync Agent: the guide's "Sync now" in one action. For each agent: its devices resolved, matched
 * and settled (a configuration created for each unmatched device when asked), then every pair
 * synced field by field, a new match's link saved by the same PATCH as its field changes; the
 * collector itself is synced as a configuration of its company. A failing device never stops the
 * others; a failing agent is reported on its own.
 */

import type { SyncClients } from '../clients';
import { connectWiseMaxInFlight } from '../connectwise/request-policy';
import type { CwConfiguration } from '../connectwise/schemas';
import { deviceName } from '../devices/name';
import { isAgentApiEnabled, type DomotzAgent, type DomotzDevice } from '../domotz/schemas';
import { readDeviceValues } from '../fields/sync-fields';
import { prepareLinkWrites, type PreparedLinks } from '../links/setup';
import { planLinkParts } from '../links/writes';
import { settle, settleAll } from '../pool';
import { startCollector, syncCollector, type CollectorOutcome } from './collector';
import type { CompanySummary } from './company-link';
import { companiesToKeep } from './known-companies';
import { placeGoneAgents, settleGoneAgents, type GoneAgentReport } from './gone-agents';
import { settleGoneDevices, type GoneDeviceReport } from './gone-devices';
import type { AgentSyncOptions } from './options';
import { syncPairs, type SyncOutcome, type SyncPair } from './pairs';
import {
	createConfigurations,
	type CollectorCreate,
	type CreatedConfigurations,
} from './settle/create-configurations';
import { decideSettlements } from './settle/decide';
import { resolveDevices } from './settle/devices';
import { matchResolved } from './settle/match-devices';
import type { SettledItem, Settlement } from './settle/settlement';
import { SyncWorkspace } from './workspace';

export interface AgentCounts {
	devices: number;
	linked: number;
	newlyLinked: number;
	created: number;
	updated: number;
	unchanged: number;
	planned: number;
	ambiguous: number;
	unmatched: number;
	skipped: number;
	/** Linked configurations whose device its agent no longer lists. */
	gone: number;
	failed: number;
}

export interface DeviceDetail {
	deviceId: number;
	deviceName: string;
	settlement: Settlement;
	sync?: SyncOutcome;
}

export type AgentSyncReport =
	| {
			status: 'synced';
			agentId: number;
			agentName: string;
			company: CompanySummary;
			counts: AgentCounts;
			devices: DeviceDetail[];
			goneDevices: GoneDeviceReport[];
			collector?: CollectorOutcome;
	  }
	| { status: 'skipped'; agentId: number; agentName: string; reason: string }
	| { status: 'paused'; agentId: number; agentName: string }
	| { status: 'failed'; agentId: number; agentName: string; error: unknown }
	| GoneAgentReport;

/** Write plans in flight for all agents together, as many as ConnectWise's client sends at once. */
const WRITES_AT_ONCE = connectWiseMaxInFlight;
/**
 * Agents planning and writing at the same time: enough that the agents whose devices have arrived
 * are planned while the earlier ones wait for their writes (Domotz lists four agents' devices per
 * round trip, an agent's writes take at least one).
 */
const AGENTS_AT_ONCE = 16;

export async function runAgentSync(
	clients: SyncClients,
	options: AgentSyncOptions,
): Promise<AgentSyncReport[]> {
	const workspace = new SyncWorkspace(clients, {
		sharedWrites: options.concurrency ?? WRITES_AT_ONCE,
		knownCompanies: options.knownCompanies,
	});
	// ConnectWise's codebase is found while the agents are listed; a failure shows where it is used.
	const [agents] = await Promise.all([
		chosenAgents(workspace, options),
		clients.connectwise.apiBase().then(
			() => undefined,
			() => undefined,
		),
	]);
	const inCompanyOrder = await workspace.prefetchAgents(
		agents.filter((agent) => isAgentApiEnabled(agent) && !isPaused(agent, options)),
		options.companyLink,
	);
	// In the order of their companies, as the sweep serves them (agents without one, skipped at
	// once, first); some agents at a time: their reads are already on their way, and what an agent
	// holds while it writes is freed before the next.
	const rank = new Map(inCompanyOrder.map((agentId, position) => [agentId, position]));
	const order = agents
		.map((_, index) => index)
		.sort((left, right) => (rank.get(agents[left].id) ?? -1) - (rank.get(agents[right].id) ?? -1));
	const settled = await settleAll(order, AGENTS_AT_ONCE, (index) =>
		syncAgentConfirmed(clients, workspace, agents[index], options),
	);
	const reports: AgentSyncReport[] = [];
	settled.forEach((outcome, position) => {
		const agent = agents[order[position]];
		reports[order[position]] = outcome.ok
			? outcome.value
			: {
					status: 'failed',
					agentId: agent.id,
					agentName: agent.display_name,
					error: outcome.error,
				};
	});
	const sweptCompanyIds = reports.flatMap((report) =>
		report.status === 'synced' ? [report.company.id] : [],
	);
	const goneAgents = await settleGoneAgents(
		clients,
		workspace,
		{ agents: options.agents, formerAgentIds: options.formerAgentIds, sweptCompanyIds },
		options,
	);
	if (options.companyLink.kind === 'customerId' && options.onKnownCompanies) {
		options.onKnownCompanies(companiesToKeep(await companiesFound(workspace, reports)));
	}
	return placeGoneAgents(reports, goneAgents);
}

/** The synced agents' companies, and whether each has configurations now. */
async function companiesFound(
	workspace: SyncWorkspace,
	reports: readonly AgentSyncReport[],
): Promise<Array<{ company: CompanySummary; hasConfigurations: boolean }>> {
	const synced = reports.flatMap((report) => (report.status === 'synced' ? [report] : []));
	return await Promise.all(
		synced.map(async (report) => ({
			company: report.company,
			hasConfigurations:
				report.devices.some(({ settlement }) => settlement.status === 'created') ||
				(report.collector?.status === 'linked' && report.collector.how === 'created') ||
				// Read by the agent's sync already: served again, not sent.
				(await workspace.configurationsOf(report.company.id).then(
					(configurations) => configurations.length > 0,
					() => false,
				)),
		})),
	);
}

/**
 * An agent synced from configurations served before the sweep has ended: its writes wait until
 * they are known to be complete; if they were not, nothing was written, and the agent is synced
 * again from the configurations read anew.
 */
async function syncAgentConfirmed(
	clients: SyncClients,
	workspace: SyncWorkspace,
	agent: DomotzAgent,
	options: AgentSyncOptions,
): Promise<AgentSyncReport> {
	const confirmed = workspace.configurationsConfirmed();
	const gated: SyncClients = {
		...clients,
		writesAfter: async () => {
			if (!(await confirmed)) throw new Error('The configurations were read again');
		},
	};
	const report = await settle(syncAgent(gated, workspace, agent, options));
	if (!(await confirmed)) return await syncAgent(clients, workspace, agent, options);
	if (!report.ok) throw report.error;
	return report.value;
}

async function chosenAgents(
	workspace: SyncWorkspace,
	options: AgentSyncOptions,
): Promise<DomotzAgent[]> {
	const listed = await workspace.agents();
	if (options.agents === 'all') return listed;
	const byId = new Map(listed.map((agent) => [agent.id, agent]));
	return options.agents.map(
		(agentId) => byId.get(agentId) ?? { id: agentId, display_name: `agent ${agentId}` },
	);
}

const isPaused = (agent: DomotzAgent, options: AgentSyncOptions) =>
	options.pausedAgentIds?.includes(agent.id) ?? false;

async function syncAgent(
	clients: SyncClients,
	workspace: SyncWorkspace,
	agent: DomotzAgent,
	options: AgentSyncOptions,
): Promise<AgentSyncReport> {
	const identity = { agentId: agent.id, agentName: agent.display_name };
	if (isPaused(agent, options)) return { status: 'paused', ...identity };
	if (!isAgentApiEnabled(agent)) {
		return { status: 'skipped', ...identity, reason: "the agent's plan does not allow API access" };
	}
	const resolved = await workspace.company(agent.id, options.companyLink);
	if (resolved.kind === 'unresolved') {
		if (options.agents === 'all')
			return { status: 'skipped', ...identity, reason: resolved.reason };
		return {
			status: 'failed',
			...identity,
			error: new Error(`the agent has no ConnectWise company: ${resolved.reason}`),
		};
	}
	const devices = (await workspace.devices(agent.id)).filter(
		(device) => options.includeExcluded || device.is_excluded !== true,
	);
	// Read up front so that a company whose configurations cannot be read fails the agent once.
	const configurations = await workspace.configurationsOf(resolved.company.id);
	await options.nextTurn?.();
	const start = options.collector
		? await startCollector(workspace, agent, resolved, configurations, options)
		: undefined;
	const settled = await settleDevices(
		clients,
		workspace,
		agent,
		devices,
		options,
		start?.kind === 'create' ? start.create : undefined,
	);
	const details = await syncSettled(
		clients,
		workspace,
		agent,
		settled.settled,
		configurations,
		options,
	);
	const gone = await settleGoneDevices(clients, workspace, agent.id, configurations, options);
	const collector = start
		? await syncCollector(clients, workspace, agent, start, settled.collector, options).then(
				(outcome) => outcome,
				(error: unknown): CollectorOutcome => ({ status: 'failed', error }),
			)
		: undefined;
	return {
		status: 'synced',
		...identity,
		company: resolved.company,
		counts: countDetails(details, gone),
		devices: details,
		goneDevices: gone,
		...(collector ? { collector } : {}),
	};
}

/**
 * Every device of the agent resolved, matched and settled; the unmatched ones created when
 * creation is on, with the collector's configuration when it is to be created too. Matched
 * devices' links are not saved here: each goes out with the same PATCH as its device's field
 * changes.
 */
async function settleDevices(
	clients: SyncClients,
	workspace: SyncWorkspace,
	agent: DomotzAgent,
	devices: readonly DomotzDevice[],
	options: AgentSyncOptions,
	collector: CollectorCreate | undefined,
): Promise<CreatedConfigurations> {
	const requests = devices.map((device, index) => ({
		itemIndex: index,
		agentId: agent.id,
		deviceId: device.id,
		companyLink: options.companyLink,
	}));
	const { resolved, failures } = await resolveDevices(workspace, requests);
	const matching = await matchResolved(workspace, resolved, failures, {
		...options,
		scope: 'company',
	});
	const decided = await decideSettlements(workspace, matching.items, matching.failures, {
		linkStore: options.linkStore,
		linksSaved: false,
		createUnmatched: options.create !== undefined,
		markersCheckedAtCreation: options.create !== undefined && !options.dryRun,
	});
	const created = options.create
		? await createConfigurations(
				clients,
				workspace,
				decided.toCreate,
				new Map(),
				{ ...options, ...options.create },
				collector,
			)
		: { settled: [] };
	return {
		...created,
		settled: [...decided.settled, ...created.settled].sort((a, b) => a.itemIndex - b.itemIndex),
	};
}

/**
 * The settled devices synced with their configurations; a newly matched device's link is saved
 * by the same PATCH as its field changes, and a device whose link could not be saved is not
 * synced, as if the link had been saved on its own.
 */
async function syncSettled(
	clients: SyncClients,
	workspace: SyncWorkspace,
	agent: DomotzAgent,
	settled: readonly SettledItem[],
	configurations: readonly CwConfiguration[],
	options: AgentSyncOptions,
): Promise<DeviceDetail[]> {
	const links = await linksToSave(workspace, settled, configurations, options);
	const { pairs, settlements } = pairsToSync(agent, settled, configurations, links, options);
	const settledOutcomes = new Map(settled.map((result) => [result.itemIndex, result.outcome]));
	const synced = new Map<number, SyncOutcome>();
	await options.nextTurn?.();
	for (const item of await syncPairs(clients, workspace, pairs, options)) {
		const settlement = settledOutcomes.get(item.itemIndex);
		if (item.link && settlement?.status === 'wouldLink') {
			settlements.set(item.itemIndex, { ...settlement, status: 'linkedExisting', link: item.link });
			if (item.link.status === 'notSaved') continue;
		}
		synced.set(item.itemIndex, item.outcome);
	}
	return settled.map((result) => ({
		deviceId: result.deviceId,
		deviceName: result.device ? deviceName(result.device) : `Domotz device ${result.deviceId}`,
		settlement: settlements.get(result.itemIndex) ?? result.outcome,
		...(synced.has(result.itemIndex) ? { sync: synced.get(result.itemIndex) } : {}),
	}));
}

/** The link field and the mirror, prepared only when some matched device is to be linked. */
async function linksToSave(
	workspace: SyncWorkspace,
	settled: readonly SettledItem[],
	configurations: readonly CwConfiguration[],
	options: AgentSyncOptions,
): Promise<PreparedLinks> {
	const linking = settled.some((result) => result.outcome.status === 'wouldLink');
	if (!linking || options.dryRun) return { ok: true, linkFieldId: undefined, mirror: false };
	return await prepareLinkWrites(workspace, options, configurations[0]);
}

/**
 * The pairs to sync, a newly matched device's carrying its link; a device whose link cannot be
 * planned is settled here with the reason instead.
 */
function pairsToSync(
	agent: DomotzAgent,
	settled: readonly SettledItem[],
	configurations: readonly CwConfiguration[],
	links: PreparedLinks,
	options: AgentSyncOptions,
): { pairs: SyncPair[]; settlements: Map<number, Settlement> } {
	const byId = new Map(configurations.map((configuration) => [configuration.id, configuration]));
	const settlements = new Map<number, Settlement>();
	const pairs = settled.flatMap((result): SyncPair[] => {
		const configuration = pairedConfiguration(result.outcome, byId);
		const { device } = result;
		if (!configuration || !device) return [];
		const pair: SyncPair = {
			itemIndex: result.itemIndex,
			agentId: agent.id,
			deviceId: device.id,
			device,
			values: readDeviceValues(device),
			configuration,
			mirrorTried: result.outcome.status === 'created',
		};
		if (result.outcome.status !== 'wouldLink' || options.dryRun) return [pair];
		const newLink = links.ok
			? planLinkParts(
					configuration,
					{ agentId: agent.id, deviceId: device.id },
					options.linkStore,
					links.linkFieldId,
					links.mirror,
				)
			: { kind: 'unavailable' as const, reason: links.reason };
		if (newLink.kind === 'unavailable') {
			settlements.set(result.itemIndex, {
				...result.outcome,
				status: 'linkedExisting',
				link: { status: 'notSaved', reason: newLink.reason },
			});
			return [];
		}
		return [{ ...pair, newLink: { operations: newLink.operations, mirror: newLink.mirror } }];
	});
	return { pairs, settlements };
}

/** The configuration a settled device is (or, in a dry run, would be) linked to. */
function pairedConfiguration(
	outcome: Settlement,
	configurations: ReadonlyMap<number, CwConfiguration>,
): CwConfiguration | undefined {
	switch (outcome.status) {
		case 'created':
			return outcome.configuration;
		case 'alreadyLinked':
		case 'wouldLink':
			return configurations.get(outcome.configurationId);
		case 'linkedExisting':
			return outcome.link.status === 'saved'
				? configurations.get(outcome.configurationId)
				: undefined;
		default:
			return undefined;
	}
}

/** Every count at zero: a run's or an agent's tally before the first device. */
export function zeroAgentCounts(): AgentCounts {
	return {
		devices: 0,
		linked: 0,
		newlyLinked: 0,
		created: 0,
		updated: 0,
		unchanged: 0,
		planned: 0,
		ambiguous: 0,
		unmatched: 0,
		skipped: 0,
		gone: 0,
		failed: 0,
	};
}

const settlementCounters: Partial<Record<Settlement['status'], keyof AgentCounts>> = {
	alreadyLinked: 'linked',
	linkedExisting: 'newlyLinked',
	wouldLink: 'newlyLinked',
	created: 'created',
	wouldCreate: 'created',
	unmatched: 'unmatched',
	failed: 'failed',
};

const syncCounters: Record<Extract<SyncOutcome, { plan: unknown }>['status'], keyof AgentCounts> = {
	updated: 'updated',
	unchanged: 'unchanged',
	planned: 'planned',
	partlyFailed: 'failed',
};

function countDetails(
	details: readonly DeviceDetail[],
	goneDevices: readonly GoneDeviceReport[],
): AgentCounts {
	const counts = {
		...zeroAgentCounts(),
		devices: details.length,
		gone: goneDevices.length,
		failed: goneDevices.filter((gone) => gone.outcome.status === 'failed').length,
	};
	for (const { settlement, sync } of details) {
		const ambiguous =
			settlement.status === 'skipped' &&
			(settlement.matchStatus === 'ambiguous' || settlement.matchStatus === 'conflict');
		const counter = ambiguous
			? 'ambiguous'
			: settlement.status === 'skipped'
				? 'skipped'
				: settlementCounters[settlement.status];
		if (counter) counts[counter] += 1;
		if (sync && 'plan' in sync) counts[syncCounters[sync.status]] += 1;
		if (sync?.status === 'failed') counts.failed += 1;
	}
	return counts;
}
