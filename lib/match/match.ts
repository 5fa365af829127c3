import type { DeviceRef } from '../links/marker';
import { resolveLinks, type LinkOutcome } from './links';
import {
	agentWithoutCompanyNote,
	ambiguousKeyNote,
	duplicateDeviceNote,
	ignoredValueNotes,
	inactiveConfigurationNote,
	inactiveIgnoredNote,
	keysDisagreeNote,
	linkedToOtherDeviceNote,
	noUsableKeysNote,
	otherCompanyNote,
} from './notes';
import {
	DeviceRefMap,
	deviceRef,
	listLimit,
	prepareConfigurations,
	prepareDevice,
	readConfigurationKeys,
	readDeviceKeys,
	type ConfigurationCatalogue,
	type PreparedConfiguration,
	type PreparedDevice,
} from './prepare';
import type {
	AmbiguityReason,
	ConfigurationSummary,
	DeviceMatch,
	DeviceMatchStatus,
	DeviceSummary,
	MatchCandidate,
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

/**
 * Keys worth a warning when they point to a configuration that is withheld (linked to another
 * device, or inactive). Serial and MAC identify hardware; a shared IP is ordinary address reuse.
 */
const hardwareKeys: ReadonlySet<MatchKey> = new Set(['serial', 'mac']);

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

/**
 * Configurations sharing one key value, and the devices that settled on this key through this
 * value (`hitters`, listed up to `listLimit`; `hitCount` counts all). Hits are per value, not per
 * configuration, so a device is a rival for every configuration sharing its value: conservative
 * when one value leads to several configurations, which is already a mess worth a human look.
 */
interface Bucket {
	configurations: number[];
	/** Created by the first hit. */
	hitters: number[] | undefined;
	hitCount: number;
}

/**
 * What the index holds for a key value: the position of its one configuration, as for most
 * values, until a device settles on it; else a bucket. A run holds one number per such value
 * instead of a bucket and a list.
 */
type Indexed = number | Bucket;

/**
 * Key value → entry, partitioned by company in company scope (one partition, `undefined`, across
 * all companies). Nested maps rather than a joined "company|value" string: no string is built per
 * lookup, and each value string's hash is computed once.
 */
type Partitioned<Entry> = Map<number | undefined, Map<string, Entry>>;

interface KeyIndex {
	available: Partitioned<Indexed>;
	/** Configurations never offered by key, kept only to warn about them. */
	withheld: Partitioned<number[]>;
}

type MatchIndex = Record<MatchKey, KeyIndex>;

/** A search that found one configuration: whether another device contests it is decided last. */
interface SingleFind {
	key: MatchKey;
	entry: PreparedConfiguration;
	value: string;
	hitBuckets: readonly Bucket[];
}

type Search =
	| { kind: 'none'; notes: MatchNote[] }
	| {
			kind: 'several';
			key: MatchKey;
			reason: Extract<AmbiguityReason, 'severalConfigurations' | 'crowdedKey'>;
			candidates: MatchCandidate[];
			moreCandidates: boolean;
			notes: MatchNote[];
	  }
	| ({ kind: 'single'; notes: MatchNote[] } & SingleFind);

interface Context {
	settings: ResolvedMatchOptions;
	catalogue: ConfigurationCatalogue;
	index: MatchIndex;
	owners: ReadonlyMap<number, DeviceRef>;
	devicesByPosition: readonly PreparedDevice[];
}

const noNotes: readonly MatchNote[] = Object.freeze([]);

function partitionOf(settings: ResolvedMatchOptions, companyId: number | undefined) {
	return settings.scope === 'company' ? companyId : undefined;
}

function partitionIn<Entry>(map: Partitioned<Entry>, partition: number | undefined) {
	let values = map.get(partition);
	if (!values) {
		values = new Map();
		map.set(partition, values);
	}
	return values;
}

function bucketOf(configurations: number[]): Bucket {
	return { configurations, hitters: undefined, hitCount: 0 };
}

function addToIndex(values: Map<string, Indexed>, value: string, position: number): void {
	const indexed = values.get(value);
	if (indexed === undefined) values.set(value, position);
	else if (typeof indexed === 'number') values.set(value, bucketOf([indexed, position]));
	else indexed.configurations.push(position);
}

/** The bucket of a value a device settled on, made in place of a lone position. */
function hitBucket(values: Map<string, Indexed>, value: string, indexed: Indexed): Bucket {
	if (typeof indexed !== 'number') return indexed;
	const bucket = bucketOf([indexed]);
	values.set(value, bucket);
	return bucket;
}

function emptyKeyIndex(): KeyIndex {
	return { available: new Map(), withheld: new Map() };
}

function buildIndex(
	catalogue: ConfigurationCatalogue,
	owners: ReadonlyMap<number, DeviceRef>,
	settings: ResolvedMatchOptions,
): MatchIndex {
	const index: MatchIndex = { serial: emptyKeyIndex(), mac: emptyKeyIndex(), ip: emptyKeyIndex() };
	for (const { id, active, companyId, keyValues, position } of catalogue.list) {
		const available = !owners.has(id) && (active || !settings.onlyActive);
		const partition = partitionOf(settings, companyId);
		for (const key of settings.keys) {
			const { available: buckets, withheld } = index[key];
			const values = keyValues[key];
			if (values.length === 0) continue;
			if (available) {
				const indexed = partitionIn(buckets, partition);
				for (const value of values) addToIndex(indexed, value, position);
			} else if (hardwareKeys.has(key)) {
				const warned = partitionIn(withheld, partition);
				for (const value of values) {
					let warnings = warned.get(value);
					if (!warnings) {
						warnings = [];
						warned.set(value, warnings);
					}
					if (warnings.length < listLimit) warnings.push(position);
				}
			}
		}
	}
	return index;
}

function sharesAny(mine: readonly string[], theirs: readonly string[]): boolean {
	for (const value of mine) if (theirs.includes(value)) return true;
	return false;
}

/**
 * A weaker key only counts when no stronger key is known on both sides: a MAC shared by a device
 * and a configuration whose serial numbers differ is a reused or mistyped address, not the device.
 */
function disagreement(
	device: PreparedDevice,
	entry: PreparedConfiguration,
	key: MatchKey,
	keys: readonly MatchKey[],
): { key: MatchKey; device: readonly string[]; configuration: readonly string[] } | undefined {
	for (const stronger of keys) {
		if (stronger === key) return undefined;
		const mine = device.keyValues[stronger];
		const theirs = entry.keyValues[stronger];
		if (mine.length > 0 && theirs.length > 0 && !sharesAny(mine, theirs)) {
			return { key: stronger, device: mine, configuration: theirs };
		}
	}
	return undefined;
}

function keyCandidate(entry: PreparedConfiguration, key: MatchKey, value: string): MatchCandidate {
	return { configurationId: entry.id, name: entry.name, key, value };
}

function recordHit(bucket: Bucket, devicePosition: number): void {
	bucket.hitCount += 1;
	if (bucket.hitters === undefined) bucket.hitters = [devicePosition];
	else if (bucket.hitters.length < listLimit) bucket.hitters.push(devicePosition);
}

/**
 * Appends to a list made at its first entry: a device finds one configuration or a few, and an
 * empty list grown by `push` reserves room for 17.
 */
function append<Item>(list: Item[] | undefined, item: Item): Item[] {
	if (list === undefined) return [item];
	list.push(item);
	return list;
}

/**
 * Configurations a key's values lead to, each once with the first value that led to it, in the
 * order found. Parallel lists: a device finds one or a few, and a map per device and key would
 * cost more than the search.
 */
class Finds {
	private positions: number[] | undefined;
	private values: string[] | undefined;

	get count(): number {
		return this.positions?.length ?? 0;
	}

	add(position: number, value: string): void {
		if (this.positions?.includes(position)) return;
		this.positions = append(this.positions, position);
		this.values = append(this.values, value);
	}

	position(index: number): number {
		return (this.positions as number[])[index];
	}

	value(index: number): string {
		return (this.values as string[])[index];
	}
}

function searchByKeys(device: PreparedDevice, { settings, catalogue, index }: Context): Search {
	const notes: MatchNote[] = [];
	const explained: number[] = [];
	const partition = partitionOf(settings, device.companyId);
	for (const key of settings.keys) {
		const values = device.keyValues[key];
		if (values.length === 0) continue;
		const buckets = index[key].available.get(partition);
		if (!buckets) continue;
		const found = new Finds();
		let hitBuckets: Bucket[] | undefined;
		let crowded = false;
		for (const value of values) {
			const indexed = buckets.get(value);
			if (indexed === undefined) continue;
			// A value shared by this many configurations identifies none of them; inspecting each would
			// also make one popular address cost time per device, breaking linear growth.
			if (typeof indexed !== 'number' && indexed.configurations.length > listLimit) {
				crowded = true;
				hitBuckets = append(hitBuckets, indexed);
				for (let offset = 0; offset < listLimit; offset += 1) {
					found.add(indexed.configurations[offset], value);
				}
				continue;
			}
			let agreeing = false;
			for (const position of typeof indexed === 'number' ? [indexed] : indexed.configurations) {
				const entry = catalogue.list[position];
				const differing = disagreement(device, entry, key, settings.keys);
				if (differing) {
					if (!explained.includes(position)) {
						explained.push(position);
						notes.push(keysDisagreeNote(key, value, entry, differing));
					}
					continue;
				}
				agreeing = true;
				found.add(position, value);
			}
			if (agreeing) hitBuckets = append(hitBuckets, hitBucket(buckets, value, indexed));
		}
		if (found.count === 0) continue;
		// The search stops at the first key that finds anything, even too much: falling through to a
		// weaker key would let an IP settle what a serial number or MAC left ambiguous.
		for (const bucket of hitBuckets ?? []) recordHit(bucket, device.position);
		if (found.count === 1 && !crowded) {
			const entry = catalogue.list[found.position(0)];
			const value = found.value(0);
			return { kind: 'single', key, entry, value, hitBuckets: hitBuckets ?? [], notes };
		}
		const listed = Math.min(found.count, listLimit);
		const candidates: MatchCandidate[] = [];
		for (let offset = 0; offset < listed; offset += 1) {
			const entry = catalogue.list[found.position(offset)];
			candidates.push(keyCandidate(entry, key, found.value(offset)));
		}
		return {
			kind: 'several',
			key,
			reason: crowded ? 'crowdedKey' : 'severalConfigurations',
			candidates,
			moreCandidates: crowded || found.count > listLimit,
			notes,
		};
	}
	return { kind: 'none', notes };
}

/** The devices that settled on a key value of the configuration, in first-hit order. */
function addHitters(
	competitors: number[],
	indexed: Indexed | undefined,
	except: number | undefined,
): void {
	if (indexed === undefined || typeof indexed === 'number') return;
	for (const hitter of indexed.hitters ?? []) {
		if (hitter !== except && !competitors.includes(hitter)) competitors.push(hitter);
	}
}

/**
 * Other devices that settled on this configuration: with a stronger key (the stronger claim wins,
 * this device is outranked) or with the same key (nobody wins). A device that lost is reported as
 * ambiguous, not unmatched, so that no duplicate configuration gets created for it.
 */
function contestFor(
	device: PreparedDevice,
	find: SingleFind,
	{ settings, index }: Context,
): { reason: 'outranked' | 'contested'; competitors: number[] } | undefined {
	const { companyId, keyValues } = find.entry;
	const partition = partitionOf(settings, companyId);
	const competitors: number[] = [];
	for (const stronger of settings.keys) {
		if (stronger === find.key) break;
		const buckets = index[stronger].available.get(partition);
		for (const value of keyValues[stronger])
			addHitters(competitors, buckets?.get(value), undefined);
	}
	if (competitors.length > 0) return { reason: 'outranked', competitors };
	const buckets = index[find.key].available.get(partition);
	for (const value of keyValues[find.key]) {
		const bucket = buckets?.get(value);
		if (bucket === undefined || typeof bucket === 'number') continue;
		const othersHere = bucket.hitCount - (find.hitBuckets.includes(bucket) ? 1 : 0);
		if (othersHere > 0) addHitters(competitors, bucket, device.position);
	}
	return competitors.length > 0 ? { reason: 'contested', competitors } : undefined;
}

function withheldNotes(
	device: PreparedDevice,
	{ settings, catalogue, index, owners }: Context,
): readonly MatchNote[] {
	let notes: MatchNote[] | undefined;
	const seen: number[] = [];
	const partition = partitionOf(settings, device.companyId);
	for (const key of settings.keys) {
		if (!hardwareKeys.has(key)) continue;
		const withheld = index[key].withheld.get(partition);
		if (!withheld) continue;
		for (const value of device.keyValues[key]) {
			for (const position of withheld.get(value) ?? []) {
				if (seen.includes(position)) continue;
				seen.push(position);
				const configuration = catalogue.list[position];
				const owner = owners.get(configuration.id);
				(notes ??= []).push(
					owner
						? linkedToOtherDeviceNote(key, value, configuration, owner)
						: inactiveIgnoredNote(key, value, configuration),
				);
			}
		}
	}
	return notes ?? noNotes;
}

function deviceSummary({ agentId, deviceId, name }: PreparedDevice): DeviceSummary {
	return name === undefined ? { agentId, deviceId } : { agentId, deviceId, name };
}

function competingRefs(competitors: readonly number[], context: Context): DeviceRef[] {
	return competitors
		.slice(0, listLimit)
		.map((position) => deviceRef(context.devicesByPosition[position]));
}

/** The entry of a device whose search found no configuration or several of them. */
function undecidedEntry(
	device: PreparedDevice,
	search: Exclude<Search, { kind: 'single' }>,
	earlierNotes: readonly MatchNote[],
	context: Context,
): DeviceMatch {
	const summary = deviceSummary(device);
	if (search.kind === 'none') {
		const keyless = context.settings.keys.every((key) => device.keyValues[key].length === 0);
		return {
			status: 'unmatched',
			device: summary,
			notes: [
				...earlierNotes,
				...search.notes,
				...(keyless ? [noUsableKeysNote(context.settings.keys)] : noNotes),
				...withheldNotes(device, context),
			],
		};
	}
	return {
		status: 'ambiguous',
		device: summary,
		ambiguity: search.reason,
		matchedBy: search.key,
		candidates: search.candidates,
		moreCandidates: search.moreCandidates,
		competingDevices: [],
		notes: [...earlierNotes, ...search.notes, ambiguousKeyNote(search.key, search.reason)],
	};
}

/** The entry of a device whose search found one configuration, once every search has run. */
function singleEntry(
	device: PreparedDevice,
	find: SingleFind,
	notes: readonly MatchNote[],
	context: Context,
): DeviceMatch {
	const summary = deviceSummary(device);
	const contest = contestFor(device, find, context);
	if (contest) {
		return {
			status: 'ambiguous',
			device: summary,
			ambiguity: contest.reason,
			matchedBy: find.key,
			candidates: [keyCandidate(find.entry, find.key, find.value)],
			moreCandidates: false,
			competingDevices: competingRefs(contest.competitors, context),
			notes: [...notes, ambiguousKeyNote(find.key, contest.reason)],
		};
	}
	const configuration = find.entry;
	const { companyId } = device;
	const paired = [...notes];
	if (!configuration.active) paired.push(inactiveConfigurationNote(configuration));
	if (companyId !== undefined && companyId !== configuration.companyId) {
		paired.push(otherCompanyNote(configuration, companyId));
	}
	return {
		status: 'matched',
		device: summary,
		configurationId: configuration.id,
		configurationName: configuration.name,
		matchedBy: find.key,
		matchedValue: find.value,
		notes: paired,
	};
}

function linkEntry(
	device: PreparedDevice,
	outcome: Exclude<LinkOutcome, { kind: 'none' }>,
): DeviceMatch {
	const summary = deviceSummary(device);
	if (outcome.kind === 'conflict') {
		return {
			status: 'conflict',
			device: summary,
			conflict: outcome.reason,
			candidates: outcome.candidates,
			competingDevices: outcome.competingDevices,
			notes: outcome.notes,
		};
	}
	return {
		status: 'linked',
		device: summary,
		configurationId: outcome.configuration.id,
		configurationName: outcome.configuration.name,
		matchedBy: 'link',
		linkedVia: outcome.via,
		notes: outcome.notes,
	};
}

function configurationSummary(configuration: PreparedConfiguration): ConfigurationSummary {
	return {
		configurationId: configuration.id,
		name: configuration.name,
		companyId: configuration.companyId,
		active: configuration.active,
	};
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
	const firstPositions = new DeviceRefMap<number>();
	const unique: PreparedDevice[] = [];
	for (const device of prepared) {
		if (firstPositions.has(device)) continue;
		firstPositions.set(device, device.position);
		unique.push(device);
	}
	const links = resolveLinks(unique, catalogue);
	const linkOutcomes: Array<LinkOutcome | undefined> = new Array(prepared.length);
	unique.forEach((device, index) => {
		linkOutcomes[device.position] = links.outcomes[index];
	});
	let index: MatchIndex | undefined;
	const context: Context = {
		settings,
		catalogue,
		// Built, with the configurations' key values, when the first device is searched by key: a
		// re-sync of linked devices needs neither.
		get index() {
			if (index === undefined) {
				readConfigurationKeys(catalogue);
				index = buildIndex(catalogue, links.owners, settings);
			}
			return index;
		},
		owners: links.owners,
		devicesByPosition: prepared,
	};

	const entries = new Array<DeviceMatch>(prepared.length);
	/** By catalogue position: the configurations a device is linked or matched to. */
	const paired = new Uint8Array(catalogue.list.length);
	const singles: Array<{ device: PreparedDevice; find: SingleFind; notes: MatchNote[] }> = [];
	for (const device of prepared) {
		const outcome = linkOutcomes[device.position];
		if (!outcome) {
			entries[device.position] = {
				status: 'duplicate',
				device: deviceSummary(device),
				notes: [duplicateDeviceNote(device, firstPositions.get(device) ?? 0)],
			};
			continue;
		}
		if (outcome.kind !== 'none') {
			entries[device.position] = linkEntry(device, outcome);
			if (outcome.kind === 'linked') paired[outcome.configuration.position] = 1;
			continue;
		}
		if (settings.scope === 'company' && device.companyId === undefined) {
			entries[device.position] = {
				status: 'unresolvedCompany',
				device: deviceSummary(device),
				notes: [...outcome.notes, agentWithoutCompanyNote(device)],
			};
			continue;
		}
		readDeviceKeys(device, devices[device.position]);
		const { rejections } = device;
		const earlierNotes = rejections
			? [
					...outcome.notes,
					...ignoredValueNotes(rejections.serial, rejections.macs, rejections.ips, settings.keys),
				]
			: outcome.notes;
		const search = searchByKeys(device, context);
		if (search.kind === 'single') {
			singles.push({ device, find: search, notes: [...earlierNotes, ...search.notes] });
		} else {
			entries[device.position] = undecidedEntry(device, search, earlierNotes, context);
		}
	}
	// Decided after every search has run, so that each device sees all competing claims.
	for (const { device, find, notes } of singles) {
		const entry = singleEntry(device, find, notes, context);
		entries[device.position] = entry;
		if (entry.status === 'matched') paired[find.entry.position] = 1;
	}

	const counts = Object.fromEntries(deviceMatchStatuses.map((status) => [status, 0])) as Record<
		DeviceMatchStatus,
		number
	>;
	for (const entry of entries) counts[entry.status] += 1;
	const scannedCompanies = new Set<number>();
	for (const { companyId } of unique) {
		if (companyId !== undefined) scannedCompanies.add(companyId);
	}
	const scanned = (entry: PreparedConfiguration) =>
		settings.scope === 'allCompanies' || scannedCompanies.has(entry.companyId);
	const unmatchedConfigurations: ConfigurationSummary[] = [];
	for (const entry of catalogue.list) {
		if (
			paired[entry.position] === 0 &&
			!links.owners.has(entry.id) &&
			(entry.active || !settings.onlyActive) &&
			scanned(entry)
		) {
			unmatchedConfigurations.push(configurationSummary(entry));
		}
	}
	const linkedElsewhere: MatchResult['linkedElsewhere'] = [];
	for (const entry of catalogue.marked) {
		const marked = entry.linkedDevice as DeviceRef;
		if (scanned(entry) && !firstPositions.has(marked)) {
			linkedElsewhere.push({ ...configurationSummary(entry), linkedDevice: deviceRef(marked) });
		}
	}
	return { devices: entries, unmatchedConfigurations, linkedElsewhere, counts };
}
