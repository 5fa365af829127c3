/* eslint-disable @n8n/community-nodes/no-restricted-imports -- test-only e2e check: node:assert */
import { deepEqual, equal, ok } from 'node:assert/strict';

import type { Device } from '../../simulators/domotz';
import type { AgentTruth, GeneratedTenant } from '../../simulators/generator';
import {
	discoveredDevice,
	discoveryAgent,
	SYNC_PROFILE,
	TRIGGER_NODE,
	TRIGGER_TENANT,
	triggerChoices,
} from '../../support/trigger-example';
import { configurationsLinkedTo, mirroredLink, writeRequests } from '../check-support';
import type { ExampleCheck, Expectation, Simulators, WorkflowRun } from '../contract';

/** The device Domotz discovers first, then changes the address of. */
const NEW_DEVICE = 0;
const NEW_ADDRESS = '198.51.100.201';
/**
 * The flood: 300 discoveries of 50 devices of the agents with a company (each device's six among
 * them), all posted at once. The n8n-core test's flood (`test/nodes/trigger-example.node.test.ts`)
 * also runs every repeat, with a repeat window of 0.
 */
const FLOOD_DEVICES = 50;
const REPEATS = 6;
const FLOOD_EVENTS = FLOOD_DEVICES * REPEATS;
const FLOOD_FIRST_INDEX = 100;

/** The agents whose Customer ID names their company, as the example's Company Link expects. */
const companyAgents = (tenant: GeneratedTenant): AgentTruth[] =>
	tenant.truth.agents.filter((agent) => agent.role === 'customerId' && agent.apiEnabled);

/** A binding a person made before publishing: the profile on a device of the second such agent. */
function personsBinding(tenant: GeneratedTenant): { agentId: number; deviceId: number } {
	const agent = companyAgents(tenant)[1];
	const device = tenant.truth.devices.find(
		(candidate) => candidate.agentId === agent.agentId && !candidate.hidden,
	);
	if (!device) throw new Error('the tenant has no listed device for the binding made before');
	return { agentId: agent.agentId, deviceId: device.deviceId };
}

const newDeviceRef = (tenant: GeneratedTenant) => ({
	agentId: discoveryAgent(tenant).agentId,
	deviceId: discoveredDevice(NEW_DEVICE).id,
});

/** The flood's devices, spread over the agents with a company, each with its agent. */
function floodDevices(tenant: GeneratedTenant): Array<{ agentId: number; device: Device }> {
	const agents = companyAgents(tenant);
	return Array.from({ length: FLOOD_DEVICES }, (_unused, index) => ({
		agentId: agents[index % agents.length].agentId,
		device: discoveredDevice(FLOOD_FIRST_INDEX + index),
	}));
}

/** The profile's bindings: agents, and devices as `agent/device`. */
function profileBindings(simulators: Simulators, tenant: GeneratedTenant) {
	const book = simulators.domotz.state.alertProfiles;
	const agentIds = tenant.truth.agents.map((agent) => agent.agentId);
	return {
		agents: agentIds.filter((agentId) => book.isBoundToAgent(SYNC_PROFILE.id, agentId)),
		devices: agentIds.flatMap((agentId) =>
			book
				.deviceBindingsOf(agentId)
				.filter((binding) => binding.alert_profile_id === SYNC_PROFILE.id)
				.map((binding) => `${agentId}/${binding.device_id}`)
				.sort(),
		),
	};
}

/** What the agents with API access list: every device Domotz does not hide. */
function listedDevices(simulators: Simulators, tenant: GeneratedTenant): string[] {
	return tenant.truth.agents
		.filter((agent) => agent.apiEnabled)
		.flatMap((agent) =>
			(simulators.domotz.state.devices(agent.agentId) ?? [])
				.filter((device) => !('status' in device && device.status === 'HIDDEN'))
				.map((device) => `${agent.agentId}/${device.id}`)
				.sort(),
		);
}

const allSucceed = (runs: WorkflowRun[]): Expectation => ({
	name: 'every execution succeeds',
	verify: () =>
		deepEqual(
			runs.map((run) => [run.status, run.errorMessage]),
			runs.map(() => ['success', undefined]),
		),
});

const deliveredWith = (status: number, deliveries: unknown): Expectation => ({
	name: `Domotz's webhook gets ${status}`,
	verify: () => {
		const statuses = (deliveries as Array<{ status: unknown }>).map((delivery) => delivery.status);
		ok(statuses.length > 0, 'nothing was delivered');
		deepEqual(
			statuses,
			statuses.map(() => status),
		);
	},
});

/**
 * For the flood: n8n 2.41 on SQLite, on two cores, answers many of hundreds of calls at once (on
 * some runs all of them) only after the simulator's delivery timeout (`failed`), while it runs
 * them; what matters is checked after: each admitted event ran, each device has one
 * configuration. Every call answered in time got 201; the name says how many.
 */
const answeredOrTimedOut = (deliveries: unknown): Expectation => {
	const statuses = (deliveries as Array<{ status: unknown }>).map((delivery) => delivery.status);
	const answered = statuses.filter((status) => status === 201).length;
	return {
		name: `Domotz's webhook gets 201 for ${answered} of ${statuses.length} calls, no answer within its timeout for the others, and nothing else`,
		verify: () => {
			deepEqual(
				statuses.filter((status) => status !== 201 && status !== 'failed'),
				[],
			);
		},
	};
};

const statuses = (run: WorkflowRun, node: string) =>
	run.items(node).map((json) => [json.deviceId, json.status]);

/**
 * Domotz Trigger (device discovered, IP changed) → Match to Configurations (saving links) → the
 * unmatched → Create Configurations, the linked → Sync Fields: published on a tenant whose
 * Shared Alert Profile posts to it, then Domotz's events one by one, a wrong token, a flood, and
 * unpublishing.
 */
export const check: ExampleCheck = {
	tenant: TRIGGER_TENANT,
	choices: triggerChoices,
	triggered: {
		trigger: TRIGGER_NODE,
		arrange: async ({ simulators, tenant, webhookUrl, webhookSecret }) => {
			const response = await fetch(`${simulators.domotz.baseUrl}/__admin/alert-profiles`, {
				method: 'POST',
				headers: { 'Content-Type': 'application/json' },
				body: JSON.stringify({
					profile: SYNC_PROFILE,
					webhook: { url: webhookUrl(webhookSecret) },
				}),
			});
			if (!response.ok) throw new Error(`POST /__admin/alert-profiles answered ${response.status}`);
			const before = personsBinding(tenant);
			simulators.domotz.state.alertProfiles.bindDevice(
				SYNC_PROFILE.id,
				before.agentId,
				before.deviceId,
			);
		},
		published: ({ simulators, tenant }) => [
			{
				name: 'activation binds the profile to every agent with API access and each device it lists',
				verify: () =>
					deepEqual(profileBindings(simulators, tenant), {
						agents: tenant.truth.agents
							.filter((agent) => agent.apiEnabled)
							.map((agent) => agent.agentId),
						devices: listedDevices(simulators, tenant),
					}),
			},
		],
		steps: [
			{
				title: 'Domotz discovers a device',
				send: async ({ simulators, tenant }) =>
					await simulators.domotz.emitEvent({
						event: 'agent_device_discovery',
						agentId: discoveryAgent(tenant).agentId,
						device: discoveredDevice(NEW_DEVICE),
					}),
				executions: 1,
				withinSeconds: 15,
				expectations: ([run], deliveries, { simulators, tenant }) => {
					const ref = newDeviceRef(tenant);
					return [
						deliveredWith(201, deliveries),
						allSucceed([run]),
						{
							name: 'Match finds nothing and Create Configurations creates one',
							verify: () =>
								deepEqual(
									[
										statuses(run, 'Match to Configurations'),
										statuses(run, 'Create Configurations'),
									],
									[[[ref.deviceId, 'unmatched']], [[ref.deviceId, 'created']]],
								),
						},
						{
							name: "one configuration, in the agent's company, linked both ways",
							verify: () => {
								const linked = configurationsLinkedTo(simulators, ref);
								equal(linked.length, 1);
								const configuration = simulators.connectwise.state.configuration(linked[0]);
								deepEqual(
									[configuration?.company.id, mirroredLink(simulators, ref.agentId, ref.deviceId)],
									[discoveryAgent(tenant).companyId, String(linked[0])],
								);
							},
						},
						{
							name: 'the profile is bound to the new device, so its IP changes arrive',
							verify: () =>
								ok(
									simulators.domotz.state.alertProfiles.isBoundToDevice(
										SYNC_PROFILE.id,
										ref.agentId,
										ref.deviceId,
									),
								),
						},
					];
				},
			},
			{
				title: 'its IP address changes, and Domotz sends the event twice',
				send: async ({ simulators, tenant }) =>
					await simulators.domotz.emitEvent(
						{ event: 'device_ip_change', ...newDeviceRef(tenant), ipAddresses: [NEW_ADDRESS] },
						{ times: 2 },
					),
				executions: 1,
				withinSeconds: 15,
				expectations: ([run], deliveries, { simulators, tenant }) => {
					const ref = newDeviceRef(tenant);
					return [
						deliveredWith(201, deliveries),
						allSucceed([run]),
						{
							name: 'Match finds the link and Sync Fields writes the address',
							verify: () =>
								deepEqual(
									[statuses(run, 'Match to Configurations'), statuses(run, 'Sync Fields')],
									[[[ref.deviceId, 'linked']], [[ref.deviceId, 'updated']]],
								),
						},
						{
							name: 'the new address reaches ConnectWise',
							verify: () => {
								const [configurationId] = configurationsLinkedTo(simulators, ref);
								equal(
									simulators.connectwise.state.configuration(configurationId)?.ipAddress,
									NEW_ADDRESS,
								);
							},
						},
					];
				},
			},
			{
				title: 'Domotz reports the same address again',
				send: async ({ simulators, tenant }) =>
					await simulators.domotz.emitEvent({
						event: 'device_ip_change',
						...newDeviceRef(tenant),
						ipAddresses: [NEW_ADDRESS],
					}),
				executions: 1,
				withinSeconds: 15,
				expectations: ([run], _deliveries, { simulators, tenant }) => [
					allSucceed([run]),
					{
						name: 'Sync Fields finds nothing to change',
						verify: () =>
							deepEqual(statuses(run, 'Sync Fields'), [
								[newDeviceRef(tenant).deviceId, 'unchanged'],
							]),
					},
					{ name: 'nothing is written', verify: () => deepEqual(writeRequests(simulators), []) },
				],
			},
			{
				title: 'a call with a wrong token',
				send: async ({ webhookUrl, tenant }) => {
					const response = await fetch(webhookUrl('not-the-webhook-secret'), {
						method: 'POST',
						headers: { 'Content-Type': 'application/json' },
						body: JSON.stringify({
							name: 'agent_device_discovery',
							timestamp: new Date().toISOString(),
							data: {
								agent_id: discoveryAgent(tenant).agentId,
								device_id: discoveredDevice(1).id,
								device: discoveredDevice(1),
							},
						}),
					});
					await response.arrayBuffer();
					return response.status;
				},
				executions: 0,
				withinSeconds: 5,
				expectations: (_runs, status, { simulators }) => [
					{ name: 'is refused with 401', verify: () => equal(status, 401) },
					{
						name: 'and reads or writes nothing',
						verify: () =>
							deepEqual(
								[simulators.domotz.http.requests(), simulators.connectwise.http.requests()],
								[[], []],
							),
					},
				],
			},
			{
				title: `${FLOOD_EVENTS} discoveries of ${FLOOD_DEVICES} devices (${REPEATS} of each) posted at once`,
				send: async ({ simulators, tenant }) => {
					const devices = floodDevices(tenant);
					const deliveries = await Promise.all(
						Array.from({ length: FLOOD_EVENTS }, (_unused, index) => {
							const { agentId, device } = devices[index % FLOOD_DEVICES];
							return simulators.domotz.emitEvent({
								event: 'agent_device_discovery',
								agentId,
								device,
							});
						}),
					);
					return deliveries.flat();
				},
				executions: FLOOD_DEVICES,
				withinSeconds: 240,
				expectations: (runs, deliveries, { simulators, tenant, configurationsBefore }) => [
					answeredOrTimedOut(deliveries),
					allSucceed(runs),
					{
						name: 'each device has exactly one configuration',
						verify: () =>
							deepEqual(
								floodDevices(tenant).map(
									({ agentId, device }) =>
										configurationsLinkedTo(simulators, { agentId, deviceId: device.id }).length,
								),
								Array(FLOOD_DEVICES).fill(1),
							),
					},
					{
						name: 'and no other configuration was created',
						verify: () =>
							equal(
								simulators.connectwise.state.configurations().length,
								configurationsBefore.length + FLOOD_DEVICES,
							),
					},
				],
			},
		],
		unpublished: ({ simulators, tenant }) => [
			{
				name: 'deactivation removes every binding it made, those of discovered devices too, and keeps the one made before',
				verify: () => {
					const before = personsBinding(tenant);
					deepEqual(profileBindings(simulators, tenant), {
						agents: [],
						devices: [`${before.agentId}/${before.deviceId}`],
					});
				},
			},
		],
	},
};
