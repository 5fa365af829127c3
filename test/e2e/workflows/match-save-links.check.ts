/* eslint-disable @n8n/community-nodes/no-restricted-imports -- test-only e2e check: node:assert */
import { deepEqual, equal, ok } from 'node:assert/strict';

import {
	agentWithRole,
	knownOutcomes,
	LINK_FIELD_CAPTION,
	LINK_MIRROR_FIELD,
	linkMarker,
	reportedOutcomes,
	visibleDevices,
} from '../check-support';
import type { WorkflowCheck } from '../contract';

/**
 * A first sync (no link anywhere yet): Get Many lists one agent's devices, Match finds their
 * configurations by serial, MAC and IP and saves every automatic match as a link on both sides.
 */
export const check: WorkflowCheck = {
	tenant: { linkStore: 'none-yet' },
	placeholders: (tenant) => ({ agentId: agentWithRole(tenant, 'customerId').agentId }),
	expectations: (run, { tenant, simulators, placeholders }) => {
		const agentId = Number(placeholders.agentId);
		const devices = visibleDevices(tenant, agentId);
		const matched = devices.filter((device) => device.expected === 'matched');
		const { connectwise, domotz } = simulators;
		return [
			{
				name: 'the run succeeds',
				verify: () => equal(run.status, 'success', run.errorMessage),
			},
			{
				name: "Get Devices lists the agent's visible devices",
				verify: () =>
					deepEqual(
						run.items('Get Devices').map((json) => json.id),
						devices.map((device) => device.deviceId),
					),
			},
			{
				name: 'Match gives every device its known outcome',
				verify: () => {
					ok(matched.length > 0, 'the tenant has no automatic match for this agent');
					deepEqual(reportedOutcomes(run.items('Match')), knownOutcomes(devices));
				},
			},
			{
				name: 'each automatic match is now a link on its ConnectWise configuration',
				verify: () =>
					deepEqual(
						matched.map((device) =>
							connectwise.state.customFieldValue(device.configurationId!, LINK_FIELD_CAPTION),
						),
						matched.map(linkMarker),
					),
			},
			{
				name: 'no other configuration got a link (ambiguous matches are never saved)',
				verify: () => {
					const linked = connectwise.state
						.configurations()
						.filter((configuration) =>
							Boolean(connectwise.state.customFieldValue(configuration.id, LINK_FIELD_CAPTION)),
						)
						.map((configuration) => configuration.id)
						.sort((a, b) => a - b);
					deepEqual(
						linked,
						matched.map((device) => device.configurationId!).sort((a, b) => a - b),
					);
				},
			},
			{
				name: 'each link is mirrored on its Domotz device, and only those',
				verify: () =>
					deepEqual(
						devices.map((device) =>
							mirroredValue(domotz.state.deviceInventory(agentId, device.deviceId)),
						),
						devices.map((device) =>
							device.expected === 'matched' ? String(device.configurationId) : null,
						),
					),
			},
		];
	},
};

function mirroredValue(inventory: Array<{ key: string; value: string | null }> | undefined) {
	return inventory?.find((field) => field.key === LINK_MIRROR_FIELD)?.value ?? null;
}
