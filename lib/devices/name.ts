import type { DomotzDevice } from '../domotz/schemas';

/** The name Domotz shows for a device: the one the user gave it, else the discovered one. */
export function deviceName(device: Pick<DomotzDevice, 'display_name' | 'user_data'>): string {
	return device.user_data?.name || device.display_name;
}
