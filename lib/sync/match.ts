/**
 * Match to Configurations: resolves each item's device and company, matches the devices against
 * their companies' configurations, and (when asked) saves automatic matches as durable links.
 * A failure is reported on the items it concerns; the other items go on.
 */

import type { SyncClients } from '../clients';
import type { ConfigurationLinkedElsewhere, ConfigurationSummary, MatchScope } from '../match';
import { settleAll } from '../pool';
import { DEFAULT_CONCURRENCY, type SettleOptions } from './options';
import { resolveDevices, type DeviceRequest, type FailedItem } from './settle/devices';
import { matchResolved, type DeviceMatching, type MatchedItem } from './settle/match-devices';
import { saveMatchedLinks } from './settle/save-links';
import { SyncWorkspace } from './workspace';

export interface MatchOptions extends SettleOptions {
	scope: MatchScope;
	saveLinks: boolean;
}

export interface UnmatchedConfiguration extends ConfigurationSummary {
	/** `noMatchingDevice`: nothing links or matches it; `linkedDeviceGone`: its link names a device Domotz no longer has. */
	reason: 'noMatchingDevice' | 'linkedDeviceGone';
	linkedDevice?: { agentId: number; deviceId: number };
	companyName?: string;
	/** Input items whose devices were matched against this configuration's company. */
	itemIndexes: number[];
}

export interface MatchReport {
	items: Array<MatchedItem | FailedItem>;
	unmatchedConfigurations: UnmatchedConfiguration[];
}

export async function runMatch(
	clients: SyncClients,
	requests: readonly DeviceRequest[],
	options: MatchOptions,
): Promise<MatchReport> {
	const workspace = new SyncWorkspace(clients);
	const { resolved, failures } = await resolveDevices(workspace, requests);
	const matching = await matchResolved(workspace, resolved, failures, options);
	if (options.saveLinks) await saveMatchedLinks(clients, workspace, matching, options);
	return {
		items: [...matching.items, ...matching.failures].sort((a, b) => a.itemIndex - b.itemIndex),
		unmatchedConfigurations: await unmatchedConfigurations(workspace, matching),
	};
}

/**
 * The configurations no device matched, and those whose link names a device its agent no longer
 * lists, each with its company's name and the items matched against that company.
 */
async function unmatchedConfigurations(
	workspace: SyncWorkspace,
	{ items, result }: DeviceMatching,
): Promise<UnmatchedConfiguration[]> {
	const companyNames = new Map(
		items.flatMap((item) => (item.company ? [[item.company.id, item.company.name]] : [])),
	);
	const itemsByCompany = new Map<number, number[]>();
	for (const item of items) {
		if (!item.company) continue;
		const indexes = itemsByCompany.get(item.company.id) ?? [];
		indexes.push(item.itemIndex);
		itemsByCompany.set(item.company.id, indexes);
	}
	const allItemIndexes = items.map((item) => item.itemIndex);
	const annotate = (configuration: ConfigurationSummary) => ({
		companyName: companyNames.get(configuration.companyId),
		itemIndexes: itemsByCompany.get(configuration.companyId) ?? allItemIndexes,
	});
	const staleLinks = await findStaleLinks(workspace, result.linkedElsewhere);
	return [
		...result.unmatchedConfigurations.map((configuration) => ({
			...configuration,
			reason: 'noMatchingDevice' as const,
			...annotate(configuration),
		})),
		...staleLinks.map((configuration) => ({
			...configuration,
			reason: 'linkedDeviceGone' as const,
			...annotate(configuration),
		})),
	];
}

/**
 * A configuration whose link names a device outside the input is usually linked to a device of
 * another batch; it is reported only when that device's agent no longer lists it.
 */
async function findStaleLinks(
	workspace: SyncWorkspace,
	linkedElsewhere: readonly ConfigurationLinkedElsewhere[],
): Promise<ConfigurationLinkedElsewhere[]> {
	const agentIds = [
		...new Set(linkedElsewhere.map((configuration) => configuration.linkedDevice.agentId)),
	];
	const listed = await settleAll(agentIds, DEFAULT_CONCURRENCY, (agentId) =>
		workspace.devices(agentId),
	);
	const deviceIdsByAgent = new Map<number, Set<number>>();
	listed.forEach((outcome, index) => {
		if (outcome.ok)
			deviceIdsByAgent.set(agentIds[index], new Set(outcome.value.map((device) => device.id)));
	});
	return linkedElsewhere.filter((configuration) => {
		const known = deviceIdsByAgent.get(configuration.linkedDevice.agentId);
		return known !== undefined && !known.has(configuration.linkedDevice.deviceId);
	});
}
