/**
 * Sync Agent: the guide's "Sync now" in one action. For each agent: its devices, matched,
 * optionally a configuration created for each unmatched device, then every pair synced field by
 * field, a new match's link saved by the same PATCH as its field changes; the collector itself is
 * synced as a configuration of its company. A failing device never stops the others; a failing
 * agent is reported on its own.
 */

import { connectWiseMaxInFlight } from '../connectwise/client';
import type { CwConfiguration } from '../connectwise/schemas';
import type { DomotzAgent } from '../domotz/schemas';
import { isAgentApiEnabled } from '../domotz/schemas';
import {
	COLLECTOR_MANUFACTURER,
	readCollectorValues,
	readDeviceValues,
	type FieldDirection,
	type SyncFieldKey,
} from '../fields/sync-fields';
import {
	COLLECTOR_DEVICE_ID,
	linkFieldsForCreate,
	readStoredLink,
	type DeviceRef,
} from '../links/marker';
import { normaliseMac, type MatchKey } from '../match';
import type { CompanyLink, CompanySummary, ResolvedCompany } from './company-link';
import {
	createOneUnderLease,
	runCreate,
	type CreateOutcome,
	type CreateRunItem,
	type CreateRunOptions,
} from './create-run';
import {
	planLinkParts,
	prepareLinkWrites,
	type LinkSettings,
	type PreparedLinks,
} from './link-writes';
import { planConfigurationCreate, type SyncPolicy } from './plan';
import { settleAll } from './pool';
import {
	syncPairs,
	type NewLink,
	type SyncOutcome,
	type SyncPair,
	type SyncRunOptions,
} from './sync-run';
import { SyncWorkspace, type SyncClients } from './workspace';

export interface AgentSyncOptions extends LinkSettings {
	/** The agents to sync; `all` means every agent whose company link resolves. */
	agents: 'all' | readonly number[];
	companyLink: CompanyLink;
	keys: readonly MatchKey[];
	onlyActive: boolean;
	policy: SyncPolicy;
	dryRun: boolean;
	createMissingManufacturers: boolean;
	/** Create configurations for unmatched devices with these settings; absent: never create. */
	create?: Pick<
		CreateRunOptions,
		'typeMap' | 'defaultTypeId' | 'statusId' | 'truncate' | 'exclude'
	>;
	/** Devices the user excluded in Domotz are left out unless this is set. */
	includeExcluded: boolean;
	/** Sync the collector as a configuration too; `typeId` is used when it has to be created. */
	collector?: { typeId?: number };
	concurrency?: number;
	/** The creation lease's timing; tests shorten it. */
	lease?: CreateRunOptions['lease'];
	/**
	 * Resolves in a later turn of the event loop (the node passes n8n's `sleep(0)`). An agent is
	 * matched, and then planned, each in a turn of its own: the answers that arrived meanwhile (the
	 * next device lists, the sweep's pages) are taken in first, so Domotz's few requests in flight
	 * are sent again at once instead of waiting behind several agents' planning.
	 */
	nextTurn?: () => Promise<void>;
}

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
	failed: number;
}

export interface DeviceDetail {
	deviceId: number;
	deviceName: string;
	settlement: CreateOutcome;
	sync?: SyncOutcome;
}

export type CollectorOutcome =
	| {
			status: 'linked';
			configurationId: number;
			how: 'link' | 'mac' | 'created';
			sync: SyncOutcome;
	  }
	| { status: 'wouldCreate'; name: string }
	| { status: 'notLinked'; reason: string }
	| { status: 'failed'; error: unknown };

export type AgentSyncReport =
	| {
			status: 'synced';
			agentId: number;
			agentName: string;
			company: CompanySummary;
			counts: AgentCounts;
			devices: DeviceDetail[];
			collector?: CollectorOutcome;
	  }
	| { status: 'skipped'; agentId: number; agentName: string; reason: string }
	| { status: 'failed'; agentId: number; agentName: string; error: unknown };

/** Write plans in flight for all agents together, as many as ConnectWise's client sends at once. */
const DEFAULT_CONCURRENCY = connectWiseMaxInFlight;
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
		sharedWrites: options.concurrency ?? DEFAULT_CONCURRENCY,
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
		agents.filter(isAgentApiEnabled),
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
	return reports;
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
	const report = await syncAgent(gated, workspace, agent, options).then(
		(value) => ({ ok: true as const, value }),
		(error: unknown) => ({ ok: false as const, error }),
	);
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

async function syncAgent(
	clients: SyncClients,
	workspace: SyncWorkspace,
	agent: DomotzAgent,
	options: AgentSyncOptions,
): Promise<AgentSyncReport> {
	const identity = { agentId: agent.id, agentName: agent.display_name };
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
	const settled = await runCreate(
		clients,
		devices.map((device, index) => ({
			itemIndex: index,
			agentId: agent.id,
			deviceId: device.id,
			companyLink: options.companyLink,
			fallbackName: `Domotz device ${device.id}`,
		})),
		{
			keys: options.keys,
			onlyActive: options.onlyActive,
			linkStore: options.linkStore,
			mirrorInDomotz: options.mirrorInDomotz,
			typeMap: options.create?.typeMap ?? [],
			defaultTypeId: options.create?.defaultTypeId,
			statusId: options.create?.statusId,
			truncate: options.create?.truncate ?? new Set(),
			exclude: options.create?.exclude ?? new Set(),
			createMissingManufacturers: options.createMissingManufacturers,
			createUnmatched: options.create !== undefined,
			dryRun: options.dryRun,
			saveMatchedLinks: false,
			concurrency: options.concurrency,
			lease: options.lease,
		},
		workspace,
	);

	const byId = new Map(configurations.map((configuration) => [configuration.id, configuration]));
	const links = await linksToSave(workspace, settled, configurations, options);
	const settlements = new Map<number, CreateOutcome>();
	const pairs: SyncPair[] = settled.flatMap((result) => {
		const configuration = pairedConfiguration(result.outcome, byId);
		const device = devices[result.itemIndex];
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
	const syncOptions: SyncRunOptions = {
		policy: options.policy,
		linkStore: options.linkStore,
		mirrorInDomotz: options.mirrorInDomotz,
		dryRun: options.dryRun,
		createMissingManufacturers: options.createMissingManufacturers,
		concurrency: options.concurrency,
	};
	const settledOutcomes = new Map(settled.map((result) => [result.itemIndex, result.outcome]));
	const synced = new Map<number, SyncOutcome>();
	await options.nextTurn?.();
	for (const item of await syncPairs(clients, workspace, pairs, syncOptions)) {
		const settlement = settledOutcomes.get(item.itemIndex);
		if (item.link && settlement?.status === 'wouldLink') {
			settlements.set(item.itemIndex, { ...settlement, status: 'linkedExisting', link: item.link });
			// A device whose link could not be saved is not synced, as if matching had saved it.
			if (item.link.status === 'notSaved') continue;
		}
		synced.set(item.itemIndex, item.outcome);
	}
	const details: DeviceDetail[] = settled.map((result) => ({
		deviceId: result.deviceId,
		deviceName: result.device
			? result.device.user_data?.name || result.device.display_name
			: `Domotz device ${result.deviceId}`,
		settlement: settlements.get(result.itemIndex) ?? result.outcome,
		...(synced.has(result.itemIndex) ? { sync: synced.get(result.itemIndex) } : {}),
	}));
	const collector = options.collector
		? await syncCollector(clients, workspace, agent, resolved, configurations, options).then(
				(outcome) => outcome,
				(error: unknown): CollectorOutcome => ({ status: 'failed', error }),
			)
		: undefined;
	return {
		status: 'synced',
		...identity,
		company: resolved.company,
		counts: countDetails(details),
		devices: details,
		...(collector ? { collector } : {}),
	};
}

/** The link field and the mirror, prepared only when some matched device is to be linked. */
async function linksToSave(
	workspace: SyncWorkspace,
	settled: readonly CreateRunItem[],
	configurations: readonly CwConfiguration[],
	options: AgentSyncOptions,
): Promise<PreparedLinks> {
	const linking = settled.some((result) => result.outcome.status === 'wouldLink');
	if (!linking || options.dryRun) return { ok: true, linkFieldId: undefined, mirror: false };
	return await prepareLinkWrites(workspace, options, configurations[0]);
}

/** The configuration a settled device is (or, in a dry run, would be) linked to. */
function pairedConfiguration(
	outcome: CreateOutcome,
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

const settlementCounters: Partial<Record<CreateOutcome['status'], keyof AgentCounts>> = {
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

function countDetails(details: readonly DeviceDetail[]): AgentCounts {
	const counts: AgentCounts = {
		devices: details.length,
		linked: 0,
		newlyLinked: 0,
		created: 0,
		updated: 0,
		unchanged: 0,
		planned: 0,
		ambiguous: 0,
		unmatched: 0,
		skipped: 0,
		failed: 0,
	};
	for (const detail of details) {
		const { settlement, sync } = detail;
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

/**
 * The collector's configuration: found by its marker, else by its licence MAC, else created when
 * creation is on. Only Domotz → ConnectWise directions apply: Domotz has no writable collector
 * fields.
 */
async function syncCollector(
	clients: SyncClients,
	workspace: SyncWorkspace,
	agent: DomotzAgent,
	resolved: Extract<ResolvedCompany, { kind: 'resolved' }>,
	configurations: readonly CwConfiguration[],
	options: AgentSyncOptions,
): Promise<CollectorOutcome> {
	const collector: DeviceRef = { agentId: agent.id, deviceId: COLLECTOR_DEVICE_ID };
	const values = readCollectorValues(agent);
	const found = findCollectorConfiguration(configurations, collector, values.macAddress, options);
	let configuration = found?.configuration;
	let how: 'link' | 'mac' | 'created' | undefined = found?.how;
	let newLink: NewLink | undefined;
	if (found?.how === 'mac' && !options.dryRun) {
		const links = await prepareLinkWrites(
			workspace,
			{ ...options, mirrorInDomotz: false },
			found.configuration,
		);
		if (!links.ok) return { status: 'notLinked', reason: links.reason };
		const parts = planLinkParts(
			found.configuration,
			collector,
			options.linkStore,
			links.linkFieldId,
			false,
		);
		if (parts.kind === 'unavailable') return { status: 'notLinked', reason: parts.reason };
		newLink = { operations: parts.operations };
	}
	if (!configuration) {
		const typeId = options.collector?.typeId ?? options.create?.defaultTypeId;
		if (!options.create || typeId === undefined) {
			return {
				status: 'notLinked',
				reason:
					'no configuration carries the collector link or its licence MAC; turn on creation (with a collector or default type) to create one',
			};
		}
		const links = options.dryRun
			? ({ ok: true, linkFieldId: undefined } as const)
			: await prepareLinkWrites(
					workspace,
					{ ...options, mirrorInDomotz: false },
					configurations[0],
				);
		if (!links.ok) return { status: 'notLinked', reason: links.reason };
		const plan = planConfigurationCreate(values, {
			companyId: resolved.company.id,
			siteId: resolved.siteId,
			typeId,
			statusId: options.create.statusId,
			fallbackName: agent.display_name,
			lookups: {
				manufacturers: (
					await workspace.prepareManufacturers(
						[COLLECTOR_MANUFACTURER],
						options.createMissingManufacturers && !options.dryRun,
					)
				).lookup,
				sites: new Map(),
			},
			truncate: options.create.truncate,
			exclude: options.create.exclude,
			linkFields: linkFieldsForCreate(options.linkStore, collector, links.linkFieldId),
		});
		if (plan.kind === 'refused') return { status: 'notLinked', reason: plan.reason };
		if (options.dryRun) return { status: 'wouldCreate', name: plan.body.name };
		// Under the company's creation lease, so that two runs at once never both create it.
		const created = await createOneUnderLease(
			clients,
			workspace,
			resolved.company,
			collector,
			plan.body,
			options,
		);
		if (created.kind === 'busy') return { status: 'notLinked', reason: created.reason };
		if (created.kind === 'failed') return { status: 'failed', error: created.error };
		configuration = created.configuration;
		how = created.kind === 'found' ? 'link' : 'created';
	}
	const [synced] = await syncPairs(
		clients,
		workspace,
		[
			{
				itemIndex: 0,
				agentId: agent.id,
				deviceId: COLLECTOR_DEVICE_ID,
				values,
				configuration,
				...(newLink ? { newLink } : {}),
			},
		],
		{
			policy: { ...options.policy, directions: towardsConnectWiseOnly(options.policy.directions) },
			linkStore: options.linkStore,
			dryRun: options.dryRun,
			createMissingManufacturers: options.createMissingManufacturers,
		},
	);
	if (synced.link?.status === 'notSaved')
		return { status: 'notLinked', reason: synced.link.reason };
	return {
		status: 'linked',
		configurationId: configuration.id,
		how: how ?? 'link',
		sync: synced.outcome,
	};
}

function findCollectorConfiguration(
	configurations: readonly CwConfiguration[],
	collector: DeviceRef,
	macAddress: string | null,
	options: AgentSyncOptions,
): { configuration: CwConfiguration; how: 'link' | 'mac' } | undefined {
	const linked = configurations.find((configuration) => {
		const stored = readStoredLink(configuration, options.linkStore);
		return (
			stored.kind === 'device' &&
			stored.device.agentId === collector.agentId &&
			stored.device.deviceId === collector.deviceId
		);
	});
	if (linked) return { configuration: linked, how: 'link' };
	const mac = macAddress ? normaliseMac(macAddress) : undefined;
	if (mac?.kind !== 'usable') return undefined;
	const byMac = configurations.filter((configuration) => {
		if (readStoredLink(configuration, options.linkStore).kind !== 'none') return false;
		const candidate = configuration.macAddress ? normaliseMac(configuration.macAddress) : undefined;
		return candidate?.kind === 'usable' && candidate.value === mac.value;
	});
	return byMac.length === 1 ? { configuration: byMac[0], how: 'mac' } : undefined;
}

function towardsConnectWiseOnly(
	directions: Record<SyncFieldKey, FieldDirection>,
): Record<SyncFieldKey, FieldDirection> {
	return Object.fromEntries(
		Object.entries(directions).map(([key, direction]) => [
			key,
			direction === 'domotzToConnectWise' ? direction : 'skip',
		]),
	) as Record<SyncFieldKey, FieldDirection>;
}
