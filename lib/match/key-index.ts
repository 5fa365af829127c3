/**
 * The key index of a matching run: every available configuration under each of its key values,
 * and the devices that settled on a value. Built once per run, read by the search.
 */
import type { DeviceRef } from '../links/marker';
import { listLimit, type ConfigurationCatalogue } from './prepare';
import type { MatchKey, ResolvedMatchOptions } from './types';

/**
 * Keys worth a warning when they point to a configuration that is withheld (linked to another
 * device, or inactive). Serial and MAC identify hardware; a shared IP is ordinary address reuse.
 */
export const hardwareKeys: ReadonlySet<MatchKey> = new Set(['serial', 'mac']);

/**
 * Configurations sharing one key value, and the devices that settled on this key through this
 * value (`hitters`, listed up to `listLimit`; `hitCount` counts all). Hits are per value, not per
 * configuration, so a device is a rival for every configuration sharing its value: conservative
 * when one value leads to several configurations, which is already a mess worth a human look.
 */
export interface Bucket {
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
export type Indexed = number | Bucket;

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

export type MatchIndex = Record<MatchKey, KeyIndex>;

export function partitionOf(settings: ResolvedMatchOptions, companyId: number | undefined) {
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
export function hitBucket(values: Map<string, Indexed>, value: string, indexed: Indexed): Bucket {
	if (typeof indexed !== 'number') return indexed;
	const bucket = bucketOf([indexed]);
	values.set(value, bucket);
	return bucket;
}

function emptyKeyIndex(): KeyIndex {
	return { available: new Map(), withheld: new Map() };
}

export function buildIndex(
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

export function recordHit(bucket: Bucket, devicePosition: number): void {
	bucket.hitCount += 1;
	if (bucket.hitters === undefined) bucket.hitters = [devicePosition];
	else if (bucket.hitters.length < listLimit) bucket.hitters.push(devicePosition);
}

/** The devices that settled on a key value of the configuration, in first-hit order. */
export function addHitters(
	competitors: number[],
	indexed: Indexed | undefined,
	except: number | undefined,
): void {
	if (indexed === undefined || typeof indexed === 'number') return;
	for (const hitter of indexed.hitters ?? []) {
		if (hitter !== except && !competitors.includes(hitter)) competitors.push(hitter);
	}
}
