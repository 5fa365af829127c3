import { ConfigurationOwners, handBuiltNeeds } from '../../bench/hand-built/accounting';
import { expectedOutcome } from '../../bench/lower-bound';
import { buildBenchTenant, planOf, type PlannedDevice } from '../../bench/msp-tenant';
import { scenarios, type Scenario } from '../../bench/scenarios';
import type { ConfigurationState, DeviceState, TenantState } from '../../bench/simulator-host';

const tiny: Scenario = { ...scenarios.S, agents: 2, devicesPerAgent: 10, configurations: 20 };
const built = buildBenchTenant(tiny);
const tenant = planOf(built);

/** Both simulators' state as the tenant is built, in the shape the simulator host answers. */
function initialState(): TenantState {
	const devices: DeviceState[] = Object.entries(built.domotz.devices).flatMap(([agentId, list]) =>
		list.map((device) => ({
			agentId: Number(agentId),
			deviceId: device.id,
			name: device.display_name,
			model: 'model' in device ? device.model : undefined,
			osInfo: device.os?.version,
			ip: 'ip_addresses' in device ? device.ip_addresses?.[0] : undefined,
		})),
	);
	const configurations: ConfigurationState[] = (built.connectwise.configurations ?? []).map(
		(configuration) => ({
			id: configuration.id ?? 0,
			companyId: configuration.company.id,
			name: configuration.name,
			modelNumber: configuration.modelNumber ?? undefined,
			osType: configuration.osType ?? undefined,
			osInfo: configuration.osInfo ?? undefined,
			ipAddress: configuration.ipAddress ?? undefined,
		}),
	);
	return { devices, configurations };
}

const copy = (state: TenantState): TenantState => structuredClone(state);

const deviceOf = (state: TenantState, planned: PlannedDevice) => {
	const device = state.devices.find(
		(candidate) => candidate.agentId === planned.agentId && candidate.deviceId === planned.deviceId,
	);
	if (!device) throw new Error('no such device');
	return device;
};

/** The configuration built for the device: its company, its address. */
const ownConfiguration = (state: TenantState, planned: PlannedDevice) => {
	const { ip } = deviceOf(state, planned);
	const configuration = state.configurations.find(
		(candidate) => candidate.companyId === planned.companyId && candidate.ipAddress === ip,
	);
	if (!configuration) throw new Error('no configuration of its own');
	return configuration;
};

/** What the workflow's PATCH writes: the device's name, model, OS info and address. */
function write(configuration: ConfigurationState, device: DeviceState): void {
	Object.assign(configuration, {
		name: device.name,
		modelNumber: device.model,
		osInfo: device.osInfo,
		ipAddress: device.ip,
	});
}

/** What the workflow's POST creates for the device. */
function create(state: TenantState, planned: PlannedDevice, id: number): void {
	const device = deviceOf(state, planned);
	state.configurations.push({
		id,
		companyId: planned.companyId,
		name: device.name,
		modelNumber: device.model,
		osInfo: device.osInfo,
		ipAddress: device.ip,
	});
}

describe("the hand-built workflow's accounting", () => {
	it('needs what Sync Agent updates and creates on the tenant as built', () => {
		for (const run of ['firstSync', 'noOpResync', 'resyncAfterChanges'] as const) {
			const needs = handBuiltNeeds(tenant, tiny, run);
			const expected = expectedOutcome(tenant, tiny, run);

			expect(needs.updates).toHaveLength(expected.updated);
			expect(needs.creates).toHaveLength(expected.created);
		}
	});

	it('reads right and wrong writes, creates and duplicates from the state around each run', () => {
		const initial = initialState();
		const owners = new ConfigurationOwners(tenant.devices, initial);
		const needs = handBuiltNeeds(tenant, tiny, 'firstSync');
		const [right, overwritten] = needs.updates;
		const [newDevice, missedDevice] = needs.creates;
		const linked = tenant.devices.find((device) => device.role === 'serial');
		const leftover = initial.configurations.find((configuration) =>
			configuration.name.startsWith('retired-'),
		);
		if (!linked || !leftover)
			throw new Error('the tiny tenant lacks a linked device or a leftover');

		const first = copy(initial);
		write(ownConfiguration(first, right), deviceOf(first, right));
		// A serial shared by two devices: one device's values in the other's configuration.
		write(ownConfiguration(first, overwritten), deviceOf(first, right));
		const leftoverNow = first.configurations.find(({ id }) => id === leftover.id);
		if (leftoverNow) write(leftoverNow, deviceOf(first, right));
		create(first, newDevice, 900_001);
		create(first, linked, 900_002);
		create(first, newDevice, 900_003);

		expect(owners.account(needs, initial, first)).toEqual({
			updates: { done: 1, needed: needs.updates.length },
			creates: { done: 1, needed: needs.creates.length },
			wronglyWritten: 2,
			duplicates: 2,
		});
		expect(missedDevice).toBeDefined();

		// A re-sync: what the first run created is owned; creating again duplicates, rewriting a
		// configuration with its own device's values is no wrong write.
		const second = copy(first);
		const overwrittenId = ownConfiguration(initial, overwritten).id;
		const overwrittenNow = second.configurations.find(({ id }) => id === overwrittenId);
		if (!overwrittenNow) throw new Error('the configuration is gone');
		write(overwrittenNow, deviceOf(second, overwritten));
		create(second, newDevice, 900_004);

		expect(owners.account(handBuiltNeeds(tenant, tiny, 'noOpResync'), first, second)).toEqual({
			updates: { done: 0, needed: 0 },
			creates: { done: 0, needed: 0 },
			wronglyWritten: 0,
			duplicates: 1,
		});
	});
});
