/** Helpers the workflow checks share: which agent to use, what it lists, what its devices become. */
import type { IDataObject } from 'n8n-workflow';

import type { AgentRole, AgentTruth, DeviceTruth, GeneratedTenant } from '../simulators/generator';

/** User-visible contract of a saved link: the configuration custom field and its marker text. */
export const LINK_FIELD_CAPTION = 'Domotz Link';
export const linkMarker = (device: { agentId: number; deviceId: number }): string =>
	`domotz:${device.agentId}/${device.deviceId}`;

/** The Domotz inventory field that mirrors the link on the device. */
export const LINK_MIRROR_FIELD = 'connectwise_configuration_id';

export function agentWithRole(tenant: GeneratedTenant, role: AgentRole): AgentTruth {
	const agent = tenant.truth.agents.find(
		(candidate) => candidate.role === role && candidate.apiEnabled,
	);
	if (!agent) throw new Error(`the e2e tenant has no agent with role ${role}`);
	return agent;
}

/** What Domotz › Get Many lists with its default filters: hidden and excluded devices left out. */
export function visibleDevices(tenant: GeneratedTenant, agentId: number): DeviceTruth[] {
	return tenant.truth.devices.filter(
		(device) => device.agentId === agentId && !device.hidden && !device.excluded,
	);
}

export interface Outcome {
	deviceId: unknown;
	status: unknown;
	configurationId: unknown;
	matchedBy: unknown;
}

/** The outcome fields of Match's device items, in item order. */
export function reportedOutcomes(items: IDataObject[]): Outcome[] {
	return items.map((json) => ({
		deviceId: json.deviceId,
		status: json.status,
		configurationId: json.configurationId ?? undefined,
		matchedBy: json.matchedBy ?? undefined,
	}));
}

export function knownOutcomes(devices: DeviceTruth[]): Outcome[] {
	return devices.map((device) => ({
		deviceId: device.deviceId,
		status: device.expected,
		configurationId: device.configurationId,
		matchedBy: device.matchedBy,
	}));
}
