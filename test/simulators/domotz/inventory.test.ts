import { call, manualClock, startDomotz } from './harness';
import { DEFAULT_IDS, type DomotzSimulator, type InventoryField } from './index';

const { agents, devices } = DEFAULT_IDS;
const coreSwitchInventory = `/agent/${agents.acme}/device/${devices.coreSwitch}/inventory`;

function keys(body: unknown): string[] {
	return (body as InventoryField[]).map((field) => field.key);
}

describe('Domotz simulator: inventory', () => {
	const clock = manualClock(Date.parse('2025-06-01T10:00:00Z'));
	let simulator: DomotzSimulator;

	beforeAll(async () => {
		simulator = await startDomotz({ clock: clock.now });
	});

	beforeEach(() => {
		simulator.reset();
	});

	afterAll(async () => {
		await simulator.close();
	});

	describe('account field definitions', () => {
		it('lists fields oldest first, whatever their timestamp format', async () => {
			const reply = await call(simulator, 'GET', '/inventory');

			expect(keys(reply.body)).toEqual(['asset_tag', 'warranty_end', 'cw_configuration_id']);
			expect((reply.body as InventoryField[])[0]).toEqual({
				key: 'asset_tag',
				label: 'Asset tag',
				creation_time: '2024-11-12T08:30:00Z',
				defined_by_user: DEFAULT_IDS.user,
			});
		});

		it('creates a field with 201, stamped with the clock and the caller', async () => {
			const reply = await call(simulator, 'POST', '/inventory/rack_unit', {
				body: { label: 'Rack unit' },
			});
			const list = await call(simulator, 'GET', '/inventory');

			expect(reply.status).toBe(201);
			expect((list.body as InventoryField[]).at(-1)).toEqual({
				key: 'rack_unit',
				label: 'Rack unit',
				creation_time: '2025-06-01T10:00:00+00:00',
				defined_by_user: DEFAULT_IDS.user,
			});
		});

		it.each([
			['an existing key', '/inventory/asset_tag', { label: 'Again' }, 409],
			['a body without a label', '/inventory/rack_unit', { name: 'Rack unit' }, 400],
			['a non-string label', '/inventory/rack_unit', { label: 7 }, 400],
		])('refuses to create with %s', async (_case, path, body, status) => {
			const reply = await call(simulator, 'POST', path, { body });

			expect(reply.status).toBe(status);
		});

		it('renames an own field with 204', async () => {
			const reply = await call(simulator, 'PUT', '/inventory/asset_tag', {
				body: { label: 'Tag' },
			});
			const list = await call(simulator, 'GET', '/inventory');

			expect(reply.status).toBe(204);
			expect((list.body as InventoryField[])[0].label).toBe('Tag');
		});

		it('deletes an own field with 204, and its values with it', async () => {
			const reply = await call(simulator, 'DELETE', '/inventory/asset_tag');
			const values = await call(simulator, 'GET', coreSwitchInventory);

			expect(reply.status).toBe(204);
			expect(keys(values.body)).toEqual(['cw_configuration_id', 'warranty_end']);
		});

		it.each([
			['PUT', '/inventory/warranty_end', { label: 'Mine now' }, 403],
			['DELETE', '/inventory/warranty_end', undefined, 403],
			['PUT', '/inventory/no_such_field', { label: 'x' }, 404],
			['DELETE', '/inventory/no_such_field', undefined, 404],
		])('%s %s is refused with %i', async (method, path, body, status) => {
			const reply = await call(simulator, method, path, body === undefined ? {} : { body });
			const list = await call(simulator, 'GET', '/inventory');

			expect(reply.status).toBe(status);
			expect(keys(list.body)).toEqual(['asset_tag', 'warranty_end', 'cw_configuration_id']);
		});
	});

	describe('values on a device', () => {
		it('lists every account field alphabetically, null where unset', async () => {
			const reply = await call(simulator, 'GET', coreSwitchInventory);

			expect(reply.body).toEqual([
				{ key: 'asset_tag', value: 'ACME-0001', creation_time: '2024-11-12T08:30:00Z' },
				{ key: 'cw_configuration_id', value: null, creation_time: '2025-03-01T09:00:00+00:00' },
				{ key: 'warranty_end', value: null, creation_time: '2025-01-20T12:00:00' },
			]);
		});

		it('sets a value with 204', async () => {
			const reply = await call(simulator, 'PUT', `${coreSwitchInventory}/cw_configuration_id`, {
				body: '812',
			});

			expect(reply.status).toBe(204);
			expect(simulator.state.deviceInventory(agents.acme, devices.coreSwitch)).toContainEqual(
				expect.objectContaining({ key: 'cw_configuration_id', value: '812' }),
			);
		});

		it.each([
			['null', null],
			['a number', 812],
			['an object', { value: '812' }],
		])('rejects %s as a value with 400', async (_case, body) => {
			const reply = await call(simulator, 'PUT', `${coreSwitchInventory}/asset_tag`, { body });

			expect(reply.status).toBe(400);
			expect(simulator.state.deviceInventory(agents.acme, devices.coreSwitch)?.[0].value).toBe(
				'ACME-0001',
			);
		});

		it('clears a value with 204', async () => {
			const reply = await call(simulator, 'DELETE', `${coreSwitchInventory}/asset_tag`);
			const values = await call(simulator, 'GET', coreSwitchInventory);

			expect(reply.status).toBe(204);
			expect((values.body as Array<{ value: string | null }>)[0].value).toBeNull();
		});

		it.each(['PUT', 'DELETE'])('answers %s on an unknown key with 404', async (method) => {
			const reply = await call(simulator, method, `${coreSwitchInventory}/no_such_field`, {
				body: 'x',
			});

			expect(reply.status).toBe(404);
		});

		it('answers an unknown device with 404', async () => {
			const reply = await call(simulator, 'GET', `/agent/${agents.acme}/device/999/inventory`);

			expect(reply.status).toBe(404);
		});
	});
});
