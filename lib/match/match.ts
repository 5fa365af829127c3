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
	deviceRef,
	deviceRefKey,
	listLimit,
	prepareConfigurations,
	prepareDevice,
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
	hitters: number[];
	hitCount: number;
}

/**
 * Key value → entry, partitioned by company in company scope (one partition, `undefined`, across
 * all companies). Nested maps rather than a joined "company|value" string: no string is built per
 * lookup, and each value string's hash is computed once.
 */
type Partitioned<Entry> = Map<number | undefined, Map<string, Entry>>;

interface KeyIndex {
	available: Partitioned<Bucket>;
	/** Configurations never offered by key, kept only to warn about them. */
	withheld: Partitioned<number[]>;
}

type MatchIndex = Record<MatchKey, KeyIndex>;

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
	| {
			kind: 'single';
			key: MatchKey;
			entry: PreparedConfiguration;
			value: string;
			hitBuckets: readonly Bucket[];
			notes: MatchNote[];
	  };

type Stage =
	| { kind: 'duplicate'; firstPosition: number }
	| { kind: 'link'; outcome: Exclude<LinkOutcome, { kind: 'none' }> }
	| { kind: 'unresolvedCompany'; notes: MatchNote[] }
	| { kind: 'search'; search: Search; notes: MatchNote[] };

interface Context {
	settings: ResolvedMatchOptions;
	catalogue: ConfigurationCatalogue;
	index: MatchIndex;
	owners: ReadonlyMap<number, DeviceRef>;
}

function partitionOf(settings: ResolvedMatchOptions, companyId: number | undefined) {
	return settings.scope === 'company' ? companyId : undefined;
}

function lookUp<Entry>(
	map: Partitioned<Entry>,
	partition: number | undefined,
	value: string,
): Entry | undefined {
	return map.get(partition)?.get(value);
}

function entryFor<Entry>(
	map: Partitioned<Entry>,
	partition: number | undefined,
	value: string,
	create: () => Entry,
): Entry {
	let values = map.get(partition);
	if (!values) {
		values = new Map();
		map.set(partition, values);
	}
	let entry = values.get(value);
	if (entry === undefined) {
		entry = create();
		values.set(value, entry);
	}
	return entry;
}

function newBucket(): Bucket {
	return { configurations: [], hitters: [], hitCount: 0 };
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
	for (const { configuration, keyValues, position } of catalogue.list) {
		const available =
			!owners.has(configuration.id) && (configuration.active || !settings.onlyActive);
		const partition = partitionOf(settings, configuration.companyId);
		for (const key of settings.keys) {
			const { available: buckets, withheld } = index[key];
			for (const value of keyValues[key]) {
				if (available) {
					entryFor(buckets, partition, value, newBucket).configurations.push(position);
				} else if (hardwareKeys.has(key)) {
					const warnings = entryFor(withheld, partition, value, (): number[] => []);
					if (warnings.length < listLimit) warnings.push(position);
				}
			}
		}
	}
	return index;
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
		if (mine.length > 0 && theirs.length > 0 && !mine.some((value) => theirs.includes(value))) {
			return { key: stronger, device: mine, configuration: theirs };
		}
	}
	return undefined;
}

function keyCandidate(entry: PreparedConfiguration, key: MatchKey, value: string): MatchCandidate {
	return { configurationId: entry.configuration.id, name: entry.configuration.name, key, value };
}

function recordHit(bucket: Bucket, devicePosition: number): void {
	bucket.hitCount += 1;
	if (bucket.hitters.length < listLimit) bucket.hitters.push(devicePosition);
}

function searchByKeys(device: PreparedDevice, { settings, catalogue, index }: Context): Search {
	const notes: MatchNote[] = [];
	const explained = new Set<number>();
	const partition = partitionOf(settings, device.device.companyId);
	for (const key of settings.keys) {
		const values = device.keyValues[key];
		if (values.length === 0) continue;
		const found = new Map<number, string>();
		const hitBuckets: Bucket[] = [];
		let crowded = false;
		for (const value of values) {
			const bucket = lookUp(index[key].available, partition, value);
			if (!bucket) continue;
			// A value shared by this many configurations identifies none of them; inspecting each would
			// also make one popular address cost time per device, breaking linear growth.
			if (bucket.configurations.length > listLimit) {
				crowded = true;
				hitBuckets.push(bucket);
				for (const position of bucket.configurations.slice(0, listLimit)) {
					if (!found.has(position)) found.set(position, value);
				}
				continue;
			}
			let agreeing = false;
			for (const position of bucket.configurations) {
				const entry = catalogue.list[position];
				const differing = disagreement(device, entry, key, settings.keys);
				if (differing) {
					if (!explained.has(position)) {
						explained.add(position);
						notes.push(keysDisagreeNote(key, value, entry.configuration, differing));
					}
					continue;
				}
				agreeing = true;
				if (!found.has(position)) found.set(position, value);
			}
			if (agreeing) hitBuckets.push(bucket);
		}
		if (found.size === 0) continue;
		// The search stops at the first key that finds anything, even too much: falling through to a
		// weaker key would let an IP settle what a serial number or MAC left ambiguous.
		for (const bucket of hitBuckets) recordHit(bucket, device.position);
		if (found.size === 1 && !crowded) {
			const [[position, value]] = found;
			return { kind: 'single', key, entry: catalogue.list[position], value, hitBuckets, notes };
		}
		return {
			kind: 'several',
			key,
			reason: crowded ? 'crowdedKey' : 'severalConfigurations',
			candidates: [...found]
				.slice(0, listLimit)
				.map(([position, value]) => keyCandidate(catalogue.list[position], key, value)),
			moreCandidates: crowded || found.size > listLimit,
			notes,
		};
	}
	return { kind: 'none', notes };
}

/**
 * Other devices that settled on this configuration: with a stronger key (the stronger claim wins,
 * this device is outranked) or with the same key (nobody wins). A device that lost is reported as
 * ambiguous, not unmatched, so that no duplicate configuration gets created for it.
 */
function contestFor(
	device: PreparedDevice,
	search: Extract<Search, { kind: 'single' }>,
	{ settings, index }: Context,
): { reason: 'outranked' | 'contested'; competitors: number[] } | undefined {
	const { configuration, keyValues } = search.entry;
	const bucketsOf = (key: MatchKey) =>
		keyValues[key].flatMap((value) => {
			const bucket = lookUp(
				index[key].available,
				partitionOf(settings, configuration.companyId),
				value,
			);
			return bucket ? [bucket] : [];
		});
	const competitors = new Set<number>();
	for (const stronger of settings.keys) {
		if (stronger === search.key) break;
		for (const bucket of bucketsOf(stronger)) {
			bucket.hitters.forEach((hitter) => competitors.add(hitter));
		}
	}
	if (competitors.size > 0) return { reason: 'outranked', competitors: [...competitors] };
	for (const bucket of bucketsOf(search.key)) {
		const othersHere = bucket.hitCount - (search.hitBuckets.includes(bucket) ? 1 : 0);
		if (othersHere === 0) continue;
		for (const hitter of bucket.hitters) if (hitter !== device.position) competitors.add(hitter);
	}
	return competitors.size > 0 ? { reason: 'contested', competitors: [...competitors] } : undefined;
}

function withheldNotes(
	device: PreparedDevice,
	{ settings, catalogue, index, owners }: Context,
): MatchNote[] {
	const notes: MatchNote[] = [];
	const seen = new Set<number>();
	const partition = partitionOf(settings, device.device.companyId);
	for (const key of settings.keys) {
		if (!hardwareKeys.has(key)) continue;
		for (const value of device.keyValues[key]) {
			for (const position of lookUp(index[key].withheld, partition, value) ?? []) {
				if (seen.has(position)) continue;
				seen.add(position);
				const { configuration } = catalogue.list[position];
				const owner = owners.get(configuration.id);
				notes.push(
					owner
						? linkedToOtherDeviceNote(key, value, configuration, owner)
						: inactiveIgnoredNote(key, value, configuration),
				);
			}
		}
	}
	return notes;
}

function pairingNotes(device: MatchableDevice, configuration: MatchableConfiguration): MatchNote[] {
	return [
		...(configuration.active ? [] : [inactiveConfigurationNote(configuration)]),
		...(device.companyId !== undefined && device.companyId !== configuration.companyId
			? [otherCompanyNote(configuration, device.companyId)]
			: []),
	];
}

function deviceSummary({ agentId, deviceId, name }: MatchableDevice): DeviceSummary {
	return { agentId, deviceId, ...(name !== undefined && { name }) };
}

function fromSearch(
	device: PreparedDevice,
	search: Search,
	earlierNotes: MatchNote[],
	context: Context,
	devicesByPosition: readonly PreparedDevice[],
): DeviceMatch {
	const summary = deviceSummary(device.device);
	const notes = [...earlierNotes, ...search.notes];
	const refsAt = (competitors: number[]) =>
		competitors
			.slice(0, listLimit)
			.map((position) => deviceRef(devicesByPosition[position].device));
	if (search.kind === 'none') {
		const keyless = context.settings.keys.every((key) => device.keyValues[key].length === 0);
		return {
			status: 'unmatched',
			device: summary,
			notes: [
				...notes,
				...(keyless ? [noUsableKeysNote(context.settings.keys)] : []),
				...withheldNotes(device, context),
			],
		};
	}
	if (search.kind === 'several') {
		return {
			status: 'ambiguous',
			device: summary,
			ambiguity: search.reason,
			matchedBy: search.key,
			candidates: search.candidates,
			moreCandidates: search.moreCandidates,
			competingDevices: [],
			notes: [...notes, ambiguousKeyNote(search.key, search.reason)],
		};
	}
	const contest = contestFor(device, search, context);
	if (contest) {
		return {
			status: 'ambiguous',
			device: summary,
			ambiguity: contest.reason,
			matchedBy: search.key,
			candidates: [keyCandidate(search.entry, search.key, search.value)],
			moreCandidates: false,
			competingDevices: refsAt(contest.competitors),
			notes: [...notes, ambiguousKeyNote(search.key, contest.reason)],
		};
	}
	const { configuration } = search.entry;
	return {
		status: 'matched',
		device: summary,
		configurationId: configuration.id,
		configurationName: configuration.name,
		matchedBy: search.key,
		matchedValue: search.value,
		notes: [...notes, ...pairingNotes(device.device, configuration)],
	};
}

function toDeviceMatch(
	device: PreparedDevice,
	stage: Stage,
	context: Context,
	devicesByPosition: readonly PreparedDevice[],
): DeviceMatch {
	const summary = deviceSummary(device.device);
	switch (stage.kind) {
		case 'duplicate':
			return {
				status: 'duplicate',
				device: summary,
				notes: [duplicateDeviceNote(device.device, stage.firstPosition)],
			};
		case 'unresolvedCompany':
			return { status: 'unresolvedCompany', device: summary, notes: stage.notes };
		case 'link': {
			const { outcome } = stage;
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
				configurationId: outcome.configuration.configuration.id,
				configurationName: outcome.configuration.configuration.name,
				matchedBy: 'link',
				linkedVia: outcome.via,
				notes: outcome.notes,
			};
		}
		case 'search':
			return fromSearch(device, stage.search, stage.notes, context, devicesByPosition);
	}
}

function configurationSummary({ configuration }: PreparedConfiguration): ConfigurationSummary {
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
	const firstPositions = new Map<string, number>();
	const unique = prepared.filter((device) => {
		if (firstPositions.has(device.refKey)) return false;
		firstPositions.set(device.refKey, device.position);
		return true;
	});
	const links = resolveLinks(unique, catalogue);
	const linkOutcomes: Array<LinkOutcome | undefined> = [];
	unique.forEach((device, index) => {
		linkOutcomes[device.position] = links.outcomes[index];
	});
	const context: Context = {
		settings,
		catalogue,
		index: buildIndex(catalogue, links.owners, settings),
		owners: links.owners,
	};

	const stages = prepared.map((device): Stage => {
		const outcome = linkOutcomes[device.position];
		if (!outcome) {
			return { kind: 'duplicate', firstPosition: firstPositions.get(device.refKey) ?? 0 };
		}
		if (outcome.kind !== 'none') return { kind: 'link', outcome };
		if (settings.scope === 'company' && device.device.companyId === undefined) {
			return {
				kind: 'unresolvedCompany',
				notes: [...outcome.notes, agentWithoutCompanyNote(device.device)],
			};
		}
		const notes = [
			...outcome.notes,
			...ignoredValueNotes(device.serial, device.macs, device.ips, settings.keys),
		];
		return { kind: 'search', search: searchByKeys(device, context), notes };
	});
	// Built after every search has run, so that each device sees all competing claims.
	const entries = stages.map((stage, position) =>
		toDeviceMatch(prepared[position], stage, context, prepared),
	);

	const paired = new Set<number>();
	const counts = Object.fromEntries(deviceMatchStatuses.map((status) => [status, 0])) as Record<
		DeviceMatchStatus,
		number
	>;
	for (const entry of entries) {
		counts[entry.status] += 1;
		if (entry.status === 'linked' || entry.status === 'matched') paired.add(entry.configurationId);
	}
	const scannedCompanies = new Set(
		unique.flatMap(({ device }) => (device.companyId === undefined ? [] : [device.companyId])),
	);
	const scanned = catalogue.list.filter(
		({ configuration }) =>
			settings.scope === 'allCompanies' || scannedCompanies.has(configuration.companyId),
	);
	return {
		devices: entries,
		unmatchedConfigurations: scanned
			.filter(
				({ configuration }) =>
					!paired.has(configuration.id) &&
					!links.owners.has(configuration.id) &&
					(configuration.active || !settings.onlyActive),
			)
			.map(configurationSummary),
		linkedElsewhere: scanned.flatMap((entry) => {
			const marked = entry.configuration.linkedDevice;
			if (!marked || firstPositions.has(deviceRefKey(marked))) return [];
			return [{ ...configurationSummary(entry), linkedDevice: deviceRef(marked) }];
		}),
		counts,
	};
}
