/**
 * The trigger example (`examples/sync-on-domotz-events.json`) through n8n-core, as n8n runs an
 * active workflow: the Domotz Trigger activated, the simulator posting Domotz's webhooks to it, and
 * each call that passes an event starting an execution of the example from the trigger on, with
 * the static data the call read and saved, as n8n hands it. Time runs 50 times faster: n8n's sleeps
 * and both simulators' clocks (ConnectWise's requests a minute, note stamps), so the creation lease,
 * which counts what it slept, and the APIs' limits decide as they would in real time.
 * `RECORD_TRIGGER_COST=1` stores the requests one event costs, and the flood's figures, in
 * `bench/results/trigger-cost.json` (`npm run trigger-cost`).
 */
import type { IDataObject, INodeParameters, INodeType } from 'n8n-workflow';

import type { DeviceTruth } from '../simulators/generator';
import { configurationsLinkedTo, mirroredLink, writeRequests } from '../e2e/check-support';
import { E2eTenant } from '../e2e/tenant';
import { exampleNodeTypes, readExample, type ExampleWorkflow } from '../harness/example-runner';
import type { WorkflowRunResult } from '../harness/n8n-runner';
import { TriggerHarness } from '../harness/trigger-runner';
import {
	discoveredDevice,
	discoveryAgent,
	SYNC_PROFILE,
	TRIGGER_EXAMPLE,
	TRIGGER_NODE,
	TRIGGER_TENANT,
	triggerChoices,
} from '../support/trigger-example';
import { recordTriggerCost, requestsByApi } from './trigger-cost';

const TIME_SCALE = 50;

jest.mock('n8n-workflow', () => {
	const actual = jest.requireActual<typeof import('n8n-workflow')>('n8n-workflow');
	return {
		...actual,
		sleep: async (milliseconds: number) => await actual.sleep(milliseconds / TIME_SCALE),
	};
});

const epoch = Date.now();
const tenant = new E2eTenant({ clock: () => epoch + (Date.now() - epoch) * TIME_SCALE });
const generated = tenant.tenant(TRIGGER_TENANT);
const agent = discoveryAgent(generated);
let example: ExampleWorkflow;
let harness: TriggerHarness;

async function startExample(triggerOptions: INodeParameters = {}): Promise<TriggerHarness> {
	const credentials = tenant.credentialData();
	const trigger = example.node(TRIGGER_NODE);
	harness = new TriggerHarness({
		type: trigger.type,
		nodeType: exampleNodeTypes[trigger.type] as INodeType,
		name: TRIGGER_NODE,
		parameters: {
			...trigger.parameters,
			options: {
				...(trigger.parameters.options as INodeParameters | undefined),
				...triggerOptions,
			},
		},
		credentials: { domotzApi: credentials.domotz, connectWisePsaApi: credentials.connectwise },
		workflow: {
			nodes: example.nodes,
			connections: example.connections,
			nodeTypes: exampleNodeTypes,
		},
	});
	await harness.start();
	tenant.domotz.state.alertProfiles.put(SYNC_PROFILE, {
		url: harness.url(`?token=${String(credentials.domotz.webhookSecret)}`),
	});
	await harness.activate();
	tenant.clearRequests();
	return harness;
}

const discover = (index: number) =>
	tenant.domotz.emitEvent({
		event: 'agent_device_discovery',
		agentId: agent.agentId,
		device: discoveredDevice(index),
	});

/** Linked devices of the agent with an address, which activation binds the profile to. */
function linkedDevices(): DeviceTruth[] {
	const found = generated.truth.devices.filter(
		(device) =>
			device.agentId === agent.agentId &&
			device.expected === 'linked' &&
			device.subtype === 'local' &&
			!device.hidden &&
			!device.excluded,
	);
	if (found.length < 2)
		throw new Error('the tenant has fewer than two listed, linked local devices');
	return found;
}

const statusesOf = (run: WorkflowRunResult, node: string) =>
	run.output(node).map((item) => item.json.status);

beforeAll(async () => {
	await tenant.start();
	example = readExample(TRIGGER_EXAMPLE, triggerChoices(generated));
});

beforeEach(() => {
	tenant.load(generated);
});

afterEach(async () => {
	await harness.assertNoSecretLeaks();
	await harness.close();
});

afterAll(async () => {
	await tenant.close();
});

describe('the trigger example, through n8n-core', () => {
	it("gives a discovered device one configuration in its agent's company, linked both ways", async () => {
		await startExample();
		const device = discoveredDevice(0);
		const ref = { agentId: agent.agentId, deviceId: device.id };

		await discover(0);
		const [run] = await harness.executionsEnded();
		const cost = requestsByApi(tenant);

		expect(run.error).toBeUndefined();
		expect(statusesOf(run, 'Match to Configurations')).toEqual(['unmatched']);
		expect(statusesOf(run, 'Create Configurations')).toEqual(['created']);
		expect(run.output('Sync Fields')).toEqual([]);
		const [configurationId] = configurationsLinkedTo(tenant, ref);
		const configuration = tenant.connectwise.state.configuration(configurationId)!;
		expect(configurationsLinkedTo(tenant, ref)).toHaveLength(1);
		expect([configuration.company.id, configuration.macAddress, configuration.ipAddress]).toEqual([
			agent.companyId,
			device.hw_address,
			device.ip_addresses?.[0],
		]);
		expect(mirroredLink(tenant, agent.agentId, device.id)).toBe(String(configurationId));

		// A later event: each node kept the codebase and Domotz's rate from its first run.
		tenant.clearRequests();
		await discover(1);
		const [later] = await harness.executionsEnded();
		const laterCost = requestsByApi(tenant);
		expect(statusesOf(later, 'Create Configurations')).toEqual(['created']);
		expect(laterCost.connectwise.byRoute['GET login.companyInfo']).toBeUndefined();
		recordTriggerCost('discovery', {
			event:
				'agent_device_discovery of a new device: Match (unmatched) → Create Configurations, the first event after activation',
			requests: cost,
		});
		recordTriggerCost('laterDiscovery', {
			event: 'the same for the next new device: a later event',
			requests: laterCost,
		});
	});

	it('brings an IP change of a linked device to ConnectWise, and writes nothing for its repeats', async () => {
		await startExample();
		const [device, other] = linkedDevices();
		const event = {
			event: 'device_ip_change' as const,
			agentId: device.agentId,
			deviceId: device.deviceId,
			ipAddresses: ['198.51.100.200'],
		};

		await tenant.domotz.emitEvent(event, { times: 2 });
		const [run] = await harness.executionsEnded();
		const cost = requestsByApi(tenant);
		tenant.clearRequests();
		await tenant.domotz.emitEvent(event);
		const runs = await harness.executionsEnded();

		expect(run.error).toBeUndefined();
		expect(statusesOf(run, 'Match to Configurations')).toEqual(['linked']);
		expect(statusesOf(run, 'Sync Fields')).toEqual(['updated']);
		expect(tenant.connectwise.state.configuration(device.configurationId!)?.ipAddress).toBe(
			'198.51.100.200',
		);
		expect(harness.calls.map((call) => call.body)).toEqual([
			{ message: 'Workflow was started' },
			{ received: true, ignored: 'repeat' },
			{ message: 'Workflow was started' },
		]);
		expect(runs).toHaveLength(2);
		expect(statusesOf(runs[1], 'Sync Fields')).toEqual(['unchanged']);
		expect(writeRequests(tenant)).toEqual([]);

		tenant.clearRequests();
		await tenant.domotz.emitEvent({
			event: 'device_ip_change',
			agentId: other.agentId,
			deviceId: other.deviceId,
			ipAddresses: ['198.51.100.201'],
		});
		const [later] = await harness.executionsEnded();
		const laterCost = requestsByApi(tenant);
		expect(statusesOf(later, 'Sync Fields')).toEqual(['updated']);
		recordTriggerCost('ipChange', {
			event:
				'device_ip_change of a linked device: Match (linked) → Sync Fields (the address written), the first event after activation',
			requests: cost,
		});
		recordTriggerCost('laterIpChange', {
			event: 'the same for another linked device: a later event',
			requests: laterCost,
		});
	});

	it.each([
		{
			measure: 'flood',
			devices: 50,
			rounds: 6,
			repeatWindow: 'the default window',
			options: {},
			executionsPerDevice: 1,
		},
		{
			measure: 'floodWithoutRepeatWindow',
			devices: 40,
			rounds: 3,
			repeatWindow: 'a repeat window of 0 (every repeat runs)',
			options: { repeatWindowSeconds: 0 },
			executionsPerDevice: 3,
		},
	])(
		'absorbs $rounds discoveries of each of $devices new devices posted at once with $repeatWindow: one configuration per device, every binding it made removed on deactivation',
		async ({ measure, devices, rounds, repeatWindow, options, executionsPerDevice }) => {
			const events = devices * rounds;
			await startExample(options);

			const posted = Date.now();
			await Promise.all(
				Array.from({ length: events }, (_unused, index) => discover(index % devices)),
			);
			const secondsToAnswerAll = (Date.now() - posted) / 1000;
			const runs = await harness.executionsEnded();
			const refs = Array.from({ length: devices }, (_unused, index) => ({
				agentId: agent.agentId,
				deviceId: discoveredDevice(index).id,
			}));
			const configurationsPerDevice = refs.map((ref) => configurationsLinkedTo(tenant, ref).length);
			const created = runs.flatMap((run) =>
				run.output('Create Configurations').map((item) => item.json as IDataObject),
			);
			await harness.deactivate();

			expect(harness.calls.map((call) => call.status)).toEqual(Array(events).fill(201));
			expect(runs.map((run) => run.error)).toEqual(Array(runs.length).fill(undefined));
			expect(runs).toHaveLength(devices * executionsPerDevice);
			expect(configurationsPerDevice).toEqual(Array(devices).fill(1));
			expect(
				created
					.filter((item) => item.status === 'created')
					.map((item) => item.deviceId)
					.sort(),
			).toEqual(refs.map((ref) => ref.deviceId).sort());
			expect(
				tenant.connectwise.state
					.configurations()
					.filter((configuration) => configuration.name?.startsWith('New device')),
			).toHaveLength(devices);
			expect(
				tenant.domotz.state.alertProfiles
					.deviceBindingsOf(agent.agentId)
					.filter((binding) => binding.alert_profile_id === SYNC_PROFILE.id),
			).toEqual([]);
			recordTriggerCost(measure, {
				event: `${events} agent_device_discovery posted at once for ${devices} new devices of one agent (each ${rounds} times), through the example, with ${repeatWindow}`,
				executions: runs.length,
				repeatsDropped: harness.calls.filter((call) => call.items.length === 0).length,
				configurationsPerDevice: {
					min: Math.min(...configurationsPerDevice),
					max: Math.max(...configurationsPerDevice),
				},
				createStatuses: countBy(created.map((item) => String(item.status))),
				secondsToAnswerAll,
				timeScale: `${TIME_SCALE}: n8n's sleeps and the simulators' clocks run ${TIME_SCALE} times faster; the seconds above are real ones`,
			});
		},
		600_000,
	);
});

function countBy(values: readonly string[]): Record<string, number> {
	const counts: Record<string, number> = {};
	for (const value of values) counts[value] = (counts[value] ?? 0) + 1;
	return counts;
}
