import { DEFAULT_BASE_TYPES } from '../domotz/index';
import { demoMsp } from './index';
import {
	configurationsById,
	hwAddressOf,
	ipAddressesOf,
	seededDevices,
	type SeededDevice,
} from './test-support';

const tenant = demoMsp();
const { truth, domotz, connectwise } = tenant;
const devices = seededDevices(tenant);
const records = [...configurationsById(tenant).values()];
const companyNames = new Set((connectwise.companies ?? []).map((company) => company.name));
const identifiers = new Set((connectwise.companies ?? []).map((company) => company.identifier));
const statusIds = new Map(
	(connectwise.statuses ?? []).map((status) => [status.description, status.id]),
);
const baseTypeIds = new Set(DEFAULT_BASE_TYPES.map((type) => type.id));

const count = (predicate: (entry: SeededDevice) => boolean) => devices.filter(predicate).length;

describe('demoMsp quirks, counted in the truth', () => {
	it.each(Object.entries(truth.counts.deviceQuirks))('device quirk %s occurs', (_quirk, found) => {
		expect(found).toBeGreaterThan(0);
	});

	it.each(Object.entries(truth.counts.configurationQuirks))(
		'configuration quirk %s occurs',
		(_quirk, found) => {
			expect(found).toBeGreaterThan(0);
		},
	);

	it.each(Object.entries(truth.counts.configurationKinds))(
		'configuration kind %s occurs',
		(_kind, found) => {
			expect(found).toBeGreaterThan(0);
		},
	);

	it.each(Object.entries(truth.counts.deviceCases))('device case %s occurs', (_case, found) => {
		expect(found).toBeGreaterThan(0);
	});

	it.each(Object.entries(truth.counts.expected))('outcome %s occurs', (_outcome, found) => {
		expect(found).toBeGreaterThan(0);
	});

	it.each(Object.entries(truth.counts.matchedBy))('match by %s occurs', (_key, found) => {
		expect(found).toBeGreaterThan(0);
	});
});

describe('demoMsp quirks, counted in the Domotz seed', () => {
	it('has agents found by Customer ID, by name, by neither, and one without API access', () => {
		const byCustomerId = domotz.agents.filter((agent) =>
			identifiers.has(agent.installation_info?.customer_id ?? ''),
		);
		const byName = domotz.agents.filter(
			(agent) =>
				agent.installation_info?.customer_id === undefined && companyNames.has(agent.display_name),
		);
		const neither = domotz.agents.filter(
			(agent) =>
				!identifiers.has(agent.installation_info?.customer_id ?? '') &&
				!companyNames.has(agent.display_name),
		);
		expect(byCustomerId.length).toBeGreaterThan(domotz.agents.length / 2);
		expect(byName.length).toBeGreaterThan(0);
		expect(neither.length).toBeGreaterThan(0);
		expect(domotz.agents.filter((agent) => agent.access_right?.api_enabled === false)).toHaveLength(
			1,
		);
	});

	it.each<[string, (entry: SeededDevice) => boolean]>([
		[
			'LocalIpDevice',
			({ device }) => device.protocol === 'IP' && hwAddressOf(device) !== undefined,
		],
		['SubnetIpDevice', ({ device }) => device.protocol === 'IP' && !('hw_address' in device)],
		[
			'ExternalIpDevice',
			({ device }) => device.protocol === 'IP_EXTERNAL' && !('hw_address' in device),
		],
		['DummyDevice', ({ device }) => device.protocol === 'DUMMY' && !('ip_addresses' in device)],
		['a lower-case MAC', ({ device }) => /[a-f]/.test(hwAddressOf(device) ?? '')],
		['a serial equal to the MAC', ({ device }) => device.details?.serial === hwAddressOf(device)],
		[
			'a "System MAC: …" serial',
			({ device }) =>
				/^System MAC: ([0-9a-f]{2}-){5}[0-9a-f]{2}$/.test(device.details?.serial ?? ''),
		],
		['a serial with trailing spaces', ({ device }) => / +$/.test(device.details?.serial ?? '')],
		[
			'a serial of one repeated character',
			({ device }) => /^(.)\1{5,}$/.test(device.details?.serial ?? ''),
		],
		[
			'a vendor with a trailing space',
			({ device }) => 'vendor' in device && / $/.test(device.vendor ?? ''),
		],
		['a display name with double quotes', ({ device }) => device.display_name.includes('"')],
		[
			'the QEMU model string',
			({ device }) => 'model' in device && device.model === 'STANDARD PC (I440FX + PIIX, 1996)',
		],
		['an operating system', ({ device }) => device.os?.name !== undefined],
		[
			'zone, room or notes',
			({ device }) => device.details?.zone !== undefined || device.details?.room !== undefined,
		],
		[
			'IPv4 and IPv6 addresses',
			({ device }) =>
				ipAddressesOf(device).some((ip) => ip.includes(':')) &&
				ipAddressesOf(device).some((ip) => ip.includes('.')),
		],
		[
			'a link-local address',
			({ device }) =>
				ipAddressesOf(device).some((ip) => ip.startsWith('169.254.') || ip.startsWith('fe80:')),
		],
		[
			'a user name override',
			({ device }) =>
				device.user_data?.name !== undefined && device.user_data.name === device.display_name,
		],
		['a user vendor override', ({ device }) => device.user_data?.vendor !== undefined],
		['a user model override', ({ device }) => device.user_data?.model !== undefined],
		['a user type override', ({ device }) => device.user_data?.type !== undefined],
		['a hidden device', ({ device }) => 'status' in device && device.status === 'HIDDEN'],
		['an excluded device', ({ device }) => device.is_excluded === true],
		['a known base type', ({ device }) => baseTypeIds.has(device.type?.id ?? -1)],
	])('has %s', (_label, predicate) => {
		expect(count(predicate)).toBeGreaterThan(0);
	});

	it('mostly sends MACs in upper-case colon form', () => {
		const macs = devices.flatMap(({ device }) => hwAddressOf(device) ?? []);
		const upperColon = macs.filter((mac) => /^([0-9A-F]{2}:){5}[0-9A-F]{2}$/.test(mac));
		expect(upperColon.length).toBeGreaterThan(macs.length * 0.9);
		expect(upperColon.length).toBeLessThan(macs.length);
	});

	it.each([
		'To be filled by O.E.M.',
		'Default string',
		'System Serial Number',
		'0',
		'None',
		'N/A',
		'0123456789',
	])('has the placeholder serial %p', (placeholder) => {
		expect(count(({ device }) => device.details?.serial === placeholder)).toBeGreaterThan(0);
	});

	it('has one physical device (same MAC and serial) under two agents', () => {
		const agentsByIdentity = new Map<string, Set<number>>();
		for (const { agent, device } of devices) {
			const mac = hwAddressOf(device);
			const serial = device.details?.serial;
			if (mac === undefined || serial === undefined) continue;
			const key = `${mac}|${serial}`;
			agentsByIdentity.set(key, (agentsByIdentity.get(key) ?? new Set()).add(agent.id));
		}
		expect([...agentsByIdentity.values()].some((agents) => agents.size === 2)).toBe(true);
	});

	it('has realistic vendors and models', () => {
		const vendors = new Set(
			devices.flatMap(({ device }) =>
				'vendor' in device && device.vendor ? [device.vendor.trim()] : [],
			),
		);
		for (const vendor of [
			'Dell Inc.',
			'Cisco Systems',
			'Ubiquiti Inc',
			'Fortinet',
			'Synology Incorporated',
			'VMware, Inc.',
		]) {
			expect(vendors).toContain(vendor);
		}
	});
});

describe('demoMsp quirks, counted in the ConnectWise seed', () => {
	it.each<[string, RegExp]>([
		['dashes', /^([0-9a-f]{2}-){5}[0-9a-f]{2}$/i],
		['Cisco dots', /^[0-9a-f]{4}\.[0-9a-f]{4}\.[0-9a-f]{4}$/i],
		['bare hex', /^[0-9a-f]{12}$/i],
		['lower-case colons', /^([0-9a-f]{2}:){5}[0-9a-f]{2}$/],
		['two MACs in one field', /^[0-9A-F]{12},?[0-9A-F]{12}$/],
	])('has MACs written with %s', (_label, pattern) => {
		expect(
			records.filter((record) => pattern.test(record.macAddress ?? '')).length,
		).toBeGreaterThan(0);
	});

	it('keeps every text field within the ConnectWise limits', () => {
		const limits: Array<
			[string, number, (record: (typeof records)[number]) => string | null | undefined]
		> = [
			['name', 100, (record) => record.name],
			['macAddress', 25, (record) => record.macAddress],
			['ipAddress', 50, (record) => record.ipAddress],
			['modelNumber', 50, (record) => record.modelNumber],
			['deviceIdentifier', 100, (record) => record.deviceIdentifier],
		];
		const tooLong = limits.flatMap(([field, limit, read]) =>
			records
				.filter((record) => (read(record) ?? '').length > limit)
				.map((record) => `${field} of ${record.id}`),
		);
		expect(tooLong).toEqual([]);
		for (const company of connectwise.companies ?? []) {
			expect(company.identifier.length).toBeLessThanOrEqual(30);
			expect(company.name.length).toBeLessThanOrEqual(50);
		}
	});

	it.each(['Active', 'Inactive', 'Decommissioned'])('has configurations in status %s', (status) => {
		expect(
			records.filter((record) => record.status?.id === statusIds.get(status)).length,
		).toBeGreaterThan(0);
	});

	it('has configuration names with double quotes', () => {
		expect(records.filter((record) => record.name.includes('"')).length).toBeGreaterThan(0);
	});

	it('has companies without an agent that still have configurations', () => {
		const withoutAgent = truth.companies.filter((company) => company.agentIds.length === 0);
		expect(withoutAgent.length).toBeGreaterThan(0);
		expect(withoutAgent.every((company) => company.configurationIds.length > 0)).toBe(true);
	});

	it('has a couple of sites per company and the usual types and statuses', () => {
		const types = (connectwise.types ?? []).map((type) => type.name);
		expect(types).toEqual(
			expect.arrayContaining([
				'Workstation',
				'Server',
				'Network Switch',
				'Firewall',
				'Printer',
				'Access Point',
				'UPS',
				'Camera',
				'Virtual Machine',
				'Managed Device',
			]),
		);
		for (const company of truth.companies) expect(company.siteIds.length).toBeGreaterThan(0);
		expect(truth.counts.sites).toBeGreaterThan(truth.counts.companies);
	});
});
