import type { DeviceRef } from '../links/marker';
import {
	configurationSummary,
	duplicateEntry,
	linkEntry,
	singleEntry,
	undecidedEntry,
	unresolvedCompanyEntry,
} from './entries';
import { buildIndex, type MatchIndex } from './key-index';
import { resolveLinks, type LinkOutcome } from './links';
import { ignoredValueNotes } from './notes';
import {
	DeviceRefMap,
	deviceRef,
	prepareConfigurations,
	prepareDevice,
	readConfigurationKeys,
	readDeviceKeys,
	type ConfigurationCatalogue,
	type PreparedConfiguration,
	type PreparedDevice,
} from './prepare';
import { searchByKeys, type Context, type SingleFind } from './search';
import type {
	ConfigurationLinkedElsewhere,
	ConfigurationSummary,
	DeviceMatch,
	DeviceMatchStatus,
	MatchKey,
	MatchNote,
	MatchNoteCode,
	MatchOptions,
	MatchResult,
	MatchableConfiguration,
	MatchableDevice,
	ResolvedMatchOptions,
} from './types';

/** The order of the Domotz integration guide: serial, then MAC, then IP. */
export const matchKeysByPriority: readonly MatchKey[] = ['serial', 'mac', 'ip'];

export const deviceMatchStatuses: readonly DeviceMatchStatus[] = [
	'linked',
	'matched',
	'ambiguous',
	'conflict',
	'unmatched',
	'unresolvedCompany',
	'duplicate',
];

/** Notes on an unmatched device that suggest a configuration for it already exists. */
const creationBlockingNotes: ReadonlySet<MatchNoteCode> = new Set([
	'keysDisagree',
	'linkedToOtherDevice',
	'inactiveIgnored',
	'staleDomotzLink',
]);

export function resolveMatchOptions(options: MatchOptions = {}): ResolvedMatchOptions {
	const requested = options.keys ?? matchKeysByPriority;
	return {
		keys: matchKeysByPriority.filter((key) => requested.includes(key)),
		onlyActive: options.onlyActive ?? true,
		scope: options.scope ?? 'company',
	};
}

/**
 * Whether creating a new configuration for this device is safe: it matched nothing, and nothing
 * hints that a configuration for it already exists (one withheld as linked or inactive, a key
 * match vetoed by a stronger key, a Domotz link to a configuration that was not found).
 */
export function mayCreateConfiguration(entry: DeviceMatch): boolean {
	return (
		entry.status === 'unmatched' &&
		!entry.notes.some((note) => creationBlockingNotes.has(note.code))
	);
}

/** A device whose search found one configuration: decided once every device has searched. */
interface PendingSingle {
	device: PreparedDevice;
	find: SingleFind;
	notes: MatchNote[];
}

/** Each device's first position, and the devices in input order without repeats. */
function firstOfEachDevice(prepared: readonly PreparedDevice[]): {
	firstPositions: DeviceRefMap<number>;
	unique: PreparedDevice[];
} {
	const firstPositions = new DeviceRefMap<number>();
	const unique: PreparedDevice[] = [];
	for (const device of prepared) {
		if (firstPositions.has(device)) continue;
		firstPositions.set(device, device.position);
		unique.push(device);
	}
	return { firstPositions, unique };
}

/** The link outcome of each device by input position; a repeated device has none. */
function outcomesByPosition(
	count: number,
	unique: readonly PreparedDevice[],
	outcomes: readonly LinkOutcome[],
): Array<LinkOutcome | undefined> {
	const byPosition: Array<LinkOutcome | undefined> = new Array(count);
	unique.forEach((device, index) => {
		byPosition[device.position] = outcomes[index];
	});
	return byPosition;
}

/** What the searches and entries of this run read, with an index built on first use. */
function runContext(
	settings: ResolvedMatchOptions,
	catalogue: ConfigurationCatalogue,
	owners: ReadonlyMap<number, DeviceRef>,
	devicesByPosition: readonly PreparedDevice[],
): Context {
	let index: MatchIndex | undefined;
	return {
		settings,
		catalogue,
		// Built, with the configurations' key values, when the first device is searched by key: a
		// re-sync of linked devices needs neither.
		get index() {
			if (index === undefined) {
				readConfigurationKeys(catalogue);
				index = buildIndex(catalogue, owners, settings);
			}
			return index;
		},
		owners,
		devicesByPosition,
	};
}

/** The notes of a device's link, then those on the values of its keys that were ignored. */
function notesBeforeSearch(
	device: PreparedDevice,
	linkNotes: MatchNote[],
	keys: readonly MatchKey[],
): MatchNote[] {
	const { rejections } = device;
	return rejections
		? [...linkNotes, ...ignoredValueNotes(rejections.serial, rejections.macs, rejections.ips, keys)]
		: linkNotes;
}

/**
 * The first pass, in input order: an entry for every device that is repeated, linked (or in
 * conflict over a link) or without a company, and a search by key for the others. A search that
 * finds one configuration is left pending; the others get their entry here.
 */
function settleOrSearch(
	devices: readonly MatchableDevice[],
	linkOutcomes: ReadonlyArray<LinkOutcome | undefined>,
	firstPositions: DeviceRefMap<number>,
	context: Context,
): { entries: DeviceMatch[]; paired: Uint8Array; singles: PendingSingle[] } {
	const { settings, catalogue, devicesByPosition: prepared } = context;
	const entries = new Array<DeviceMatch>(prepared.length);
	/** By catalogue position: the configurations a device is linked or matched to. */
	const paired = new Uint8Array(catalogue.list.length);
	const singles: PendingSingle[] = [];
	for (const device of prepared) {
		const outcome = linkOutcomes[device.position];
		if (!outcome) {
			entries[device.position] = duplicateEntry(device, firstPositions.get(device) ?? 0);
			continue;
		}
		if (outcome.kind !== 'none') {
			entries[device.position] = linkEntry(device, outcome);
			if (outcome.kind === 'linked') paired[outcome.configuration.position] = 1;
			continue;
		}
		if (settings.scope === 'company' && device.companyId === undefined) {
			entries[device.position] = unresolvedCompanyEntry(device, outcome.notes);
			continue;
		}
		readDeviceKeys(device, devices[device.position]);
		const earlierNotes = notesBeforeSearch(device, outcome.notes, settings.keys);
		const search = searchByKeys(device, context);
		if (search.kind === 'single') {
			singles.push({ device, find: search, notes: [...earlierNotes, ...search.notes] });
		} else {
			entries[device.position] = undecidedEntry(device, search, earlierNotes, context);
		}
	}
	return { entries, paired, singles };
}

/** Decided after every search has run, so that each device sees all competing claims. */
function decideSingles(
	singles: readonly PendingSingle[],
	context: Context,
	entries: DeviceMatch[],
	paired: Uint8Array,
): void {
	for (const { device, find, notes } of singles) {
		const entry = singleEntry(device, find, notes, context);
		entries[device.position] = entry;
		if (entry.status === 'matched') paired[find.entry.position] = 1;
	}
}

function countStatuses(entries: readonly DeviceMatch[]): Record<DeviceMatchStatus, number> {
	const counts = Object.fromEntries(deviceMatchStatuses.map((status) => [status, 0])) as Record<
		DeviceMatchStatus,
		number
	>;
	for (const entry of entries) counts[entry.status] += 1;
	return counts;
}

/** Whether a configuration's company was scanned: any in `allCompanies` scope, else a device's. */
function scannedBy(
	settings: ResolvedMatchOptions,
	unique: readonly PreparedDevice[],
): (entry: PreparedConfiguration) => boolean {
	const scannedCompanies = new Set<number>();
	for (const { companyId } of unique) {
		if (companyId !== undefined) scannedCompanies.add(companyId);
	}
	return (entry: PreparedConfiguration) =>
		settings.scope === 'allCompanies' || scannedCompanies.has(entry.companyId);
}

/** Available configurations of the scanned companies that no device is linked or matched to. */
function unmatchedConfigurationsOf(
	catalogue: ConfigurationCatalogue,
	paired: Uint8Array,
	owners: ReadonlyMap<number, DeviceRef>,
	settings: ResolvedMatchOptions,
	scanned: (entry: PreparedConfiguration) => boolean,
): ConfigurationSummary[] {
	const unmatchedConfigurations: ConfigurationSummary[] = [];
	for (const entry of catalogue.list) {
		if (
			paired[entry.position] === 0 &&
			!owners.has(entry.id) &&
			(entry.active || !settings.onlyActive) &&
			scanned(entry)
		) {
			unmatchedConfigurations.push(configurationSummary(entry));
		}
	}
	return unmatchedConfigurations;
}

/** Configurations of the scanned companies whose marker names a device not in the input. */
function linkedElsewhereOf(
	catalogue: ConfigurationCatalogue,
	scanned: (entry: PreparedConfiguration) => boolean,
	firstPositions: DeviceRefMap<number>,
): ConfigurationLinkedElsewhere[] {
	const linkedElsewhere: ConfigurationLinkedElsewhere[] = [];
	for (const entry of catalogue.marked) {
		const marked = entry.linkedDevice as DeviceRef;
		if (scanned(entry) && !firstPositions.has(marked)) {
			linkedElsewhere.push({ ...configurationSummary(entry), linkedDevice: deviceRef(marked) });
		}
	}
	return linkedElsewhere;
}

/**
 * Pairs Domotz devices with ConnectWise configurations. Pure; linear in the number of devices,
 * configurations and key values (hash indexes, no pairwise comparison).
 *
 * Order per device: an existing link; else the first of serial → MAC → IP (restricted to
 * `options.keys`) that finds any available configuration. One-to-one: a configuration linked to
 * a device is never offered to another by key, and a configuration two devices arrive at is given
 * to neither, unless one of them arrived by a stronger key. Whatever cannot be decided safely is
 * reported (ambiguous, conflict) with the candidates and the canonical values involved.
 */
export function matchDevices(
	devices: readonly MatchableDevice[],
	configurations: readonly MatchableConfiguration[],
	options: MatchOptions = {},
): MatchResult {
	const settings = resolveMatchOptions(options);
	const catalogue = prepareConfigurations(configurations);
	const prepared = devices.map(prepareDevice);
	const { firstPositions, unique } = firstOfEachDevice(prepared);
	const links = resolveLinks(unique, catalogue);
	const linkOutcomes = outcomesByPosition(prepared.length, unique, links.outcomes);
	const context = runContext(settings, catalogue, links.owners, prepared);
	const { entries, paired, singles } = settleOrSearch(
		devices,
		linkOutcomes,
		firstPositions,
		context,
	);
	decideSingles(singles, context, entries, paired);
	const counts = countStatuses(entries);
	const scanned = scannedBy(settings, unique);
	const unmatchedConfigurations = unmatchedConfigurationsOf(
		catalogue,
		paired,
		links.owners,
		settings,
		scanned,
	);
	const linkedElsewhere = linkedElsewhereOf(catalogue, scanned, firstPositions);
	return { devices: entries, unmatchedConfigurations, linkedElsewhere, counts };
}
