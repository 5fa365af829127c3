import type { DeviceRef } from '../links/marker';
import {
	inactiveConfigurationNote,
	linkConflictNote,
	otherCompanyNote,
	staleDomotzLinkNote,
} from './notes';
import {
	DeviceRefMap,
	deviceRef,
	firstOthers,
	type ConfigurationCatalogue,
	type PreparedConfiguration,
	type PreparedDevice,
} from './prepare';
import type { ConflictReason, LinkSide, MatchCandidate, MatchNote } from './types';

export type LinkOutcome =
	| { kind: 'linked'; configuration: PreparedConfiguration; via: LinkSide; notes: MatchNote[] }
	| {
			kind: 'conflict';
			reason: ConflictReason;
			candidates: MatchCandidate[];
			competingDevices: DeviceRef[];
			notes: MatchNote[];
	  }
	| { kind: 'none'; notes: MatchNote[] };

export interface LinkResolution {
	/** One outcome per device, in the order given. */
	outcomes: LinkOutcome[];
	/**
	 * Every configuration that a marker or a Domotz link names, with the device it names. These are
	 * never offered to a device by key, whether the link holds, conflicts or points outside the input.
	 */
	owners: Map<number, DeviceRef>;
}

function linkCandidate(
	configuration: PreparedConfiguration,
	side: 'marker' | 'domotzLink',
): MatchCandidate {
	return {
		configurationId: configuration.id,
		name: configuration.name,
		key: 'link',
		value: side,
		...(configuration.linkedDevice && { linkedDevice: deviceRef(configuration.linkedDevice) }),
	};
}

function pushTo<Key, Value>(
	map: { get(key: Key): Value[] | undefined; set(key: Key, value: Value[]): void },
	key: Key,
	value: Value,
): void {
	const list = map.get(key);
	if (list) list.push(value);
	else map.set(key, [value]);
}

/** The outcome of most devices: no link on either side, nothing to note. */
const noLink: LinkOutcome = Object.freeze({ kind: 'none', notes: [] });

function linked(
	device: PreparedDevice,
	entry: PreparedConfiguration,
	via: LinkSide,
	notes: MatchNote[],
): LinkOutcome {
	const configuration = entry;
	const { companyId } = device;
	return {
		kind: 'linked',
		configuration: entry,
		via,
		notes: [
			...notes,
			...(configuration.active ? [] : [inactiveConfigurationNote(configuration)]),
			...(companyId !== undefined && companyId !== configuration.companyId
				? [otherCompanyNote(configuration, companyId)]
				: []),
		],
	};
}

function conflict(
	reason: ConflictReason,
	candidates: MatchCandidate[],
	notes: MatchNote[],
	competingDevices: DeviceRef[] = [],
): LinkOutcome {
	return {
		kind: 'conflict',
		reason,
		candidates,
		competingDevices,
		notes: [...notes, linkConflictNote(reason)],
	};
}

/**
 * Existing links come first, before any key. The ConnectWise marker is the durable link and the
 * Domotz inventory field mirrors it; when the two disagree, or a configuration is claimed twice,
 * the outcome is a conflict for a person to settle: guessing which side is right could move an
 * asset record to the wrong device.
 */
export function resolveLinks(
	devices: readonly PreparedDevice[],
	catalogue: ConfigurationCatalogue,
): LinkResolution {
	const markersByDevice = new DeviceRefMap<PreparedConfiguration[]>();
	const claimantsByConfiguration = new Map<number, PreparedDevice[]>();
	const owners = new Map<number, DeviceRef>();
	for (const device of devices) {
		const claimedId = device.linkedConfigurationId;
		if (claimedId === undefined || !catalogue.byId.has(claimedId)) continue;
		pushTo(claimantsByConfiguration, claimedId, device);
		if (!owners.has(claimedId)) owners.set(claimedId, deviceRef(device));
	}
	// The marker states ownership; set after the Domotz claims so that it wins.
	for (const entry of catalogue.marked) {
		const marked = entry.linkedDevice as DeviceRef;
		pushTo(markersByDevice, marked, entry);
		owners.set(entry.id, deviceRef(marked));
	}

	const outcomes = devices.map((device): LinkOutcome => {
		const markers = markersByDevice.get(device);
		const claimedId = device.linkedConfigurationId;
		if (markers === undefined && claimedId === undefined) return noLink;
		const claimed = claimedId === undefined ? undefined : catalogue.byId.get(claimedId);
		const notes = claimedId !== undefined && !claimed ? [staleDomotzLinkNote(claimedId)] : [];

		if (markers && markers.length > 1) {
			const mirrored =
				claimed && !markers.includes(claimed) ? [linkCandidate(claimed, 'domotzLink')] : [];
			return conflict(
				'severalMarkers',
				[...markers.map((marked) => linkCandidate(marked, 'marker')), ...mirrored],
				notes,
			);
		}
		if (markers?.length === 1) {
			const [marked] = markers;
			if (claimed && claimed !== marked) {
				return conflict(
					'linkSidesDisagree',
					[linkCandidate(marked, 'marker'), linkCandidate(claimed, 'domotzLink')],
					notes,
				);
			}
			return linked(device, marked, claimed ? 'both' : 'marker', notes);
		}
		if (!claimed) return { kind: 'none', notes };
		if (claimed.linkedDevice) {
			return conflict('linkedToOtherDevice', [linkCandidate(claimed, 'domotzLink')], notes);
		}
		const claimants = claimantsByConfiguration.get(claimed.id) ?? [];
		if (claimants.length > 1) {
			return conflict(
				'claimedByOtherDevices',
				[linkCandidate(claimed, 'domotzLink')],
				notes,
				firstOthers(claimants, device).map((rival) => deviceRef(rival)),
			);
		}
		return linked(device, claimed, 'domotzLink', notes);
	});

	return { outcomes, owners };
}
