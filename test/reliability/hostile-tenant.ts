/**
 * A small tenant with a few well-behaved control devices and configurations, to which each case
 * of the bad-input corpus adds its hostile device, configuration, agent or item. The controls
 * must come out of every case exactly as they do alone: nothing is lost around a bad input.
 */
import type { IDataObject } from 'n8n-workflow';

import {
	STANDARD_CONFIGURATION_TYPES,
	type ConfigurationSeed,
	type ConnectWiseSeed,
} from '../simulators/connectwise';
import type { AgentDetail, Device, DomotzSeed, LocalIpDevice } from '../simulators/domotz';

export const LINK_CAPTION = 'Domotz Link';
export const LINK_FIELD_ID = 7;
/** Another configuration custom field, whose values a link write must keep. */
export const OTHER_FIELD = { id: 8, caption: 'Warranty Ref' } as const;

export const AGENTS = { hostile: 900, second: 910, probe: 920 } as const;
export const COMPANIES = {
	hostile: { id: 90, identifier: 'HOSTILE', name: 'Hostile Labs Inc' },
	second: { id: 91, identifier: 'SECOND', name: 'Second Site Ltd' },
	/** Found only by a lookup that widens `HOSTILE` into a pattern. */
	lookalike: { id: 92, identifier: 'HOSTILE-EXTRA', name: 'Hostile Labs Inc Extra' },
} as const;

export const CONTROL_DEVICES = { matched: 901, linked: 902, unmatched: 903 } as const;
export const CONTROL_CONFIGURATIONS = { matched: 9501, linked: 9502, spare: 9503 } as const;

/** Ids the corpus gives its hostile records. */
export const HOSTILE_DEVICE = 950;
export const HOSTILE_CONFIGURATION = 9550;
export const PROBE_DEVICE = 921;

export const CONFIGURATION_TYPE = { workstation: 1 } as const;

export function hostileDevice(id: number, extra: Partial<LocalIpDevice>): Device {
	return {
		id,
		display_name: `Hostile device ${id}`,
		protocol: 'IP',
		status: 'ONLINE',
		type: { id: 31, label: 'Desktop' },
		user_data: {},
		details: {},
		...extra,
	};
}

const controls: Device[] = [
	hostileDevice(CONTROL_DEVICES.matched, {
		display_name: 'Control switch',
		details: { serial: 'CTRL-SN-0001' },
		hw_address: '02:00:00:09:00:01',
		ip_addresses: ['10.9.0.1'],
	}),
	hostileDevice(CONTROL_DEVICES.linked, {
		display_name: 'Control linked',
		details: { serial: 'CTRL-SN-0002' },
		hw_address: '02:00:00:09:00:02',
		ip_addresses: ['10.9.0.2'],
	}),
	hostileDevice(CONTROL_DEVICES.unmatched, {
		display_name: 'Control new',
		details: { serial: 'CTRL-SN-0003' },
		hw_address: '02:00:00:09:00:03',
		ip_addresses: ['10.9.0.3'],
	}),
];

const agent = (id: number, name: string, customerId: string): AgentDetail => ({
	id,
	display_name: name,
	access_right: { api_enabled: true, status: 'OWNED' },
	installation_info: { customer_id: customerId },
});

export interface HostileAdditions {
	devices?: Device[];
	/** Devices of the second agent (company SECOND). */
	secondDevices?: Device[];
	configurations?: ConfigurationSeed[];
	/** The probe agent: an agent of its own with one plain device, for agent-level hostility. */
	probe?: Partial<AgentDetail>;
	/** Replaces the hostile agent's device list as a whole (e.g. empty). */
	deviceList?: Device[];
}

export function domotzTenant(additions: HostileAdditions = {}): DomotzSeed {
	return {
		agents: [
			agent(AGENTS.hostile, 'Hostile Labs', COMPANIES.hostile.identifier),
			agent(AGENTS.second, 'Second Site', COMPANIES.second.identifier),
			...(additions.probe
				? [{ ...agent(AGENTS.probe, 'Probe', 'PROBE'), ...additions.probe }]
				: []),
		],
		devices: {
			[AGENTS.hostile]: additions.deviceList ?? [...controls, ...(additions.devices ?? [])],
			[AGENTS.second]: [
				hostileDevice(911, {
					display_name: 'Second control',
					details: { serial: 'CTRL-SN-0011' },
					hw_address: '02:00:00:09:01:01',
				}),
				...(additions.secondDevices ?? []),
			],
			...(additions.probe
				? {
						[AGENTS.probe]: [
							hostileDevice(PROBE_DEVICE, {
								details: { serial: 'PROBE-SN-1' },
								hw_address: '02:00:00:09:02:01',
							}),
						],
					}
				: {}),
		},
		inventoryFields: [
			{ key: 'connectwise_configuration_id', label: 'ConnectWise Configuration ID' },
		],
	};
}

const configuration = (
	id: number,
	companyId: number,
	name: string,
	extra: Partial<ConfigurationSeed>,
): ConfigurationSeed => ({
	id,
	name,
	company: { id: companyId },
	type: { id: CONFIGURATION_TYPE.workstation },
	...extra,
});

export function connectWiseTenant(additions: HostileAdditions = {}): ConnectWiseSeed {
	const { hostile, second } = COMPANIES;
	return {
		companies: [hostile, second, COMPANIES.lookalike],
		sites: [{ id: 31, name: 'Main Office', company: { id: hostile.id } }],
		types: STANDARD_CONFIGURATION_TYPES.map((name, index) => ({ id: index + 1, name })),
		statuses: [{ id: 1, description: 'Active', defaultFlag: true }],
		manufacturers: [{ id: 1, name: 'Cisco' }],
		userDefinedFields: [
			{ id: LINK_FIELD_ID, caption: LINK_CAPTION, fieldTypeIdentifier: 'Text' },
			{ id: OTHER_FIELD.id, caption: OTHER_FIELD.caption, fieldTypeIdentifier: 'Text' },
		],
		configurations: [
			configuration(CONTROL_CONFIGURATIONS.matched, hostile.id, 'ctrl-switch', {
				serialNumber: 'CTRL-SN-0001',
				notes: 'Rack 1',
			}),
			configuration(CONTROL_CONFIGURATIONS.linked, hostile.id, 'Control linked', {
				serialNumber: 'CTRL-SN-0002',
				customFields: [
					{ id: LINK_FIELD_ID, value: `domotz:${AGENTS.hostile}/${CONTROL_DEVICES.linked}` },
				],
			}),
			configuration(CONTROL_CONFIGURATIONS.spare, hostile.id, 'Spare printer', {
				serialNumber: 'SPARE-9503',
			}),
			configuration(9511, second.id, 'Second control', { serialNumber: 'CTRL-SN-0011' }),
			...(additions.configurations ?? []),
		],
	};
}

/** One item per control device, as Domotz › Get Devices outputs them. */
export const controlItems: IDataObject[] = Object.values(CONTROL_DEVICES).map((id) => ({
	id,
	agent_id: AGENTS.hostile,
}));

export const itemOf = (deviceId: number, agentId: number = AGENTS.hostile): IDataObject => ({
	id: deviceId,
	agent_id: agentId,
});
