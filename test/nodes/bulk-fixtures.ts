/**
 * A tenant for bulk creation: one agent whose devices all need a configuration, in a company
 * that has none yet, each device with keys of its own so no two can match each other. Also the
 * ids the Create, Link and Unlink tests share with the fixtures' tenant.
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import {
	ConnectWiseSimulator,
	STANDARD_CONFIGURATION_TYPES,
	type ConnectWiseSeed,
	type ConnectWiseSimulatorOptions,
} from '../simulators/connectwise';
import type { DomotzSeed, LocalIpDevice } from '../simulators/domotz';
import { LINK_CAPTION } from './fixtures';
import { byId, SimulatedTenant } from './support';

export const BULK_AGENT = 700;
export const BULK_COMPANY = { id: 70, identifier: 'BULKCO', name: 'Bulk Industries' } as const;
export const MIRROR_KEY = 'connectwise_configuration_id';

const FIRST_DEVICE_ID = 70_001;
/** The id of the link custom field, the same in this tenant and the fixtures' one. */
export const LINK_FIELD_ID = 7;

/** The id of a standard configuration type, numbered in order as both fixture tenants seed them. */
export function configurationTypeId(name: string): number {
	const index = STANDARD_CONFIGURATION_TYPES.indexOf(name);
	if (index < 0) throw new Error(`"${name}" is not a standard configuration type`);
	return index + 1;
}

/** Domotz base types the devices take in turn, and the configuration type each one becomes. */
export const TYPE_ROWS = [
	{ domotzType: 5, label: 'Server', configurationType: configurationTypeId('Managed Server') },
	{
		domotzType: 6,
		label: 'Network Equipment',
		configurationType: configurationTypeId('Network Device'),
	},
	{ domotzType: 8, label: 'Printer & Fax', configurationType: configurationTypeId('Printer') },
	{ domotzType: 22, label: 'Camera', configurationType: configurationTypeId('IP Camera') },
] as const;

/** The node's Type Map parameter for `TYPE_ROWS`. */
export const typeMapParameter = {
	mappings: TYPE_ROWS.map((row) => ({
		domotzType: String(row.domotzType),
		configurationType: String(row.configurationType),
	})),
};

/** Vendors in turn; ConnectWise knows the first two (one in another case), not the third. */
export const VENDORS = ['Cisco', 'hp', 'Ubiquiti Networks'] as const;
export const KNOWN_MANUFACTURERS = [
	{ id: 1, name: 'Cisco' },
	{ id: 2, name: 'HP' },
] as const;

export function bulkDeviceId(index: number): number {
	return FIRST_DEVICE_ID + index;
}

function hexByte(value: number): string {
	return value.toString(16).padStart(2, '0').toUpperCase();
}

export function bulkDevice(index: number): LocalIpDevice {
	const row = TYPE_ROWS[index % TYPE_ROWS.length];
	return {
		id: bulkDeviceId(index),
		display_name: `${row.label} ${index + 1}`,
		protocol: 'IP',
		status: 'ONLINE',
		type: { id: row.domotzType, label: row.label },
		user_data: {},
		details: { serial: `BULK-SN-${String(index + 1).padStart(5, '0')}` },
		hw_address: `02:00:00:00:${hexByte(Math.floor(index / 256))}:${hexByte(index % 256)}`,
		ip_addresses: [`10.70.${Math.floor(index / 250)}.${(index % 250) + 1}`],
		vendor: VENDORS[index % VENDORS.length],
	};
}

export function bulkDomotzTenant(count: number): DomotzSeed {
	return {
		agents: [
			{
				id: BULK_AGENT,
				display_name: 'Bulk Industries HQ',
				access_right: { api_enabled: true, status: 'OWNED' },
				installation_info: { customer_id: BULK_COMPANY.identifier },
			},
		],
		devices: { [BULK_AGENT]: Array.from({ length: count }, (_unused, index) => bulkDevice(index)) },
		inventoryFields: [{ key: MIRROR_KEY, label: 'ConnectWise Configuration ID' }],
	};
}

export function bulkConnectWiseTenant(): ConnectWiseSeed {
	return {
		companies: [BULK_COMPANY],
		types: STANDARD_CONFIGURATION_TYPES.map((name, index) => ({ id: index + 1, name })),
		statuses: [{ id: 1, description: 'Active', defaultFlag: true }],
		manufacturers: [...KNOWN_MANUFACTURERS],
		userDefinedFields: [{ id: LINK_FIELD_ID, caption: LINK_CAPTION, fieldTypeIdentifier: 'Text' }],
	};
}

/** Items as Domotz › Get Devices outputs them. */
export function bulkItems(count: number): IDataObject[] {
	return Array.from({ length: count }, (_unused, index) => ({
		...bulkDevice(index),
		agent_id: BULK_AGENT,
	}));
}

/** Create Configurations into the bulk company with the type map and no default type. */
export function bulkCreate(parameters: INodeParameters = {}): INodeParameters {
	return {
		operation: 'createConfigurations',
		companyLink: 'company',
		company: byId(BULK_COMPANY.id),
		typeMap: typeMapParameter,
		...parameters,
	};
}

/**
 * Both simulators without ConnectWise's per-minute request budget: a bulk run and its re-run
 * send more than a thousand requests within a minute, and waiting out the budget only slows tests.
 */
export class BulkTenant extends SimulatedTenant {
	override readonly connectwise: ConnectWiseSimulator;

	/** `options`: readings of what no ConnectWise document decides, e.g. of company notes. */
	constructor(options: Omit<ConnectWiseSimulatorOptions, 'requestsPerMinute'> = {}) {
		super();
		this.connectwise = new ConnectWiseSimulator({ ...options, requestsPerMinute: 0 });
	}
}
