/**
 * The engine bugs the fault soak keeps finding (test/soak/known-bugs.ts), each reduced to one
 * deterministic run through n8n-core: a single injected fault, then a clean re-run that should
 * repair what the fault left. Each is a failing test until its bug is fixed.
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

describe('Known bugs, one fault each', () => {
	// BUG (lib/sync/create-run.ts): a link whose Domotz mirror write failed is never mirrored
	// later. Domotz's policy does not retry a 500; every later run sees the device already linked
	// by the marker on the configuration and plans no mirror write.
	it.failing('a mirror write that failed once is made by the next run', async () => {
		const count = 3;
		tenant.load(bulkDomotzTenant(count), bulkConnectWiseTenant());
		tenant.domotz.http.setFaults([once('inventory.setValue', 500)]);
		const first = await tenant.run('sync', bulkCreate(), bulkItems(count));
		expect(jsonOf(first.output('Node')).map((json) => json.status)).toEqual(
			Array(count).fill('created'),
		);
		tenant.domotz.http.setFaults([]);
		await tenant.run('sync', bulkCreate(), bulkItems(count));
		const devices = Array.from({ length: count }, (_unused, index) => bulkDevice(index).id);
		expect(devices.map((deviceId) => mirrorOf(deviceId))).toEqual(
			devices.map((deviceId) => String(configurationOf(deviceId)?.id)),
		);
	});

	// BUG (lib/sync/create-run.ts, lib/sync/sync-run.ts): a manufacturer that could not be
	// created (a transient failure) is left off the new configuration, and in ConnectWise →
	// Domotz mode no later run fills it or creates the manufacturer: the configuration keeps a
	// gap the same run without the fault does not leave.
	it.failing(
		'a manufacturer whose creation failed once is filled in by the next run, in ConnectWise → Domotz mode',
		async () => {
			const unknownVendorDevice = 2; // VENDORS[2], which ConnectWise does not know
			tenant.load(bulkDomotzTenant(3), bulkConnectWiseTenant());
			const syncAgent = {
				resource: 'agent',
				operation: 'syncAgent',
				agentSelection: 'chosen',
				agents: [String(BULK_AGENT)],
				companyLink: 'company',
				company: byId(BULK_COMPANY.id),
				syncMode: 'connectWiseToDomotz',
				createUnmatched: true,
				defaultType: String(configurationTypeId('Managed Workstation')),
				syncCollector: false,
				options: { createManufacturers: true },
			};
			tenant.connectwise.http.setFaults([once('manufacturers.create', 503)]);
			await tenant.run('sync', syncAgent, [{}]);
			tenant.connectwise.http.setFaults([]);
			await tenant.run('sync', syncAgent, [{}]);
			const configuration = configurationOf(bulkDevice(unknownVendorDevice).id);
			expect(configuration).toBeDefined();
			expect(configuration?.manufacturer?.name).toBe(bulkDevice(unknownVendorDevice).vendor);
		},
	);

	// BUG (lib/sync/apply.ts): a create answered with a 5xx is never tried again in the run,
	// although the marker query that follows proves nothing was created. At 10 % of requests
	// failing, about one create in 2,500 fails three runs in a row, so a soak seed now and then
	// ends with a device still without its configuration after three runs.
	it.failing(
		'a create refused with 503 whose marker query finds nothing is created in the same run',
		async () => {
			tenant.load(bulkDomotzTenant(1), bulkConnectWiseTenant());
			tenant.connectwise.http.setFaults([once('configurations.create', 503)]);
			const result = await tenant.run('sync', bulkCreate(), bulkItems(1), 'continueRegularOutput');
			expect(jsonOf(result.output('Node'))).toEqual([
				expect.objectContaining({ status: 'created' }),
			]);
		},
	);
});
