import type { CwConfiguration } from '../connectwise/schemas';
import type { DomotzDevice } from '../domotz/schemas';
import {
	domotzLinkInventoryField,
	findLinkField,
	planLinkWrite,
	readStoredLink,
	type LinkStore,
} from '../links/marker';
import { matchDevices } from '../match/match';
import type {
	ConfigurationLinkedElsewhere,
	ConfigurationSummary,
	DeviceMatch,
	MatchableConfiguration,
	MatchableDevice,
	MatchKey,
	MatchScope,
} from '../match/types';
import type { CompanyLink, CompanySummary } from './company-link';
import { settleAll } from './pool';
import { SyncWorkspace, type SyncClients } from './workspace';

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

export type LinkSaveOutcome =
	| { status: 'saved'; mirroredInDomotz: boolean; mirrorError?: string }
	| { status: 'notSaved'; reason: string };

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

	if (options.saveLinks) await saveLinks(clients, items, configurations, options);

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

async function prepare(
	workspace: SyncWorkspace,
	requests: readonly DeviceRequest[],
	failures: FailedItem[],
): Promise<Prepared[]> {
	const settled = await settleAll(requests, DEFAULT_CONCURRENCY, async (request) => {
		const [device, company] = await Promise.all([
			workspace.device(request.agentId, request.deviceId),
			workspace.company(request.agentId, request.companyLink),
		]);
		return company.kind === 'resolved'
			? { request, device, company: company.company, siteId: company.siteId }
			: { request, device, companyProblem: company.reason };
	});
	return settled.flatMap((outcome, index) => {
		if (outcome.ok) return [outcome.value];
		failures.push({ kind: 'failed', itemIndex: requests[index].itemIndex, error: outcome.error });
		return [];
	});
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
	items: MatchedItem[],
	configurations: Map<number, CwConfiguration>,
	options: MatchRunOptions,
): Promise<void> {
	const toSave = items.filter((item) => item.match.status === 'matched');
	if (toSave.length === 0) return;
	const linkField = await ensureLinkField(clients, options.linkStore, toSave, configurations).then(
		(id) => ({ ok: true as const, id }),
		(error: unknown) => ({ ok: false as const, reason: describeError(error) }),
	);
	if (!linkField.ok) {
		for (const item of toSave) {
			item.linkSave = {
				status: 'notSaved',
				reason: `the link field could not be prepared: ${linkField.reason}`,
			};
		}
		return;
	}
	const linkFieldId = linkField.id;
	const mirrorReady = options.mirrorInDomotz ? ensureMirrorField(clients) : undefined;
	const outcomes = await settleAll(
		toSave,
		options.concurrency ?? DEFAULT_CONCURRENCY,
		async (item) => {
			const match = item.match;
			if (match.status !== 'matched')
				return { status: 'notSaved', reason: 'not an automatic match' } as LinkSaveOutcome;
			const configuration = configurations.get(match.configurationId);
			if (!configuration)
				return { status: 'notSaved', reason: 'the configuration was not read' } as LinkSaveOutcome;
			const device = { agentId: item.agentId, deviceId: item.device.id };
			const plan = planLinkWrite(configuration, options.linkStore, device, linkFieldId);
			if (plan.kind === 'unavailable')
				return { status: 'notSaved', reason: plan.reason } as LinkSaveOutcome;
			await clients.connectwise.patchConfiguration(configuration.id, plan.operations);
			if (!mirrorReady) return { status: 'saved', mirroredInDomotz: false } as LinkSaveOutcome;
			const mirrored = await mirrorReady
				.then(() =>
					clients.domotz.setDeviceInventoryValue(
						device.agentId,
						device.deviceId,
						domotzLinkInventoryField.key,
						String(configuration.id),
					),
				)
				.then(
					() => ({ status: 'saved', mirroredInDomotz: true }) as LinkSaveOutcome,
					(error: unknown) =>
						({
							status: 'saved',
							mirroredInDomotz: false,
							mirrorError: describeError(error),
						}) as LinkSaveOutcome,
				);
			return mirrored;
		},
	);
	outcomes.forEach((outcome, index) => {
		toSave[index].linkSave = outcome.ok
			? outcome.value
			: {
					status: 'notSaved',
					reason: describeError(outcome.error),
				};
	});
}

/** Creates the link custom field on a fresh tenant; its id is then appended to each configuration's array. */
async function ensureLinkField(
	clients: SyncClients,
	store: LinkStore,
	items: MatchedItem[],
	configurations: Map<number, CwConfiguration>,
): Promise<number | undefined> {
	if (store.kind !== 'customField') return undefined;
	const anyConfiguration = items
		.map((item) =>
			item.match.status === 'matched' ? configurations.get(item.match.configurationId) : undefined,
		)
		.find((configuration) => configuration !== undefined);
	const present = anyConfiguration ? findLinkField(anyConfiguration, store.caption) : undefined;
	if (present) return present.id;
	const wanted = store.caption.trim().toLowerCase();
	const existing = (await clients.connectwise.listUserDefinedFields()).find(
		(field) =>
			(field.caption ?? '').trim().toLowerCase() === wanted && field.podId === CONFIGURATION_POD,
	);
	if (existing) return existing.id;
	const created = await clients.connectwise.createUserDefinedField({
		caption: store.caption,
		podId: CONFIGURATION_POD,
		fieldTypeIdentifier: 'Text',
		entryTypeIdentifier: 'EntryField',
		displayOnScreenFlag: true,
		helpText:
			'Link to a Domotz device (domotz:AGENT/DEVICE) kept by the n8n Domotz ConnectWise Sync node',
	});
	return created.id;
}

/** ConnectWise's screen pod of configurations, where the link field lives. */
const CONFIGURATION_POD = 24;

async function ensureMirrorField(clients: SyncClients): Promise<void> {
	const fields = await clients.domotz.listInventoryFields();
	if (fields.some((field) => field.key === domotzLinkInventoryField.key)) return;
	await clients.domotz.createInventoryField(
		domotzLinkInventoryField.key,
		domotzLinkInventoryField.label,
	);
}

function describeError(error: unknown): string {
	return error instanceof Error ? error.message : String(error);
}
