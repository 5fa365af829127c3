import { DomotzClient } from '../../../lib/domotz/client';
import { ApiError } from '../../../lib/http/errors';
import { DEFAULT_API_KEY, DEFAULT_IDS, DomotzSimulator } from '../../simulators/domotz';
import { createFetchPort, domotzApiKey } from '../../support/fetch-port';
import { recordingSleep } from './support';

const { agents, devices, alertProfiles: profiles } = DEFAULT_IDS;

describe('DomotzClient alert profiles and bindings, against the simulator', () => {
	const simulator = new DomotzSimulator();
	const strict = new DomotzSimulator({ quirks: { absentBindingRemoval: 'notFound' } });

	const clientOf = (target: DomotzSimulator) =>
		new DomotzClient({
			http: createFetchPort({ authenticate: domotzApiKey(DEFAULT_API_KEY) }),
			sleep: recordingSleep().sleep,
			random: () => 0.5,
			baseUrl: target.apiBaseUrl,
		});

	beforeAll(async () => {
		await simulator.start();
		await strict.start();
	});

	beforeEach(() => {
		simulator.reset();
		strict.reset();
	});

	afterAll(async () => {
		await simulator.close();
		await strict.close();
	});

	it('lists the profiles with the events each sends', async () => {
		const list = await clientOf(simulator).listAlertProfiles();

		expect(list.map(({ id, name }) => ({ id, name }))).toEqual([
			{ id: profiles.networkMonitoring, name: 'Network Monitoring' },
			{ id: profiles.deviceMonitoring, name: 'Device Monitoring' },
			{ id: profiles.n8nSync, name: 'n8n device sync' },
		]);
		expect(list[2].events).toContain('device_ip_change');
	});

	it('binds a profile to an agent and a device, reads the bindings back and removes them', async () => {
		const domotz = clientOf(simulator);

		await domotz.bindAlertProfile(profiles.n8nSync, { agentId: agents.acme });
		await domotz.bindAlertProfile(profiles.n8nSync, {
			agentId: agents.acme,
			deviceId: devices.printer,
		});
		const agentBindings = await domotz.listAgentAlertProfileBindings(agents.acme);
		const deviceBindings = await domotz.listDeviceAlertProfileBindings(agents.acme);
		const removed = await Promise.all([
			domotz.unbindAlertProfile(profiles.n8nSync, { agentId: agents.acme }),
			domotz.unbindAlertProfile(profiles.n8nSync, {
				agentId: agents.acme,
				deviceId: devices.printer,
			}),
		]);

		expect(agentBindings.map((binding) => binding.alert_profile_id)).toEqual([
			profiles.networkMonitoring,
			profiles.n8nSync,
		]);
		expect(deviceBindings).toContainEqual({
			alert_profile_id: profiles.n8nSync,
			device_id: devices.printer,
		});
		expect(removed).toEqual([{ status: 'removed' }, { status: 'removed' }]);
		expect(simulator.state.alertProfiles.agentBindingsOf(agents.acme)).toEqual([
			{ alert_profile_id: profiles.networkMonitoring },
		]);
	});

	it('reads a 404 on removal as a binding already gone', async () => {
		const outcome = await clientOf(strict).unbindAlertProfile(profiles.n8nSync, {
			agentId: agents.globex,
		});

		expect(outcome).toEqual({ status: 'absent' });
	});

	it('names the agent when its plan keeps it out of the API', async () => {
		const error = await clientOf(simulator)
			.bindAlertProfile(profiles.n8nSync, { agentId: agents.initech })
			.catch((failure: unknown) => failure);

		expect(error).toBeInstanceOf(ApiError);
		expect((error as ApiError).status).toBe(403);
		expect((error as ApiError).message).toContain(`agent ${agents.initech}`);
	});

	it('fails on an unknown profile rather than binding nothing', async () => {
		const error = await clientOf(simulator)
			.bindAlertProfile(999, { agentId: agents.acme })
			.catch((failure: unknown) => failure);

		expect((error as ApiError).status).toBe(404);
	});
});
