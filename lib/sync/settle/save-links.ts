import type { SyncClients } from '../../clients';
import type { CwConfiguration } from '../../connectwise/schemas';
import { repairPendingMirrors } from '../../links/mirror-repair';
import { prepareLinkWrites, type LinkSettings } from '../../links/setup';
import { describeLinkSave, planLinkSave } from '../../links/writes';
import { applyPlans } from '../../writes/apply';
import { DEFAULT_CONCURRENCY } from '../options';
import type { SyncWorkspace } from '../workspace';
import type { DeviceMatching, MatchedItem } from './match-devices';

type SaveOptions = LinkSettings & { concurrency?: number };

/**
 * Makes automatic matches durable: each matched device's link is written to its configuration
 * (and mirrored in Domotz when asked), and the item records how that went in `linkSave`. With the
 * mirror on, the links matching found whose mirror an earlier run could not write get it now.
 */
export async function saveMatchedLinks(
	clients: SyncClients,
	workspace: SyncWorkspace,
	{ items, configurations }: DeviceMatching,
	options: SaveOptions,
): Promise<void> {
	await saveLinks(clients, workspace, items, configurations, options);
	if (options.mirrorInDomotz) {
		await repairPendingMirrors(
			clients,
			workspace,
			linkedConfigurations(items, configurations),
			options,
		);
	}
}

/** The configurations that matching found already linked to the input's devices. */
function linkedConfigurations(
	items: readonly MatchedItem[],
	configurations: ReadonlyMap<number, CwConfiguration>,
): CwConfiguration[] {
	return items.flatMap(({ match }) => {
		const configuration =
			match.status === 'linked' ? configurations.get(match.configurationId) : undefined;
		return configuration ? [configuration] : [];
	});
}

async function saveLinks(
	clients: SyncClients,
	workspace: SyncWorkspace,
	items: readonly MatchedItem[],
	configurations: ReadonlyMap<number, CwConfiguration>,
	options: SaveOptions,
): Promise<void> {
	const toSave = items.flatMap((item) => {
		const configuration =
			item.match.status === 'matched' ? configurations.get(item.match.configurationId) : undefined;
		return configuration ? [{ item, configuration }] : [];
	});
	if (toSave.length === 0) return;
	const prepared = await prepareLinkWrites(workspace, options, toSave[0].configuration);
	if (!prepared.ok) {
		for (const { item } of toSave) item.linkSave = { status: 'notSaved', reason: prepared.reason };
		return;
	}
	const planned = toSave.map(({ item, configuration }) => ({
		item,
		plan: planLinkSave(
			configuration,
			{ agentId: item.agentId, deviceId: item.device.id },
			options.linkStore,
			prepared.linkFieldId,
			prepared.mirror,
		),
	}));
	const writable = planned.flatMap((entry) =>
		entry.plan.kind === 'write' ? [{ item: entry.item, writes: entry.plan.writes }] : [],
	);
	const outcomes = await applyPlans(
		clients,
		writable.map((entry) => entry.writes),
		{ concurrency: options.concurrency ?? DEFAULT_CONCURRENCY, shared: workspace.writeSlots },
	);
	for (const entry of planned) {
		if (entry.plan.kind === 'unavailable')
			entry.item.linkSave = { status: 'notSaved', reason: entry.plan.reason };
	}
	writable.forEach((entry, index) => {
		entry.item.linkSave = describeLinkSave(outcomes[index], prepared.mirror);
	});
}
