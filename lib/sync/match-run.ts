import type { CwConfiguration } from '../connectwise/schemas';
import type { DomotzDevice } from '../domotz/schemas';
import { readStoredLink, type LinkStore } from '../links/marker';
import { matchDevices } from '../match';
import type {
	ConfigurationLinkedElsewhere,
	ConfigurationSummary,
	DeviceMatch,
	MatchableConfiguration,
	MatchableDevice,
	MatchKey,
	MatchScope,
} from '../match';
import { companyLinkKey, type CompanyLink, type CompanySummary } from './company-link';
import { applyPlans } from './apply';
import {
	describeLinkSave,
	planLinkSave,
	prepareLinkWrites,
	repairPendingMirrors,
	type LinkSaveOutcome,
} from './link-writes';
import { settleAll } from './pool';
import { noSuchDevice, SyncWorkspace, type SyncClients } from './workspace';

export interface DeviceRequest {
	itemIndex: number;
	agentId: number;
	deviceId: number;
	companyLink: CompanyLink;
}

export interface MatchRunOptions {
	keys: readonly MatchKey[];
	onlyActive: boolean;
	scope: MatchScope;
	saveLinks: boolean;
	linkStore: LinkStore;
	mirrorInDomotz: boolean;
	/** Writes in flight at once when saving links. */
	concurrency?: number;
}

export type { LinkSaveOutcome };

export interface MatchedItem {
	kind: 'result';
	itemIndex: number;
	device: DomotzDevice;
	agentId: number;
	company?: CompanySummary;
	siteId?: number;
	companyProblem?: string;
	match: DeviceMatch;
	linkSave?: LinkSaveOutcome;
}

export interface FailedItem {
	kind: 'failed';
	itemIndex: number;
	error: unknown;
}

export interface UnmatchedConfiguration extends ConfigurationSummary {
	/** `noMatchingDevice`: nothing links or matches it; `linkedDeviceGone`: its link names a device Domotz no longer has. */
	reason: 'noMatchingDevice' | 'linkedDeviceGone';
	linkedDevice?: { agentId: number; deviceId: number };
	companyName?: string;
	/** Input items whose devices were matched against this configuration's company. */
	itemIndexes: number[];
}

export interface MatchRunReport {
	items: Array<MatchedItem | FailedItem>;
	unmatchedConfigurations: UnmatchedConfiguration[];
}

interface Prepared {
	request: DeviceRequest;
	device: DomotzDevice;
	company?: CompanySummary;
	siteId?: number;
	companyProblem?: string;
}

const DEFAULT_CONCURRENCY = 4;

/**
 * Match to Configurations: reads each agent's devices and each company's configurations once,
 * matches them with the pure engine, and (when asked) saves automatic matches as durable links.
 * A failure is reported on the items it concerns; the other items go on.
 */
export async function runMatch(
	clients: SyncClients,
	requests: readonly DeviceRequest[],
	options: MatchRunOptions,
	workspace = new SyncWorkspace(clients),
): Promise<MatchRunReport> {
	const failures: FailedItem[] = [];
	const prepared = await prepare(workspace, requests, failures);
	const configurations = await loadConfigurations(workspace, prepared, options.scope, failures);
	const failedItems = new Set(failures.map((failure) => failure.itemIndex));
	const usable = prepared.filter((entry) => !failedItems.has(entry.request.itemIndex));

	const result = matchDevices(
		usable.map((entry) => toMatchableDevice(entry)),
		[...configurations.values()].map((configuration) =>
			toMatchableConfiguration(configuration, options.linkStore),
		),
		{ keys: options.keys, onlyActive: options.onlyActive, scope: options.scope },
	);

	const items: MatchedItem[] = usable.map((entry, index) => ({
		kind: 'result',
		itemIndex: entry.request.itemIndex,
		device: entry.device,
		agentId: entry.request.agentId,
		company: entry.company,
		siteId: entry.siteId,
		companyProblem: entry.companyProblem,
		match: result.devices[index],
	}));

	if (options.saveLinks) await saveLinks(clients, workspace, items, configurations, options);
	if (options.saveLinks && options.mirrorInDomotz) {
		const linked = items.flatMap((item) => {
			const { match } = item;
			const configuration =
				match.status === 'linked' ? configurations.get(match.configurationId) : undefined;
			return configuration ? [configuration] : [];
		});
		await repairPendingMirrors(clients, workspace, linked, options);
	}

	const companyNames = new Map(
		usable.flatMap((entry) => (entry.company ? [[entry.company.id, entry.company.name]] : [])),
	);
	const itemsByCompany = new Map<number, number[]>();
	for (const entry of usable) {
		if (!entry.company) continue;
		const indexes = itemsByCompany.get(entry.company.id) ?? [];
		indexes.push(entry.request.itemIndex);
		itemsByCompany.set(entry.company.id, indexes);
	}
	const allItemIndexes = usable.map((entry) => entry.request.itemIndex);
	const annotate = (configuration: ConfigurationSummary) => ({
		companyName: companyNames.get(configuration.companyId),
		itemIndexes: itemsByCompany.get(configuration.companyId) ?? allItemIndexes,
	});
	const staleLinks = await findStaleLinks(workspace, result.linkedElsewhere);
	return {
		items: [...items, ...failures].sort((a, b) => a.itemIndex - b.itemIndex),
		unmatchedConfigurations: [
			...result.unmatchedConfigurations.map((configuration) => ({
				...configuration,
				reason: 'noMatchingDevice' as const,
				...annotate(configuration),
			})),
			...staleLinks.map((configuration) => ({
				...configuration,
				reason: 'linkedDeviceGone' as const,
				...annotate(configuration),
			})),
		],
	};
}

/**
 * A configuration whose link names a device outside the input is usually linked to a device of
 * another batch; it is reported only when that device's agent no longer lists it.
 */
async function findStaleLinks(
	workspace: SyncWorkspace,
	linkedElsewhere: readonly ConfigurationLinkedElsewhere[],
): Promise<ConfigurationLinkedElsewhere[]> {
	const agentIds = [
		...new Set(linkedElsewhere.map((configuration) => configuration.linkedDevice.agentId)),
	];
	const listed = await settleAll(agentIds, DEFAULT_CONCURRENCY, (agentId) =>
		workspace.devices(agentId),
	);
	const deviceIdsByAgent = new Map<number, Set<number>>();
	listed.forEach((outcome, index) => {
		if (outcome.ok)
			deviceIdsByAgent.set(agentIds[index], new Set(outcome.value.map((device) => device.id)));
	});
	return linkedElsewhere.filter((configuration) => {
		const known = deviceIdsByAgent.get(configuration.linkedDevice.agentId);
		return known !== undefined && !known.has(configuration.linkedDevice.deviceId);
	});
}

/** Each agent's devices and company are resolved once; its devices are then found in memory. */
async function prepare(
	workspace: SyncWorkspace,
	requests: readonly DeviceRequest[],
	failures: FailedItem[],
): Promise<Prepared[]> {
	const groupOf = new Map<string, number>();
	const firstRequests: DeviceRequest[] = [];
	const groups = requests.map((request) => {
		const key = companyLinkKey(request.agentId, request.companyLink);
		let group = groupOf.get(key);
		if (group === undefined) {
			group = firstRequests.push(request) - 1;
			groupOf.set(key, group);
		}
		return group;
	});
	const resolved = await settleAll(firstRequests, DEFAULT_CONCURRENCY, (request) =>
		Promise.all([
			workspace.devicesById(request.agentId),
			workspace.company(request.agentId, request.companyLink),
		]),
	);
	const prepared: Prepared[] = [];
	requests.forEach((request, index) => {
		const group = resolved[groups[index]];
		if (!group.ok) {
			failures.push({ kind: 'failed', itemIndex: request.itemIndex, error: group.error });
			return;
		}
		const [devices, company] = group.value;
		const device = devices.get(request.deviceId);
		if (!device) {
			failures.push({
				kind: 'failed',
				itemIndex: request.itemIndex,
				error: noSuchDevice(request.agentId, request.deviceId),
			});
			return;
		}
		prepared.push(
			company.kind === 'resolved'
				? { request, device, company: company.company, siteId: company.siteId }
				: { request, device, companyProblem: company.reason },
		);
	});
	return prepared;
}

async function loadConfigurations(
	workspace: SyncWorkspace,
	prepared: Prepared[],
	scope: MatchScope,
	failures: FailedItem[],
): Promise<Map<number, CwConfiguration>> {
	const byId = new Map<number, CwConfiguration>();
	if (scope === 'allCompanies') {
		const [sweep] = await settleAll([null], 1, () => workspace.allConfigurations());
		if (!sweep.ok) {
			for (const entry of prepared) {
				failures.push({ kind: 'failed', itemIndex: entry.request.itemIndex, error: sweep.error });
			}
			return byId;
		}
		for (const configuration of sweep.value) byId.set(configuration.id, configuration);
		return byId;
	}
	const companyIds = [
		...new Set(prepared.flatMap((entry) => (entry.company ? [entry.company.id] : []))),
	];
	const settled = await settleAll(companyIds, DEFAULT_CONCURRENCY, (companyId) =>
		workspace.configurationsOf(companyId),
	);
	settled.forEach((outcome, index) => {
		if (outcome.ok) {
			for (const configuration of outcome.value) byId.set(configuration.id, configuration);
			return;
		}
		for (const entry of prepared) {
			if (entry.company?.id === companyIds[index]) {
				failures.push({ kind: 'failed', itemIndex: entry.request.itemIndex, error: outcome.error });
			}
		}
	});
	return byId;
}

function toMatchableDevice(entry: Prepared): MatchableDevice {
	const { device } = entry;
	return {
		agentId: entry.request.agentId,
		deviceId: device.id,
		name: device.user_data?.name || device.display_name,
		serial: device.details?.serial ?? null,
		macAddresses: device.hw_address ? [device.hw_address] : [],
		ipAddresses: device.ip_addresses ?? [],
		companyId: entry.company?.id,
	};
}

function toMatchableConfiguration(
	configuration: CwConfiguration,
	store: LinkStore,
): MatchableConfiguration {
	const stored = readStoredLink(configuration, store);
	return {
		id: configuration.id,
		name: configuration.name ?? `Configuration ${configuration.id}`,
		companyId: configuration.company?.id ?? -1,
		active: configuration.activeFlag !== false,
		serialNumber: configuration.serialNumber ?? null,
		macAddress: configuration.macAddress ?? null,
		ipAddress: configuration.ipAddress ?? null,
		linkedDevice: stored.kind === 'device' ? stored.device : undefined,
	};
}

async function saveLinks(
	clients: SyncClients,
	workspace: SyncWorkspace,
	items: MatchedItem[],
	configurations: Map<number, CwConfiguration>,
	options: MatchRunOptions,
): Promise<void> {
	const toSave = items.flatMap((item) => {
		const configuration =
			item.match.status === 'matched' ? configurations.get(item.match.configurationId) : undefined;
		return configuration ? [{ item, configuration }] : [];
	});
	if (toSave.length === 0) return;
	const prepared = await prepareLinkWrites(workspace, options, toSave[0].configuration);
	if (!prepared.ok) {
		for (const { item } of toSave) item.linkSave = { status: 'notSaved', reason: prepared.reason };
		return;
	}
	const planned = toSave.map(({ item, configuration }) => ({
		item,
		plan: planLinkSave(
			configuration,
			{ agentId: item.agentId, deviceId: item.device.id },
			options.linkStore,
			prepared.linkFieldId,
			prepared.mirror,
		),
	}));
	const writable = planned.flatMap((entry) => (entry.plan.kind === 'write' ? [entry] : []));
	const outcomes = await applyPlans(
		clients,
		writable.map((entry) => (entry.plan.kind === 'write' ? entry.plan.writes : { steps: [] })),
		{ concurrency: options.concurrency ?? DEFAULT_CONCURRENCY, shared: workspace.writeSlots },
	);
	for (const entry of planned) {
		if (entry.plan.kind === 'unavailable')
			entry.item.linkSave = { status: 'notSaved', reason: entry.plan.reason };
	}
	writable.forEach((entry, index) => {
		entry.item.linkSave = describeLinkSave(outcomes[index], prepared.mirror);
	});
}
