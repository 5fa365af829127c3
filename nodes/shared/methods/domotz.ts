import type {
	ILoadOptionsFunctions,
	INodeListSearchResult,
	INodePropertyOptions,
} from 'n8n-workflow';

import { createDomotzClient } from '../clients';
import { parseNumericId } from '../parameters';

export async function searchAgents(
	this: ILoadOptionsFunctions,
	filter?: string,
): Promise<INodeListSearchResult> {
	const domotz = await createDomotzClient(this);
	const agents = await domotz.listAgents({ displayName: filter?.trim() || undefined });
	return {
		results: agents
			.map((agent) => ({
				name:
					agent.access_right?.api_enabled === false
						? `${agent.display_name} (no API access on its plan)`
						: agent.display_name,
				value: String(agent.id),
			}))
			.sort((a, b) => a.name.localeCompare(b.name)),
	};
}

export async function searchDevices(
	this: ILoadOptionsFunctions,
	filter?: string,
): Promise<INodeListSearchResult> {
	const agentId = parseNumericId(
		this.getCurrentNodeParameter('agent', { extractValue: true }) as unknown,
	);
	if (agentId === undefined) return { results: [] };
	const domotz = await createDomotzClient(this);
	const devices = await domotz.listDevices(agentId, { showHidden: true, showExcluded: true });
	const wanted = filter?.trim().toLowerCase() ?? '';
	return {
		results: devices
			.map((device) => ({
				name: deviceLabel(device),
				value: String(device.id),
			}))
			.filter((option) => wanted === '' || option.name.toLowerCase().includes(wanted))
			.sort((a, b) => a.name.localeCompare(b.name)),
	};
}

function deviceLabel(device: {
	display_name: string;
	ip_addresses?: string[] | null;
	hw_address?: string | null;
}): string {
	const address = device.ip_addresses?.[0] ?? device.hw_address;
	return address ? `${device.display_name} (${address})` : device.display_name;
}

/** Values are strings, as IDs are saved: the editor flags a saved value no option equals strictly. */
export async function getDeviceTypes(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const domotz = await createDomotzClient(this);
	const types = await domotz.listDeviceBaseTypes();
	return types
		.map((type) => ({ name: type.label, value: String(type.id) }))
		.sort((a, b) => a.name.localeCompare(b.name));
}

export async function getAgents(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const domotz = await createDomotzClient(this);
	const agents = await domotz.listAgents();
	return agents
		.map((agent) => ({ name: agent.display_name, value: String(agent.id) }))
		.sort((a, b) => a.name.localeCompare(b.name));
}

/** The account's Shared Alert Profiles by name: the trigger finds its profile by that name. */
export async function searchAlertProfiles(
	this: ILoadOptionsFunctions,
	filter?: string,
): Promise<INodeListSearchResult> {
	const domotz = await createDomotzClient(this);
	const wanted = filter?.trim().toLowerCase() ?? '';
	const profiles = await domotz.listAlertProfiles();
	return {
		results: profiles
			.flatMap((profile) => (profile.name?.trim() ? [profile] : []))
			.map((profile) => ({
				name: profile.is_enabled === false ? `${profile.name} (disabled)` : String(profile.name),
				value: String(profile.name).trim(),
				description: (profile.events ?? []).join(', '),
			}))
			.filter((option) => wanted === '' || option.name.toLowerCase().includes(wanted))
			.sort((a, b) => a.name.localeCompare(b.name)),
	};
}
