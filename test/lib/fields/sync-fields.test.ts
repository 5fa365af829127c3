import { configurationFieldLimits } from '../../../lib/connectwise/limits';
import { isEditableField } from '../../../lib/domotz/field-values';
import {
	domotzAgentDetailSchema,
	domotzAgentSchema,
	domotzDeviceSchema,
} from '../../../lib/domotz/schemas';
import {
	allowedDirections,
	readCollectorValues,
	readDeviceValues,
	resolveDirections,
	syncFields,
	type DomotzValues,
	type FieldDirection,
	type SyncFieldKey,
	type SyncMode,
} from '../../../lib/fields/sync-fields';
import { SetupError } from '../../../lib/http/errors';

const allKeys: SyncFieldKey[] = [
	'name',
	'serialNumber',
	'macAddress',
	'ipAddress',
	'modelNumber',
	'manufacturer',
	'osType',
	'osInfo',
	'site',
	'notes',
];

const writableKeys: SyncFieldKey[] = [
	'name',
	'serialNumber',
	'modelNumber',
	'manufacturer',
	'site',
	'notes',
];

const noValues: DomotzValues = {
	name: null,
	serialNumber: null,
	macAddress: null,
	ipAddress: null,
	modelNumber: null,
	manufacturer: null,
	osType: null,
	osInfo: null,
	site: null,
	notes: null,
};

function field(key: SyncFieldKey) {
	const found = syncFields.find((candidate) => candidate.key === key);
	if (!found) throw new Error(`no field ${key}`);
	return found;
}

/** A device as the Domotz API returns it, parsed by the client's schema. */
function device(raw: Record<string, unknown>) {
	return domotzDeviceSchema.parse({ id: 11, display_name: 'raw-name', protocol: 'IP', ...raw });
}

describe('the sync field table', () => {
	it('has one row per field, in table order', () => {
		expect(syncFields.map((row) => row.key)).toEqual(allKeys);
	});

	it('names only fields the Domotz API can write as writable', () => {
		const writable = syncFields.filter((row) => row.domotzWritable);
		expect(writable.map((row) => row.key)).toEqual(writableKeys);
		expect(writable.every((row) => isEditableField(row.domotzWritable ?? ''))).toBe(true);
	});

	it.each(syncFields.filter((row) => row.connectWiseKind === 'text' && row.key !== 'notes'))(
		'takes the length limit of $key from the ConnectWise limits table',
		(row) => {
			const limits: Record<string, number> = configurationFieldLimits;
			expect(row.maxLength).toBe(limits[row.connectWiseField]);
		},
	);

	it.each([
		['manufacturer', 50],
		['site', 50],
		['notes', undefined],
	] as const)('limits %s to %p characters', (key, limit) => {
		expect(field(key).maxLength).toBe(limit);
	});

	it('marks serial and MAC as match keys and only the name as required', () => {
		expect(syncFields.filter((row) => row.matchKey).map((row) => row.key)).toEqual([
			'serialNumber',
			'macAddress',
		]);
		expect(syncFields.filter((row) => row.required).map((row) => row.key)).toEqual(['name']);
	});

	it('references manufacturer and site by name, everything else as text', () => {
		expect(
			syncFields.filter((row) => row.connectWiseKind !== 'text').map((row) => row.key),
		).toEqual(['manufacturer', 'site']);
	});

	it('offers every default direction among the allowed ones', () => {
		expect(syncFields.every((row) => allowedDirections(row).includes(row.defaultDirection))).toBe(
			true,
		);
	});
});

describe('allowedDirections', () => {
	it.each(allKeys)('lets %s go the ways the APIs allow', (key) => {
		const expected: FieldDirection[] = writableKeys.includes(key)
			? ['domotzToConnectWise', 'connectWiseToDomotz', 'skip']
			: ['domotzToConnectWise', 'skip'];
		expect(allowedDirections(field(key))).toEqual(expected);
	});
});

describe('resolveDirections', () => {
	const customDefaults: Record<SyncFieldKey, FieldDirection> = {
		name: 'domotzToConnectWise',
		serialNumber: 'domotzToConnectWise',
		macAddress: 'domotzToConnectWise',
		ipAddress: 'domotzToConnectWise',
		modelNumber: 'domotzToConnectWise',
		manufacturer: 'domotzToConnectWise',
		osType: 'domotzToConnectWise',
		osInfo: 'domotzToConnectWise',
		site: 'skip',
		notes: 'skip',
	};

	const expectedByMode: Array<[SyncMode, (key: SyncFieldKey) => FieldDirection]> = [
		['domotzToConnectWise', () => 'domotzToConnectWise'],
		['connectWiseToDomotz', (key) => (writableKeys.includes(key) ? 'connectWiseToDomotz' : 'skip')],
		['custom', (key) => customDefaults[key]],
	];

	describe.each(expectedByMode)('in mode %s', (mode, expected) => {
		it.each(allKeys)('gives %s its direction', (key) => {
			expect(resolveDirections(mode)[key]).toBe(expected(key));
		});
	});

	it('overlays the custom choices on the defaults', () => {
		expect(
			resolveDirections('custom', {
				name: 'connectWiseToDomotz',
				ipAddress: 'skip',
				notes: 'domotzToConnectWise',
			}),
		).toEqual({
			...customDefaults,
			name: 'connectWiseToDomotz',
			ipAddress: 'skip',
			notes: 'domotzToConnectWise',
		});
	});

	it('ignores custom choices outside custom mode', () => {
		expect(resolveDirections('domotzToConnectWise', { name: 'connectWiseToDomotz' }).name).toBe(
			'domotzToConnectWise',
		);
	});

	it.each([
		['macAddress', 'MAC Address'],
		['ipAddress', 'IP Address'],
		['osType', 'OS Type'],
		['osInfo', 'OS Info'],
	] as const)('refuses %s from ConnectWise to Domotz, naming the field', (key, label) => {
		const attempt = () => resolveDirections('custom', { [key]: 'connectWiseToDomotz' });
		expect(attempt).toThrow(SetupError);
		expect(attempt).toThrow(`${label} cannot sync ConnectWise → Domotz`);
	});

	it('refuses a direction that does not exist', () => {
		const attempt = () =>
			resolveDirections('custom', { notes: 'sideways' as unknown as FieldDirection });
		expect(attempt).toThrow(SetupError);
		expect(attempt).toThrow('Notes cannot sync "sideways"');
	});

	it('refuses an unknown mode', () => {
		expect(() => resolveDirections('both' as unknown as SyncMode)).toThrow(SetupError);
	});
});

describe('readDeviceValues', () => {
	it('reads a fully described LAN device, the user overrides winning', () => {
		const switchDevice = device({
			display_name: 'Switch (discovered)',
			hw_address: 'f4:cf:e2:0a:11:22',
			ip_addresses: ['192.168.10.2'],
			vendor: 'Cisco Systems, Inc',
			model: 'WS-C2960X',
			os: { name: 'IOS', version: '15.2(7)E4', build: '7' },
			user_data: { name: 'Core Switch', vendor: 'Cisco', model: 'C2960X-48FPD-L', type: 12 },
			details: {
				serial: 'FOC1934X0AB',
				zone: 'Server Room',
				room: 'B2',
				notes: 'Uplink on port 48',
				firmware_version: 'ignored when the OS has a version',
			},
		});
		expect(readDeviceValues(switchDevice)).toEqual({
			name: 'Core Switch',
			serialNumber: 'FOC1934X0AB',
			macAddress: 'f4:cf:e2:0a:11:22',
			ipAddress: '192.168.10.2',
			modelNumber: 'C2960X-48FPD-L',
			manufacturer: 'Cisco',
			osType: 'IOS',
			osInfo: '15.2(7)E4 (7)',
			site: 'Server Room',
			notes: 'Uplink on port 48',
		});
	});

	it('falls back to the discovered values when the user set none (null, empty or blank)', () => {
		const printer = device({
			display_name: '  HP LaserJet  ',
			vendor: 'HP',
			model: 'M404dn',
			user_data: { name: '   ', vendor: null, model: '' },
		});
		expect(readDeviceValues(printer)).toMatchObject({
			name: 'HP LaserJet',
			manufacturer: 'HP',
			modelNumber: 'M404dn',
		});
	});

	it('gives null for every field a device lacks (a DUMMY device)', () => {
		const dummy = device({ display_name: 'Placeholder', protocol: 'DUMMY' });
		expect(readDeviceValues(dummy)).toEqual({ ...noValues, name: 'Placeholder' });
	});

	it('treats null objects like absent ones', () => {
		const external = device({
			protocol: 'IP_EXTERNAL',
			os: null,
			user_data: null,
			details: null,
			ip_addresses: null,
			hw_address: null,
		});
		expect(readDeviceValues(external)).toEqual({ ...noValues, name: 'raw-name' });
	});

	it.each([
		[
			'junk first, then a usable IPv4',
			['127.0.0.1', '169.254.3.4', '0.0.0.0', '10.1.2.3'],
			'10.1.2.3',
		],
		['IPv6 listed before IPv4', ['2001:db8::10', '192.168.1.20'], '192.168.1.20'],
		['only IPv6, link-local first', ['fe80::1', '2001:DB8:0:0:0:0:0:10'], '2001:db8::10'],
		['a prefix length', ['192.168.001.020/24'], '192.168.1.20'],
		['nothing usable', ['127.0.0.1', 'fe80::1', 'garbage'], null],
		['an empty list', [], null],
	])('reads the IP address from %s', (_case, ipAddresses, expected) => {
		expect(readDeviceValues(device({ ip_addresses: ipAddresses })).ipAddress).toBe(expected);
	});

	it.each([
		['version and build', { version: '10.0', build: '19045' }, null, '10.0 (19045)'],
		['a version only', { version: '7.2.1', build: ' ' }, 'fw 1', '7.2.1'],
		['no version: the firmware', { build: '19045' }, 'V2.1.8', 'V2.1.8'],
		['nothing', null, null, null],
	])('reads OS info from %s', (_case, os, firmware, expected) => {
		const withOs = device({ os, details: { firmware_version: firmware } });
		expect(readDeviceValues(withOs).osInfo).toBe(expected);
	});
});

describe('readCollectorValues', () => {
	const agent = {
		id: 301,
		display_name: 'Acme HQ Collector',
		wan_info: { hostname: 'hq.acme.example', ip: '203.0.113.7' },
		licence: { id: 9, bound_mac_address: '00:1a:2b:3c:4d:5e', code: 'ABC' },
		version: { agent: '5.2.1', package: '3.1' },
	};

	it('reads the collector as a configuration', () => {
		expect(readCollectorValues(domotzAgentSchema.parse(agent))).toEqual({
			...noValues,
			name: 'Acme HQ Collector',
			macAddress: '00:1a:2b:3c:4d:5e',
			ipAddress: '203.0.113.7',
			manufacturer: 'Domotz',
			osType: 'Domotz Collector',
			osInfo: 'agent 5.2.1, package 3.1',
		});
	});

	it('reads agent details the same way', () => {
		const detail = domotzAgentDetailSchema.parse({ ...agent, location: { latitude: '45.1' } });
		expect(readCollectorValues(detail).osInfo).toBe('agent 5.2.1, package 3.1');
	});

	it.each([
		['no licence or version', { licence: undefined, version: undefined }, null, null],
		['a malformed licence', { licence: 'none', version: { agent: '5.0' } }, null, 'agent 5.0'],
		[
			'a package only',
			{ licence: { bound_mac_address: null }, version: { package: '3.1' } },
			null,
			'package 3.1',
		],
		['a version of the wrong shape', { version: 42 }, '00:1a:2b:3c:4d:5e', null],
	])('reads what it can from %s', (_case, overrides, mac, osInfo) => {
		const values = readCollectorValues(domotzAgentSchema.parse({ ...agent, ...overrides }));
		expect(values).toMatchObject({ name: 'Acme HQ Collector', macAddress: mac, osInfo });
	});

	it('passes over an unusable WAN address', () => {
		const values = readCollectorValues(
			domotzAgentSchema.parse({ ...agent, wan_info: { ip: '0.0.0.0' } }),
		);
		expect(values.ipAddress).toBeNull();
	});
});
