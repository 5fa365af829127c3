/* eslint-disable @n8n/community-nodes/no-restricted-imports -- test-only e2e checks: node:assert */
/** Helpers the workflow checks share: which agent to use, what it lists, what its devices become. */
import { equal } from 'node:assert/strict';

import type { IDataObject } from 'n8n-workflow';

import type { AgentRole, AgentTruth, DeviceTruth, GeneratedTenant } from '../simulators/generator';
import type { Device } from '../simulators/domotz/types';
import type { Expectation, Simulators, WorkflowRun } from './contract';

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

/** The agents Sync Agent syncs with Company Link "Customer ID": API access and a Customer ID company. */
export function agentsSyncedByCustomerId(tenant: GeneratedTenant): AgentTruth[] {
	return tenant.truth.agents.filter(
		(agent) => agent.apiEnabled && agent.resolvedBy === 'customerId',
	);
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

/** What a user sees as a device's name in Domotz. */
export function domotzName(device: {
	display_name: string;
	user_data?: { name?: string };
}): string {
	return device.user_data?.name || device.display_name;
}

/** The device's MAC address; routed and external devices have none. */
export function domotzMac(device: Device): string {
	return ('hw_address' in device ? device.hw_address : undefined) ?? '';
}

/** A MAC address reduced to its hex digits, so that every written form compares equal. */
export function macDigits(mac: string | null | undefined): string {
	return (mac ?? '').toLowerCase().replace(/[^0-9a-f]/g, '');
}

/** Every request that could have changed data, as `METHOD path`: none in a read-only run. */
export function writeRequests(simulators: Simulators): string[] {
	return [simulators.domotz, simulators.connectwise].flatMap((simulator) =>
		simulator.http
			.requests()
			.filter((request) => request.method !== 'GET')
			.map((request) => `${request.method} ${request.path}`),
	);
}

/** The configurations whose link field names this device. */
export function configurationsLinkedTo(
	simulators: Simulators,
	device: { agentId: number; deviceId: number },
): number[] {
	const { state } = simulators.connectwise;
	return state
		.configurations()
		.filter(
			(configuration) =>
				state.customFieldValue(configuration.id, LINK_FIELD_CAPTION) === linkMarker(device),
		)
		.map((configuration) => configuration.id);
}

/** The value of the Domotz inventory field that mirrors a device's link, or null. */
export function mirroredLink(
	simulators: Simulators,
	agentId: number,
	deviceId: number,
): string | null {
	const inventory = simulators.domotz.state.deviceInventory(agentId, deviceId);
	return inventory?.find((field) => field.key === LINK_MIRROR_FIELD)?.value ?? null;
}

/** The ID of the ConnectWise configuration type with this name. */
export function configurationTypeId(tenant: GeneratedTenant, name: string): number {
	const type = tenant.connectwise.types?.find((candidate) => candidate.name === name);
	if (type?.id === undefined) throw new Error(`the tenant has no configuration type "${name}"`);
	return type.id;
}

export const runSucceeds = (run: WorkflowRun): Expectation => ({
	name: 'the run succeeds',
	verify: () => equal(run.status, 'success', run.errorMessage),
});
