import type { DetectedDeviceType, DeviceBaseType } from './types';

/**
 * Base type ids and labels observed in real tenants (reference §1.4b; the spec only gives the
 * shape). Which ones are `vital` is our guess: infrastructure Domotz marks VITAL on sight.
 */
const BASE_TYPE_ROWS: ReadonlyArray<readonly [id: number, label: string, vital?: 'vital']> = [
	[1, 'Generic'],
	[2, 'Home Automation'],
	[4, 'Notebook'],
	[5, 'Server', 'vital'],
	[6, 'Network Equipment', 'vital'],
	[7, 'NAS', 'vital'],
	[8, 'Printer & Fax'],
	[9, 'Mobile'],
	[10, 'Tablet'],
	[11, 'VoIP'],
	[12, 'Game Console'],
	[14, 'Smart Power Plug'],
	[15, 'Lighting'],
	[16, 'Sensor'],
	[17, 'Heating and Cooling'],
	[18, 'Security System'],
	[19, 'TV'],
	[20, 'Audio & Video'],
	[22, 'Camera'],
	[23, 'Guest Device'],
	[24, 'Custom Device'],
	[28, 'PoE Switch', 'vital'],
	[29, 'Media Player'],
	[31, 'Desktop'],
	[32, 'Wi-Fi', 'vital'],
	[46, 'Computer'],
	[53, 'Thermostat'],
	[54, 'Power System', 'vital'],
	[66, 'Touch Panel'],
	[67, 'Controller'],
	[77, 'Domotz Box', 'vital'],
	[78, 'Router', 'vital'],
	[79, 'Wi-Fi Extender'],
	[80, 'Modem', 'vital'],
	[81, 'Switch', 'vital'],
	[82, 'Gateway', 'vital'],
	[83, 'Firewall', 'vital'],
	[84, 'VPN', 'vital'],
	[88, 'UPS', 'vital'],
	[89, 'Virtual Machine'],
	[90, 'Terminal'],
	[91, 'Mail Server', 'vital'],
	[92, 'File Server', 'vital'],
	[93, 'Proxy Server', 'vital'],
	[94, 'Web Server', 'vital'],
	[95, 'Domain Server', 'vital'],
	[96, 'Communication'],
	[97, 'Database', 'vital'],
	[98, 'Raspberry'],
	[103, 'Monitoring Box'],
];

function identifierOf(label: string): string {
	return label
		.toUpperCase()
		.replace(/[^A-Z0-9]+/g, '_')
		.replace(/^_|_$/g, '');
}

export const DEFAULT_BASE_TYPES: readonly DeviceBaseType[] = BASE_TYPE_ROWS.map(
	([id, label, vital]) => ({
		id,
		identifier: identifierOf(label),
		label,
		vital: vital === 'vital',
	}),
);

/** A few fine-grained types; devices refer to them through `type.detected_id`. */
export const DEFAULT_DETECTED_TYPES: readonly DetectedDeviceType[] = [
	{
		id: 2001,
		identifier: 'CISCO_CATALYST_SWITCH',
		label: 'Cisco Catalyst Switch',
		type_id: 81,
		capabilities: ['snmp', 'topology'],
	},
	{
		id: 2002,
		identifier: 'HP_LASERJET_PRINTER',
		label: 'HP LaserJet Printer',
		type_id: 8,
		capabilities: ['snmp', 'printer_supplies'],
	},
	{
		id: 2003,
		identifier: 'FORTINET_FORTIGATE',
		label: 'Fortinet FortiGate',
		type_id: 83,
		capabilities: ['snmp', 'configuration_management'],
	},
	{
		id: 2004,
		identifier: 'WINDOWS_WORKSTATION',
		label: 'Windows Workstation',
		type_id: 31,
		capabilities: ['wmi'],
	},
];
