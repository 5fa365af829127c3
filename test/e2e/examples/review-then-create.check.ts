/* eslint-disable @n8n/community-nodes/no-restricted-imports -- test-only e2e check: node:assert */
import { deepEqual, equal, ok } from 'node:assert/strict';

import type { DeviceCase, GeneratedTenant } from '../../simulators/generator';
import {
	agentWithRole,
	configurationsLinkedTo,
	configurationTypeId,
	mirroredLink,
	visibleDevices,
	writeRequests,
	runSucceeds,
} from '../check-support';
import type { ExampleCheck } from '../contract';

/** The type a user picks as the default for new configurations. */
const DEFAULT_TYPE = 'Managed Device';

/** An agent whose Customer ID names its company, as the example's Company Link expects. */
const chosenAgent = (tenant: GeneratedTenant) => agentWithRole(tenant, 'customerId');

/**
 * Cases Match reports unmatched but Create refuses, because a configuration may already exist:
 * the device's serial sits on an inactive configuration.
 */
const refusedCases: ReadonlySet<DeviceCase> = new Set(['inactiveMatch']);

/** The agent's unmatched devices, those Create makes a configuration for and those it refuses. */
function unmatchedDevices(tenant: GeneratedTenant) {
	const unmatched = visibleDevices(tenant, chosenAgent(tenant).agentId).filter(
		(device) => device.expected === 'unmatched',
	);
	return {
		unmatched,
		creatable: unmatched.filter((device) => !refusedCases.has(device.case)),
		refused: unmatched.filter((device) => refusedCases.has(device.case)),
	};
}

/**
 * Get Devices of one agent → Match (saving matches as links) → only the unmatched → Create
 * Configurations: each unmatched device gets exactly one configuration, linked, unless one may
 * already exist; a second run creates nothing.
 */
export const check: ExampleCheck = {
	tenant: { linkStore: 'customField' },
	choices: (tenant) => [
		{ node: 'Get Devices', parameter: 'agent.value', value: String(chosenAgent(tenant).agentId) },
		{
			node: 'Create Configurations',
			parameter: 'defaultType',
			value: String(configurationTypeId(tenant, DEFAULT_TYPE)),
		},
	],
	steps: [
		{
			title: 'first run',
			start: 'fresh',
			expectations: (run, { tenant, simulators, configurationsBefore }) => {
				const agent = chosenAgent(tenant);
				const { unmatched, creatable, refused } = unmatchedDevices(tenant);
				const { state } = simulators.connectwise;
				const typeId = configurationTypeId(tenant, DEFAULT_TYPE);
				return [
					runSucceeds(run),
					{
						name: 'Only Unmatched lets through exactly the unmatched devices',
						verify: () => {
							ok(creatable.length > 0 && refused.length > 0, 'the agent lacks a case');
							deepEqual(
								run.items('Only Unmatched').map((json) => json.deviceId),
								unmatched.map((device) => device.deviceId),
							);
						},
					},
					{
						name: 'Create Configurations creates for each, but refuses a serial on an inactive configuration',
						verify: () =>
							deepEqual(
								run.items('Create Configurations').map((json) => [json.deviceId, json.status]),
								unmatched.map((device) => [
									device.deviceId,
									refusedCases.has(device.case) ? 'skipped' : 'created',
								]),
							),
					},
					{
						name: "each created device has exactly one configuration linked to it, in the agent's company, of the chosen type",
						verify: () =>
							deepEqual(
								unmatched.map((device) =>
									configurationsLinkedTo(simulators, device).map((id) => {
										const configuration = state.configuration(id)!;
										return [configuration.company.id, configuration.type.id];
									}),
								),
								unmatched.map((device) =>
									refusedCases.has(device.case) ? [] : [[agent.companyId, typeId]],
								),
							),
					},
					{
						name: 'no other configuration was created',
						verify: () =>
							equal(state.configurations().length, configurationsBefore.length + creatable.length),
					},
					{
						name: 'each new link is mirrored on its Domotz device',
						verify: () =>
							deepEqual(
								creatable.map((device) =>
									mirroredLink(simulators, device.agentId, device.deviceId),
								),
								creatable.map((device) => String(configurationsLinkedTo(simulators, device)[0])),
							),
					},
				];
			},
		},
		{
			title: 'second run',
			start: 'continue',
			expectations: (run, { tenant, simulators }) => [
				runSucceeds(run),
				{
					name: 'only the refused devices are still unmatched, and are refused again',
					verify: () => {
						const { refused } = unmatchedDevices(tenant);
						deepEqual(
							[
								run.items('Only Unmatched').map((json) => json.deviceId),
								run.items('Create Configurations').map((json) => [json.deviceId, json.status]),
							],
							[
								refused.map((device) => device.deviceId),
								refused.map((device) => [device.deviceId, 'skipped']),
							],
						);
					},
				},
				{
					name: 'writes nothing: no configuration created, no link written',
					verify: () => deepEqual(writeRequests(simulators), []),
				},
			],
		},
	],
};
