import type { DeviceRef } from '../links/marker';
import {
	normaliseIps,
	normaliseMacs,
	normaliseSerial,
	type AddressList,
	type IpRejection,
	type MacRejection,
	type SerialReading,
} from './normalise';
import type { MatchKey, MatchableConfiguration, MatchableDevice } from './types';

/** Canonical usable values per key: what both sides are compared on. */
export type KeyValues = Record<MatchKey, readonly string[]>;

interface NormalisedKeys {
	serial: SerialReading;
	macs: AddressList<MacRejection>;
	ips: AddressList<IpRejection>;
	keyValues: KeyValues;
}

export interface PreparedDevice extends NormalisedKeys {
	position: number;
	device: MatchableDevice;
	refKey: string;
}

export interface PreparedConfiguration extends NormalisedKeys {
	position: number;
	configuration: MatchableConfiguration;
}

export interface ConfigurationCatalogue {
	list: PreparedConfiguration[];
	byId: Map<number, PreparedConfiguration>;
}

/** How many candidates or competing devices a result lists; longer lists are cut, and flagged. */
export const listLimit = 20;

/** Up to `listLimit` entries other than `self`, without walking the rest of a long list. */
export function firstOthers<Item>(items: readonly Item[], self: Item): Item[] {
	const others: Item[] = [];
	for (const item of items) {
		if (others.length === listLimit) break;
		if (item !== self) others.push(item);
	}
	return others;
}

export function deviceRefKey(device: DeviceRef): string {
	return `${device.agentId}/${device.deviceId}`;
}

export function deviceRef(device: DeviceRef): DeviceRef {
	return { agentId: device.agentId, deviceId: device.deviceId };
}

function normaliseKeys(
	serialRaw: string | null | undefined,
	macRaws: string | null | undefined | readonly string[],
	ipRaws: string | null | undefined | readonly string[],
): NormalisedKeys {
	const serial = normaliseSerial(serialRaw);
	const macs = normaliseMacs(macRaws);
	const ips = normaliseIps(ipRaws);
	return {
		serial,
		macs,
		ips,
		keyValues: {
			serial: serial.kind === 'usable' ? [serial.value] : [],
			mac: macs.usable,
			ip: ips.usable,
		},
	};
}

export function prepareDevice(device: MatchableDevice, position: number): PreparedDevice {
	return {
		position,
		device,
		refKey: deviceRefKey(device),
		...normaliseKeys(device.serial, device.macAddresses, device.ipAddresses),
	};
}

/** Normalised configurations; a configuration id seen twice (e.g. overlapping pages) counts once. */
export function prepareConfigurations(
	configurations: readonly MatchableConfiguration[],
): ConfigurationCatalogue {
	const list: PreparedConfiguration[] = [];
	const byId = new Map<number, PreparedConfiguration>();
	for (const configuration of configurations) {
		if (byId.has(configuration.id)) continue;
		const prepared: PreparedConfiguration = {
			position: list.length,
			configuration,
			...normaliseKeys(
				configuration.serialNumber,
				configuration.macAddress,
				configuration.ipAddress,
			),
		};
		list.push(prepared);
		byId.set(configuration.id, prepared);
	}
	return { list, byId };
}
