/**
 * A small tenant of linked device/configuration pairs for the field sync tests: each device stands
 * for one sync situation, so the tests state the expected changes of each device by name. Also a
 * runner that shares the workflow's static data between executions, as production runs of one
 * workflow do.
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import type { SyncFieldKey } from '../../lib/fields/sync-fields';
import {
	runWorkflow,
	type HarnessNode,
	type WorkflowRunOptions,
	type WorkflowRunResult,
} from '../harness/n8n-runner';
import {
	ConnectWiseSimulator,
	STANDARD_CONFIGURATION_TYPES,
	type Configuration,
	type ConfigurationSeed,
	type ConnectWiseSeed,
} from '../simulators/connectwise';
import type { AgentDetail, Device, DomotzSeed, LocalIpDevice } from '../simulators/domotz';
import { nodeTypes, SimulatedTenant } from './support';

export const SYNC_AGENT = 500;
export const SYNC_COMPANY = 50;
export const SYNC_LINK_CAPTION = 'Domotz Link';
const LINK_FIELD_ID = 9;

export const SYNC_DEVICES = {
	/** Most fields differ between the two sides. */
	drift: 1,
	/** Both sides agree up to notation: MAC format, serial and vendor case. */
	inSync: 2,
	/** Domotz has no serial and no model but notes; ConnectWise has the opposite. */
	emptySource: 3,
	/** Domotz reports a placeholder serial; ConnectWise has the real one. */
	junkSerial: 4,
	/** Locked by its agent: Domotz answers 423 to every edit. */
	locked: 5,
	/** No configuration carries its link. */
	notLinked: 6,
} as const;

export const SYNC_CONFIGURATIONS = {
	drift: 801,
	inSync: 802,
	emptySource: 803,
	junkSerial: 804,
	locked: 805,
	/** Holds the collector's licence MAC in Cisco notation, without a link. */
	collector: 809,
} as const;

export const MANUFACTURERS = { cisco: 1, hp: 2, domotz: 3 } as const;
/** Ids of `STANDARD_CONFIGURATION_TYPES`, numbered from 1 in order. */
export const CONFIGURATION_TYPES = { managedWorkstation: 1, networkDevice: 3 } as const;
export const SITES = { mainOffice: 31, warehouse: 32 } as const;

export const COLLECTOR = {
	name: 'Harbour Dental',
	licenceMac: '00:1E:06:45:12:01',
	wanIp: '198.51.100.24',
	osInfo: 'agent 3.9.4, package 6.2.0-b002',
} as const;

export const PLACEHOLDER_SERIAL = 'To be filled by O.E.M.';

const agent: AgentDetail = {
	id: SYNC_AGENT,
	display_name: COLLECTOR.name,
	access_right: { api_enabled: true, status: 'OWNED' },
	licence: { id: 88_500, code: 'DMZ-0500', bound_mac_address: COLLECTOR.licenceMac },
	version: { agent: '3.9.4', package: '6.2.0-b002' },
	wan_info: { hostname: 'harbour.example.net', ip: COLLECTOR.wanIp },
};

function device(id: number, extra: Partial<LocalIpDevice>): Device {
	return {
		id,
		display_name: `device ${id}`,
		protocol: 'IP',
		status: 'ONLINE',
		type: { id: 6, label: 'Network Equipment' },
		...extra,
	};
}

export function syncDomotzTenant(): DomotzSeed {
	return {
		agents: [agent],
		devices: {
			[SYNC_AGENT]: [
				device(SYNC_DEVICES.drift, {
					display_name: 'Core switch',
					hw_address: 'AA:BB:CC:00:01:01',
					ip_addresses: ['192.168.1.10'],
					vendor: 'Cisco',
					model: 'C9300-48P',
					os: { name: 'IOS-XE', version: '17.9', build: '3a' },
					details: { serial: 'FOC1234X0AB', zone: 'Main Office', notes: 'Rack 4' },
				}),
				device(SYNC_DEVICES.inSync, {
					display_name: 'File server',
					hw_address: 'AA:BB:CC:00:01:02',
					ip_addresses: ['192.168.1.20'],
					vendor: 'hp',
					model: 'ProLiant DL380',
					details: { serial: 'sn-file-2' },
				}),
				device(SYNC_DEVICES.emptySource, {
					display_name: 'Printer',
					hw_address: 'AA:BB:CC:00:01:03',
					ip_addresses: ['192.168.1.30'],
					details: { notes: 'Toner low' },
				}),
				device(SYNC_DEVICES.junkSerial, {
					display_name: 'Workstation',
					hw_address: 'AA:BB:CC:00:01:04',
					ip_addresses: ['192.168.1.40'],
					details: { serial: PLACEHOLDER_SERIAL },
				}),
				device(SYNC_DEVICES.locked, {
					display_name: 'Reception AP',
					hw_address: 'AA:BB:CC:00:01:05',
					ip_addresses: ['192.168.1.50'],
				}),
				device(SYNC_DEVICES.notLinked, {
					display_name: 'Guest kiosk',
					hw_address: 'AA:BB:CC:00:01:06',
					ip_addresses: ['192.168.1.60'],
				}),
			],
		},
		lockedDevices: { [SYNC_AGENT]: [SYNC_DEVICES.locked] },
	};
}

function linkedConfiguration(
	id: number,
	deviceId: number,
	name: string,
	extra: Partial<ConfigurationSeed>,
): ConfigurationSeed {
	return {
		id,
		name,
		company: { id: SYNC_COMPANY },
		type: { name: 'Network Device' },
		customFields: [{ id: LINK_FIELD_ID, value: `domotz:${SYNC_AGENT}/${deviceId}` }],
		...extra,
	};
}

export function syncConnectWiseTenant(): ConnectWiseSeed {
	return {
		companies: [{ id: SYNC_COMPANY, identifier: 'HARBOUR', name: 'Harbour Dental' }],
		sites: [
			{ id: SITES.mainOffice, name: 'Main Office', company: { id: SYNC_COMPANY } },
			{ id: SITES.warehouse, name: 'Warehouse', company: { id: SYNC_COMPANY } },
		],
		types: STANDARD_CONFIGURATION_TYPES.map((name, index) => ({ id: index + 1, name })),
		manufacturers: [
			{ id: MANUFACTURERS.cisco, name: 'Cisco' },
			{ id: MANUFACTURERS.hp, name: 'HP' },
			{ id: MANUFACTURERS.domotz, name: 'Domotz' },
		],
		userDefinedFields: [
			{ id: LINK_FIELD_ID, caption: SYNC_LINK_CAPTION, fieldTypeIdentifier: 'Text' },
		],
		configurations: [
			linkedConfiguration(SYNC_CONFIGURATIONS.drift, SYNC_DEVICES.drift, 'core-sw-old', {
				serialNumber: 'FOC1234X0AB',
				ipAddress: '192.168.1.99',
				modelNumber: 'C9300-24P',
				manufacturer: { id: MANUFACTURERS.hp },
				site: { id: SITES.warehouse },
				notes: 'Closet',
			}),
			linkedConfiguration(SYNC_CONFIGURATIONS.inSync, SYNC_DEVICES.inSync, 'File server', {
				serialNumber: 'SN-FILE-2',
				macAddress: 'aabb.cc00.0102',
				ipAddress: '192.168.1.20',
				modelNumber: 'ProLiant DL380',
				manufacturer: { id: MANUFACTURERS.hp },
			}),
			linkedConfiguration(SYNC_CONFIGURATIONS.emptySource, SYNC_DEVICES.emptySource, 'Printer', {
				serialNumber: 'CN12345678',
				macAddress: 'AA:BB:CC:00:01:03',
				ipAddress: '192.168.1.30',
				modelNumber: 'LaserJet M404',
			}),
			linkedConfiguration(SYNC_CONFIGURATIONS.junkSerial, SYNC_DEVICES.junkSerial, 'Workstation', {
				serialNumber: 'SN-REAL-4',
				macAddress: 'AA:BB:CC:00:01:04',
				ipAddress: '192.168.1.40',
			}),
			linkedConfiguration(SYNC_CONFIGURATIONS.locked, SYNC_DEVICES.locked, 'Lobby AP', {
				macAddress: 'AA:BB:CC:00:01:05',
				ipAddress: '192.168.1.50',
			}),
			{
				id: SYNC_CONFIGURATIONS.collector,
				name: 'Domotz box',
				company: { id: SYNC_COMPANY },
				type: { name: 'Network Device' },
				macAddress: '001e.0645.1201',
			},
		],
	};
}

/**
 * Sync Agent on a generated tenant sends a few hundred ConnectWise requests per run, several runs
 * a minute: beyond the simulator's default budget of 1,000 requests a minute, whose throttling
 * (proven by the client tests) would only slow these tests down.
 */
export class UnthrottledTenant extends SimulatedTenant {
	override readonly connectwise = new ConnectWiseSimulator({ requestsPerMinute: 0 });
}

/** Items as Domotz › Get Devices outputs them. */
export function syncItems(deviceIds: readonly number[]): IDataObject[] {
	return deviceIds.map((id) => ({ id, agent_id: SYNC_AGENT }));
}

/** Each field's value in a configuration as the simulator holds it; empty is null. */
export const connectWiseFieldValue: Record<
	SyncFieldKey,
	(configuration: Configuration) => unknown
> = {
	name: (configuration) => configuration.name,
	serialNumber: (configuration) => configuration.serialNumber,
	macAddress: (configuration) => configuration.macAddress,
	ipAddress: (configuration) => configuration.ipAddress,
	modelNumber: (configuration) => configuration.modelNumber,
	manufacturer: (configuration) => configuration.manufacturer?.name,
	osType: (configuration) => configuration.osType,
	osInfo: (configuration) => configuration.osInfo,
	site: (configuration) => configuration.site?.name,
	notes: (configuration) => configuration.notes,
};

/** Where a ConnectWise → Domotz change lands on the device, as the simulator holds it. */
export const domotzFieldValue: Partial<Record<SyncFieldKey, (device: Device) => unknown>> = {
	name: (found) => found.user_data?.name,
	serialNumber: (found) => found.details?.serial,
	modelNumber: (found) => found.user_data?.model,
	manufacturer: (found) => found.user_data?.vendor,
	site: (found) => found.details?.zone,
	notes: (found) => found.details?.notes,
};

/** Empty text and absent values are the same "nothing". */
export function orNull(value: unknown): unknown {
	return value === undefined || value === '' ? null : value;
}

/**
 * Runs one Domotz ConnectWise Sync node; executions given the same static data share it. The mode
 * is `manual` (a test run in the editor) unless given, e.g. `trigger` for a scheduled run.
 */
export async function runSync(
	tenant: SimulatedTenant,
	parameters: INodeParameters,
	input: IDataObject[],
	options: {
		staticData?: IDataObject;
		onError?: HarnessNode['onError'];
		mode?: WorkflowRunOptions['mode'];
	} = {},
): Promise<WorkflowRunResult> {
	return await runWorkflow({
		nodes: [
			{
				name: 'Node',
				type: 'sync',
				parameters,
				credentials: ['domotzApi', 'connectWisePsaApi'],
				onError: options.onError,
			},
		],
		nodeTypes,
		credentials: tenant.credentials(),
		input: input.map((json) => ({ json })),
		staticData: options.staticData,
		mode: options.mode,
	});
}

/** The write requests of a run, by route; a second run of an idempotent sync has none. */
export function writeCounts(tenant: SimulatedTenant): Record<string, number> {
	const counts = { ...tenant.connectwise.http.counts(), ...tenant.domotz.http.counts() };
	return Object.fromEntries(
		Object.entries(counts).filter(([key]) => !key.startsWith('GET ') && !key.startsWith('HEAD ')),
	);
}
