import type { SyncClients } from '../clients';
import type { CwConfiguration } from '../connectwise/schemas';
import type { ConcurrencyLimiter } from '../http/limiter';
import { applyPlans } from '../writes/apply';
import type { LinkStore } from './marker';
import type { LinkSetup } from './setup';
import { planFromParts, planPendingRepair } from './writes';

const REPAIRS_AT_ONCE = 4;

/**
 * Writes the mirrors of the links whose markers are pending and confirms the markers: two
 * requests per pending link (and the inventory field's check, once per execution), none when
 * every marker is confirmed. A repair that fails leaves the marker pending for the next run.
 */
export async function repairPendingMirrors(
	clients: SyncClients,
	setup: Pick<LinkSetup, 'mirrorField'> & { writeSlots?: ConcurrencyLimiter },
	configurations: readonly CwConfiguration[],
	options: { linkStore: LinkStore; concurrency?: number },
): Promise<void> {
	const repairs = configurations.flatMap((configuration) => {
		const parts = planPendingRepair(configuration, options.linkStore);
		return parts ? [{ configuration, parts }] : [];
	});
	if (repairs.length === 0) return;
	const fieldReady = await setup.mirrorField().then(
		() => true,
		() => false,
	);
	if (!fieldReady) return;
	await applyPlans(
		clients,
		repairs.map(({ configuration, parts }) => planFromParts(configuration.id, parts)),
		{ concurrency: options.concurrency ?? REPAIRS_AT_ONCE, shared: setup.writeSlots },
	);
}
