/**
 * Create Configurations: every incoming device gets exactly one configuration in its agent's
 * company. Devices are matched again first, so a device that already has a configuration gets it
 * back (linked) instead of a second one; the link marker travels in the create request itself, so
 * a run that dies halfway and is run again finds what it created and creates nothing twice. Two
 * runs at once (queue-mode workers) create nothing twice either: a company's configurations are
 * created under its creation lease (lease.ts), after a fresh look for the devices' markers. Devices
 * that would give one company two configurations with the same serial number or MAC address are
 * not created at all.
 */

import type { CwConfiguration, CwConfigurationInput } from '../connectwise/schemas';
import type { DomotzDevice } from '../domotz/schemas';
import type { SyncFieldKey } from '../fields/sync-fields';
import { readDeviceValues } from '../fields/sync-fields';
import {
	agentMarkerQuery,
	findLinkField,
	formatMarker,
	linkFieldsForCreate,
	markerQuery,
	readStoredLink,
	type DeviceRef,
	type LinkStore,
} from '../links/marker';
import { mayCreateConfiguration, normaliseMac, normaliseSerial, type MatchKey } from '../match';
import { applyPlans, type StepOutcome, type WritePlan, type WriteStep } from './apply';
import type { CompanySummary } from './company-link';
import {
	describeLinkSave,
	describeMirrorConfirmation,
	describeStepFailure,
	planFromParts,
	planMirrorConfirmation,
	prepareLinkWrites,
	type LinkSaveOutcome,
	type LinkSettings,
} from './link-writes';
import { withCreationLease, type HeldLease, type LeaseSettings } from './lease';
import { runMatch, type DeviceRequest, type MatchedItem } from './match-run';
import { planConfigurationCreate, type FieldSkip } from './plan';
import { settleAll } from './pool';
import { normaliseName } from './setup';
import { SyncWorkspace, type SyncClients } from './workspace';

export interface CreateRequest extends DeviceRequest {
	/** Name used when the device has none. */
	fallbackName: string;
}

export interface TypeMapping {
	domotzTypeId: number;
	configurationTypeId: number;
}

export interface CreateRunOptions extends LinkSettings {
	keys: readonly MatchKey[];
	onlyActive: boolean;
	typeMap: readonly TypeMapping[];
	/** Configuration type for devices whose Domotz type is not in the map. */
	defaultTypeId?: number;
	statusId?: number;
	createMissingManufacturers: boolean;
	/** Fields whose too-long values may be shortened to ConnectWise's limit. */
	truncate: ReadonlySet<SyncFieldKey>;
	/** Fields left empty on the new configurations. */
	exclude: ReadonlySet<SyncFieldKey>;
	/** Sync Agent without creation: unmatched devices are only reported. Defaults to true. */
	createUnmatched?: boolean;
	/** Plan only: no link is saved and nothing is created. */
	dryRun?: boolean;
	/**
	 * Whether the links of matched devices are saved here. Defaults to true; Sync Agent saves them
	 * itself, in one PATCH with the field changes, and gets those devices back as `wouldLink`.
	 */
	saveMatchedLinks?: boolean;
	concurrency?: number;
	/** The creation lease's timing; tests shorten it. */
	lease?: LeaseSettings;
}

export type CreateOutcome =
	| {
			status: 'created';
			configuration: CwConfiguration;
			/** The create answer was lost and the configuration was found by its link marker. */
			recovered: boolean;
			filled: SyncFieldKey[];
			truncated: Array<{ field: SyncFieldKey; originalLength: number; limit: number }>;
			skippedFields: FieldSkip[];
			link: LinkSaveOutcome;
	  }
	| {
			status: 'wouldCreate';
			body: CwConfigurationInput;
			filled: SyncFieldKey[];
			truncated: Array<{ field: SyncFieldKey; originalLength: number; limit: number }>;
			skippedFields: FieldSkip[];
	  }
	| { status: 'alreadyLinked'; configurationId: number; configurationName: string }
	| {
			status: 'wouldLink';
			configurationId: number;
			configurationName: string;
			matchedBy: MatchKey;
	  }
	| { status: 'unmatched' }
	| {
			status: 'linkedExisting';
			configurationId: number;
			configurationName: string;
			matchedBy: MatchKey;
			link: LinkSaveOutcome;
	  }
	| { status: 'skipped'; reason: string; matchStatus?: string }
	| { status: 'failed'; error: unknown };

export interface CreateRunItem {
	itemIndex: number;
	agentId: number;
	deviceId: number;
	device?: DomotzDevice;
	company?: CompanySummary;
	outcome: CreateOutcome;
}

const DEFAULT_CONCURRENCY = 4;

export async function runCreate(
	clients: SyncClients,
	requests: readonly CreateRequest[],
	options: CreateRunOptions,
	workspace = new SyncWorkspace(clients),
): Promise<CreateRunItem[]> {
	const concurrency = options.concurrency ?? DEFAULT_CONCURRENCY;
	const dryRun = options.dryRun ?? false;
	const linkNow = !dryRun && options.saveMatchedLinks !== false;
	const creating = !dryRun && options.createUnmatched !== false;
	const matched = await runMatch(
		clients,
		requests,
		{
			keys: options.keys,
			onlyActive: options.onlyActive,
			scope: 'company',
			saveLinks: linkNow,
			linkStore: options.linkStore,
			mirrorInDomotz: options.mirrorInDomotz,
			concurrency,
		},
		workspace,
	);
	// A run that creates looks for the markers of the devices it creates under the company's lease,
	// just before it creates them; the other unmatched devices are looked up here.
	const linkedElsewhere = await markersInOtherCompanies(
		workspace,
		matched.items.filter((item) => !(creating && item.kind === 'result' && isCreatable(item))),
		options,
	);
	const fallbackNames = new Map(
		requests.map((request) => [request.itemIndex, request.fallbackName]),
	);
	const results: CreateRunItem[] = [];
	const toCreate: MatchedItem[] = [];
	for (const item of matched.items) {
		if (item.kind === 'failed') {
			const request = requests.find((candidate) => candidate.itemIndex === item.itemIndex);
			results.push({
				itemIndex: item.itemIndex,
				agentId: request?.agentId ?? 0,
				deviceId: request?.deviceId ?? 0,
				outcome: { status: 'failed', error: item.error },
			});
			continue;
		}
		const elsewhere = linkedElsewhere.get(item.itemIndex);
		const settled = elsewhere ? alreadyLinked(elsewhere) : settledByMatch(item, linkNow);
		if (settled) results.push(resultOf(item, settled));
		else if (options.createUnmatched === false)
			results.push(resultOf(item, { status: 'unmatched' }));
		else toCreate.push(item);
	}
	results.push(...(await createFor(clients, workspace, toCreate, fallbackNames, options)));
	return results.sort((a, b) => a.itemIndex - b.itemIndex);
}

/** Whether matching leaves the device to be created: unmatched, safely, in a known company. */
function isCreatable(item: MatchedItem): boolean {
	return item.company !== undefined && mayCreateConfiguration(item.match);
}

function alreadyLinked(configuration: CwConfiguration): CreateOutcome {
	return {
		status: 'alreadyLinked',
		configurationId: configuration.id,
		configurationName: configuration.name ?? `Configuration ${configuration.id}`,
	};
}

/**
 * Devices that look unmatched in their company but whose marker sits on a configuration of another
 * company (linked there by hand or by an all-companies match): they are linked, not unmatched. One
 * query per agent, read once per execution. Matched devices are left out: their links were saved
 * just before this query, which would otherwise find them.
 */
async function markersInOtherCompanies(
	workspace: SyncWorkspace,
	items: ReadonlyArray<MatchedItem | { kind: 'failed' }>,
	options: CreateRunOptions,
): Promise<Map<number, CwConfiguration>> {
	const creatable = items.flatMap((item) =>
		item.kind === 'result' && item.match.status === 'unmatched' ? [item] : [],
	);
	return await carryingMarkers(creatable, options.linkStore, (agentId) =>
		workspace.linkedToAgent(agentId, options.linkStore),
	);
}

/**
 * The configuration carrying each item's marker, in either form (a pending mirror is still a
 * link), by item, from one marker query per agent.
 */
async function carryingMarkers(
	items: readonly MatchedItem[],
	store: LinkStore,
	linkedToAgent: (agentId: number) => Promise<CwConfiguration[]>,
): Promise<Map<number, CwConfiguration>> {
	const agentIds = [...new Set(items.map((item) => item.agentId))];
	const byMarker = new Map<string, CwConfiguration>();
	for (const configurations of await Promise.all(agentIds.map(linkedToAgent))) {
		for (const configuration of configurations) {
			const stored = readStoredLink(configuration, store);
			if (stored.kind === 'device') byMarker.set(formatMarker(stored.device), configuration);
		}
	}
	const found = new Map<number, CwConfiguration>();
	for (const item of items) {
		const configuration = byMarker.get(
			formatMarker({ agentId: item.agentId, deviceId: item.device.id }),
		);
		if (configuration) found.set(item.itemIndex, configuration);
	}
	return found;
}

/** The markers of the agents' devices as ConnectWise holds them now, not as the run first read them. */
function freshMarkers(
	clients: SyncClients,
	items: readonly MatchedItem[],
	store: LinkStore,
): Promise<Map<number, CwConfiguration>> {
	return carryingMarkers(items, store, (agentId) =>
		clients.connectwise.listConfigurations(agentMarkerQuery(store, agentId)),
	);
}

/** The outcome of a device that matching already settled, or undefined when it needs a create. */
function settledByMatch(item: MatchedItem, linkNow: boolean): CreateOutcome | undefined {
	const { match } = item;
	if (match.status === 'linked') {
		return {
			status: 'alreadyLinked',
			configurationId: match.configurationId,
			configurationName: match.configurationName,
		};
	}
	if (match.status === 'matched' && !linkNow) {
		return {
			status: 'wouldLink',
			configurationId: match.configurationId,
			configurationName: match.configurationName,
			matchedBy: match.matchedBy,
		};
	}
	if (match.status === 'matched') {
		return {
			status: 'linkedExisting',
			configurationId: match.configurationId,
			configurationName: match.configurationName,
			matchedBy: match.matchedBy,
			link: item.linkSave ?? { status: 'notSaved', reason: 'the link was not saved' },
		};
	}
	if (!item.company) {
		return {
			status: 'skipped',
			reason: item.companyProblem ?? 'the agent is not linked to a ConnectWise company',
			matchStatus: match.status,
		};
	}
	if (!mayCreateConfiguration(match)) {
		const why = match.notes.map((note) => note.message).join('; ');
		return {
			status: 'skipped',
			reason: `matching says a configuration may already exist (${match.status}${why ? `: ${why}` : ''}); link it by hand or resolve the ambiguity`,
			matchStatus: match.status,
		};
	}
	return undefined;
}

function resultOf(item: MatchedItem, outcome: CreateOutcome): CreateRunItem {
	return {
		itemIndex: item.itemIndex,
		agentId: item.agentId,
		deviceId: item.device.id,
		device: item.device,
		company: item.company,
		outcome,
	};
}

interface CreateCandidate {
	item: MatchedItem;
	company: CompanySummary;
	plan: Extract<ReturnType<typeof planConfigurationCreate>, { kind: 'create' }>;
	skippedFields: FieldSkip[];
}

interface PlannedCreates {
	/** Devices planning settled without a create (no type, a refused plan, a shared key). */
	settled: CreateRunItem[];
	candidates: CreateCandidate[];
	mirror: boolean;
}

/**
 * Plans every device's configuration; a dry run stops there. Otherwise each company's
 * configurations are created under the company's lease, once a fresh marker query shows that no
 * other run created them meanwhile.
 */
async function createFor(
	clients: SyncClients,
	workspace: SyncWorkspace,
	items: readonly MatchedItem[],
	fallbackNames: ReadonlyMap<number, string>,
	options: CreateRunOptions,
): Promise<CreateRunItem[]> {
	if (items.length === 0) return [];
	const planned = await planCreates(workspace, items, fallbackNames, options);
	if (options.dryRun) {
		return [
			...planned.settled,
			...planned.candidates.map(({ item, plan, skippedFields }) =>
				resultOf(item, {
					status: 'wouldCreate',
					body: plan.body,
					filled: plan.filled,
					truncated: plan.truncated,
					skippedFields,
				}),
			),
		];
	}
	const byCompany = new Map<number, CreateCandidate[]>();
	for (const candidate of planned.candidates) {
		const companyId = candidate.company.id;
		byCompany.set(companyId, [...(byCompany.get(companyId) ?? []), candidate]);
	}
	const created = await Promise.all(
		[...byCompany.values()].map((candidates) =>
			createInCompany(clients, workspace, candidates, planned.mirror, options),
		),
	);
	return [...planned.settled, ...created.flat()];
}

async function createInCompany(
	clients: SyncClients,
	workspace: SyncWorkspace,
	candidates: readonly CreateCandidate[],
	mirror: boolean,
	options: CreateRunOptions,
): Promise<CreateRunItem[]> {
	const { company } = candidates[0];
	await clients.writesAfter?.();
	const leased = await withCreationLease(
		clients.connectwise,
		company.id,
		async (lease) => {
			const linked = await freshMarkers(
				clients,
				candidates.map(({ item }) => item),
				options.linkStore,
			);
			const remaining = candidates.filter(({ item }) => !linked.has(item.itemIndex));
			const created = await createPlanned(clients, workspace, remaining, lease, options);
			return { linked, remaining, created };
		},
		options.lease,
	);
	if (leased.kind === 'busy') {
		const reason = busyReason(company, leased.holderNoteId);
		return candidates.map(({ item }) => resultOf(item, { status: 'skipped', reason }));
	}
	if (leased.kind === 'unavailable') {
		return candidates.map(({ item }) => resultOf(item, { status: 'failed', error: leased.error }));
	}
	const { linked, remaining, created } = leased.value;
	const alreadyThere = candidates.flatMap(({ item }) => {
		const configuration = linked.get(item.itemIndex);
		return configuration ? [resultOf(item, alreadyLinked(configuration))] : [];
	});
	return [
		...alreadyThere,
		...(await reportCreated(clients, workspace, remaining, mirror, created, options)),
	];
}

function busyReason(company: CompanySummary, holderNoteId: number): string {
	return `another run is creating configurations for company ${company.name || company.id} (lease note ${holderNoteId}); it will be created by that run or the next`;
}

/** Plans a configuration for each device; those that cannot get one are settled with the reason. */
async function planCreates(
	workspace: SyncWorkspace,
	items: readonly MatchedItem[],
	fallbackNames: ReadonlyMap<number, string>,
	options: CreateRunOptions,
): Promise<PlannedCreates> {
	const knownConfiguration = await anyConfigurationOf(workspace, items);
	const links = options.dryRun
		? ({
				ok: true,
				linkFieldId: knownLinkFieldId(options, knownConfiguration),
				mirror: false,
			} as const)
		: await prepareLinkWrites(workspace, options, knownConfiguration);
	if (!links.ok) {
		return {
			settled: items.map((item) =>
				resultOf(item, {
					status: 'skipped',
					reason: `nothing was created because ${links.reason}`,
				}),
			),
			candidates: [],
			mirror: false,
		};
	}
	const values = new Map(items.map((item) => [item.itemIndex, readDeviceValues(item.device)]));
	const manufacturers = options.exclude.has('manufacturer')
		? { lookup: new Map<string, { id: number; name: string }>(), created: [], failed: [] }
		: await workspace.prepareManufacturers(
				[...values.values()].flatMap((value) => (value.manufacturer ? [value.manufacturer] : [])),
				options.createMissingManufacturers && !options.dryRun,
			);
	const sitesByCompany = await readSites(workspace, items, values, options);
	// With the mirror, a configuration is created with the pending marker, confirmed once its
	// mirror is written: a run that dies in between leaves the next run a link to repair.
	const pendingMirror = options.dryRun ? options.mirrorInDomotz : links.mirror;

	const settled: CreateRunItem[] = [];
	const candidates: CreateCandidate[] = [];
	for (const item of items) {
		const company = item.company as CompanySummary;
		const typeId = configurationTypeFor(item.device, options);
		if (typeId === undefined) {
			settled.push(
				resultOf(item, {
					status: 'skipped',
					reason: `no configuration type: Domotz type ${describeDomotzType(item.device)} is not in the type map and there is no default type`,
				}),
			);
			continue;
		}
		const device: DeviceRef = { agentId: item.agentId, deviceId: item.device.id };
		const plan = planConfigurationCreate(values.get(item.itemIndex)!, {
			companyId: company.id,
			siteId: item.siteId,
			typeId,
			statusId: options.statusId,
			fallbackName: fallbackNames.get(item.itemIndex) ?? `Domotz device ${item.device.id}`,
			lookups: {
				manufacturers: manufacturers.lookup,
				sites: sitesByCompany.get(company.id) ?? new Map(),
			},
			truncate: options.truncate,
			exclude: options.exclude,
			linkFields: linkFieldsForCreate(
				options.linkStore,
				device,
				links.linkFieldId,
				pendingMirror ? 'pending' : 'confirmed',
			),
		});
		if (plan.kind === 'refused') {
			settled.push(resultOf(item, { status: 'skipped', reason: plan.reason }));
			continue;
		}
		const vendor = values.get(item.itemIndex)?.manufacturer ?? null;
		candidates.push({
			item,
			company,
			plan,
			skippedFields: explainSkips(plan.skipped, vendor, manufacturers.failed),
		});
	}
	const shared = sharedKeyReasons(
		candidates.map(({ item, company, plan }) => ({
			itemIndex: item.itemIndex,
			agentId: item.agentId,
			deviceId: item.device.id,
			companyId: company.id,
			body: plan.body,
		})),
	);
	for (const { item } of candidates) {
		const reason = shared.get(item.itemIndex);
		if (reason)
			settled.push(resultOf(item, { status: 'skipped', reason, matchStatus: 'ambiguous' }));
	}
	return {
		settled,
		candidates: candidates.filter(({ item }) => !shared.has(item.itemIndex)),
		mirror: links.mirror,
	};
}

/** A key that identifies one device: two new configurations with it would be duplicates. */
const strongKeys: ReadonlyArray<{
	field: 'serialNumber' | 'macAddress';
	label: string;
	normalise: (raw: string) => string | undefined;
}> = [
	{
		field: 'serialNumber',
		label: 'serial number',
		normalise: (raw) => {
			const reading = normaliseSerial(raw);
			return reading.kind === 'usable' ? reading.value : undefined;
		},
	},
	{
		field: 'macAddress',
		label: 'MAC address',
		normalise: (raw) => {
			const reading = normaliseMac(raw);
			return reading.kind === 'usable' ? reading.value : undefined;
		},
	},
];

export interface NewConfiguration {
	itemIndex: number;
	agentId: number;
	deviceId: number;
	companyId: number;
	body: CwConfigurationInput;
}

/**
 * Why devices are not created: those about to get configurations in one company with the same
 * serial number or MAC address (normalised), which would make two configurations of one thing.
 * Shared IP addresses do not count: they change hands. By item index.
 */
export function sharedKeyReasons(creates: readonly NewConfiguration[]): Map<number, string> {
	const clashes = new Map<number, string[]>();
	for (const { field, label, normalise } of strongKeys) {
		const holders = new Map<string, NewConfiguration[]>();
		for (const create of creates) {
			const raw = create.body[field];
			const value = raw ? normalise(raw) : undefined;
			if (value === undefined) continue;
			const key = `${create.companyId}|${value}`;
			holders.set(key, [...(holders.get(key) ?? []), create]);
		}
		for (const group of holders.values()) {
			if (group.length < 2) continue;
			for (const create of group) {
				const others = group
					.filter((other) => other !== create)
					.map((other) =>
						other.agentId === create.agentId
							? `device ${other.deviceId}`
							: `agent ${other.agentId} device ${other.deviceId}`,
					);
				const found = clashes.get(create.itemIndex) ?? [];
				const shown = (create.body[field] ?? '').trim();
				found.push(`${label} ${shown} is also the ${label} of ${others.join(', ')}`);
				clashes.set(create.itemIndex, found);
			}
		}
	}
	return new Map(
		[...clashes].map(([itemIndex, found]) => [
			itemIndex,
			`not created: its ${found.join('; its ')}, which would get a configuration in the same company too; link the devices by hand or correct the value in Domotz`,
		]),
	);
}

/**
 * One create per candidate, as many at once as the run allows. Each finished create shows
 * ConnectWise's time, which renews the lease when due.
 */
async function createPlanned(
	clients: SyncClients,
	workspace: SyncWorkspace,
	candidates: readonly CreateCandidate[],
	lease: HeldLease,
	options: CreateRunOptions,
): Promise<StepOutcome[][]> {
	const shared = workspace.writeSlots;
	const steps = candidates.map(
		({ item, plan }): WriteStep => ({
			kind: 'createConfiguration',
			body: plan.body,
			recoverBy: markerQuery(options.linkStore, {
				agentId: item.agentId,
				deviceId: item.device.id,
			}),
		}),
	);
	const settled = await settleAll(
		steps,
		shared ? steps.length : (options.concurrency ?? DEFAULT_CONCURRENCY),
		async (step) => {
			const [outcomes] = await applyPlans(clients, [{ steps: [step] }], { concurrency: 1, shared });
			lease.observe(createdConfiguration(outcomes)?._info?.lastUpdated);
			return outcomes;
		},
	);
	return settled.map((outcome, index): StepOutcome[] =>
		outcome.ok ? outcome.value : [{ status: 'failed', step: steps[index], error: outcome.error }],
	);
}

/**
 * Mirrors the new links in Domotz, then confirms their markers (outside the lease: it guards
 * ConnectWise creates only). A mirror that fails leaves the marker pending for the next run.
 */
async function reportCreated(
	clients: SyncClients,
	workspace: SyncWorkspace,
	candidates: readonly CreateCandidate[],
	mirror: boolean,
	created: readonly StepOutcome[][],
	options: CreateRunOptions,
): Promise<CreateRunItem[]> {
	const concurrency = options.concurrency ?? DEFAULT_CONCURRENCY;
	const confirmations = created.map((outcomes, index): WritePlan => {
		const configuration = createdConfiguration(outcomes);
		if (!mirror || !configuration) return { steps: [] };
		const { item } = candidates[index];
		const device = { agentId: item.agentId, deviceId: item.device.id };
		const parts = planMirrorConfirmation(configuration, device, options.linkStore);
		return parts.kind === 'parts' ? planFromParts(configuration.id, parts) : { steps: [] };
	});
	const confirmed = await applyPlans(clients, confirmations, {
		concurrency,
		shared: workspace.writeSlots,
	});

	return candidates.map(({ item, plan, skippedFields }, index) => {
		const [outcome] = created[index];
		const configuration = createdConfiguration(created[index]);
		if (!configuration) {
			return resultOf(item, {
				status: 'failed',
				error: outcome?.status === 'failed' ? outcome.error : describeStepFailure(outcome),
			});
		}
		const confirmation = confirmed[index];
		const marker = confirmation.find((outcome) => outcome.step.kind === 'patchConfiguration');
		return resultOf(item, {
			status: 'created',
			configuration: (marker?.status === 'done' && marker.configuration) || configuration,
			recovered: outcome.status === 'done' && outcome.recovered === true,
			filled: plan.filled,
			truncated: plan.truncated,
			skippedFields,
			link: mirror
				? describeMirrorConfirmation(confirmation)
				: describeLinkSave([{ status: 'done', step: outcome.step }], false),
		});
	});
}

export type LeasedCreate =
	| { kind: 'created'; configuration: CwConfiguration }
	/** Its marker turned up on a configuration while the lease was awaited: nothing was created. */
	| { kind: 'found'; configuration: CwConfiguration }
	| { kind: 'busy'; reason: string }
	| { kind: 'failed'; error: unknown };

/**
 * One configuration (Sync Agent's collector) created under its company's lease, after a fresh
 * look for its marker, so that two runs at once never both create it.
 */
export async function createOneUnderLease(
	clients: SyncClients,
	workspace: SyncWorkspace,
	company: CompanySummary,
	device: DeviceRef,
	body: CwConfigurationInput,
	options: Pick<CreateRunOptions, 'linkStore' | 'lease'>,
): Promise<LeasedCreate> {
	const recoverBy = markerQuery(options.linkStore, device);
	await clients.writesAfter?.();
	const leased = await withCreationLease(
		clients.connectwise,
		company.id,
		async (): Promise<LeasedCreate> => {
			const [found] = await clients.connectwise.listConfigurations(recoverBy);
			if (found) return { kind: 'found', configuration: found };
			const [[outcome]] = await applyPlans(
				clients,
				[{ steps: [{ kind: 'createConfiguration', body, recoverBy }] }],
				{ concurrency: 1, shared: workspace.writeSlots },
			);
			const configuration = createdConfiguration([outcome]);
			if (configuration) return { kind: 'created', configuration };
			return {
				kind: 'failed',
				error: outcome.status === 'failed' ? outcome.error : describeStepFailure(outcome),
			};
		},
		options.lease,
	);
	if (leased.kind === 'busy') {
		return { kind: 'busy', reason: busyReason(company, leased.holderNoteId) };
	}
	return leased.kind === 'held' ? leased.value : { kind: 'failed', error: leased.error };
}

function createdConfiguration(outcomes: readonly StepOutcome[]): CwConfiguration | undefined {
	const [outcome] = outcomes;
	return outcome?.status === 'done' ? outcome.configuration : undefined;
}

/** A configuration of one of the companies, to see the link field without another request. */
async function anyConfigurationOf(
	workspace: SyncWorkspace,
	items: readonly MatchedItem[],
): Promise<CwConfiguration | undefined> {
	for (const companyId of new Set(items.map((item) => (item.company as CompanySummary).id))) {
		const [first] = await workspace.configurationsOf(companyId);
		if (first) return first;
	}
	return undefined;
}

/**
 * The link field a dry run can show in its request bodies without creating it: a configuration
 * lists every configuration custom field, so any one of them names the field when it exists.
 */
function knownLinkFieldId(
	options: CreateRunOptions,
	knownConfiguration: CwConfiguration | undefined,
): number | undefined {
	if (options.linkStore.kind !== 'customField' || !knownConfiguration) return undefined;
	return findLinkField(knownConfiguration, options.linkStore.caption)?.id;
}

/** Sites are read only for companies whose devices name a zone that could pick a site. */
async function readSites(
	workspace: SyncWorkspace,
	items: readonly MatchedItem[],
	values: ReadonlyMap<number, Record<SyncFieldKey, string | null>>,
	options: CreateRunOptions,
): Promise<Map<number, Map<string, { id: number; name: string }>>> {
	const sitesByCompany = new Map<number, Map<string, { id: number; name: string }>>();
	if (options.exclude.has('site')) return sitesByCompany;
	const companyIds = new Set(
		items
			.filter((item) => values.get(item.itemIndex)?.site)
			.map((item) => (item.company as CompanySummary).id),
	);
	for (const companyId of companyIds) {
		const sites = await workspace.sitesOf(companyId).then(
			(found) => found,
			() => [],
		);
		sitesByCompany.set(
			companyId,
			new Map(sites.map((site) => [normaliseName(site.name), { id: site.id, name: site.name }])),
		);
	}
	return sitesByCompany;
}

function configurationTypeFor(device: DomotzDevice, options: CreateRunOptions): number | undefined {
	const domotzTypeId = device.user_data?.type ?? device.type?.id ?? undefined;
	const mapped = options.typeMap.find((row) => row.domotzTypeId === domotzTypeId);
	return mapped?.configurationTypeId ?? options.defaultTypeId;
}

function describeDomotzType(device: DomotzDevice): string {
	const id = device.user_data?.type ?? device.type?.id;
	if (id === undefined || id === null) return '(none)';
	return device.type?.label ? `${id} (${device.type.label})` : String(id);
}

/** A manufacturer that could not be created is reported with the reason, not as merely unknown. */
function explainSkips(
	skipped: readonly FieldSkip[],
	vendor: string | null,
	failed: ReadonlyArray<{ name: string; reason: string }>,
): FieldSkip[] {
	const failure = failed.find((entry) => normaliseName(entry.name) === normaliseName(vendor));
	return skipped.map((skip) =>
		skip.field === 'manufacturer' && failure
			? {
					...skip,
					message: `manufacturer "${failure.name}" could not be created: ${failure.reason}`,
				}
			: skip,
	);
}
