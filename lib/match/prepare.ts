import type { DeviceRef } from '../links/marker';
import { normaliseIps, type IpRejection } from './ip';
import { normaliseMacs, type MacRejection } from './mac';
import type { AddressList } from './readings';
import { normaliseSerial, type SerialReading } from './serial';
import type { MatchKey, MatchableConfiguration, MatchableDevice } from './types';

/** Canonical usable values per key: what both sides are compared on. */
export type KeyValues = Record<MatchKey, readonly string[]>;

/** What a device's fields held that cannot be matched on, kept to explain why it was ignored. */
export interface Rejections {
	serial: SerialReading;
	macs: AddressList<MacRejection>;
	ips: AddressList<IpRejection>;
}

/**
 * The fields of a device and a configuration that matching reads are copied into these records:
 * every later pass reads one record shape, laid out next to its key values, instead of input
 * objects of many shapes spread over the heap. Key values are read in a second step, and only
 * when some device is searched by key: a re-sync of linked devices compares none.
 */
export interface PreparedDevice {
	position: number;
	agentId: number;
	deviceId: number;
	name: string | undefined;
	companyId: number | undefined;
	linkedConfigurationId: number | undefined;
	/** `unreadKeys` until `readDeviceKeys`. */
	keyValues: KeyValues;
	/** Absent when every value was usable or missing, as for most devices. */
	rejections: Rejections | undefined;
}

export interface PreparedConfiguration {
	position: number;
	id: number;
	name: string;
	companyId: number;
	active: boolean;
	linkedDevice: DeviceRef | undefined;
	/** `unreadKeys` until `readConfigurationKeys`. */
	keyValues: KeyValues;
}

export interface ConfigurationCatalogue {
	list: PreparedConfiguration[];
	/** The input each entry of `list` was prepared from, by position. */
	sources: MatchableConfiguration[];
	byId: Map<number, PreparedConfiguration>;
	/** The configurations that carry a link marker, in list order. */
	marked: PreparedConfiguration[];
}

/** How many candidates or competing devices a result lists; longer lists are cut, and flagged. */
export const listLimit = 20;

/** Shared by every key without values, so that a run holds one empty list instead of thousands. */
export const noValues: readonly string[] = Object.freeze([]);

function unread(): never {
	throw new Error('Key values were compared before they were read');
}

/** What a record holds before its key values are read: a comparison then fails loudly. */
const unreadKeys: KeyValues = Object.freeze({
	get serial() {
		return unread();
	},
	get mac() {
		return unread();
	},
	get ip() {
		return unread();
	},
});

/** Up to `listLimit` entries other than `self`, without walking the rest of a long list. */
export function firstOthers<Item>(items: readonly Item[], self: Item): Item[] {
	const others: Item[] = [];
	for (const item of items) {
		if (others.length === listLimit) break;
		if (item !== self) others.push(item);
	}
	return others;
}

export function deviceRef(device: DeviceRef): DeviceRef {
	return { agentId: device.agentId, deviceId: device.deviceId };
}

/**
 * Values by device, keyed by agent id and then device id: no key string is built per device, and
 * each agent's map stays small.
 */
export class DeviceRefMap<Value> {
	private readonly byAgent = new Map<number, Map<number, Value>>();

	get(device: DeviceRef): Value | undefined {
		return this.byAgent.get(device.agentId)?.get(device.deviceId);
	}

	has(device: DeviceRef): boolean {
		return this.byAgent.get(device.agentId)?.has(device.deviceId) ?? false;
	}

	set(device: DeviceRef, value: Value): void {
		let devices = this.byAgent.get(device.agentId);
		if (!devices) {
			devices = new Map();
			this.byAgent.set(device.agentId, devices);
		}
		devices.set(device.deviceId, value);
	}
}

function keyValuesOf(
	serial: SerialReading,
	macs: AddressList<MacRejection>,
	ips: AddressList<IpRejection>,
): KeyValues {
	return {
		serial: serial.kind === 'usable' ? [serial.value] : noValues,
		mac: macs.usable.length > 0 ? macs.usable : noValues,
		ip: ips.usable.length > 0 ? ips.usable : noValues,
	};
}

export function prepareDevice(device: MatchableDevice, position: number): PreparedDevice {
	return {
		position,
		agentId: device.agentId,
		deviceId: device.deviceId,
		name: device.name,
		companyId: device.companyId,
		linkedConfigurationId: device.linkedConfigurationId,
		keyValues: unreadKeys,
		rejections: undefined,
	};
}

export function readDeviceKeys(prepared: PreparedDevice, device: MatchableDevice): void {
	const serial = normaliseSerial(device.serial);
	const macs = normaliseMacs(device.macAddresses);
	const ips = normaliseIps(device.ipAddresses);
	const rejected = serial.kind === 'junk' || macs.rejected.length > 0 || ips.rejected.length > 0;
	prepared.keyValues = keyValuesOf(serial, macs, ips);
	prepared.rejections = rejected ? { serial, macs, ips } : undefined;
}

/** Configurations by id; a configuration id seen twice (e.g. overlapping pages) counts once. */
export function prepareConfigurations(
	configurations: readonly MatchableConfiguration[],
): ConfigurationCatalogue {
	const list: PreparedConfiguration[] = [];
	const sources: MatchableConfiguration[] = [];
	const byId = new Map<number, PreparedConfiguration>();
	const marked: PreparedConfiguration[] = [];
	for (const configuration of configurations) {
		const { id } = configuration;
		if (byId.has(id)) continue;
		const prepared: PreparedConfiguration = {
			position: list.length,
			id,
			name: configuration.name,
			companyId: configuration.companyId,
			active: configuration.active,
			linkedDevice: configuration.linkedDevice,
			keyValues: unreadKeys,
		};
		list.push(prepared);
		sources.push(configuration);
		byId.set(id, prepared);
		if (configuration.linkedDevice) marked.push(prepared);
	}
	return { list, sources, byId, marked };
}

export function readConfigurationKeys({ list, sources }: ConfigurationCatalogue): void {
	for (const prepared of list) {
		const configuration = sources[prepared.position];
		prepared.keyValues = keyValuesOf(
			normaliseSerial(configuration.serialNumber),
			normaliseMacs(configuration.macAddress),
			normaliseIps(configuration.ipAddress),
		);
	}
}
