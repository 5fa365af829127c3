/**
 * Retired devices: a configuration whose link names a device its agent no longer lists (or, for
 * an agent gone from the account, any device of it, its collector included). Reported, given a
 * status, or unlinked as the user chose; never deleted. Only a successful, non-empty device list
 * can tell that a device is gone: it is read with hidden and excluded devices, so a device the
 * user's options leave out of the sync is still listed.
 */

import type { SyncClients } from '../clients';
import { isIn } from '../connectwise/conditions';
import type { CwConfiguration, CwPatchOperation } from '../connectwise/schemas';
import { COLLECTOR_DEVICE_ID, readStoredLink, type LinkStore } from '../links/marker';
import { planLinkClear } from '../links/writes';
import { applyPlans, describeStepFailure, type StepOutcome, type WritePlan } from '../writes/apply';
import type { GoneDeviceRule } from './options';
import type { SyncWorkspace } from './workspace';

/** A configuration linked to a device that is gone. */
export interface GoneLink {
	deviceId: number;
	configuration: CwConfiguration;
}

export interface ConfigurationStatus {
	id: number;
	name: string | null;
}

export type GoneOutcome =
	| { status: 'reported' }
	| {
			status: 'statusSet' | 'wouldSetStatus';
			statusId: number;
			previousStatus: ConfigurationStatus | null;
	  }
	| { status: 'statusAlreadySet'; statusId: number }
	| { status: 'unlinked' | 'wouldUnlink'; note: string }
	| { status: 'notChanged'; reason: string }
	| { status: 'failed'; error: unknown };

export interface GoneDeviceReport {
	/** 0 is the collector of an agent gone from the account. */
	deviceId: number;
	configurationId: number;
	configurationName: string | null;
	companyId: number | null;
	outcome: GoneOutcome;
}

export interface GoneDeviceOptions {
	/** Absent: reported only. */
	whenDeviceGone?: GoneDeviceRule;
	dryRun: boolean;
	linkStore: LinkStore;
	concurrency?: number;
}

/** The plan for one gone link: nothing to write, or a write and what it means once done. */
export type GonePlan =
	| { kind: 'none'; outcome: GoneOutcome }
	| { kind: 'write'; plan: WritePlan; done: GoneOutcome; planned: GoneOutcome };

/** Ids of configurations per status query: a few hundred bytes of URL. */
const IDS_PER_QUERY = 100;
/** Gone-device writes in flight when the run does not share its write slots. */
const WRITES_AT_ONCE = 4;

/**
 * Configurations whose marker names a device of the agent that `isListed` denies, in the order
 * given. Pure.
 */
export function findGoneLinks(
	agentId: number,
	isListed: (deviceId: number) => boolean,
	configurations: readonly CwConfiguration[],
	store: LinkStore,
): GoneLink[] {
	return configurations.flatMap((configuration): GoneLink[] => {
		const stored = readStoredLink(configuration, store);
		if (stored.kind !== 'device' || stored.device.agentId !== agentId) return [];
		if (isListed(stored.device.deviceId)) return [];
		return [{ deviceId: stored.device.deviceId, configuration }];
	});
}

function unlinkNote(deviceId: number): string {
	return deviceId === COLLECTOR_DEVICE_ID
		? 'the agent is gone from Domotz, so only the ConnectWise side of the link was there to clear'
		: 'the Domotz mirror (ConnectWise Configuration ID) cannot be cleared: Domotz no longer lists the device';
}

/**
 * What the rule does to one gone link; for Set Configuration Status the configuration's status
 * must have been read. Pure.
 */
export function planGoneLink(link: GoneLink, rule: GoneDeviceRule, store: LinkStore): GonePlan {
	const { configuration } = link;
	switch (rule.action) {
		case 'report':
			return { kind: 'none', outcome: { status: 'reported' } };
		case 'setStatus': {
			const current = configuration.status;
			if (current?.id === rule.statusId) {
				return { kind: 'none', outcome: { status: 'statusAlreadySet', statusId: rule.statusId } };
			}
			const operations: CwPatchOperation[] = [
				{ op: 'replace', path: 'status', value: { id: rule.statusId } },
			];
			const previousStatus = current ? { id: current.id, name: current.name ?? null } : null;
			return {
				kind: 'write',
				plan: {
					steps: [{ kind: 'patchConfiguration', configurationId: configuration.id, operations }],
				},
				done: { status: 'statusSet', statusId: rule.statusId, previousStatus },
				planned: { status: 'wouldSetStatus', statusId: rule.statusId, previousStatus },
			};
		}
		case 'unlink': {
			// Without the mirror: the device it would be cleared on is gone.
			const clear = planLinkClear(configuration, undefined, store, false);
			if (clear.kind === 'unavailable') {
				return { kind: 'none', outcome: { status: 'notChanged', reason: clear.reason } };
			}
			const note = unlinkNote(link.deviceId);
			return {
				kind: 'write',
				plan: clear.writes,
				done: { status: 'unlinked', note },
				planned: { status: 'wouldUnlink', note },
			};
		}
	}
}

/** The gone devices of a listed agent, found in its company's configurations, settled by the rule. */
export async function settleGoneDevices(
	clients: SyncClients,
	workspace: SyncWorkspace,
	agentId: number,
	configurations: readonly CwConfiguration[],
	options: GoneDeviceOptions,
): Promise<GoneDeviceReport[]> {
	const listed = await workspace.devicesById(agentId);
	// An empty list beside live links looks more like an agent that answered badly than one whose
	// every device was retired: nothing is called gone on its word.
	if (listed.size === 0) return [];
	const links = findGoneLinks(
		agentId,
		(deviceId) => deviceId === COLLECTOR_DEVICE_ID || listed.has(deviceId),
		configurations,
		options.linkStore,
	);
	return await settleGoneLinks(clients, workspace, links, options);
}

/** Each gone link settled by the rule: planned in a dry run, written through the applier otherwise. */
export async function settleGoneLinks(
	clients: SyncClients,
	workspace: SyncWorkspace,
	links: readonly GoneLink[],
	options: GoneDeviceOptions,
): Promise<GoneDeviceReport[]> {
	if (links.length === 0) return [];
	const rule = options.whenDeviceGone ?? { action: 'report' };
	const read =
		rule.action === 'setStatus' ? await withStatuses(clients, links) : { ok: true as const, links };
	if (!read.ok) {
		return links.map((link) => goneReport(link, { status: 'failed', error: read.error }));
	}
	const plans = read.links.map((link) => planGoneLink(link, rule, options.linkStore));
	const writing = options.dryRun
		? []
		: plans.flatMap((plan) => (plan.kind === 'write' ? [plan] : []));
	const outcomes = await applyPlans(
		clients,
		writing.map((plan) => plan.plan),
		{ concurrency: options.concurrency ?? WRITES_AT_ONCE, shared: workspace.writeSlots },
	);
	const written = new Map(writing.map((plan, index) => [plan, outcomes[index]]));
	return read.links.map((link, index) => {
		const plan = plans[index];
		if (plan.kind === 'none') return goneReport(link, plan.outcome);
		if (options.dryRun) return goneReport(link, plan.planned);
		return goneReport(link, writtenOutcome(plan, written.get(plan) ?? []));
	});
}

function goneReport(link: GoneLink, outcome: GoneOutcome): GoneDeviceReport {
	return {
		deviceId: link.deviceId,
		configurationId: link.configuration.id,
		configurationName: link.configuration.name ?? null,
		companyId: link.configuration.company?.id ?? null,
		outcome,
	};
}

function writtenOutcome(
	plan: Extract<GonePlan, { kind: 'write' }>,
	steps: readonly StepOutcome[],
): GoneOutcome {
	const failed = steps.find((step) => step.status !== 'done');
	if (!failed) return plan.done;
	return {
		status: 'failed',
		error: failed.status === 'failed' ? failed.error : new Error(describeStepFailure(failed)),
	};
}

/**
 * The links with their configurations' statuses, read by id when not already known: the
 * company's sweep leaves them out.
 */
async function withStatuses(
	clients: SyncClients,
	links: readonly GoneLink[],
): Promise<{ ok: true; links: readonly GoneLink[] } | { ok: false; error: unknown }> {
	const unknown = links.filter((link) => link.configuration.status === undefined);
	if (unknown.length === 0) return { ok: true, links };
	const ids = [...new Set(unknown.map((link) => link.configuration.id))];
	const batches: number[][] = [];
	for (let start = 0; start < ids.length; start += IDS_PER_QUERY) {
		batches.push(ids.slice(start, start + IDS_PER_QUERY));
	}
	const statuses = new Map<number, CwConfiguration['status']>();
	try {
		const read = await Promise.all(
			batches.map((batch) =>
				clients.connectwise.listConfigurations({
					conditions: isIn('id', batch),
					fields: ['status/id', 'status/name'],
				}),
			),
		);
		for (const configuration of read.flat()) {
			statuses.set(configuration.id, configuration.status ?? null);
		}
	} catch (error) {
		return { ok: false, error };
	}
	return {
		ok: true,
		links: links.map((link) =>
			statuses.has(link.configuration.id)
				? {
						...link,
						configuration: { ...link.configuration, status: statuses.get(link.configuration.id) },
					}
				: link,
		),
	};
}
