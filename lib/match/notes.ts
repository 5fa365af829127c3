import type { DeviceRef } from '../links/marker';
import { ipRejectionExplanations, type IpRejection } from './ip';
import { macRejectionExplanations, type MacRejection } from './mac';
import type { AddressList } from './readings';
import { serialJunkExplanations, type SerialReading } from './serial';
import type {
	AmbiguityReason,
	ConflictReason,
	MatchKey,
	MatchNote,
	MatchableConfiguration,
} from './types';

const keyLabels: Record<MatchKey, string> = {
	serial: 'serial number',
	mac: 'MAC address',
	ip: 'IP address',
};

const conflictExplanations: Record<ConflictReason, string> = {
	severalMarkers: 'several configurations carry this device’s link marker',
	linkSidesDisagree: 'the ConnectWise marker and the Domotz link name different configurations',
	linkedToOtherDevice: 'the Domotz link names a configuration whose marker names another device',
	claimedByOtherDevices: 'other devices’ Domotz links name the same configuration',
};

const ambiguityExplanations: Record<AmbiguityReason, string> = {
	severalConfigurations: 'matches several configurations',
	crowdedKey: 'is shared by too many configurations to identify one',
	contested: 'also matches other devices',
	outranked: 'points to a configuration another device matches by a stronger key',
};

function describeDevice(device: DeviceRef): string {
	return `agent ${device.agentId} device ${device.deviceId}`;
}

function describeConfiguration(configuration: MatchableConfiguration): string {
	return `configuration ${configuration.id} "${configuration.name}"`;
}

export function ignoredValueNotes(
	serial: SerialReading,
	macs: AddressList<MacRejection>,
	ips: AddressList<IpRejection>,
	keys: readonly MatchKey[],
): MatchNote[] {
	const notes: MatchNote[] = [];
	if (keys.includes('serial') && serial.kind === 'junk') {
		notes.push({
			code: 'serialIgnored',
			message: `Serial "${serial.raw}" ignored: ${serialJunkExplanations[serial.reason]}.`,
		});
	}
	if (keys.includes('mac')) {
		for (const { raw, reason } of macs.rejected) {
			notes.push({
				code: 'macIgnored',
				message: `MAC "${raw}" ignored: ${macRejectionExplanations[reason]}.`,
			});
		}
	}
	if (keys.includes('ip')) {
		for (const { raw, reason } of ips.rejected) {
			notes.push({
				code: 'ipIgnored',
				message: `IP "${raw}" ignored: ${ipRejectionExplanations[reason]}.`,
			});
		}
	}
	return notes;
}

export function noUsableKeysNote(keys: readonly MatchKey[]): MatchNote {
	const wanted = keys.map((key) => keyLabels[key]).join(', ') || 'match key';
	return { code: 'noUsableKeys', message: `No usable ${wanted} to match on.` };
}

export function agentWithoutCompanyNote(device: DeviceRef): MatchNote {
	return {
		code: 'agentWithoutCompany',
		message: `Agent ${device.agentId} is not linked to a ConnectWise company.`,
	};
}

export function staleDomotzLinkNote(configurationId: number): MatchNote {
	return {
		code: 'staleDomotzLink',
		message: `The Domotz link names configuration ${configurationId}, which was not found.`,
		configurationId,
	};
}

export function inactiveConfigurationNote(configuration: MatchableConfiguration): MatchNote {
	return {
		code: 'inactiveConfiguration',
		message: `The ${describeConfiguration(configuration)} is inactive.`,
		configurationId: configuration.id,
	};
}

export function otherCompanyNote(
	configuration: MatchableConfiguration,
	deviceCompanyId: number,
): MatchNote {
	return {
		code: 'otherCompany',
		message: `The ${describeConfiguration(configuration)} belongs to company ${configuration.companyId}; the agent is linked to company ${deviceCompanyId}.`,
		configurationId: configuration.id,
	};
}

export function linkConflictNote(reason: ConflictReason): MatchNote {
	return {
		code: 'linkConflict',
		message: `Link conflict: ${conflictExplanations[reason]}. Nothing was linked; resolve it by hand.`,
	};
}

export function keysDisagreeNote(
	key: MatchKey,
	value: string,
	configuration: MatchableConfiguration,
	disagreeing: { key: MatchKey; device: readonly string[]; configuration: readonly string[] },
): MatchNote {
	return {
		code: 'keysDisagree',
		message:
			`The ${keyLabels[key]} ${value} matches ${describeConfiguration(configuration)}, but the ` +
			`${keyLabels[disagreeing.key]} differs (device: ${disagreeing.device.join(', ')}; ` +
			`configuration: ${disagreeing.configuration.join(', ')}); not matched.`,
		configurationId: configuration.id,
	};
}

export function linkedToOtherDeviceNote(
	key: MatchKey,
	value: string,
	configuration: MatchableConfiguration,
	owner: DeviceRef,
): MatchNote {
	return {
		code: 'linkedToOtherDevice',
		message: `The ${keyLabels[key]} ${value} also identifies ${describeConfiguration(configuration)}, which is linked to ${describeDevice(owner)}.`,
		configurationId: configuration.id,
	};
}

export function inactiveIgnoredNote(
	key: MatchKey,
	value: string,
	configuration: MatchableConfiguration,
): MatchNote {
	return {
		code: 'inactiveIgnored',
		message: `The ${keyLabels[key]} ${value} matches the inactive ${describeConfiguration(configuration)}, ignored because only active configurations are matched.`,
		configurationId: configuration.id,
	};
}

export function ambiguousKeyNote(key: MatchKey, reason: AmbiguityReason): MatchNote {
	return {
		code: 'ambiguousKey',
		message: `The ${keyLabels[key]} ${ambiguityExplanations[reason]}; nothing was matched automatically.`,
	};
}

export function duplicateDeviceNote(device: DeviceRef, firstPosition: number): MatchNote {
	return {
		code: 'duplicateDevice',
		message: `Agent ${device.agentId} device ${device.deviceId} already appears at input position ${firstPosition}; this entry is ignored.`,
	};
}
