import { call, startDomotz } from './harness';
import { DEFAULT_IDS, defaultSeed, type Device, type DomotzSimulator } from './index';

const { agents, devices } = DEFAULT_IDS;
const acmeDevices = `/agent/${agents.acme}/device`;

function deviceIds(body: unknown): number[] {
	return (body as Device[]).map((device) => device.id);
}

const ACME_VISIBLE = [
	devices.coreSwitch,
	devices.printer,
	devices.virtualMachine,
	devices.poeSwitch,
	devices.excludedCamera,
	devices.subnetServer,
	devices.externalWebsite,
	devices.dummyOutlet,
];

describe('Domotz simulator: devices', () => {
	let simulator: DomotzSimulator;

	beforeAll(async () => {
		simulator = await startDomotz();
	});

	afterAll(async () => {
		await simulator.close();
	});

	it('ignores paging parameters: every "page" is the whole list', async () => {
		const plain = await call(simulator, 'GET', acmeDevices);
		const paged = await call(simulator, 'GET', acmeDevices, {
			query: { page_size: 1, page_number: 3 },
		});

		expect(deviceIds(plain.body)).toEqual(ACME_VISIBLE);
		expect(paged.body).toEqual(plain.body);
	});

	it('answers HEAD with 405: the device list cannot be counted', async () => {
		const reply = await call(simulator, 'HEAD', acmeDevices);

		expect(reply.status).toBe(405);
		expect(reply.headers.get('x-entities-count')).toBeNull();
	});

	it.each([
		['the defaults (hidden left out, excluded kept)', {}, true, false],
		['show_hidden=true', { show_hidden: true }, true, true],
		['show_excluded=false', { show_excluded: false }, false, false],
		[
			'show_hidden=true and show_excluded=false',
			{ show_hidden: true, show_excluded: false },
			false,
			true,
		],
	])('honours %s', async (_case, query, includesExcluded, includesHidden) => {
		const reply = await call(simulator, 'GET', acmeDevices, { query });

		const ids = deviceIds(reply.body);
		expect(ids.includes(devices.excludedCamera)).toBe(includesExcluded);
		expect(ids.includes(devices.hiddenTablet)).toBe(includesHidden);
		expect(ids).toEqual(expect.arrayContaining([devices.coreSwitch, devices.dummyOutlet]));
	});

	it('rejects a non-boolean show_hidden with 400', async () => {
		const reply = await call(simulator, 'GET', acmeDevices, { query: { show_hidden: 'yes' } });

		expect(reply.status).toBe(400);
	});

	it('answers an agent without devices with a JSON null body', async () => {
		const reply = await call(simulator, 'GET', `/agent/${agents.umbrella}/device`);

		expect(reply.status).toBe(200);
		expect(reply.text).toBe('null');
	});

	it.each([
		['LocalIpDevice', devices.coreSwitch, 'IP', { hwAddress: true, ipAddresses: true }],
		['SubnetIpDevice', devices.subnetServer, 'IP', { hwAddress: false, ipAddresses: true }],
		[
			'ExternalIpDevice',
			devices.externalWebsite,
			'IP_EXTERNAL',
			{ hwAddress: false, ipAddresses: true },
		],
		['DummyDevice', devices.dummyOutlet, 'DUMMY', { hwAddress: false, ipAddresses: false }],
	])('serves a %s with its own shape', async (_subtype, deviceId, protocol, has) => {
		const list = await call(simulator, 'GET', acmeDevices);
		const single = await call(simulator, 'GET', `${acmeDevices}/${deviceId}`);

		const listed = (list.body as Device[]).find((device) => device.id === deviceId);
		expect(single.body).toEqual(listed);
		expect(listed?.protocol).toBe(protocol);
		expect(listed !== undefined && 'hw_address' in listed).toBe(has.hwAddress);
		expect(listed !== undefined && 'ip_addresses' in listed).toBe(has.ipAddresses);
	});

	it('keeps simulator-only facts out of API output', async () => {
		const reply = await call(simulator, 'GET', acmeDevices, { query: { show_hidden: true } });

		const printer = (reply.body as Device[]).find((device) => device.id === devices.printer);
		expect(printer?.details?.serial).toBe('CW-ASSET-0042');
		expect(reply.text).not.toMatch(/PHBBL12345|locked|discovered/i);
	});

	it('sends timestamps with +00:00, Z and no offset, as Domotz does', async () => {
		const reply = await call(simulator, 'GET', acmeDevices);

		expect(reply.text).toMatch(/"first_seen_on":"[\d-]+T[\d:]+\+00:00"/);
		expect(reply.text).toMatch(/"first_seen_on":"[\d-]+T[\d:]+Z"/);
		expect(reply.text).toMatch(/"first_seen_on":"[\d-]+T[\d:]+"/);
	});

	it('serves the seeded base types and detected types', async () => {
		const base = await call(simulator, 'GET', '/type/device/base');
		const detected = await call(simulator, 'GET', '/type/device/detected');

		expect(base.body).toContainEqual({
			id: 89,
			identifier: 'VIRTUAL_MACHINE',
			label: 'Virtual Machine',
			vital: false,
		});
		expect(base.body).toContainEqual({
			id: 8,
			identifier: 'PRINTER_FAX',
			label: 'Printer & Fax',
			vital: false,
		});
		expect((base.body as unknown[]).length).toBe(50);
		expect(detected.body).toContainEqual(expect.objectContaining({ id: 2001, type_id: 81 }));
	});

	describe('with empty device lists configured as []', () => {
		let emptyArrays: DomotzSimulator;

		beforeAll(async () => {
			emptyArrays = await startDomotz({ quirks: { emptyDeviceList: 'emptyArray' } });
		});

		afterAll(async () => {
			await emptyArrays.close();
		});

		it('answers an agent without devices with []', async () => {
			const reply = await call(emptyArrays, 'GET', `/agent/${agents.umbrella}/device`);

			expect(reply.text).toBe('[]');
		});
	});

	describe('on a per-device licensing agent', () => {
		let licensed: DomotzSimulator;
		const unmanaged: number[] = [devices.printer, devices.virtualMachine];

		beforeAll(async () => {
			licensed = await startDomotz({
				seed: { ...defaultSeed(), unmanagedDevices: { [agents.acme]: unmanaged } },
			});
		});

		afterAll(async () => {
			await licensed.close();
		});

		it('lists only the managed devices, hidden ones included', async () => {
			const reply = await call(licensed, 'GET', acmeDevices, { query: { show_hidden: true } });

			const listed = deviceIds(reply.body);
			expect(listed.filter((id) => unmanaged.includes(id))).toEqual([]);
			expect(listed).toContain(devices.hiddenTablet);
			expect(licensed.state.devices(agents.acme)?.map((device) => device.id)).toEqual(
				expect.arrayContaining(unmanaged),
			);
		});

		it('keeps the flag in the exported seed', () => {
			expect(licensed.state.exportSeed().unmanagedDevices).toEqual({
				[agents.acme]: unmanaged,
			});
		});
	});

	describe('with optional properties omitted', () => {
		let sparse: DomotzSimulator;

		beforeAll(async () => {
			sparse = await startDomotz({ quirks: { optionalProperties: 'omitted' } });
		});

		afterAll(async () => {
			await sparse.close();
		});

		it('answers one base type without label and one without id', async () => {
			const reply = await call(sparse, 'GET', '/type/device/base');

			const types = reply.body as Array<Record<string, unknown>>;
			expect(reply.status).toBe(200);
			expect(types.filter((type) => !('label' in type))).toHaveLength(1);
			expect(types.filter((type) => !('id' in type))).toEqual([
				{ identifier: 'UNNUMBERED', label: 'Unnumbered type', vital: false },
			]);
		});

		it('answers the user without fields', async () => {
			const reply = await call(sparse, 'GET', '/user');

			expect(reply).toMatchObject({ status: 200, body: {} });
		});
	});
});
