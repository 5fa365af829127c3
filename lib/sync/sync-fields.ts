/**
 * Sync Fields: brings linked devices and their configurations into agreement, field by field, in
 * the direction the user chose. Links are found by marker with one query per agent.
 */

import type { SyncClients } from '../clients';
import { readDeviceValues } from '../fields/sync-fields';
import { readStoredLink } from '../links/marker';
import { settleAll } from '../pool';
import { DEFAULT_CONCURRENCY } from './options';
import { syncPairs, type PairSyncOptions, type SyncedItem, type SyncPair } from './pairs';
import { SyncWorkspace } from './workspace';

export interface SyncRequest {
	itemIndex: number;
	agentId: number;
	deviceId: number;
}

export async function runSyncFields(
	clients: SyncClients,
	requests: readonly SyncRequest[],
	options: PairSyncOptions,
): Promise<SyncedItem[]> {
	const workspace = new SyncWorkspace(clients);
	const concurrency = options.concurrency ?? DEFAULT_CONCURRENCY;
	const found = await settleAll(requests, concurrency, async (request) => ({
		device: await workspace.device(request.agentId, request.deviceId),
		linked: await workspace.linkedToAgent(request.agentId, options.linkStore),
	}));
	const results: SyncedItem[] = [];
	const pairs: SyncPair[] = [];
	const firstItemOf = new Map<string, number>();
	requests.forEach((request, index) => {
		const entry = found[index];
		const base = {
			itemIndex: request.itemIndex,
			agentId: request.agentId,
			deviceId: request.deviceId,
		};
		const deviceKey = `${request.agentId}/${request.deviceId}`;
		const firstItemIndex = firstItemOf.get(deviceKey);
		if (firstItemIndex !== undefined) {
			results.push({ ...base, outcome: { status: 'duplicate', firstItemIndex } });
			return;
		}
		firstItemOf.set(deviceKey, request.itemIndex);
		if (!entry.ok) {
			results.push({ ...base, outcome: { status: 'failed', error: entry.error } });
			return;
		}
		const { device, linked } = entry.value;
		const configurations = linked.filter((configuration) => {
			const stored = readStoredLink(configuration, options.linkStore);
			return stored.kind === 'device' && stored.device.deviceId === request.deviceId;
		});
		if (configurations.length !== 1) {
			results.push({
				...base,
				device,
				outcome: {
					status: 'notLinked',
					reason:
						configurations.length === 0
							? 'the device is not linked to a configuration (Match to Configurations with Save Matches as Links, Link, or Create Configurations links it)'
							: `several configurations are linked to the device (${configurations.map((configuration) => configuration.id).join(', ')}); unlink all but one`,
				},
			});
			return;
		}
		pairs.push({
			...base,
			device,
			values: readDeviceValues(device),
			configuration: configurations[0],
		});
	});
	results.push(...(await syncPairs(clients, workspace, pairs, options)));
	return results.sort((a, b) => a.itemIndex - b.itemIndex || a.deviceId - b.deviceId);
}
