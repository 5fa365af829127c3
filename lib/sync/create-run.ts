/**
 * Create Configurations: every incoming device gets exactly one configuration in its agent's
 * company. Devices are matched again first, so a device that already has a configuration gets it
 * back (linked) instead of a second one; the link marker travels in the create request itself, so
 * a run that dies halfway and is run again finds what it created and creates nothing twice.
 */

import type { CwConfiguration, CwConfigurationInput } from '../connectwise/schemas';
import type { DomotzDevice } from '../domotz/schemas';
import type { SyncFieldKey } from '../fields/sync-fields';
import { readDeviceValues } from '../fields/sync-fields';
import {
	findLinkField,
	formatMarker,
	linkFieldsForCreate,
	markerQuery,
	readStoredLink,
	type DeviceRef,
} from '../links/marker';
import { mayCreateConfiguration } from '../match/match';
import type { MatchKey } from '../match/types';
import { applyPlans, type StepOutcome } from './apply';
import type { CompanySummary } from './company-link';
import {
	describeLinkSave,
	describeStepFailure,
	mirrorStep,
	prepareLinkWrites,
	type LinkSaveOutcome,
	type LinkSettings,
} from './link-writes';
import { runMatch, type DeviceRequest, type MatchedItem } from './match-run';
import { planConfigurationCreate, type FieldSkip } from './plan';
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
	const linkedElsewhere = await markersInOtherCompanies(workspace, matched.items, options);
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
		const settled = elsewhere
			? ({
					status: 'alreadyLinked',
					configurationId: elsewhere.id,
					configurationName: elsewhere.name ?? `Configuration ${elsewhere.id}`,
				} as const)
			: settledByMatch(item, linkNow);
		if (settled) results.push(resultOf(item, settled));
		else if (options.createUnmatched === false)
			results.push(resultOf(item, { status: 'unmatched' }));
		else toCreate.push(item);
	}
	results.push(...(await createFor(clients, workspace, toCreate, fallbackNames, options)));
	return results.sort((a, b) => a.itemIndex - b.itemIndex);
}

/**
 * Devices that look unmatched in their company but whose marker sits on a configuration of another
 * company (linked there by hand or by an all-companies match): they are linked, not to be created.
 * One query per agent, and only when some device would otherwise be created. Matched devices are
 * left out: their links were saved just before this query, which would otherwise find them.
 */
async function markersInOtherCompanies(
	workspace: SyncWorkspace,
	items: ReadonlyArray<MatchedItem | { kind: 'failed' }>,
	options: CreateRunOptions,
): Promise<Map<number, CwConfiguration>> {
	const creatable = items.flatMap((item) =>
		item.kind === 'result' && item.match.status === 'unmatched' ? [item] : [],
	);
	const byMarker = new Map<string, CwConfiguration>();
	for (const agentId of new Set(creatable.map((item) => item.agentId))) {
		for (const configuration of await workspace.linkedToAgent(agentId, options.linkStore)) {
			const stored = readStoredLink(configuration, options.linkStore);
			if (stored.kind === 'device') byMarker.set(formatMarker(stored.device), configuration);
		}
	}
	const found = new Map<number, CwConfiguration>();
	for (const item of creatable) {
		const configuration = byMarker.get(
			formatMarker({ agentId: item.agentId, deviceId: item.device.id }),
		);
		if (configuration) found.set(item.itemIndex, configuration);
	}
	return found;
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
}

async function createFor(
	clients: SyncClients,
	workspace: SyncWorkspace,
	items: readonly MatchedItem[],
	fallbackNames: ReadonlyMap<number, string>,
	options: CreateRunOptions,
): Promise<CreateRunItem[]> {
	if (items.length === 0) return [];
	const results: CreateRunItem[] = [];
	const knownConfiguration = await anyConfigurationOf(workspace, items);
	const dryRun = options.dryRun ?? false;
	const links = dryRun
		? ({
				ok: true,
				linkFieldId: knownLinkFieldId(options, knownConfiguration),
				mirror: false,
			} as const)
		: await prepareLinkWrites(workspace, options, knownConfiguration);
	if (!links.ok) {
		return items.map((item) =>
			resultOf(item, {
				status: 'skipped',
				reason: `nothing was created because ${links.reason}`,
			}),
		);
	}
	const values = new Map(items.map((item) => [item.itemIndex, readDeviceValues(item.device)]));
	const manufacturers = options.exclude.has('manufacturer')
		? { lookup: new Map<string, { id: number; name: string }>(), created: [], failed: [] }
		: await workspace.prepareManufacturers(
				[...values.values()].flatMap((value) => (value.manufacturer ? [value.manufacturer] : [])),
				options.createMissingManufacturers && !dryRun,
			);
	const sitesByCompany = await readSites(workspace, items, values, options);
	const vendorOf = (item: MatchedItem) => values.get(item.itemIndex)?.manufacturer ?? null;

	const candidates: CreateCandidate[] = [];
	for (const item of items) {
		const company = item.company as CompanySummary;
		const typeId = configurationTypeFor(item.device, options);
		if (typeId === undefined) {
			results.push(
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
			linkFields: linkFieldsForCreate(options.linkStore, device, links.linkFieldId),
		});
		if (plan.kind === 'refused') {
			results.push(resultOf(item, { status: 'skipped', reason: plan.reason }));
			continue;
		}
		candidates.push({ item, company, plan });
	}

	if (dryRun) {
		for (const { item, plan } of candidates) {
			results.push(
				resultOf(item, {
					status: 'wouldCreate',
					body: plan.body,
					filled: plan.filled,
					truncated: plan.truncated,
					skippedFields: explainSkips(plan.skipped, vendorOf(item), manufacturers.failed),
				}),
			);
		}
		return results;
	}
	const concurrency = options.concurrency ?? DEFAULT_CONCURRENCY;
	const created = await applyPlans(
		clients,
		candidates.map(({ item, plan }) => ({
			steps: [
				{
					kind: 'createConfiguration',
					body: plan.body,
					recoverBy: markerQuery(options.linkStore, {
						agentId: item.agentId,
						deviceId: item.device.id,
					}),
				},
			],
		})),
		{ concurrency, shared: workspace.writeSlots },
	);
	const mirrors = links.mirror
		? await applyPlans(
				clients,
				created.map((outcomes, index) => {
					const configuration = createdConfiguration(outcomes);
					const { item } = candidates[index];
					return {
						steps: configuration
							? [
									mirrorStep(
										{ agentId: item.agentId, deviceId: item.device.id },
										String(configuration.id),
									),
								]
							: [],
					};
				}),
				{ concurrency, shared: workspace.writeSlots },
			)
		: created.map(() => []);

	candidates.forEach(({ item, plan }, index) => {
		const [outcome] = created[index];
		const configuration = createdConfiguration(created[index]);
		if (!configuration) {
			results.push(
				resultOf(item, {
					status: 'failed',
					error: outcome?.status === 'failed' ? outcome.error : describeStepFailure(outcome),
				}),
			);
			return;
		}
		results.push(
			resultOf(item, {
				status: 'created',
				configuration,
				recovered: outcome.status === 'done' && outcome.recovered === true,
				filled: plan.filled,
				truncated: plan.truncated,
				skippedFields: explainSkips(plan.skipped, vendorOf(item), manufacturers.failed),
				link: describeLinkSave(
					[{ status: 'done', step: outcome.step }, ...mirrors[index]],
					links.mirror,
				),
			}),
		);
	});
	return results;
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
