import {
	normaliseIp,
	normaliseIps,
	normaliseMac,
	normaliseMacs,
	normaliseSerial,
	placeholderSerials,
	type SerialJunkReason,
} from '../../../lib/match';

describe('normaliseSerial', () => {
	it.each([
		['ABC123', 'ABC123'],
		['  abc123  ', 'ABC123'],
		['abc   123', 'ABC 123'],
		['abc\t\n123', 'ABC 123'],
		['c02xg0fdh7jy', 'C02XG0FDH7JY'],
		['VMware-42 1a 2b', 'VMWARE-42 1A 2B'],
		['MACBOOK1234', 'MACBOOK1234'],
		['MAC-2231-XY', 'MAC-2231-XY'],
		['mac_7781 b', 'MAC_7781 B'],
		['ABC', 'ABC'],
	])('keeps %j as %j', (raw, value) => {
		expect(normaliseSerial(raw)).toEqual({ kind: 'usable', value });
	});

	it.each([null, undefined, '', '   '])('reads %j as missing', (raw) => {
		expect(normaliseSerial(raw)).toEqual({ kind: 'missing' });
	});

	it.each<[string, SerialJunkReason]>([
		['To be filled by O.E.M.', 'placeholder'],
		['TO BE FILLED BY OEM', 'placeholder'],
		['  to be filled by o.e.m  ', 'placeholder'],
		['Default string', 'placeholder'],
		['DEFAULT_STRING', 'placeholder'],
		['System Serial Number', 'placeholder'],
		['Chassis Serial Number', 'placeholder'],
		['0', 'placeholder'],
		['None', 'placeholder'],
		['n/a', 'placeholder'],
		['N.A.', 'placeholder'],
		['Not Specified', 'placeholder'],
		['not-available', 'placeholder'],
		['0123456789', 'placeholder'],
		['123456789', 'placeholder'],
		['Unknown', 'placeholder'],
		['INVALID', 'placeholder'],
		['Serial Number', 'placeholder'],
		['SerialNumber', 'placeholder'],
		['XXXXXXXXXX', 'placeholder'],
		['00000000', 'repeatedCharacter'],
		['FFFFFFFF', 'repeatedCharacter'],
		['ffffffff', 'repeatedCharacter'],
		['-----', 'repeatedCharacter'],
		['0-0-0-0', 'repeatedCharacter'],
		['AB', 'tooShort'],
		['x', 'tooShort'],
		['1 2', 'tooShort'],
		['-.-', 'tooShort'],
		['BC:24:11:67:60:FC', 'macAddress'],
		['bc-24-11-67-60-fc', 'macAddress'],
		['bc24.1167.60fc', 'macAddress'],
		['bc24116760fc', 'macAddress'],
		['System MAC: a4-13-4e-72-98-bc', 'macLabel'],
		['MAC: A4:13:4E:72:98:BC', 'macLabel'],
		['Mac Address a4134e7298bc', 'macLabel'],
		['eth0 a4:13:4e:72:98:bc', 'macLabel'],
		['System MAC', 'macLabel'],
		['MAC address unknown', 'macLabel'],
		['MAC 4134e7298bca', 'macLabel'],
		['MAC-2231: a4:13:4e:72:98:bc', 'macLabel'],
	])('rejects %j as %s', (raw, reason) => {
		expect(normaliseSerial(raw)).toEqual({ kind: 'junk', reason, raw });
	});

	it.each(placeholderSerials)('treats the listed placeholder %j as junk', (placeholder) => {
		expect(normaliseSerial(placeholder).kind).toBe('junk');
		expect(normaliseSerial(` ${placeholder.toLowerCase()} `).kind).toBe('junk');
	});
});

describe('normaliseMac', () => {
	it.each([
		['aa:bb:cc:dd:ee:ff'],
		['AA:BB:CC:DD:EE:FF'],
		['aa-bb-cc-dd-ee-ff'],
		['AA-BB-CC-DD-EE-FF'],
		['aabb.ccdd.eeff'],
		['AABB.CCDD.EEFF'],
		['aabbccddeeff'],
		['AABBCCDDEEFF'],
		['aabbcc-ddeeff'],
		['  aa:bb:cc:dd:ee:ff\n'],
	])('reads %j as AA:BB:CC:DD:EE:FF', (raw) => {
		expect(normaliseMac(raw)).toEqual({ kind: 'usable', value: 'AA:BB:CC:DD:EE:FF' });
	});

	it('pads octets written with one digit', () => {
		expect(normaliseMac('0:1b:2:c:d:e')).toEqual({ kind: 'usable', value: '00:1B:02:0C:0D:0E' });
	});

	it.each([
		['00:00:00:00:00:00', 'allZero'],
		['0000.0000.0000', 'allZero'],
		['000000000000', 'allZero'],
		['FF:FF:FF:FF:FF:FF', 'broadcast'],
		['ff-ff-ff-ff-ff-ff', 'broadcast'],
		['aa:bb:cc:dd:ee', 'malformed'],
		['aa:bb-cc:dd:ee:ff', 'malformed'],
		['gg:bb:cc:dd:ee:ff', 'malformed'],
		['aabbccddeeff00', 'malformed'],
		['', 'malformed'],
	])('rejects %j as %s', (raw, reason) => {
		expect(normaliseMac(raw)).toEqual({ kind: 'rejected', reason, raw });
	});
});

describe('normaliseMacs (ConnectWise fields holding several MACs)', () => {
	const first = 'AA:BB:CC:DD:EE:FF';
	const second = '11:22:33:44:55:66';

	it.each([
		['aa:bb:cc:dd:ee:ff,11:22:33:44:55:66'],
		['aa:bb:cc:dd:ee:ff; 11-22-33-44-55-66'],
		['aabbccddeeff/112233445566'],
		['aabb.ccdd.eeff 1122.3344.5566'],
		['aa:bb:cc:dd:ee:ff\n11:22:33:44:55:66'],
		['aabbccddeeff|112233445566'],
		['AABBCCDDEEFF112233445566'],
		['aabbccddeeff,112233445566,aabbccddeeff'],
	])('splits %j into both MACs', (raw) => {
		expect(normaliseMacs(raw)).toEqual({ usable: [first, second], rejected: [] });
	});

	it('keeps the usable MACs and reports the rest', () => {
		expect(normaliseMacs('aabbccddeeff, 00:00:00:00:00:00, junk')).toEqual({
			usable: [first],
			rejected: [
				{ raw: '00:00:00:00:00:00', reason: 'allZero' },
				{ raw: 'junk', reason: 'malformed' },
			],
		});
	});

	it.each([[null], [undefined], [''], [[]]])('reads %j as no MACs', (raw) => {
		expect(normaliseMacs(raw)).toEqual({ usable: [], rejected: [] });
	});

	it('reads a device list of raw MACs in mixed forms', () => {
		expect(normaliseMacs(['aa-bb-cc-dd-ee-ff', 'AABB.CCDD.EEFF', '112233445566']).usable).toEqual([
			first,
			second,
		]);
	});
});

describe('normaliseIp', () => {
	it.each([
		['192.168.1.10', '192.168.1.10', 4],
		[' 10.0.0.5 ', '10.0.0.5', 4],
		['010.001.002.003', '10.1.2.3', 4],
		['2001:0DB8:0000:0000:0000:0000:0000:0001', '2001:db8::1', 6],
		['2001:db8::1', '2001:db8::1', 6],
		['2001:db8:0:0:1:0:0:1', '2001:db8::1:0:0:1', 6],
		['2001:db8:0:1:1:1:1:1', '2001:db8:0:1:1:1:1:1', 6],
		['2001:0:0:1:0:0:0:1', '2001:0:0:1::1', 6],
		['1:2:3:4:5:6:7::', '1:2:3:4:5:6:7:0', 6],
		['[2001:db8::a]', '2001:db8::a', 6],
		['2001:db8::a%eth0', '2001:db8::a', 6],
		['::ffff:192.168.1.10', '192.168.1.10', 4],
		['::FFFF:C0A8:010A', '192.168.1.10', 4],
		['64:ff9b::192.0.2.33', '64:ff9b::c000:221', 6],
		['fec0::1', 'fec0::1', 6],
	])('reads %j as %j (IPv%d)', (raw, value, family) => {
		expect(normaliseIp(raw)).toEqual({ kind: 'usable', value, family });
	});

	it.each([
		['0.0.0.0', 'unspecified'],
		['255.255.255.255', 'broadcast'],
		['127.0.0.1', 'loopback'],
		['127.1.2.3', 'loopback'],
		['169.254.10.20', 'linkLocal'],
		['::', 'unspecified'],
		['::1', 'loopback'],
		['0:0:0:0:0:0:0:1', 'loopback'],
		['fe80::1', 'linkLocal'],
		['FE80::ABCD%eth0', 'linkLocal'],
		['febf::1', 'linkLocal'],
		['::ffff:127.0.0.1', 'loopback'],
		['256.0.0.1', 'malformed'],
		['1.2.3', 'malformed'],
		['1::2::3', 'malformed'],
		['1:2:3:4:5:6:7:8:9', 'malformed'],
		['12345::1', 'malformed'],
		['printer.example', 'malformed'],
	])('rejects %j as %s', (raw, reason) => {
		expect(normaliseIp(raw)).toEqual({ kind: 'rejected', reason, raw });
	});
});

describe('normaliseIps (fields holding several addresses)', () => {
	it.each([
		['10.0.0.1, 10.0.0.2', ['10.0.0.1', '10.0.0.2']],
		['10.0.0.1;10.0.0.2', ['10.0.0.1', '10.0.0.2']],
		['10.0.0.1 10.0.0.2\n2001:db8::1', ['10.0.0.1', '10.0.0.2', '2001:db8::1']],
		['10.0.0.1/10.0.0.2', ['10.0.0.1', '10.0.0.2']],
		['10.0.0.1/24', ['10.0.0.1']],
		['2001:db8::1/64, 10.0.0.9', ['2001:db8::1', '10.0.0.9']],
		['10.0.0.1, 010.000.000.001', ['10.0.0.1']],
	])('reads %j as %j', (raw, usable) => {
		expect(normaliseIps(raw)).toEqual({ usable, rejected: [] });
	});

	it('reads every address of a device and reports the unusable ones', () => {
		expect(normaliseIps(['192.168.1.10', 'fe80::1', '10.20.0.5', '127.0.0.1'])).toEqual({
			usable: ['192.168.1.10', '10.20.0.5'],
			rejected: [
				{ raw: 'fe80::1', reason: 'linkLocal' },
				{ raw: '127.0.0.1', reason: 'loopback' },
			],
		});
	});
});
