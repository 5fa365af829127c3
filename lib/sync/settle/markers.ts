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
 * Every configuration carrying a marker of one of the agents, in either form (a pending mirror is
 * still a link), by marker (`formatMarker`), from one marker query per agent.
 */
async function markersOfAgents(
	agentIds: readonly number[],
	store: LinkStore,
	linkedToAgent: (agentId: number) => Promise<CwConfiguration[]>,
): Promise<Map<string, CwConfiguration>> {
	const byMarker = new Map<string, CwConfiguration>();
	for (const configurations of await Promise.all([...new Set(agentIds)].map(linkedToAgent))) {
		for (const configuration of configurations) {
			const stored = readStoredLink(configuration, store);
			if (stored.kind === 'device') byMarker.set(formatMarker(stored.device), configuration);
		}
	}
	return byMarker;
}

/** The configuration carrying each item's marker, by item. */
export function carriersOf(
	items: readonly MatchedItem[],
	markers: ReadonlyMap<string, CwConfiguration>,
): Map<number, CwConfiguration> {
	const found = new Map<number, CwConfiguration>();
	for (const item of items) {
		const configuration = markers.get(
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
	const markers = await markersOfAgents(
		unmatched.map((item) => item.agentId),
		store,
		(agentId) => workspace.linkedToAgent(agentId, store),
	);
	return carriersOf(unmatched, markers);
}

/**
 * The agents' markers as ConnectWise holds them now, not as the run first read them, by marker
 * (`formatMarker`): their devices' and their collectors'.
 */
export function freshMarkers(
	clients: SyncClients,
	agentIds: readonly number[],
	store: LinkStore,
): Promise<Map<string, CwConfiguration>> {
	return markersOfAgents(agentIds, store, (agentId) =>
		clients.connectwise.listConfigurations(agentMarkerQuery(store, agentId)),
	);
}
