/**
 * Unlink: removes links on both sides. Configurations are never deleted nor deactivated: only the
 * marker is cleared, and the Domotz mirror with it. Links are found by their markers, one query
 * per agent.
 */

import type { SyncClients } from '../clients';
import type { CwConfiguration } from '../connectwise/schemas';
import { readStoredLink } from '../links/marker';
import type { LinkSettings } from '../links/setup';
import { mirrorIsClear, mirrorStep, planLinkClear } from '../links/writes';
import { settleAll, type Settled } from '../pool';
import { applyPlans, describeStepFailure, type StepOutcome, type WritePlan } from '../writes/apply';
import { DEFAULT_CONCURRENCY } from './options';
import { SyncWorkspace } from './workspace';

export interface UnlinkRequest {
	itemIndex: number;
	agentId: number;
	/** Absent: every device of the agent. */
	deviceId?: number;
}

export type UnlinkOutcome =
	| {
			status: 'unlinked';
			configurations: Array<{ id: number; name: string | null }>;
			mirrorCleared: boolean;
			problems: string[];
	  }
	| { status: 'notLinked' }
	| { status: 'failed'; error: unknown };

export interface UnlinkRunItem {
	itemIndex: number;
	agentId: number;
	/** Absent for an agent without links: device 0 would name its collector. */
	deviceId?: number;
	outcome: UnlinkOutcome;
}

/** One device's links to clear, for the item that asked. */
interface UnlinkWork {
	request: UnlinkRequest;
	deviceId: number;
	configurations: CwConfiguration[];
}

export async function runUnlink(
	clients: SyncClients,
	requests: readonly UnlinkRequest[],
	options: LinkSettings & { concurrency?: number },
): Promise<UnlinkRunItem[]> {
	const workspace = new SyncWorkspace(clients);
	const concurrency = options.concurrency ?? DEFAULT_CONCURRENCY;
	const linkedByAgent = await settleAll(requests, concurrency, (request) =>
		workspace.linkedToAgent(request.agentId, options.linkStore),
	);
	const { results, work } = findLinks(requests, linkedByAgent, options);
	const plans = work.map((entry) => planUnlink(entry, options));
	const outcomes = await applyPlans(
		clients,
		plans.map((entry) => entry.plan),
		{ concurrency },
	);
	work.forEach((entry, index) => {
		results.push(readUnlinkOutcome(entry, outcomes[index], plans[index].problems));
	});
	const covered = new Set(results.map((result) => result.itemIndex));
	for (const request of requests) {
		if (!covered.has(request.itemIndex))
			results.push({
				itemIndex: request.itemIndex,
				agentId: request.agentId,
				deviceId: request.deviceId,
				outcome: { status: 'notLinked' },
			});
	}
	return results.sort(
		(a, b) => a.itemIndex - b.itemIndex || (a.deviceId ?? -1) - (b.deviceId ?? -1),
	);
}

/**
 * The links each item asks to remove, by device; a configuration two items name is cleared once.
 * Items settled without a write (a failed read, a device without a link) are results already.
 */
function findLinks(
	requests: readonly UnlinkRequest[],
	linkedByAgent: ReadonlyArray<Settled<CwConfiguration[]>>,
	settings: LinkSettings,
): { results: UnlinkRunItem[]; work: UnlinkWork[] } {
	const results: UnlinkRunItem[] = [];
	const work: UnlinkWork[] = [];
	const seen = new Set<number>();
	requests.forEach((request, index) => {
		const linked = linkedByAgent[index];
		const base = {
			itemIndex: request.itemIndex,
			agentId: request.agentId,
			deviceId: request.deviceId,
		};
		if (!linked.ok) {
			results.push({ ...base, outcome: { status: 'failed', error: linked.error } });
			return;
		}
		const byDevice = new Map<number, CwConfiguration[]>();
		for (const configuration of linked.value) {
			const stored = readStoredLink(configuration, settings.linkStore);
			if (stored.kind !== 'device') continue;
			if (request.deviceId !== undefined && stored.device.deviceId !== request.deviceId) continue;
			const list = byDevice.get(stored.device.deviceId) ?? [];
			list.push(configuration);
			byDevice.set(stored.device.deviceId, list);
		}
		if (request.deviceId !== undefined && !byDevice.has(request.deviceId)) {
			results.push({ ...base, outcome: { status: 'notLinked' } });
			return;
		}
		for (const [deviceId, configurations] of byDevice) {
			const fresh = configurations.filter((configuration) => !seen.has(configuration.id));
			fresh.forEach((configuration) => seen.add(configuration.id));
			if (fresh.length > 0) work.push({ request, deviceId, configurations: fresh });
		}
	});
	return { results, work };
}

/** Every marker of the device cleared, then (optionally) its Domotz mirror. */
function planUnlink(
	{ request, deviceId, configurations }: UnlinkWork,
	settings: LinkSettings,
): { plan: WritePlan; problems: string[] } {
	const steps: WritePlan['steps'] = [];
	const problems: string[] = [];
	for (const configuration of configurations) {
		const clear = planLinkClear(configuration, undefined, settings.linkStore, false);
		if (clear.kind === 'write') steps.push(...clear.writes.steps);
		else problems.push(`configuration ${configuration.id}: ${clear.reason}`);
	}
	const optional = new Set<number>();
	if (settings.mirrorInDomotz && steps.length > 0) {
		optional.add(steps.length);
		steps.push(mirrorStep({ agentId: request.agentId, deviceId }, null));
	}
	return { plan: { steps, optional }, problems };
}

function readUnlinkOutcome(
	{ request, deviceId, configurations }: UnlinkWork,
	stepOutcomes: readonly StepOutcome[],
	planProblems: readonly string[],
): UnlinkRunItem {
	const patches = stepOutcomes.filter((outcome) => outcome.step.kind === 'patchConfiguration');
	const failedPatch = patches.find((outcome) => outcome.status !== 'done');
	const mirror = stepOutcomes.find((outcome) => outcome.step.kind === 'setDomotzInventory');
	const problems = [...planProblems];
	if (mirror && !mirrorIsClear(mirror)) {
		problems.push(`the Domotz mirror could not be cleared: ${describeStepFailure(mirror)}`);
	}
	return {
		itemIndex: request.itemIndex,
		agentId: request.agentId,
		deviceId,
		outcome:
			failedPatch && failedPatch.status === 'failed'
				? { status: 'failed', error: failedPatch.error }
				: {
						status: 'unlinked',
						configurations: configurations.map((configuration) => ({
							id: configuration.id,
							name: configuration.name ?? null,
						})),
						mirrorCleared: mirror !== undefined && mirrorIsClear(mirror),
						problems,
					},
	};
}
