/**
 * The plan of each device's new configuration: its type, its body (with the link marker in it)
 * and what was left out and why. Devices that cannot get one are settled with the reason, and so
 * are devices that would give one company two configurations of the same thing.
 */

import type { CwConfiguration, CwConfigurationInput } from '../../connectwise/schemas';
import { lookupKey } from '../../connectwise/names';
import { effectiveTypeId } from '../../devices/filter';
import type { DomotzDevice } from '../../domotz/schemas';
import { readDeviceValues, type DomotzValues } from '../../fields/sync-fields';
import { findLinkField, linkFieldsForCreate, type DeviceRef } from '../../links/marker';
import { prepareLinkWrites, type PreparedLinks } from '../../links/setup';
import { normaliseMac, normaliseSerial } from '../../match';
import type { CompanySummary } from '../company-link';
import type { ManufacturerSetup } from '../manufacturers';
import type { CreateOptions } from '../options';
import { planConfigurationCreate, type CreatePlan, type FieldSkip } from '../plan';
import type { SyncWorkspace } from '../workspace';
import type { MatchedItem } from './match-devices';
import { resultOf, type SettledItem } from './settlement';

export interface CreateCandidate {
	item: MatchedItem;
	company: CompanySummary;
	plan: Extract<CreatePlan, { kind: 'create' }>;
	skippedFields: FieldSkip[];
}

export interface PlannedCreates {
	/** Devices planning settled without a create (no type, a refused plan, a shared key). */
	settled: SettledItem[];
	candidates: CreateCandidate[];
	/** Whether the new links are mirrored in Domotz. */
	mirror: boolean;
}

/** What every device's plan reads: the link field, the manufacturers, the companies' sites. */
interface CreateLookups {
	links: Extract<PreparedLinks, { ok: true }>;
	values: Map<number, DomotzValues>;
	manufacturers: ManufacturerSetup;
	sitesByCompany: Map<number, Map<string, { id: number; name: string }>>;
	/**
	 * With the mirror, a configuration is created with the pending marker, confirmed once its
	 * mirror is written: a run that dies in between leaves the next run a link to repair.
	 */
	pendingMirror: boolean;
}

/** Plans a configuration for each device; those that cannot get one are settled with the reason. */
export async function planCreates(
	workspace: SyncWorkspace,
	items: readonly MatchedItem[],
	fallbackNames: ReadonlyMap<number, string>,
	options: CreateOptions,
): Promise<PlannedCreates> {
	const lookups = await readCreateLookups(workspace, items, options);
	if (!lookups.ok) {
		const reason = `nothing was created because ${lookups.reason}`;
		return {
			settled: items.map((item) => resultOf(item, { status: 'skipped', reason })),
			candidates: [],
			mirror: false,
		};
	}
	const settled: SettledItem[] = [];
	const candidates: CreateCandidate[] = [];
	for (const item of items) {
		const fallbackName = fallbackNames.get(item.itemIndex) ?? `Domotz device ${item.device.id}`;
		const planned = planOne(item, fallbackName, lookups, options);
		if (planned.kind === 'settled') settled.push(planned.result);
		else candidates.push(planned.candidate);
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
		mirror: lookups.links.mirror,
	};
}

async function readCreateLookups(
	workspace: SyncWorkspace,
	items: readonly MatchedItem[],
	options: CreateOptions,
): Promise<({ ok: true } & CreateLookups) | { ok: false; reason: string }> {
	const knownConfiguration = await anyConfigurationOf(workspace, items);
	const links = options.dryRun
		? ({
				ok: true,
				linkFieldId: knownLinkFieldId(options, knownConfiguration),
				mirror: false,
			} as const)
		: await prepareLinkWrites(workspace, options, knownConfiguration);
	if (!links.ok) return links;
	const values = new Map(items.map((item) => [item.itemIndex, readDeviceValues(item.device)]));
	const manufacturers = options.exclude.has('manufacturer')
		? { lookup: new Map<string, { id: number; name: string }>(), created: [], failed: [] }
		: await workspace.prepareManufacturers(
				[...values.values()].flatMap((value) => (value.manufacturer ? [value.manufacturer] : [])),
				options.createMissingManufacturers && !options.dryRun,
			);
	return {
		ok: true,
		links,
		values,
		manufacturers,
		sitesByCompany: await readSites(workspace, items, values, options),
		pendingMirror: options.dryRun ? options.mirrorInDomotz : links.mirror,
	};
}

function planOne(
	item: MatchedItem,
	fallbackName: string,
	lookups: CreateLookups,
	options: CreateOptions,
): { kind: 'settled'; result: SettledItem } | { kind: 'candidate'; candidate: CreateCandidate } {
	const company = item.company as CompanySummary;
	const typeId = configurationTypeFor(item.device, options);
	if (typeId === undefined) {
		const reason = `no configuration type: Domotz type ${describeDomotzType(item.device)} is not in the type map and there is no default type`;
		return { kind: 'settled', result: resultOf(item, { status: 'skipped', reason }) };
	}
	const device: DeviceRef = { agentId: item.agentId, deviceId: item.device.id };
	const values = lookups.values.get(item.itemIndex)!;
	const plan = planConfigurationCreate(values, {
		companyId: company.id,
		siteId: item.siteId,
		typeId,
		statusId: options.statusId,
		fallbackName,
		lookups: {
			manufacturers: lookups.manufacturers.lookup,
			sites: lookups.sitesByCompany.get(company.id) ?? new Map(),
		},
		truncate: options.truncate,
		exclude: options.exclude,
		linkFields: linkFieldsForCreate(
			options.linkStore,
			device,
			lookups.links.linkFieldId,
			lookups.pendingMirror ? 'pending' : 'confirmed',
		),
	});
	if (plan.kind === 'refused') {
		return {
			kind: 'settled',
			result: resultOf(item, { status: 'skipped', reason: plan.reason }),
		};
	}
	const skippedFields = explainSkips(
		plan.skipped,
		values.manufacturer ?? null,
		lookups.manufacturers.failed,
	);
	return { kind: 'candidate', candidate: { item, company, plan, skippedFields } };
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
	options: CreateOptions,
	knownConfiguration: CwConfiguration | undefined,
): number | undefined {
	if (options.linkStore.kind !== 'customField' || !knownConfiguration) return undefined;
	return findLinkField(knownConfiguration, options.linkStore.caption)?.id;
}

/** Sites are read only for companies whose devices name a zone that could pick a site. */
async function readSites(
	workspace: SyncWorkspace,
	items: readonly MatchedItem[],
	values: ReadonlyMap<number, DomotzValues>,
	options: CreateOptions,
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
			new Map(sites.map((site) => [lookupKey(site.name), { id: site.id, name: site.name }])),
		);
	}
	return sitesByCompany;
}

function configurationTypeFor(device: DomotzDevice, options: CreateOptions): number | undefined {
	const domotzTypeId = effectiveTypeId(device);
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
	const failure = failed.find((entry) => lookupKey(entry.name) === lookupKey(vendor));
	return skipped.map((skip) =>
		skip.field === 'manufacturer' && failure
			? {
					...skip,
					message: `manufacturer "${failure.name}" could not be created: ${failure.reason}`,
				}
			: skip,
	);
}
