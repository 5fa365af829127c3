/**
 * The tenant and the workflow of the queue-mode test: the 12-hour example with creation on,
 * against a tenant where each run has hundreds of configurations to create.
 */
import { check as exampleCheck } from '../e2e/examples/automatic-sync-every-12-hours.check';
import { configurationTypeId } from '../e2e/check-support';
import type { ParameterChoice } from '../e2e/contract';
import { prepareExample, type PreparedWorkflow } from '../e2e/examples';
import type { AgentTruth, GeneratedTenant, MspTenantOptions } from '../simulators/generator';

export const EXAMPLE_NAME = 'automatic-sync-every-12-hours';
/** The example's Manual Trigger: what "Execute workflow" in the editor starts from. */
export const MANUAL_TRIGGER = 'Run now';

/** Eight agents: four are synced by Customer ID (two of them share a company), 100–140 devices each. */
export const QUEUE_TENANT_OPTIONS: Partial<MspTenantOptions> = {
	agents: 8,
	devicesPerAgent: [100, 140],
	linkStore: 'customField',
};

/** A loopback answer takes this long, so that two runs' requests interleave as over the internet. */
export const SIMULATOR_LATENCY = { minMs: 50, maxMs: 100 };

/** The agents the example syncs (Company Link "Customer ID"): API access and a Customer ID company. */
export function syncedAgents(tenant: GeneratedTenant): AgentTruth[] {
	return tenant.truth.agents.filter(
		(agent) => agent.apiEnabled && agent.resolvedBy === 'customerId',
	);
}

/**
 * The generated tenant without the configurations its devices would match by serial, MAC or IP:
 * those devices become unmatched, so most devices get a configuration created (the work two runs
 * could both do), while existing links and ambiguous cases stay. The truth's outcomes no longer
 * hold; the checks use only its agents.
 */
export function mostlyUnmatched(tenant: GeneratedTenant): GeneratedTenant {
	const matched = new Set(
		tenant.truth.devices
			.filter((device) => device.expected === 'matched')
			.map((device) => device.configurationId),
	);
	return {
		...tenant,
		connectwise: {
			...tenant.connectwise,
			configurations: tenant.connectwise.configurations?.filter(
				(configuration) => !matched.has(configuration.id),
			),
		},
	};
}

/** The example as the e2e imports it (the user's choices), with creation turned on. */
export function queueExample(tenant: GeneratedTenant): {
	workflow: PreparedWorkflow;
	adjustments: string[];
} {
	const choices = exampleCheck.choices?.(tenant) ?? [];
	const changes: ParameterChoice[] = [
		{ node: 'Sync Agents', parameter: 'createUnmatched', value: true },
		{
			node: 'Sync Agents',
			parameter: 'defaultType',
			value: configurationTypeId(tenant, 'Managed Device'),
		},
	];
	const workflow = prepareExample(EXAMPLE_NAME, choices, { name: 'queue mode', changes });
	const adjustments = [...choices, ...changes].map(
		(change) => `${change.node} › ${change.parameter} = ${JSON.stringify(change.value)}`,
	);
	return { workflow, adjustments };
}
