/**
 * The search of one device by its key values, and what is decided from the index once every
 * device has searched: whether another device contests its find, and which withheld
 * configurations its hardware keys point to.
 */
import type { DeviceRef } from '../links/marker';
import {
	addHitters,
	hardwareKeys,
	hitBucket,
	partitionOf,
	recordHit,
	type Bucket,
	type MatchIndex,
} from './key-index';
import { inactiveIgnoredNote, keysDisagreeNote, linkedToOtherDeviceNote } from './notes';
import {
	listLimit,
	type ConfigurationCatalogue,
	type PreparedConfiguration,
	type PreparedDevice,
} from './prepare';
import type {
	AmbiguityReason,
	MatchCandidate,
	MatchKey,
	MatchNote,
	ResolvedMatchOptions,
} from './types';

/** A search that found one configuration: whether another device contests it is decided last. */
export interface SingleFind {
	key: MatchKey;
	entry: PreparedConfiguration;
	value: string;
	hitBuckets: readonly Bucket[];
}

export type Search =
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

/** What a run's searches and entries read: the index is built when the first device needs it. */
export interface Context {
	settings: ResolvedMatchOptions;
	catalogue: ConfigurationCatalogue;
	index: MatchIndex;
	owners: ReadonlyMap<number, DeviceRef>;
	devicesByPosition: readonly PreparedDevice[];
}

export const noNotes: readonly MatchNote[] = Object.freeze([]);

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

export function keyCandidate(
	entry: PreparedConfiguration,
	key: MatchKey,
	value: string,
): MatchCandidate {
	return { configurationId: entry.id, name: entry.name, key, value };
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

export function searchByKeys(
	device: PreparedDevice,
	{ settings, catalogue, index }: Context,
): Search {
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

/**
 * Other devices that settled on this configuration: with a stronger key (the stronger claim wins,
 * this device is outranked) or with the same key (nobody wins). A device that lost is reported as
 * ambiguous, not unmatched, so that no duplicate configuration gets created for it.
 */
export function contestFor(
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

export function withheldNotes(
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
