import type { DomotzDevice } from '../domotz/schemas';
import { normaliseMacs, normaliseSerial } from '../match';

export interface DeviceFilter {
	/** Domotz statuses to keep (ONLINE, OFFLINE, DOWN, HIDDEN); empty keeps every status. */
	statuses: string[];
	/** Effective type ids to keep (the user's type, else the detected one); empty keeps every type. */
	typeIds: number[];
	withUsableSerial: boolean;
	withMac: boolean;
	includeExcluded: boolean;
}

export function effectiveTypeId(device: DomotzDevice): number | undefined {
	return device.user_data?.type ?? device.type?.id ?? undefined;
}

/** Pure: keeps the devices that pass every active criterion, in their original order. */
export function filterDevices(
	devices: readonly DomotzDevice[],
	filter: DeviceFilter,
): DomotzDevice[] {
	const statuses = new Set(filter.statuses.map((status) => status.toUpperCase()));
	const typeIds = new Set(filter.typeIds);
	return devices.filter((device) => {
		if (!filter.includeExcluded && device.is_excluded === true) return false;
		if (statuses.size > 0 && !statuses.has(String(device.status ?? '').toUpperCase())) return false;
		if (typeIds.size > 0) {
			const typeId = effectiveTypeId(device);
			if (typeId === undefined || !typeIds.has(typeId)) return false;
		}
		if (filter.withUsableSerial && normaliseSerial(device.details?.serial).kind !== 'usable') {
			return false;
		}
		if (filter.withMac && normaliseMacs(device.hw_address ?? undefined).usable.length === 0) {
			return false;
		}
		return true;
	});
}
