/**
 * Link (the guide's manual "Match Configuration"): each device to the configuration the user
 * chose. Links are found by their markers with one query per agent across every company, so the
 * action needs no company link, and a batch costs one read per agent however many devices it names.
 */

import type { SyncClients } from '../clients';
import { isIn } from '../connectwise/conditions';
import type { CwConfiguration } from '../connectwise/schemas';
import type { DomotzDevice } from '../domotz/schemas';
import { SetupError } from '../http/errors';
import { formatMarker, readStoredLink, type DeviceRef } from '../links/marker';
import { prepareLinkWrites, type LinkSettings, type PreparedLinks } from '../links/setup';
import {
	describeLinkSave,
	mirrorIsClear,
	mirrorStep,
	planLinkClear,
	planLinkSave,
	type LinkSaveOutcome,
} from '../links/writes';
import { settleAll, type Settled } from '../pool';
import { applyPlans, describeStepFailure, type StepOutcome, type WritePlan } from '../writes/apply';
import { DEFAULT_CONCURRENCY } from './options';
import type { DeviceItemResult } from './settle/devices';
import { SyncWorkspace } from './workspace';

export interface LinkRequest {
	itemIndex: number;
	agentId: number;
	deviceId: number;
	configurationId: number;
	/** When set, the configuration must belong to this company. */
	companyId?: number;
}

export interface LinkOptions extends LinkSettings {
	/** Take the configuration over from the device it is linked to, instead of refusing. */
	moveLink: boolean;
	concurrency?: number;
}

export type LinkOutcome =
	| {
			status: 'linked';
			configuration: CwConfiguration;
			/** Configurations that were linked to this device before and no longer are. */
			replaced: number[];
			/** The device the configuration was linked to before a move. */
			movedFrom?: DeviceRef;
			link: LinkSaveOutcome;
			/** Earlier links of the device, or the moved device's Domotz mirror, left uncleared. */
			problems: string[];
	  }
	| { status: 'alreadyLinked'; configuration: CwConfiguration }
	| { status: 'refused'; reason: string }
	| { status: 'failed'; error: unknown };

export type LinkRunItem = DeviceItemResult<LinkOutcome>;

const IDS_PER_QUERY = 100;

interface PlannedLink {
	kind: 'write';
	configuration: CwConfiguration;
	replaced: number[];
	movedFrom?: DeviceRef;
	plan: WritePlan;
}

type Decision = PlannedLink | { kind: 'outcome'; outcome: LinkOutcome };

type Targets = Awaited<ReturnType<typeof readTargets>>;

type LinkContext = Settled<{ device: DomotzDevice; linked: CwConfiguration[] }>;

export async function runLink(
	clients: SyncClients,
	requests: readonly LinkRequest[],
	options: LinkOptions,
): Promise<LinkRunItem[]> {
	const concurrency = options.concurrency ?? DEFAULT_CONCURRENCY;
	const workspace = new SyncWorkspace(clients);
	const targets = await readTargets(clients, requests);
	const prepared = targets.ok
		? await prepareLinkWrites(workspace, options, targets.byId.values().next().value)
		: undefined;
	const contexts = await settleAll(requests, concurrency, async (request) => ({
		device: await workspace.device(request.agentId, request.deviceId),
		linked: await workspace.linkedToAgent(request.agentId, options.linkStore),
	}));
	const decisions = decideAll(requests, targets, contexts, prepared, options);
	const planned = decisions.flatMap((decision) => (decision.kind === 'write' ? [decision] : []));
	const outcomes = await applyPlans(
		clients,
		planned.map((entry) => entry.plan),
		{ concurrency },
	);
	const written = new Map(planned.map((entry, index) => [entry, outcomes[index]]));
	const mirror = prepared?.ok === true && prepared.mirror;
	return requests.map((request, index) => {
		const context = contexts[index];
		const base = {
			itemIndex: request.itemIndex,
			agentId: request.agentId,
			deviceId: request.deviceId,
			...(context.ok ? { device: context.value.device } : {}),
		};
		const decision = decisions[index];
		if (decision.kind === 'outcome') return { ...base, outcome: decision.outcome };
		return { ...base, outcome: readLinkOutcome(decision, written.get(decision) ?? [], mirror) };
	});
}

/**
 * Each item's decision, in input order. A configuration or a device that an earlier item of the
 * run already claimed is refused: both items would be planned from the same reads.
 */
function decideAll(
	requests: readonly LinkRequest[],
	targets: Targets,
	contexts: readonly LinkContext[],
	prepared: PreparedLinks | undefined,
	options: LinkOptions,
): Decision[] {
	const claimed = new Map<number, number>();
	const claimedDevices = new Map<string, number>();
	return requests.map((request, index): Decision => {
		const context = contexts[index];
		if (!targets.ok)
			return { kind: 'outcome', outcome: { status: 'failed', error: targets.error } };
		if (!context.ok)
			return { kind: 'outcome', outcome: { status: 'failed', error: context.error } };
		if (!prepared?.ok) {
			const reason = prepared?.reason ?? 'links cannot be written';
			return { kind: 'outcome', outcome: { status: 'failed', error: new SetupError(reason) } };
		}
		const device = formatMarker({ agentId: request.agentId, deviceId: request.deviceId });
		const earlierItem = claimedDevices.get(device);
		if (earlierItem !== undefined) {
			const reason = `Domotz device ${request.deviceId} of agent ${request.agentId} is already linked by item ${earlierItem} of this run`;
			return { kind: 'outcome', outcome: { status: 'refused', reason } };
		}
		const decision = decideLink(
			request,
			targets.byId,
			context.value.linked,
			claimed,
			prepared,
			options,
		);
		if (decision.kind === 'write' || decision.outcome.status === 'alreadyLinked') {
			claimedDevices.set(device, request.itemIndex);
		}
		if (decision.kind === 'write') claimed.set(decision.configuration.id, request.itemIndex);
		return decision;
	});
}

/** A written link's outcome: the new link, the earlier links it cleared, and what stayed. */
function readLinkOutcome(
	decision: PlannedLink,
	stepOutcomes: readonly StepOutcome[],
	mirror: boolean,
): LinkOutcome {
	const marker = stepOutcomes.find(
		(outcome) =>
			outcome.step.kind === 'patchConfiguration' &&
			outcome.step.configurationId === decision.configuration.id,
	);
	const ownMirror = stepOutcomes.find(
		(outcome) => outcome.step.kind === 'setDomotzInventory' && outcome.step.value !== null,
	);
	const rest = stepOutcomes.filter((outcome) => outcome !== marker && outcome !== ownMirror);
	const link = describeLinkSave(
		[marker, ownMirror].flatMap((outcome) => (outcome ? [outcome] : [])),
		mirror,
	);
	if (!marker || link.status === 'notSaved') {
		const reason = link.status === 'notSaved' ? link.reason : 'nothing was written';
		const error = marker?.status === 'failed' ? marker.error : new Error(reason);
		return { status: 'failed', error };
	}
	const stillLinked = rest.flatMap((outcome) =>
		outcome.step.kind === 'patchConfiguration' && outcome.status !== 'done'
			? [{ configurationId: outcome.step.configurationId, outcome }]
			: [],
	);
	const oldMirror = rest.find(
		(outcome) => outcome.step.kind === 'setDomotzInventory' && outcome.step.value === null,
	);
	const problems = stillLinked.map(
		({ configurationId, outcome }) =>
			`configuration ${configurationId} still holds the earlier link of this device: ${describeStepFailure(outcome)}`,
	);
	if (oldMirror && decision.movedFrom && !mirrorIsClear(oldMirror)) {
		problems.push(
			`the Domotz mirror of device ${decision.movedFrom.deviceId} could not be cleared: ${describeStepFailure(oldMirror)}`,
		);
	}
	return {
		status: 'linked',
		configuration: (marker.status === 'done' && marker.configuration) || decision.configuration,
		replaced: decision.replaced.filter(
			(id) => !stillLinked.some((entry) => entry.configurationId === id),
		),
		...(decision.movedFrom ? { movedFrom: decision.movedFrom } : {}),
		link,
		problems,
	};
}

/** What linking one device to its chosen configuration takes, or why it is refused. */
function decideLink(
	request: LinkRequest,
	targets: ReadonlyMap<number, CwConfiguration>,
	linkedToAgent: readonly CwConfiguration[],
	claimed: ReadonlyMap<number, number>,
	prepared: { linkFieldId: number | undefined; mirror: boolean },
	options: LinkOptions,
): PlannedLink | { kind: 'outcome'; outcome: LinkOutcome } {
	const refuse = (reason: string) => ({
		kind: 'outcome' as const,
		outcome: { status: 'refused' as const, reason },
	});
	const configuration = targets.get(request.configurationId);
	if (!configuration) return refuse(`ConnectWise has no configuration ${request.configurationId}`);
	const label = `configuration ${configuration.id} ("${configuration.name ?? ''}")`;
	if (request.companyId !== undefined && configuration.company?.id !== request.companyId) {
		return refuse(
			`${label} belongs to company ${configuration.company?.id ?? '(none)'}, not to company ${request.companyId}`,
		);
	}
	const earlierClaim = claimed.get(configuration.id);
	if (earlierClaim !== undefined) {
		return refuse(`${label} is already chosen for item ${earlierClaim} of this run`);
	}
	const self: DeviceRef = { agentId: request.agentId, deviceId: request.deviceId };
	const stored = readStoredLink(configuration, options.linkStore);
	const replaced = linkedToAgent.filter(
		(candidate) => candidate.id !== configuration.id && isLinkedTo(candidate, self, options),
	);
	const linkedHere = stored.kind === 'device' && sameDevice(stored.device, self);
	if (linkedHere && replaced.length === 0) {
		return { kind: 'outcome', outcome: { status: 'alreadyLinked', configuration } };
	}
	const movedFrom = stored.kind === 'device' && !linkedHere ? stored.device : undefined;
	if (movedFrom && !options.moveLink) {
		return refuse(
			`${label} is linked to Domotz device ${movedFrom.deviceId} of agent ${movedFrom.agentId}; choose "Move Link" to move it to this device`,
		);
	}
	const save = planLinkSave(
		configuration,
		self,
		options.linkStore,
		prepared.linkFieldId,
		prepared.mirror,
	);
	if (save.kind === 'unavailable') return refuse(save.reason);
	// The new link is written before the old ones are cleared: a failure in between leaves two
	// links (reported by Match as a conflict), never none. Each clearing stands alone, so one that
	// fails stops none of the others.
	const steps = [...save.writes.steps];
	const optional = new Set(save.writes.optional);
	for (const earlier of replaced) {
		const clear = planLinkClear(earlier, undefined, options.linkStore, false);
		if (clear.kind !== 'write') continue;
		for (const step of clear.writes.steps) {
			optional.add(steps.length);
			steps.push(step);
		}
	}
	if (movedFrom && prepared.mirror) {
		optional.add(steps.length);
		steps.push(mirrorStep(movedFrom, null));
	}
	return {
		kind: 'write',
		configuration,
		replaced: replaced.map((entry) => entry.id),
		...(movedFrom ? { movedFrom } : {}),
		plan: { steps, optional },
	};
}

async function readTargets(
	clients: SyncClients,
	requests: readonly LinkRequest[],
): Promise<{ ok: true; byId: Map<number, CwConfiguration> } | { ok: false; error: unknown }> {
	const ids = [...new Set(requests.map((request) => request.configurationId))];
	const chunks: number[][] = [];
	for (let start = 0; start < ids.length; start += IDS_PER_QUERY)
		chunks.push(ids.slice(start, start + IDS_PER_QUERY));
	const read = await settleAll(chunks, 2, (chunk) =>
		clients.connectwise.listConfigurations({ conditions: isIn('id', chunk) }),
	);
	const failed = read.find((outcome) => !outcome.ok);
	if (failed && !failed.ok) return { ok: false, error: failed.error };
	const byId = new Map<number, CwConfiguration>();
	for (const outcome of read)
		if (outcome.ok)
			for (const configuration of outcome.value) byId.set(configuration.id, configuration);
	return { ok: true, byId };
}

function isLinkedTo(
	configuration: CwConfiguration,
	device: DeviceRef,
	settings: LinkSettings,
): boolean {
	const stored = readStoredLink(configuration, settings.linkStore);
	return stored.kind === 'device' && sameDevice(stored.device, device);
}

function sameDevice(a: DeviceRef, b: DeviceRef): boolean {
	return a.agentId === b.agentId && a.deviceId === b.deviceId;
}
