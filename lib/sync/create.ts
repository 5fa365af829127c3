/**
 * Create Configurations: every incoming device gets exactly one configuration in its agent's
 * company. Devices are matched again first, so a device that already has a configuration gets it
 * back (linked) instead of a second one; only the devices left unmatched are created, under their
 * company's creation lease. Devices that would give one company two configurations with the same
 * serial number or MAC address are not created at all.
 */

import type { SyncClients } from '../clients';
import type { CreateOptions } from './options';
import { createConfigurations } from './settle/create-configurations';
import { decideSettlements } from './settle/decide';
import { resolveDevices, type DeviceRequest } from './settle/devices';
import { matchResolved } from './settle/match-devices';
import { saveMatchedLinks } from './settle/save-links';
import type { SettledItem } from './settle/settlement';
import { SyncWorkspace } from './workspace';

export interface CreateRequest extends DeviceRequest {
	/** Name used when the device has none. */
	fallbackName: string;
}

export async function runCreate(
	clients: SyncClients,
	requests: readonly CreateRequest[],
	options: CreateOptions,
): Promise<SettledItem[]> {
	const workspace = new SyncWorkspace(clients);
	const writing = options.dryRun !== true;
	const { resolved, failures } = await resolveDevices(workspace, requests);
	const matching = await matchResolved(workspace, resolved, failures, {
		...options,
		scope: 'company',
	});
	if (writing) await saveMatchedLinks(clients, workspace, matching, options);
	const decided = await decideSettlements(workspace, matching.items, matching.failures, {
		linkStore: options.linkStore,
		linksSaved: writing,
		createUnmatched: true,
		markersCheckedAtCreation: writing,
	});
	const fallbackNames = new Map(
		requests.map((request) => [request.itemIndex, request.fallbackName]),
	);
	const created = await createConfigurations(
		clients,
		workspace,
		decided.toCreate,
		fallbackNames,
		options,
	);
	return [...decided.settled, ...created.settled].sort((a, b) => a.itemIndex - b.itemIndex);
}
