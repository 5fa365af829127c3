import type { MatchableConfiguration, MatchableDevice } from '../../../lib/match';

export const companyA = 10;
export const companyB = 20;

export function device(deviceId: number, fields: Partial<MatchableDevice> = {}): MatchableDevice {
	return {
		agentId: 1,
		deviceId,
		name: `device-${deviceId}`,
		companyId: companyA,
		macAddresses: [],
		ipAddresses: [],
		...fields,
	};
}

export function configuration(
	id: number,
	fields: Partial<MatchableConfiguration> = {},
): MatchableConfiguration {
	return { id, name: `config-${id}`, companyId: companyA, active: true, ...fields };
}

/** Freezes inputs all the way down, so a test fails if the matcher mutates what it was given. */
export function deepFreeze<Value>(value: Value): Value {
	if (value && typeof value === 'object') {
		Object.values(value).forEach(deepFreeze);
		Object.freeze(value);
	}
	return value;
}
