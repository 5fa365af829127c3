/* eslint-disable @n8n/community-nodes/no-restricted-imports -- test-only e2e check: node:assert */
import { deepEqual, equal, ok } from 'node:assert/strict';

import { agentWithRole, knownOutcomes, reportedOutcomes, visibleDevices } from '../check-support';
import type { WorkflowCheck } from '../contract';

/**
 * A tenant with links already saved in the "Domotz Link" custom field, an agent found by its name,
 * and Save Matches as Links off: links are reported as links, and nothing is written anywhere.
 */
export const check: WorkflowCheck = {
	tenant: { linkStore: 'customField' },
	placeholders: (tenant) => ({ agentId: agentWithRole(tenant, 'agentName').agentId }),
	expectations: (run, { tenant, simulators, placeholders }) => {
		const agent = agentWithRole(tenant, 'agentName');
		const devices = visibleDevices(tenant, Number(placeholders.agentId));
		const reportedConfigurationIds = new Set(
			run.items('Match').map((json) => json.configurationId),
		);
		return [
			{
				name: 'the run succeeds',
				verify: () => equal(run.status, 'success', run.errorMessage),
			},
			{
				name: 'Match gives every device its known outcome, existing links first',
				verify: () => {
					ok(
						devices.some((device) => device.expected === 'linked'),
						'the tenant has no linked device for this agent',
					);
					deepEqual(reportedOutcomes(run.items('Match')), knownOutcomes(devices));
				},
			},
			{
				name: "unmatched configurations all belong to the agent's company and to no device",
				verify: () => {
					const unmatched = run.items('Match', 1);
					ok(unmatched.length > 0, 'no unmatched configuration was reported');
					for (const json of unmatched) {
						equal(json.companyId, agent.companyId);
						ok(!reportedConfigurationIds.has(json.configurationId), `${json.configurationId}`);
					}
				},
			},
			{
				name: 'nothing was written to Domotz or ConnectWise',
				verify: () =>
					deepEqual(
						[simulators.domotz, simulators.connectwise].flatMap((simulator) =>
							simulator.http
								.requests()
								.filter((request) => request.method !== 'GET')
								.map((request) => `${request.method} ${request.path}`),
						),
						[],
					),
			},
		];
	},
};
