/**
 * The faults the soak meets, one at a time through n8n-core: a single injected fault, then what
 * the run (or a clean re-run) must have made of it. Each case once was a difference the soak found.
 */
import {
	BULK_AGENT,
	BULK_COMPANY,
	BulkTenant,
	MIRROR_KEY,
	bulkConnectWiseTenant,
	bulkCreate,
	bulkDevice,
	bulkDomotzTenant,
	bulkItems,
	configurationTypeId,
} from '../nodes/bulk-fixtures';
import { LINK_CAPTION } from '../nodes/fixtures';
import { byId, jsonOf } from '../nodes/support';
import type { FaultRule } from '../simulators/common/http-simulator';

const tenant = new BulkTenant();

beforeAll(async () => {
	await tenant.start();
});
afterAll(async () => {
	await tenant.close();
});
afterEach(() => {
	tenant.connectwise.http.setFaults([]);
	tenant.domotz.http.setFaults([]);
});

const once = (route: string, status: number): FaultRule => ({
	route,
	fault: { type: 'status', status, body: { code: 'InjectedFault', message: 'Injected fault' } },
	rate: 1,
	times: 1,
});

const configurationOf = (deviceId: number) =>
	tenant.connectwise.state
		.configurations()
		.find(
			(configuration) =>
				tenant.connectwise.state.customFieldValue(configuration.id, LINK_CAPTION) ===
				`domotz:${BULK_AGENT}/${deviceId}`,
		);

const mirrorOf = (deviceId: number) =>
	tenant.domotz.state
		.deviceInventory(BULK_AGENT, deviceId)
		?.find((field) => field.key === MIRROR_KEY)?.value ?? null;

const deviceIds = (count: number) =>
	Array.from({ length: count }, (_unused, index) => bulkDevice(index).id);

const mirrorsAndLinks = (count: number) =>
	deviceIds(count).map((deviceId) => [mirrorOf(deviceId), String(configurationOf(deviceId)?.id)]);

describe('One fault at a time', () => {
	it('a mirror write answered 500 is made by the same run', async () => {
		const count = 3;
		tenant.load(bulkDomotzTenant(count), bulkConnectWiseTenant());
		tenant.domotz.http.setFaults([once('inventory.setValue', 500)]);
		const result = await tenant.run('sync', bulkCreate(), bulkItems(count));
		expect(jsonOf(result.output('Node')).map((json) => json.status)).toEqual(
			Array(count).fill('created'),
		);
		expect(tenant.domotz.http.count('PUT', 'inventory.setValue')).toBe(count + 1);
		expect(mirrorsAndLinks(count).map(([mirror]) => mirror)).toEqual(
			mirrorsAndLinks(count).map(([, link]) => link),
		);
	});

	// The refused mirror leaves the marker pending (the refusal is never retried), which the next
	// run reads as a mirror to write: no Domotz read per device.
	it('a mirror write refused once is made by the next run', async () => {
		const count = 3;
		tenant.load(bulkDomotzTenant(count), bulkConnectWiseTenant());
		tenant.domotz.http.setFaults([once('inventory.setValue', 400)]);
		await tenant.run('sync', bulkCreate(), bulkItems(count));
		tenant.domotz.http.setFaults([]);
		await tenant.run('sync', bulkCreate(), bulkItems(count));
		expect(mirrorsAndLinks(count).map(([mirror]) => mirror)).toEqual(
			mirrorsAndLinks(count).map(([, link]) => link),
		);
	});

	it('a manufacturer whose creation was refused with 503 is made, and set on the new configuration, by the same run', async () => {
		const unknownVendorDevice = 2; // VENDORS[2], which ConnectWise does not know
		tenant.load(bulkDomotzTenant(3), bulkConnectWiseTenant());
		const syncAgent = {
			resource: 'agent',
			operation: 'syncAgent',
			agentSelection: 'chosen',
			agents: [String(BULK_AGENT)],
			companyLink: 'company',
			company: byId(BULK_COMPANY.id),
			// ConnectWise → Domotz: no later run would fill a manufacturer left out at creation.
			syncMode: 'connectWiseToDomotz',
			createUnmatched: true,
			defaultType: String(configurationTypeId('Managed Workstation')),
			syncCollector: false,
			options: { createManufacturers: true },
		};
		tenant.connectwise.http.setFaults([once('manufacturers.create', 503)]);
		await tenant.run('sync', syncAgent, [{}]);
		const vendor = bulkDevice(unknownVendorDevice).vendor;
		expect(configurationOf(bulkDevice(unknownVendorDevice).id)?.manufacturer?.name).toBe(vendor);
		expect(
			tenant.connectwise.state
				.manufacturers()
				.filter((manufacturer) => manufacturer.name === vendor),
		).toHaveLength(1);
	});

	it('a create refused with 503 whose marker query finds nothing is created by the same run', async () => {
		tenant.load(bulkDomotzTenant(1), bulkConnectWiseTenant());
		tenant.connectwise.http.setFaults([once('configurations.create', 503)]);
		const result = await tenant.run('sync', bulkCreate(), bulkItems(1), 'continueRegularOutput');
		expect(jsonOf(result.output('Node'))).toEqual([expect.objectContaining({ status: 'created' })]);
		expect(tenant.connectwise.http.count('POST', 'configurations.create')).toBe(2);
		expect(tenant.connectwise.state.configurations()).toHaveLength(1);
	});

	it('a device list answered 500 by Domotz is read again', async () => {
		tenant.load(bulkDomotzTenant(2), bulkConnectWiseTenant());
		tenant.domotz.http.setFaults([once('device.list', 500)]);
		const result = await tenant.run('sync', bulkCreate(), bulkItems(2));
		expect(result.error).toBeUndefined();
		expect(jsonOf(result.output('Node')).map((json) => json.status)).toEqual([
			'created',
			'created',
		]);
		expect(tenant.domotz.http.count('GET', 'device.list')).toBe(2);
	});
});
