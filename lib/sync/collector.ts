/**
 * The collector as a configuration of its agent's company (Sync Agent): found by its marker, else
 * by its licence MAC, else created when creation is on, under the creation lease its company's
 * devices take when some are created in the same run. Only Domotz → ConnectWise directions apply:
 * Domotz has no writable collector fields.
 */

import type { SyncClients } from '../clients';
import type { CwConfiguration } from '../connectwise/schemas';
import type { DomotzAgent } from '../domotz/schemas';
import {
	COLLECTOR_MANUFACTURER,
	readCollectorValues,
	type DomotzValues,
	type FieldDirection,
	type SyncFieldKey,
} from '../fields/sync-fields';
import {
	COLLECTOR_DEVICE_ID,
	linkFieldsForCreate,
	readStoredLink,
	type DeviceRef,
	type LinkStore,
} from '../links/marker';
import { prepareLinkWrites } from '../links/setup';
import { planLinkParts } from '../links/writes';
import { normaliseMac } from '../match';
import type { ResolvedCompany } from './company-link';
import type { AgentSyncOptions } from './options';
import { syncPairs, type NewLink, type SyncOutcome } from './pairs';
import { planConfigurationCreate } from './plan';
import {
	createOneUnderLease,
	type CollectorCreate,
	type LeasedCreate,
} from './settle/create-configurations';
import type { SyncWorkspace } from './workspace';

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

type Company = Extract<ResolvedCompany, { kind: 'resolved' }>;

/** The collector's configuration, ready to sync, or how the search for it ended. */
type CollectorPair =
	| {
			kind: 'pair';
			configuration: CwConfiguration;
			how: 'link' | 'mac' | 'created';
			newLink?: NewLink;
	  }
	| { kind: 'outcome'; outcome: CollectorOutcome };

/** As `CollectorPair`, or the configuration to create for it. */
export type CollectorStart = CollectorPair | { kind: 'create'; create: CollectorCreate };

/**
 * The collector's configuration found among its company's, or the one to create, planned before
 * the agent's devices are created so that it is created under the lease they take
 * (create-configurations.ts).
 */
export async function startCollector(
	workspace: SyncWorkspace,
	agent: DomotzAgent,
	resolved: Company,
	configurations: readonly CwConfiguration[],
	options: AgentSyncOptions,
): Promise<CollectorStart> {
	const collector: DeviceRef = { agentId: agent.id, deviceId: COLLECTOR_DEVICE_ID };
	const values = readCollectorValues(agent);
	const found = findCollectorConfiguration(
		configurations,
		collector,
		values.macAddress,
		options.linkStore,
	);
	const started = found
		? linkFound(workspace, found, collector, options)
		: planCollector(workspace, agent, resolved, configurations, values, options);
	return await started.catch(
		(error: unknown): CollectorStart => ({
			kind: 'outcome',
			outcome: { status: 'failed', error },
		}),
	);
}

/**
 * Syncs the collector's configuration; one to create is created here, under a lease of its own,
 * unless it was created with the devices (`createdWithDevices`).
 */
export async function syncCollector(
	clients: SyncClients,
	workspace: SyncWorkspace,
	agent: DomotzAgent,
	start: CollectorStart,
	createdWithDevices: LeasedCreate | undefined,
	options: AgentSyncOptions,
): Promise<CollectorOutcome> {
	const paired =
		start.kind === 'create'
			? pairOf(
					createdWithDevices ??
						(await createOneUnderLease(
							clients,
							workspace,
							start.create.company,
							start.create.collector,
							start.create.body,
							options,
						)),
				)
			: start;
	if (paired.kind === 'outcome') return paired.outcome;
	const [synced] = await syncPairs(
		clients,
		workspace,
		[
			{
				itemIndex: 0,
				agentId: agent.id,
				deviceId: COLLECTOR_DEVICE_ID,
				values: readCollectorValues(agent),
				configuration: paired.configuration,
				...(paired.newLink ? { newLink: paired.newLink } : {}),
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
		configurationId: paired.configuration.id,
		how: paired.how,
		sync: synced.outcome,
	};
}

/** A configuration found by its licence MAC gets the collector's link with its field changes. */
async function linkFound(
	workspace: SyncWorkspace,
	found: { configuration: CwConfiguration; how: 'link' | 'mac' },
	collector: DeviceRef,
	options: AgentSyncOptions,
): Promise<CollectorPair> {
	if (found.how !== 'mac' || options.dryRun) return { kind: 'pair', ...found };
	const links = await prepareLinkWrites(
		workspace,
		{ ...options, mirrorInDomotz: false },
		found.configuration,
	);
	if (!links.ok) return { kind: 'outcome', outcome: { status: 'notLinked', reason: links.reason } };
	const parts = planLinkParts(
		found.configuration,
		collector,
		options.linkStore,
		links.linkFieldId,
		false,
	);
	if (parts.kind === 'unavailable') {
		return { kind: 'outcome', outcome: { status: 'notLinked', reason: parts.reason } };
	}
	return { kind: 'pair', ...found, newLink: { operations: parts.operations } };
}

/**
 * The collector's configuration to create, under its company's creation lease so that two runs
 * at once never both create it; in a dry run, only its name.
 */
async function planCollector(
	workspace: SyncWorkspace,
	agent: DomotzAgent,
	resolved: Company,
	configurations: readonly CwConfiguration[],
	values: DomotzValues,
	options: AgentSyncOptions,
): Promise<CollectorStart> {
	const notLinked = (reason: string): CollectorStart => ({
		kind: 'outcome',
		outcome: { status: 'notLinked', reason },
	});
	const typeId = options.collector?.typeId ?? options.create?.defaultTypeId;
	if (!options.create || typeId === undefined) {
		return notLinked(
			'no configuration carries the collector link or its licence MAC; turn on creation (with a collector or default type) to create one',
		);
	}
	const links = options.dryRun
		? ({ ok: true, linkFieldId: undefined } as const)
		: await prepareLinkWrites(workspace, { ...options, mirrorInDomotz: false }, configurations[0]);
	if (!links.ok) return notLinked(links.reason);
	const collector: DeviceRef = { agentId: agent.id, deviceId: COLLECTOR_DEVICE_ID };
	const manufacturers = await workspace.prepareManufacturers(
		[COLLECTOR_MANUFACTURER],
		options.createMissingManufacturers && !options.dryRun,
	);
	const plan = planConfigurationCreate(values, {
		companyId: resolved.company.id,
		siteId: resolved.siteId,
		typeId,
		statusId: options.create.statusId,
		fallbackName: agent.display_name,
		lookups: { manufacturers: manufacturers.lookup, sites: new Map() },
		truncate: options.create.truncate,
		exclude: options.create.exclude,
		linkFields: linkFieldsForCreate(options.linkStore, collector, links.linkFieldId),
	});
	if (plan.kind === 'refused') return notLinked(plan.reason);
	if (options.dryRun) {
		return { kind: 'outcome', outcome: { status: 'wouldCreate', name: plan.body.name } };
	}
	return { kind: 'create', create: { company: resolved.company, collector, body: plan.body } };
}

function pairOf(created: LeasedCreate): CollectorPair {
	if (created.kind === 'busy') {
		return { kind: 'outcome', outcome: { status: 'notLinked', reason: created.reason } };
	}
	if (created.kind === 'failed') {
		return { kind: 'outcome', outcome: { status: 'failed', error: created.error } };
	}
	return {
		kind: 'pair',
		configuration: created.configuration,
		how: created.kind === 'found' ? 'link' : 'created',
	};
}

function findCollectorConfiguration(
	configurations: readonly CwConfiguration[],
	collector: DeviceRef,
	macAddress: string | null,
	store: LinkStore,
): { configuration: CwConfiguration; how: 'link' | 'mac' } | undefined {
	const linked = configurations.find((configuration) => {
		const stored = readStoredLink(configuration, store);
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
		if (readStoredLink(configuration, store).kind !== 'none') return false;
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
