/**
 * A small MSP tenant on both sides whose every device stands for one matching situation, so the
 * node tests can state the expected answer of each device by name.
 */
import {
	STANDARD_CONFIGURATION_TYPES,
	type ConfigurationSeed,
	type ConnectWiseSeed,
} from '../simulators/connectwise';
import type { AgentDetail, Device, DomotzSeed, LocalIpDevice } from '../simulators/domotz';

export const AGENTS = {
	northwind: 100,
	contoso: 200,
	basicPlan: 300,
	orphan: 400,
} as const;

export const COMPANIES = { northwind: 10, contoso: 20, fabrikam: 30 } as const;

export const DEVICES = {
	linked: 1001,
	serial: 1002,
	mac: 1003,
	ip: 1004,
	ambiguousSerial: 1005,
	clonedVmA: 1006,
	clonedVmB: 1007,
	unmatched: 1008,
	inactiveMatch: 1009,
	hidden: 1010,
	excluded: 1011,
	external: 1012,
	contosoSerial: 2001,
	basicPlanDevice: 3001,
	orphanDevice: 4001,
} as const;

export const CONFIGURATIONS = {
	linked: 5001,
	serial: 5002,
	mac: 5003,
	ip: 5004,
	duplicateSerialA: 5005,
	duplicateSerialB: 5006,
	clonedVm: 5007,
	inactive: 5008,
	placeholderSerial: 5009,
	decommissioned: 5010,
	contosoSerial: 6001,
	contosoSpare: 6002,
} as const;

export const LINK_CAPTION = 'Domotz Link';
const LINK_FIELD_ID = 7;
const PLACEHOLDER_SERIAL = 'To be filled by O.E.M.';

const agents: AgentDetail[] = [
	{
		id: AGENTS.northwind,
		display_name: 'Northwind HQ',
		access_right: { api_enabled: true, status: 'OWNED' },
		installation_info: { customer_id: 'NORTHWIND' },
	},
	{
		id: AGENTS.contoso,
		display_name: 'Contoso Ltd',
		access_right: { api_enabled: true, status: 'OWNED' },
	},
	{
		id: AGENTS.basicPlan,
		display_name: 'Northwind Warehouse (Basic plan)',
		access_right: { api_enabled: false, status: 'OWNED' },
		installation_info: { customer_id: 'NORTHWIND' },
	},
	{
		id: AGENTS.orphan,
		display_name: 'Pop-up Kiosk',
		access_right: { api_enabled: true, status: 'OWNED' },
		installation_info: { customer_id: 'NO-SUCH-CUSTOMER' },
	},
];

function localDevice(
	id: number,
	name: string,
	extra: Partial<LocalIpDevice> & { serial?: string; mac?: string },
): Device {
	const { serial, mac, ...rest } = extra;
	return {
		id,
		display_name: name,
		protocol: 'IP',
		status: 'ONLINE',
		type: { id: 31, label: 'Desktop' },
		user_data: {},
		details: serial === undefined ? {} : { serial },
		ip_addresses: [`192.168.1.${id % 100}`],
		...(mac === undefined ? {} : { hw_address: mac }),
		...rest,
	};
}

const northwindDevices: Device[] = [
	localDevice(DEVICES.linked, 'Core switch', {
		serial: 'SN-LINKED-1',
		mac: 'AA:BB:CC:00:00:01',
		type: { id: 6, label: 'Network Equipment' },
	}),
	localDevice(DEVICES.serial, 'File server', {
		serial: 'SN-ALPHA-2',
		mac: 'AA:BB:CC:00:00:02',
		type: { id: 5, label: 'Server' },
	}),
	localDevice(DEVICES.mac, 'Reception printer', {
		serial: PLACEHOLDER_SERIAL,
		mac: 'AA:BB:CC:00:00:03',
		status: 'OFFLINE',
		type: { id: 8, label: 'Printer & Fax' },
	}),
	{
		id: DEVICES.ip,
		display_name: 'Routed database server',
		protocol: 'IP',
		status: 'ONLINE',
		type: { id: 5, label: 'Server' },
		ip_addresses: ['10.20.0.4'],
	},
	localDevice(DEVICES.ambiguousSerial, 'Edge router', {
		serial: 'SN-DUP-5',
		mac: 'AA:BB:CC:00:00:05',
		status: 'DOWN',
		type: { id: 6, label: 'Network Equipment' },
	}),
	localDevice(DEVICES.clonedVmA, 'app-vm-a', {
		// A serial that is really the MAC: not usable, like Domotz shows for some VMs.
		serial: 'AA:BB:CC:00:00:67',
		mac: 'AA:BB:CC:00:00:67',
	}),
	localDevice(DEVICES.clonedVmB, 'app-vm-b', { mac: 'AA:BB:CC:00:00:67' }),
	localDevice(DEVICES.unmatched, 'Guest kiosk', {
		serial: 'SN-NOWHERE-8',
		mac: 'AA:BB:CC:00:00:08',
		user_data: { type: 5 },
	}),
	localDevice(DEVICES.inactiveMatch, 'Old backup server', {
		serial: 'SN-INACTIVE-9',
		mac: 'AA:BB:CC:00:00:09',
		type: { id: 5, label: 'Server' },
	}),
	localDevice(DEVICES.hidden, 'Hidden tablet', {
		serial: 'SN-HIDDEN-10',
		mac: 'AA:BB:CC:00:00:10',
		status: 'HIDDEN',
	}),
	localDevice(DEVICES.excluded, 'Excluded camera', {
		serial: 'SN-EXCLUDED-11',
		mac: 'AA:BB:CC:00:00:11',
		is_excluded: true,
	}),
	{
		id: DEVICES.external,
		display_name: 'Public website',
		protocol: 'IP_EXTERNAL',
		status: 'ONLINE',
		type: { id: 31, label: 'Desktop' },
		ip_addresses: ['203.0.113.12'],
	},
];

export function domotzTenant(): DomotzSeed {
	return {
		agents,
		devices: {
			[AGENTS.northwind]: northwindDevices,
			[AGENTS.contoso]: [
				localDevice(DEVICES.contosoSerial, 'Contoso firewall', {
					serial: 'SN-CONTOSO-1',
					mac: 'AA:BB:CC:00:20:01',
				}),
			],
			[AGENTS.basicPlan]: [localDevice(DEVICES.basicPlanDevice, 'Warehouse AP', {})],
			[AGENTS.orphan]: [
				localDevice(DEVICES.orphanDevice, 'Kiosk PC', {
					serial: 'SN-ORPHAN',
					mac: 'AA:BB:CC:00:40:01',
				}),
			],
		},
		lockedDevices: { [AGENTS.northwind]: [DEVICES.serial] },
	};
}

/** Devices of the Northwind agent as Domotz › Get Devices lists them by default. */
export const NORTHWIND_LISTED = [
	DEVICES.linked,
	DEVICES.serial,
	DEVICES.mac,
	DEVICES.ip,
	DEVICES.ambiguousSerial,
	DEVICES.clonedVmA,
	DEVICES.clonedVmB,
	DEVICES.unmatched,
	DEVICES.inactiveMatch,
	DEVICES.external,
];

function configuration(
	id: number,
	companyId: number,
	name: string,
	extra: Partial<ConfigurationSeed> = {},
): ConfigurationSeed {
	return { id, name, company: { id: companyId }, type: { name: 'Network Device' }, ...extra };
}

export interface ConnectWiseTenantOptions {
	/** Whether the "Domotz Link" custom field exists, with configuration 5001 linked to device 1001. */
	linkField: boolean;
}

export function connectWiseTenant(options: ConnectWiseTenantOptions): ConnectWiseSeed {
	const northwind = COMPANIES.northwind;
	return {
		companies: [
			{ id: COMPANIES.northwind, identifier: 'NORTHWIND', name: 'Northwind Traders' },
			{ id: COMPANIES.contoso, identifier: 'CONTOSO', name: 'Contoso Ltd' },
			{ id: COMPANIES.fabrikam, identifier: 'FABRIKAM', name: 'Fabrikam' },
		],
		types: STANDARD_CONFIGURATION_TYPES.map((name, index) => ({ id: index + 1, name })),
		userDefinedFields: options.linkField
			? [{ id: LINK_FIELD_ID, caption: LINK_CAPTION, fieldTypeIdentifier: 'Text' }]
			: [],
		configurations: [
			configuration(CONFIGURATIONS.linked, northwind, 'Northwind core switch', {
				// Serial from before a board swap: the link must win over the stale key.
				serialNumber: 'SN-OLD-BOARD',
				...(options.linkField
					? {
							customFields: [
								{ id: LINK_FIELD_ID, value: `domotz:${AGENTS.northwind}/${DEVICES.linked}` },
							],
						}
					: {}),
			}),
			configuration(CONFIGURATIONS.serial, northwind, 'Northwind file server', {
				serialNumber: 'SN-ALPHA-2',
			}),
			configuration(CONFIGURATIONS.mac, northwind, 'Northwind printer', {
				serialNumber: PLACEHOLDER_SERIAL,
				macAddress: 'aabb.cc00.0003',
			}),
			configuration(CONFIGURATIONS.ip, northwind, 'Northwind database', {
				ipAddress: '10.20.0.4',
			}),
			configuration(CONFIGURATIONS.duplicateSerialA, northwind, 'Edge router (old record)', {
				serialNumber: 'SN-DUP-5',
			}),
			configuration(CONFIGURATIONS.duplicateSerialB, northwind, 'Edge router', {
				serialNumber: 'SN-DUP-5',
			}),
			configuration(CONFIGURATIONS.clonedVm, northwind, 'App VM', {
				macAddress: 'AA:BB:CC:00:00:67',
			}),
			configuration(CONFIGURATIONS.inactive, northwind, 'Retired backup server', {
				serialNumber: 'SN-INACTIVE-9',
				activeFlag: false,
			}),
			configuration(CONFIGURATIONS.placeholderSerial, northwind, 'Unlabelled workstation', {
				serialNumber: PLACEHOLDER_SERIAL,
			}),
			configuration(CONFIGURATIONS.decommissioned, northwind, 'Decommissioned NAS', {
				serialNumber: 'SN-GONE',
			}),
			configuration(CONFIGURATIONS.contosoSerial, COMPANIES.contoso, 'Contoso firewall', {
				serialNumber: 'SN-CONTOSO-1',
			}),
			configuration(CONFIGURATIONS.contosoSpare, COMPANIES.contoso, 'Contoso spare laptop', {
				serialNumber: 'SN-SPARE',
			}),
		],
	};
}
