/**
 * The trigger example (`examples/sync-on-domotz-events.json`) on a generated tenant: the Portal
 * step, the choices a user makes after importing it, and devices Domotz discovers. Shared by its
 * n8n-core tests, the record of its cost per event and the real-n8n e2e.
 */
import type { ParameterChoice } from '../e2e/contract';
import {
	DEFAULT_IDS,
	defaultSeed,
	type AlertProfile,
	type LocalIpDevice,
} from '../simulators/domotz';
import type { AgentTruth, GeneratedTenant, MspTenantOptions } from '../simulators/generator';

export const TRIGGER_EXAMPLE = 'sync-on-domotz-events';
export const TRIGGER_NODE = 'Domotz event';
/** What the example's Create Configurations gets as its default configuration type. */
export const DEFAULT_TYPE = 'Managed Device';

/** Links in the "Domotz Link" custom field, as the examples' defaults keep them. */
export const TRIGGER_TENANT: Partial<MspTenantOptions> = { linkStore: 'customField' };

/**
 * The Shared Alert Profile a user makes in the Domotz Portal for the trigger: the default seed's
 * "n8n device sync", which sends discoveries and IP changes among others.
 */
export const SYNC_PROFILE: AlertProfile = (() => {
	const profile = defaultSeed().alertProfiles?.find(
		(candidate) => candidate.id === DEFAULT_IDS.alertProfiles.n8nSync,
	);
	if (!profile) throw new Error('The default Domotz seed lost the "n8n device sync" profile');
	return profile;
})();

/** The example as a user prepares it: the profile picked, a default configuration type chosen. */
export function triggerChoices(tenant: GeneratedTenant): ParameterChoice[] {
	const type = tenant.connectwise.types?.find((candidate) => candidate.name === DEFAULT_TYPE);
	if (type?.id === undefined)
		throw new Error(`the tenant has no configuration type ${DEFAULT_TYPE}`);
	return [
		{ node: TRIGGER_NODE, parameter: 'alertProfile.value', value: SYNC_PROFILE.name },
		{ node: 'Create Configurations', parameter: 'defaultType', value: String(type.id) },
	];
}

/** An agent whose Customer ID names its company, as the example's Company Link expects. */
export function discoveryAgent(tenant: GeneratedTenant): AgentTruth {
	const agent = tenant.truth.agents.find(
		(candidate) => candidate.role === 'customerId' && candidate.apiEnabled,
	);
	if (!agent) throw new Error('the tenant has no agent with a Customer ID company');
	return agent;
}

/** Device IDs far above the generator's, so that a discovered device is new to the agent. */
const FIRST_NEW_DEVICE_ID = 900_000;

/**
 * The `index`th device Domotz discovers: a locally administered MAC and an address of TEST-NET-2,
 * which no generated configuration carries, so it matches nothing and gets a configuration.
 */
export function discoveredDevice(index: number): LocalIpDevice {
	const hex = (value: number) => value.toString(16).toUpperCase().padStart(2, '0');
	return {
		id: FIRST_NEW_DEVICE_ID + index,
		display_name: `New device ${index + 1}`,
		protocol: 'IP',
		ip_addresses: [`198.51.100.${(index % 250) + 1}`],
		hw_address: `02:D0:7A:00:${hex(Math.floor(index / 256))}:${hex(index % 256)}`,
		vendor: 'Lenovo',
		status: 'ONLINE',
	};
}
