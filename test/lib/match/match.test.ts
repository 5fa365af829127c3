import {
	matchDevices,
	mayCreateConfiguration,
	resolveMatchOptions,
	type DeviceMatch,
	type MatchableConfiguration,
	type MatchableDevice,
	type MatchNoteCode,
	type MatchOptions,
} from '../../../lib/match';
import { companyA, companyB, configuration, deepFreeze, device } from './builders';

function only(
	devices: MatchableDevice[],
	configurations: MatchableConfiguration[],
	options?: MatchOptions,
): DeviceMatch {
	const result = matchDevices(devices, configurations, options);
	expect(result.devices).toHaveLength(1);
	return result.devices[0];
}

function noteCodes(entry: DeviceMatch): MatchNoteCode[] {
	return entry.notes.map((note) => note.code);
}

function outcome(entry: DeviceMatch) {
	if (entry.status === 'linked' || entry.status === 'matched') {
		return {
			status: entry.status,
			configurationId: entry.configurationId,
			matchedBy: entry.matchedBy,
			...(entry.status === 'matched' && { matchedValue: entry.matchedValue }),
		};
	}
	return { status: entry.status };
}

describe('resolveMatchOptions', () => {
	it('defaults to every key, active configurations only, company scope', () => {
		expect(resolveMatchOptions()).toEqual({
			keys: ['serial', 'mac', 'ip'],
			onlyActive: true,
			scope: 'company',
		});
	});

	it('always tries the keys in priority order, whatever order they were given in', () => {
		expect(resolveMatchOptions({ keys: ['ip', 'serial', 'ip'] }).keys).toEqual(['serial', 'ip']);
	});
});

describe('matchDevices: one device, by key', () => {
	it.each<[string, MatchableDevice, MatchableConfiguration[], ReturnType<typeof outcome>]>([
		[
			'serial, exact',
			device(1, { serial: 'FOC1234X0AB' }),
			[configuration(100, { serialNumber: 'FOC1234X0AB' })],
			{ status: 'matched', configurationId: 100, matchedBy: 'serial', matchedValue: 'FOC1234X0AB' },
		],
		[
			'serial, case and whitespace differences',
			device(1, { serial: '  abc   123 ' }),
			[configuration(100, { serialNumber: 'ABC 123' })],
			{ status: 'matched', configurationId: 100, matchedBy: 'serial', matchedValue: 'ABC 123' },
		],
		[
			'the same placeholder serial on both sides is no match',
			device(1, { serial: 'To be filled by O.E.M.' }),
			[configuration(100, { serialNumber: 'To Be Filled By O.E.M.' })],
			{ status: 'unmatched' },
		],
		[
			'placeholder serial ignored, MAC decides',
			device(1, { serial: 'Default string', macAddresses: ['bc:24:11:67:60:fc'] }),
			[
				configuration(100, { serialNumber: 'Default string' }),
				configuration(101, { macAddress: 'BC2411-6760FC' }),
			],
			{
				status: 'matched',
				configurationId: 101,
				matchedBy: 'mac',
				matchedValue: 'BC:24:11:67:60:FC',
			},
		],
		[
			'a serial that is the MAC never matches as a serial',
			device(1, { serial: 'BC:24:11:67:60:FC', macAddresses: ['BC:24:11:67:60:FC'] }),
			[
				configuration(100, { serialNumber: 'BC:24:11:67:60:FC' }),
				configuration(101, { macAddress: 'bc-24-11-67-60-fc' }),
			],
			{
				status: 'matched',
				configurationId: 101,
				matchedBy: 'mac',
				matchedValue: 'BC:24:11:67:60:FC',
			},
		],
		[
			'"System MAC: …" serial ignored, MAC decides',
			device(1, { serial: 'System MAC: a4-13-4e-72-98-bc', macAddresses: ['A4:13:4E:72:98:BC'] }),
			[
				configuration(100, { serialNumber: 'System MAC: a4-13-4e-72-98-bc' }),
				configuration(101, { macAddress: 'A4134E7298BC' }),
			],
			{
				status: 'matched',
				configurationId: 101,
				matchedBy: 'mac',
				matchedValue: 'A4:13:4E:72:98:BC',
			},
		],
		[
			'MAC, dash form against Cisco dots',
			device(1, { macAddresses: ['aa-bb-cc-dd-ee-ff'] }),
			[configuration(100, { macAddress: 'AABB.CCDD.EEFF' })],
			{
				status: 'matched',
				configurationId: 100,
				matchedBy: 'mac',
				matchedValue: 'AA:BB:CC:DD:EE:FF',
			},
		],
		[
			'MAC, lower-case colons against bare upper-case hex',
			device(1, { macAddresses: ['aa:bb:cc:dd:ee:ff'] }),
			[configuration(100, { macAddress: 'AABBCCDDEEFF' })],
			{
				status: 'matched',
				configurationId: 100,
				matchedBy: 'mac',
				matchedValue: 'AA:BB:CC:DD:EE:FF',
			},
		],
		[
			'MAC, second of two concatenated MACs in the ConnectWise field',
			device(1, { macAddresses: ['11:22:33:44:55:66'] }),
			[configuration(100, { macAddress: 'AABBCCDDEEFF112233445566' })],
			{
				status: 'matched',
				configurationId: 100,
				matchedBy: 'mac',
				matchedValue: '11:22:33:44:55:66',
			},
		],
		[
			'MAC, any NIC of the device against a comma-separated field',
			device(1, { macAddresses: ['00:11:22:33:44:55', '11-22-33-44-55-66'] }),
			[configuration(100, { macAddress: 'aa:bb:cc:dd:ee:ff, 112233445566' })],
			{
				status: 'matched',
				configurationId: 100,
				matchedBy: 'mac',
				matchedValue: '11:22:33:44:55:66',
			},
		],
		[
			'routed-subnet device without MAC, by IP',
			device(1, { ipAddresses: ['10.20.30.40'] }),
			[configuration(100, { macAddress: 'AABBCCDDEEFF', ipAddress: '10.20.30.40' })],
			{ status: 'matched', configurationId: 100, matchedBy: 'ip', matchedValue: '10.20.30.40' },
		],
		[
			'external device, public IP only',
			device(1, { ipAddresses: ['203.0.113.7'] }),
			[configuration(100, { ipAddress: '203.0.113.7' })],
			{ status: 'matched', configurationId: 100, matchedBy: 'ip', matchedValue: '203.0.113.7' },
		],
		[
			'IPv6 written in full against its compressed form',
			device(1, { ipAddresses: ['2001:DB8:0:0:0:0:0:10'] }),
			[configuration(100, { ipAddress: '2001:db8::10' })],
			{ status: 'matched', configurationId: 100, matchedBy: 'ip', matchedValue: '2001:db8::10' },
		],
		[
			'IPv4-mapped IPv6 against plain IPv4',
			device(1, { ipAddresses: ['::ffff:10.0.0.5'] }),
			[configuration(100, { ipAddress: '10.0.0.5' })],
			{ status: 'matched', configurationId: 100, matchedBy: 'ip', matchedValue: '10.0.0.5' },
		],
		[
			'one of several device IPs',
			device(1, { ipAddresses: ['192.168.1.10', '10.20.0.5'] }),
			[configuration(100, { ipAddress: '10.20.0.5' })],
			{ status: 'matched', configurationId: 100, matchedBy: 'ip', matchedValue: '10.20.0.5' },
		],
		[
			'one of several IPs in the ConnectWise field',
			device(1, { ipAddresses: ['10.0.0.2'] }),
			[configuration(100, { ipAddress: '10.0.0.1, 10.0.0.2' })],
			{ status: 'matched', configurationId: 100, matchedBy: 'ip', matchedValue: '10.0.0.2' },
		],
		[
			'serial wins over a MAC pointing elsewhere',
			device(1, { serial: 'SN-1', macAddresses: ['aa:bb:cc:dd:ee:ff'] }),
			[
				configuration(100, { macAddress: 'aabbccddeeff' }),
				configuration(101, { serialNumber: 'sn-1' }),
			],
			{ status: 'matched', configurationId: 101, matchedBy: 'serial', matchedValue: 'SN-1' },
		],
		[
			'MAC wins over an IP pointing elsewhere',
			device(1, { macAddresses: ['aa:bb:cc:dd:ee:ff'], ipAddresses: ['10.0.0.1'] }),
			[
				configuration(100, { ipAddress: '10.0.0.1' }),
				configuration(101, { macAddress: 'aabbccddeeff' }),
			],
			{
				status: 'matched',
				configurationId: 101,
				matchedBy: 'mac',
				matchedValue: 'AA:BB:CC:DD:EE:FF',
			},
		],
		[
			'no serial on the configuration: the MAC decides',
			device(1, { serial: 'SN-1', macAddresses: ['aa:bb:cc:dd:ee:ff'] }),
			[configuration(100, { macAddress: 'aabbccddeeff' })],
			{
				status: 'matched',
				configurationId: 100,
				matchedBy: 'mac',
				matchedValue: 'AA:BB:CC:DD:EE:FF',
			},
		],
		[
			'link-local addresses never match',
			device(1, { ipAddresses: ['169.254.1.1', 'fe80::1'] }),
			[configuration(100, { ipAddress: '169.254.1.1, fe80::1' })],
			{ status: 'unmatched' },
		],
		[
			'all-zero MACs never match',
			device(1, { macAddresses: ['00:00:00:00:00:00'] }),
			[configuration(100, { macAddress: '000000000000' })],
			{ status: 'unmatched' },
		],
		[
			'dummy device without any address',
			device(1),
			[configuration(100, { ipAddress: '10.0.0.1' })],
			{ status: 'unmatched' },
		],
	])('%s', (_case, input, configurations, expected) => {
		expect(outcome(only([input], configurations))).toEqual(expected);
	});

	it.each<[string, MatchableDevice, MatchNoteCode[]]>([
		['junk serial', device(1, { serial: 'To be filled by O.E.M.' }), ['serialIgnored']],
		['broadcast MAC', device(1, { macAddresses: ['FF:FF:FF:FF:FF:FF'] }), ['macIgnored']],
		['loopback IP', device(1, { ipAddresses: ['127.0.0.1'] }), ['ipIgnored']],
		['nothing at all', device(1), ['noUsableKeys']],
	])('explains why a device with a %s has nothing to match on', (_case, input, codes) => {
		const entry = only([input], [configuration(100, { ipAddress: '10.0.0.1' })]);
		expect(entry.status).toBe('unmatched');
		expect(noteCodes(entry)).toEqual(expect.arrayContaining(codes));
	});

	it('names why a serial was ignored', () => {
		const entry = only([device(1, { serial: 'System MAC: a4-13-4e-72-98-bc' })], []);
		expect(entry.notes[0]).toEqual({
			code: 'serialIgnored',
			message:
				'Serial "System MAC: a4-13-4e-72-98-bc" ignored: a label around a MAC address, not a serial number.',
		});
	});
});

describe('matchDevices: a stronger key that disagrees vetoes a weaker match', () => {
	const serialAndMac = device(1, { serial: 'SN-DEVICE', macAddresses: ['aa:bb:cc:dd:ee:ff'] });
	const otherSerialSameMac = configuration(100, {
		serialNumber: 'SN-OTHER',
		macAddress: 'aabbccddeeff',
	});

	it('does not match a shared MAC when the serial numbers differ, and says so', () => {
		const entry = only([serialAndMac], [otherSerialSameMac]);
		expect(entry.status).toBe('unmatched');
		expect(entry.notes).toContainEqual(
			expect.objectContaining({ code: 'keysDisagree', configurationId: 100 }),
		);
		expect(mayCreateConfiguration(entry)).toBe(false);
	});

	it('matches the MAC when serials are left out of the keys', () => {
		expect(outcome(only([serialAndMac], [otherSerialSameMac], { keys: ['mac', 'ip'] }))).toEqual({
			status: 'matched',
			configurationId: 100,
			matchedBy: 'mac',
			matchedValue: 'AA:BB:CC:DD:EE:FF',
		});
	});

	it('does not match a shared IP when the MACs differ', () => {
		const entry = only(
			[device(1, { macAddresses: ['aa:bb:cc:dd:ee:ff'], ipAddresses: ['10.0.0.9'] })],
			[configuration(100, { macAddress: '112233445566', ipAddress: '10.0.0.9' })],
		);
		expect(entry.status).toBe('unmatched');
		expect(noteCodes(entry)).toContain('keysDisagree');
	});
});

describe('matchDevices: key subsets', () => {
	const subject = device(1, {
		serial: 'SN-1',
		macAddresses: ['aa:bb:cc:dd:ee:ff'],
		ipAddresses: ['10.0.0.1'],
	});
	const bySerial = configuration(100, { serialNumber: 'SN-1' });
	const byMac = configuration(101, { macAddress: 'aabbccddeeff' });
	const byIp = configuration(102, { ipAddress: '10.0.0.1' });

	it.each<[MatchOptions['keys'], MatchableConfiguration[], number | undefined]>([
		[undefined, [bySerial, byMac, byIp], 100],
		[['mac', 'ip'], [bySerial, byMac, byIp], 101],
		[['ip'], [bySerial, byMac, byIp], 102],
		[['serial'], [byMac, byIp], undefined],
		[['mac'], [byIp], undefined],
		[[], [bySerial], undefined],
	])('keys %j against %#', (keys, configurations, expectedId) => {
		const entry = only([subject], configurations, { keys });
		if (expectedId === undefined) expect(entry.status).toBe('unmatched');
		else expect(entry).toMatchObject({ status: 'matched', configurationId: expectedId });
	});
});

describe('matchDevices: ambiguity and one-to-one', () => {
	it('reports one device whose MAC matches two configurations, with both candidates', () => {
		const entry = only(
			[device(1, { macAddresses: ['aa:bb:cc:dd:ee:ff'] })],
			[
				configuration(100, { macAddress: 'aabbccddeeff' }),
				configuration(101, { macAddress: 'AA-BB-CC-DD-EE-FF, 112233445566' }),
			],
		);
		expect(entry).toMatchObject({
			status: 'ambiguous',
			ambiguity: 'severalConfigurations',
			matchedBy: 'mac',
			moreCandidates: false,
			candidates: [
				{ configurationId: 100, name: 'config-100', key: 'mac', value: 'AA:BB:CC:DD:EE:FF' },
				{ configurationId: 101, name: 'config-101', key: 'mac', value: 'AA:BB:CC:DD:EE:FF' },
			],
		});
	});

	it('stops at an ambiguous serial instead of letting a weaker key decide', () => {
		const entry = only(
			[device(1, { serial: 'SN-1', macAddresses: ['aa:bb:cc:dd:ee:ff'] })],
			[
				configuration(100, { serialNumber: 'SN-1' }),
				configuration(101, { serialNumber: 'sn-1' }),
				configuration(102, { macAddress: 'aabbccddeeff' }),
			],
		);
		expect(entry).toMatchObject({ status: 'ambiguous', matchedBy: 'serial' });
		expect(entry.status === 'ambiguous' && entry.candidates.map((c) => c.configurationId)).toEqual([
			100, 101,
		]);
	});

	it('gives a configuration two devices reach by the same key to neither (same device under two agents)', () => {
		const result = matchDevices(
			[
				device(1, { agentId: 1, serial: 'SN-SWITCH', macAddresses: ['aa:bb:cc:dd:ee:ff'] }),
				device(1, { agentId: 2, serial: 'SN-SWITCH', macAddresses: ['aa:bb:cc:dd:ee:ff'] }),
			],
			[configuration(100, { serialNumber: 'SN-SWITCH' })],
		);
		expect(result.devices).toMatchObject([
			{
				status: 'ambiguous',
				ambiguity: 'contested',
				competingDevices: [{ agentId: 2, deviceId: 1 }],
			},
			{
				status: 'ambiguous',
				ambiguity: 'contested',
				competingDevices: [{ agentId: 1, deviceId: 1 }],
			},
		]);
		expect(result.unmatchedConfigurations.map((c) => c.configurationId)).toEqual([100]);
	});

	it('lets the stronger key win and holds the weaker claimant back as ambiguous', () => {
		const result = matchDevices(
			[
				device(1, { agentId: 1, serial: 'SN-SWITCH', macAddresses: ['aa:bb:cc:dd:ee:ff'] }),
				device(7, { agentId: 2, macAddresses: ['aa:bb:cc:dd:ee:ff'] }),
			],
			[configuration(100, { serialNumber: 'SN-SWITCH', macAddress: 'aabbccddeeff' })],
		);
		expect(result.devices.map(outcome)).toEqual([
			{ status: 'matched', configurationId: 100, matchedBy: 'serial', matchedValue: 'SN-SWITCH' },
			{ status: 'ambiguous' },
		]);
		expect(result.devices[1]).toMatchObject({
			ambiguity: 'outranked',
			competingDevices: [{ agentId: 1, deviceId: 1 }],
		});
	});

	it('treats the candidates of an ambiguous device as contested', () => {
		const result = matchDevices(
			[
				device(1, { macAddresses: ['aa:bb:cc:dd:ee:ff'] }),
				device(2, { macAddresses: ['11:22:33:44:55:66'] }),
			],
			[
				configuration(100, { macAddress: 'aabbccddeeff112233445566' }),
				configuration(101, { macAddress: 'aabbccddeeff' }),
			],
		);
		expect(result.devices.map((entry) => entry.status)).toEqual(['ambiguous', 'ambiguous']);
		expect(result.devices[1]).toMatchObject({ ambiguity: 'contested' });
	});

	it('reports a key value shared by too many configurations without listing them all', () => {
		const crowd = Array.from({ length: 25 }, (_, index) =>
			configuration(100 + index, { ipAddress: '192.168.1.1' }),
		);
		const entry = only([device(1, { ipAddresses: ['192.168.1.1'] })], crowd);
		expect(entry).toMatchObject({
			status: 'ambiguous',
			ambiguity: 'crowdedKey',
			moreCandidates: true,
		});
		expect(entry.status === 'ambiguous' && entry.candidates).toHaveLength(20);
	});

	it('matches every device of a larger one-to-one set exactly once', () => {
		const size = 500;
		const devices = Array.from({ length: size }, (_, index) =>
			device(index, { serial: `SN-${index}` }),
		);
		const configurations = Array.from({ length: size }, (_, index) =>
			configuration(10_000 + size - index, { serialNumber: `sn-${size - 1 - index}` }),
		);
		const result = matchDevices(devices, configurations);
		expect(result.counts.matched).toBe(size);
		const paired = result.devices.map((entry) =>
			entry.status === 'matched' ? entry.configurationId : 0,
		);
		expect(new Set(paired).size).toBe(size);
		expect(paired[0]).toBe(10_001);
	});
});

describe('matchDevices: scope', () => {
	const switchUnderTwoAgents = [
		device(1, { agentId: 1, companyId: companyA, serial: 'SN-SWITCH' }),
		device(1, { agentId: 2, companyId: companyB, serial: 'SN-SWITCH' }),
	];

	it('matches the same device under two agents of two companies to each company’s own configuration', () => {
		const result = matchDevices(switchUnderTwoAgents, [
			configuration(100, { companyId: companyA, serialNumber: 'SN-SWITCH' }),
			configuration(200, { companyId: companyB, serialNumber: 'SN-SWITCH' }),
		]);
		expect(result.devices.map(outcome)).toEqual([
			{ status: 'matched', configurationId: 100, matchedBy: 'serial', matchedValue: 'SN-SWITCH' },
			{ status: 'matched', configurationId: 200, matchedBy: 'serial', matchedValue: 'SN-SWITCH' },
		]);
	});

	it('leaves the second agent’s copy unmatched when only one company has the configuration', () => {
		const result = matchDevices(switchUnderTwoAgents, [
			configuration(100, { companyId: companyA, serialNumber: 'SN-SWITCH' }),
		]);
		expect(result.devices.map((entry) => entry.status)).toEqual(['matched', 'unmatched']);
	});

	it('across all companies, the same two agents contest one configuration', () => {
		const result = matchDevices(
			switchUnderTwoAgents,
			[configuration(100, { companyId: companyA, serialNumber: 'SN-SWITCH' })],
			{ scope: 'allCompanies' },
		);
		expect(result.devices.map((entry) => entry.status)).toEqual(['ambiguous', 'ambiguous']);
	});

	it.each<[MatchOptions['scope'], string]>([
		['company', 'unmatched'],
		['allCompanies', 'matched'],
	])('in %s scope, a configuration of another company gives %s', (scope, status) => {
		const entry = only(
			[device(1, { companyId: companyA, serial: 'SN-1' })],
			[configuration(200, { companyId: companyB, serialNumber: 'SN-1' })],
			{ scope },
		);
		expect(entry.status).toBe(status);
		if (entry.status === 'matched') expect(noteCodes(entry)).toContain('otherCompany');
	});

	it.each<[MatchOptions['scope'], string]>([
		['company', 'unresolvedCompany'],
		['allCompanies', 'matched'],
	])('in %s scope, a device whose agent has no company is %s', (scope, status) => {
		const entry = only(
			[device(1, { companyId: undefined, serial: 'SN-1' })],
			[configuration(100, { serialNumber: 'SN-1' })],
			{ scope },
		);
		expect(entry.status).toBe(status);
		if (entry.status === 'unresolvedCompany')
			expect(noteCodes(entry)).toEqual(['agentWithoutCompany']);
	});
});

describe('matchDevices: existing links', () => {
	const marker = (deviceId: number, agentId = 1) => ({ agentId, deviceId });

	it.each<[string, MatchableDevice, MatchableConfiguration, string]>([
		['the marker alone', device(1), configuration(100, { linkedDevice: marker(1) }), 'marker'],
		[
			'the Domotz link alone',
			device(1, { linkedConfigurationId: 100 }),
			configuration(100),
			'domotzLink',
		],
		[
			'both sides',
			device(1, { linkedConfigurationId: 100 }),
			configuration(100, { linkedDevice: marker(1) }),
			'both',
		],
	])('honours %s', (_case, input, linkedConfiguration, linkedVia) => {
		expect(only([input], [linkedConfiguration])).toMatchObject({
			status: 'linked',
			configurationId: 100,
			matchedBy: 'link',
			linkedVia,
		});
	});

	it('reads no key field when every device is linked, and every one once a device is searched', () => {
		const reads: string[] = [];
		const watched = <Input extends object>(input: Input, label: string, fields: string[]) =>
			new Proxy(input, {
				get(target, field, receiver) {
					if (typeof field === 'string' && fields.includes(field)) reads.push(`${label}.${field}`);
					return Reflect.get(target, field, receiver) as unknown;
				},
			});
		const deviceKeys = ['serial', 'macAddresses', 'ipAddresses'];
		const configurationKeys = ['serialNumber', 'macAddress', 'ipAddress'];
		const linked = [
			watched(device(1, { serial: 'SN-1', linkedConfigurationId: 100 }), 'device1', deviceKeys),
			watched(device(2, { serial: 'SN-2' }), 'device2', deviceKeys),
		];
		const configurations = [
			watched(configuration(100, { serialNumber: 'SN-1' }), 'config100', configurationKeys),
			watched(
				configuration(101, { serialNumber: 'SN-2', linkedDevice: marker(2) }),
				'config101',
				configurationKeys,
			),
			watched(configuration(102, { serialNumber: 'SN-3' }), 'config102', configurationKeys),
		];

		const resync = matchDevices(linked, configurations);
		expect(resync.devices.map(outcome)).toEqual([
			{ status: 'linked', configurationId: 100, matchedBy: 'link' },
			{ status: 'linked', configurationId: 101, matchedBy: 'link' },
		]);
		expect(reads).toEqual([]);

		const searched = watched(device(3, { serial: 'SN-3' }), 'device3', deviceKeys);
		const withNew = matchDevices([...linked, searched], configurations);
		expect(withNew.devices.map(outcome)[2]).toEqual({
			status: 'matched',
			configurationId: 102,
			matchedBy: 'serial',
			matchedValue: 'SN-3',
		});
		expect(new Set(reads)).toEqual(
			new Set([
				...['config100', 'config101', 'config102'].flatMap((label) =>
					configurationKeys.map((field) => `${label}.${field}`),
				),
				...deviceKeys.map((field) => `device3.${field}`),
			]),
		);
	});

	it('puts the link before every key', () => {
		const entry = only(
			[device(1, { serial: 'SN-1' })],
			[
				configuration(100, { serialNumber: 'SN-1' }),
				configuration(101, { linkedDevice: marker(1) }),
			],
		);
		expect(entry).toMatchObject({ status: 'linked', configurationId: 101 });
	});

	it('never offers a linked configuration to another device, and warns against creating a duplicate', () => {
		const result = matchDevices(
			[device(1), device(2, { serial: 'SN-1' })],
			[configuration(100, { serialNumber: 'SN-1', linkedDevice: marker(1) })],
		);
		expect(result.devices.map((entry) => entry.status)).toEqual(['linked', 'unmatched']);
		expect(result.devices[1].notes).toContainEqual(
			expect.objectContaining({ code: 'linkedToOtherDevice', configurationId: 100 }),
		);
		expect(mayCreateConfiguration(result.devices[1])).toBe(false);
	});

	it('reports a configuration whose marker names a device not in the input as linked elsewhere', () => {
		const result = matchDevices(
			[device(2, { serial: 'SN-1' })],
			[configuration(100, { serialNumber: 'SN-1', linkedDevice: marker(9, 5) })],
		);
		expect(result.devices[0].status).toBe('unmatched');
		expect(result.linkedElsewhere).toEqual([
			{
				configurationId: 100,
				name: 'config-100',
				companyId: companyA,
				active: true,
				linkedDevice: { agentId: 5, deviceId: 9 },
			},
		]);
		expect(result.unmatchedConfigurations).toEqual([]);
	});

	it.each<[string, MatchableDevice[], MatchableConfiguration[], string, number[]]>([
		[
			'the Domotz link names a configuration whose marker names another device',
			[device(1, { linkedConfigurationId: 100 })],
			[configuration(100, { linkedDevice: marker(2) })],
			'linkedToOtherDevice',
			[100],
		],
		[
			'the marker and the Domotz link name different configurations',
			[device(1, { linkedConfigurationId: 101 })],
			[configuration(100, { linkedDevice: marker(1) }), configuration(101)],
			'linkSidesDisagree',
			[100, 101],
		],
		[
			'two configurations carry the same marker (a copied configuration)',
			[device(1)],
			[
				configuration(100, { linkedDevice: marker(1) }),
				configuration(101, { linkedDevice: marker(1) }),
			],
			'severalMarkers',
			[100, 101],
		],
		[
			'two devices’ Domotz links name the same configuration',
			[device(1, { linkedConfigurationId: 100 }), device(2, { linkedConfigurationId: 100 })],
			[configuration(100)],
			'claimedByOtherDevices',
			[100],
		],
	])('reports a conflict when %s', (_case, devices, configurations, conflict, candidateIds) => {
		const first = matchDevices(devices, configurations).devices[0];
		expect(first).toMatchObject({ status: 'conflict', conflict });
		expect(first.status === 'conflict' && first.candidates.map((c) => c.configurationId)).toEqual(
			candidateIds,
		);
		expect(noteCodes(first)).toContain('linkConflict');
	});

	it('names the competing devices of a configuration two Domotz links claim', () => {
		const result = matchDevices(
			[device(1, { linkedConfigurationId: 100 }), device(2, { linkedConfigurationId: 100 })],
			[configuration(100)],
		);
		expect(result.devices[1]).toMatchObject({ competingDevices: [{ agentId: 1, deviceId: 1 }] });
	});

	it('keeps configurations caught in a conflict away from key matching', () => {
		const result = matchDevices(
			[device(1, { linkedConfigurationId: 101 }), device(2, { serial: 'SN-1' })],
			[
				configuration(100, { linkedDevice: marker(1) }),
				configuration(101, { serialNumber: 'SN-1' }),
			],
		);
		expect(result.devices.map((entry) => entry.status)).toEqual(['conflict', 'unmatched']);
		expect(result.unmatchedConfigurations).toEqual([]);
	});

	it('reports a stale Domotz link, then matches by key', () => {
		const entry = only(
			[device(1, { linkedConfigurationId: 999, serial: 'SN-1' })],
			[configuration(100, { serialNumber: 'SN-1' })],
		);
		expect(entry).toMatchObject({ status: 'matched', configurationId: 100 });
		expect(entry.notes).toContainEqual(
			expect.objectContaining({ code: 'staleDomotzLink', configurationId: 999 }),
		);
	});

	it('blocks creating a configuration for a device whose Domotz link went stale', () => {
		const entry = only([device(1, { linkedConfigurationId: 999 })], []);
		expect(entry.status).toBe('unmatched');
		expect(mayCreateConfiguration(entry)).toBe(false);
	});

	it.each<[string, MatchableDevice, MatchableConfiguration, MatchNoteCode]>([
		[
			'an inactive configuration',
			device(1),
			configuration(100, { active: false, linkedDevice: marker(1) }),
			'inactiveConfiguration',
		],
		[
			'a configuration of another company',
			device(1, { companyId: companyA, linkedConfigurationId: 200 }),
			configuration(200, { companyId: companyB }),
			'otherCompany',
		],
	])('honours a link to %s and flags it', (_case, input, linkedConfiguration, code) => {
		const entry = only([input], [linkedConfiguration]);
		expect(entry.status).toBe('linked');
		expect(noteCodes(entry)).toContain(code);
	});

	it('honours a link even when the agent has no company', () => {
		const entry = only(
			[device(1, { companyId: undefined })],
			[configuration(100, { linkedDevice: marker(1) })],
		);
		expect(entry.status).toBe('linked');
	});
});

describe('matchDevices: inactive configurations', () => {
	const subject = device(1, { serial: 'SN-1' });
	const inactive = configuration(100, { serialNumber: 'SN-1', active: false });
	const active = configuration(101, { serialNumber: 'SN-1' });

	it('ignores them by default and warns that the device may already have one', () => {
		const result = matchDevices([subject], [inactive]);
		const [entry] = result.devices;
		expect(entry.status).toBe('unmatched');
		expect(entry.notes).toContainEqual(
			expect.objectContaining({ code: 'inactiveIgnored', configurationId: 100 }),
		);
		expect(mayCreateConfiguration(entry)).toBe(false);
		expect(result.unmatchedConfigurations).toEqual([]);
	});

	it('matches them, flagged, when onlyActive is off', () => {
		const entry = only([subject], [inactive], { onlyActive: false });
		expect(entry).toMatchObject({ status: 'matched', configurationId: 100 });
		expect(noteCodes(entry)).toContain('inactiveConfiguration');
	});

	it.each<[boolean, string]>([
		[true, 'matched'],
		[false, 'ambiguous'],
	])('with onlyActive %s, an active and an inactive twin give %s', (onlyActive, status) => {
		expect(only([subject], [inactive, active], { onlyActive }).status).toBe(status);
	});
});

describe('matchDevices: the result as a whole', () => {
	const devices = deepFreeze([
		device(1, { serial: 'SN-1' }),
		device(2, { macAddresses: ['aa:bb:cc:dd:ee:ff'] }),
		device(3, { ipAddresses: ['10.0.0.3'] }),
		device(4, { companyId: undefined }),
		device(5),
		device(1, { serial: 'SN-1' }),
		device(6, { companyId: companyB, ipAddresses: ['10.0.0.3'] }),
	]);
	const configurations = deepFreeze([
		configuration(100, { serialNumber: 'SN-1' }),
		configuration(101, { macAddress: 'aabbccddeeff' }),
		configuration(102, { ipAddress: '10.0.0.3' }),
		configuration(103, { ipAddress: '10.0.0.99' }),
		configuration(104, { ipAddress: '10.0.0.98', active: false }),
		configuration(100, { serialNumber: 'SN-1' }),
		configuration(300, { companyId: 30 }),
	]);
	const result = matchDevices(devices, configurations);

	it('has one entry per input device, in input order', () => {
		expect(result.devices.map(({ device: { deviceId } }) => deviceId)).toEqual([
			1, 2, 3, 4, 5, 1, 6,
		]);
		expect(result.devices.map((entry) => entry.status)).toEqual([
			'matched',
			'matched',
			'matched',
			'unresolvedCompany',
			'unmatched',
			'duplicate',
			'unmatched',
		]);
	});

	it('counts the devices per status', () => {
		expect(result.counts).toEqual({
			linked: 0,
			matched: 3,
			ambiguous: 0,
			conflict: 0,
			unmatched: 2,
			unresolvedCompany: 1,
			duplicate: 1,
		});
	});

	it('lists the active configurations of the scanned companies that nobody took', () => {
		expect(result.unmatchedConfigurations).toEqual([
			{ configurationId: 103, name: 'config-103', companyId: companyA, active: true },
		]);
	});

	it('summarises each device with its name', () => {
		expect(result.devices[0].device).toEqual({ agentId: 1, deviceId: 1, name: 'device-1' });
	});

	it('allows creating a configuration only for a cleanly unmatched device', () => {
		expect(result.devices.map(mayCreateConfiguration)).toEqual([
			false,
			false,
			false,
			false,
			true,
			false,
			true,
		]);
	});
});
