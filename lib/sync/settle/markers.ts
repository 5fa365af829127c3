/**
 * Where the devices' link markers are: a device that matching finds unmatched in its company may
 * already be linked to a configuration elsewhere, and another run may have linked it meanwhile.
 */

import type { SyncClients } from '../../clients';
import type { CwConfiguration } from '../../connectwise/schemas';
import { agentMarkerQuery, formatMarker, readStoredLink, type LinkStore } from '../../links/marker';
import type { SyncWorkspace } from '../workspace';
import type { MatchedItem } from './match-devices';

/**
 * The configuration carrying each item's marker, in either form (a pending mirror is still a
 * link), by item, from one marker query per agent.
 */
async function carryingMarkers(
	items: readonly MatchedItem[],
	store: LinkStore,
	linkedToAgent: (agentId: number) => Promise<CwConfiguration[]>,
): Promise<Map<number, CwConfiguration>> {
	const agentIds = [...new Set(items.map((item) => item.agentId))];
	const byMarker = new Map<string, CwConfiguration>();
	for (const configurations of await Promise.all(agentIds.map(linkedToAgent))) {
		for (const configuration of configurations) {
			const stored = readStoredLink(configuration, store);
			if (stored.kind === 'device') byMarker.set(formatMarker(stored.device), configuration);
		}
	}
	const found = new Map<number, CwConfiguration>();
	for (const item of items) {
		const configuration = byMarker.get(
			formatMarker({ agentId: item.agentId, deviceId: item.device.id }),
		);
		if (configuration) found.set(item.itemIndex, configuration);
	}
	return found;
}

/**
 * Unmatched devices whose marker sits on a configuration of another company (linked there by hand
 * or by an all-companies match): they are linked, not unmatched. One query per agent, read once
 * per execution.
 */
export async function markersInOtherCompanies(
	workspace: SyncWorkspace,
	items: readonly MatchedItem[],
	store: LinkStore,
): Promise<Map<number, CwConfiguration>> {
	const unmatched = items.filter((item) => item.match.status === 'unmatched');
	return await carryingMarkers(unmatched, store, (agentId) =>
		workspace.linkedToAgent(agentId, store),
	);
}

/** The markers of the agents' devices as ConnectWise holds them now, not as the run first read them. */
export function freshMarkers(
	clients: SyncClients,
	items: readonly MatchedItem[],
	store: LinkStore,
): Promise<Map<number, CwConfiguration>> {
	return carryingMarkers(items, store, (agentId) =>
		clients.connectwise.listConfigurations(agentMarkerQuery(store, agentId)),
	);
}
