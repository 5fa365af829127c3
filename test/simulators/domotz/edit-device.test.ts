import { call, startDomotz } from './harness';
import { DEFAULT_IDS, type Device, type DomotzSimulator } from './index';

const { agents, devices } = DEFAULT_IDS;
const coreSwitchPath = `/agent/${agents.acme}/device/${devices.coreSwitch}`;
const printerPath = `/agent/${agents.acme}/device/${devices.printer}`;

describe('Domotz simulator: editDevice', () => {
	let simulator: DomotzSimulator;

	beforeAll(async () => {
		simulator = await startDomotz();
	});

	beforeEach(() => {
		simulator.reset();
	});

	afterAll(async () => {
		await simulator.close();
	});

	async function readDevice(path: string): Promise<Device> {
		return (await call(simulator, 'GET', path)).body as Device;
	}

	it.each([
		['importance', 'FLOATING', { importance: 'FLOATING' }],
		['user_data/name', 'Core switch (rack A)', { user_data: { name: 'Core switch (rack A)' } }],
		['user_data/vendor', 'Cisco', { user_data: { vendor: 'Cisco' } }],
		['user_data/model', 'Catalyst 9300', { user_data: { model: 'Catalyst 9300' } }],
		['user_data/type', '6', { user_data: { type: 6 } }],
		['details/room', 'Rack A', { details: { room: 'Rack A' } }],
		['details/zone', 'Basement', { details: { zone: 'Basement' } }],
		['details/serial', 'FOC9999Z0ZZ', { details: { serial: 'FOC9999Z0ZZ' } }],
		['details/notes', 'Replaced PSU 2025-05', { details: { notes: 'Replaced PSU 2025-05' } }],
	])('writes %s with 204 and serves the new value', async (field, value, expected) => {
		const reply = await call(simulator, 'PUT', `${coreSwitchPath}/${field}`, { body: value });

		expect(reply.status).toBe(204);
		expect(reply.text).toBe('');
		expect(await readDevice(coreSwitchPath)).toMatchObject(expected);
	});

	it('keeps untouched fields when writing one', async () => {
		await call(simulator, 'PUT', `${coreSwitchPath}/details/room`, { body: 'Rack A' });

		expect((await readDevice(coreSwitchPath)).details).toEqual({
			serial: 'FOC2231X0AB',
			zone: 'Server room',
			firmware_version: '17.9.4a',
			room: 'Rack A',
		});
	});

	it('makes display_name follow user_data.name', async () => {
		await call(simulator, 'PUT', `${coreSwitchPath}/user_data/name`, { body: 'Core 1' });

		expect(await readDevice(coreSwitchPath)).toMatchObject({
			display_name: 'Core 1',
			user_data: { name: 'Core 1' },
		});
	});

	it('falls back to the discovered name when user_data.name is emptied', async () => {
		await call(simulator, 'PUT', `${printerPath}/user_data/name`, { body: '' });

		expect((await readDevice(printerPath)).display_name).toBe('NPI1A2B3C');
	});

	it.each([
		['an overridden serial: back to the discovered one', printerPath, [], 'PHBBL12345'],
		['a serial set through the API', coreSwitchPath, ['FOC0000'], 'FOC2231X0AB'],
	])('reverts %s when details/serial is null', async (_case, path, earlierWrites, expected) => {
		for (const serial of earlierWrites) {
			await call(simulator, 'PUT', `${path}/details/serial`, { body: serial });
		}

		const reply = await call(simulator, 'PUT', `${path}/details/serial`, { body: null });

		expect(reply.status).toBe(204);
		expect((await readDevice(path)).details?.serial).toBe(expected);
	});

	it('removes the serial on null when nothing was discovered', async () => {
		const tabletPath = `/agent/${agents.acme}/device/${devices.hiddenTablet}`;
		await call(simulator, 'PUT', `${tabletPath}/details/serial`, { body: 'DMPXYZ' });

		await call(simulator, 'PUT', `${tabletPath}/details/serial`, { body: null });

		expect((await readDevice(tabletPath)).details).toEqual({});
	});

	it.each([
		['an unknown field', 'hostname', { body: 'x' }],
		['an unknown two-segment field', 'user_data/os', { body: 'x' }],
		['a field outside the enum', 'details/firmware_version', { body: '1.0' }],
		['an importance outside the enum', 'importance', { body: 'CRITICAL' }],
		['a type sent as a number (the reference declares a string)', 'user_data/type', { body: 5 }],
		['an unknown type id', 'user_data/type', { body: '9999' }],
		['a type that is not a whole number', 'user_data/type', { body: '5.5' }],
		['a number for a string field', 'user_data/name', { body: 42 }],
		['null for a field other than the serial', 'details/room', { body: null }],
		['an object body', 'details/zone', { body: { zone: 'Basement' } }],
		['a body that is not JSON', 'details/notes', { rawBody: 'plain text' }],
		['no body', 'details/notes', {}],
	])('rejects %s with 400 and changes nothing', async (_case, field, options) => {
		const before = await readDevice(coreSwitchPath);

		const reply = await call(simulator, 'PUT', `${coreSwitchPath}/${field}`, options);

		expect(reply.status).toBe(400);
		expect(reply.body).toEqual({ message: expect.any(String) });
		expect(await readDevice(coreSwitchPath)).toEqual(before);
	});

	it('refuses to edit a locked device with 423', async () => {
		const lockedPath = `/agent/${agents.acme}/device/${devices.poeSwitch}`;

		const reply = await call(simulator, 'PUT', `${lockedPath}/user_data/name`, { body: 'PoE 1' });

		expect(reply.status).toBe(423);
		expect((await readDevice(lockedPath)).display_name).toBe('Warehouse PoE switch');
	});

	it.each([
		['an unknown device', `/agent/${agents.acme}/device/999/user_data/name`],
		['an unknown agent', `/agent/999/device/${devices.coreSwitch}/user_data/name`],
	])('answers 404 for %s', async (_case, path) => {
		const reply = await call(simulator, 'PUT', path, { body: 'x' });

		expect(reply.status).toBe(404);
	});

	it('counts both path shapes under device.editField', async () => {
		simulator.http.resetCounts();

		await call(simulator, 'PUT', `${coreSwitchPath}/importance`, { body: 'VITAL' });
		await call(simulator, 'PUT', `${coreSwitchPath}/details/zone`, { body: 'Core' });

		expect(simulator.http.count('PUT', 'device.editField')).toBe(2);
	});

	describe.each([
		['string', { '"5"': 204, '5': 400 }],
		['number', { '"5"': 400, '5': 204 }],
		['either', { '"5"': 204, '5': 204 }],
	] as const)('with deviceTypeBody %s', (deviceTypeBody, statusByBody) => {
		let quirky: DomotzSimulator;

		beforeAll(async () => {
			quirky = await startDomotz({ quirks: { deviceTypeBody } });
		});

		afterAll(async () => {
			await quirky.close();
		});

		it.each(Object.entries(statusByBody))('answers the body %s with %i', async (body, status) => {
			quirky.reset();

			const reply = await call(quirky, 'PUT', `${coreSwitchPath}/user_data/type`, {
				rawBody: body,
			});

			expect(reply.status).toBe(status);
			expect(quirky.state.device(agents.acme, devices.coreSwitch)?.user_data?.type).toBe(
				status === 204 ? 5 : undefined,
			);
			if (status === 400) expect(reply.body).toEqual({ message: expect.stringMatching(/JSON/) });
		});
	});
});
