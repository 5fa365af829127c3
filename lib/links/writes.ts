/**
 * Link writes as plans for the applier: the mirror on the Domotz device first, then the marker on
 * the configuration, which says whether the mirror is written (confirmed) or not (pending). The
 * mirror is a convenience for Domotz users; its failure never undoes or blocks the link itself, and
 * a pending marker tells a later run to write it, without reading any mirror back.
 */

import type { CwConfiguration, CwPatchOperation } from '../connectwise/schemas';
import {
	domotzLinkInventoryField,
	planLinkWrite,
	readStoredLink,
	type DeviceRef,
	type LinkStore,
} from '../links/marker';
import { applyPlans, type StepOutcome, type WritePlan, type WriteStep } from './apply';
import { describeError } from './setup';
import type { SyncClients, SyncWorkspace } from './workspace';

const REPAIRS_AT_ONCE = 4;

export interface LinkSettings {
	linkStore: LinkStore;
	mirrorInDomotz: boolean;
}

export type PreparedLinks =
	| {
			ok: true;
			linkFieldId: number | undefined;
			mirror: boolean;
			/** Why links are not mirrored although the user asked for it. */
			mirrorProblem?: string;
	  }
	| { ok: false; reason: string };

/** Where the link field and the mirror field come from: the workspace, once per execution. */
export interface LinkSetup {
	linkField(store: LinkStore, knownConfiguration?: CwConfiguration): Promise<number | undefined>;
	mirrorField(): Promise<void>;
}

/** Makes sure the link field (and, when asked, the Domotz mirror field) exists. */
export async function prepareLinkWrites(
	setup: LinkSetup,
	settings: LinkSettings,
	knownConfiguration?: CwConfiguration,
): Promise<PreparedLinks> {
	const [linkField, mirrorField] = await Promise.all([
		setup.linkField(settings.linkStore, knownConfiguration).then(
			(id) => ({ ok: true as const, id }),
			(error: unknown) => ({ ok: false as const, reason: describeError(error) }),
		),
		settings.mirrorInDomotz
			? setup.mirrorField().then(
					() => undefined,
					(error: unknown) => describeError(error),
				)
			: Promise.resolve(undefined),
	]);
	if (!linkField.ok) {
		return { ok: false, reason: `the link field could not be prepared: ${linkField.reason}` };
	}
	return {
		ok: true,
		linkFieldId: linkField.id,
		mirror: settings.mirrorInDomotz && mirrorField === undefined,
		...(mirrorField === undefined
			? {}
			: { mirrorProblem: `the Domotz inventory field could not be prepared: ${mirrorField}` }),
	};
}

export type LinkPlan =
	| { kind: 'write'; writes: WritePlan }
	| { kind: 'unavailable'; reason: string };

/** A link's Domotz mirror, and the marker operations sent instead when the mirror fails. */
export interface MirrorPart {
	step: WriteStep;
	/** None: nothing is sent, the marker stays as it is. */
	otherwise: CwPatchOperation[];
}

/**
 * A link as parts of a larger plan: its Domotz mirror first, then the marker operations of the
 * configuration's PATCH, so that the marker can say whether the mirror is written. `save` writes
 * a new link, and nothing of the plan follows a PATCH that failed to save it; `confirm` turns a
 * pending marker into a confirmed one once the mirror is written.
 */
export interface LinkParts {
	purpose: 'save' | 'confirm';
	/** The marker to send once the mirror is written, or when there is no mirror. */
	operations: CwPatchOperation[];
	mirror?: MirrorPart;
}

export type PlannedLinkParts =
	| ({ kind: 'parts' } & LinkParts)
	| { kind: 'unavailable'; reason: string };

/**
 * A new link: with the mirror, the confirmed marker when the mirror is written and the pending
 * one when it fails, so that a later run writes the mirror. The link itself is saved either way.
 */
export function planLinkParts(
	configuration: CwConfiguration,
	device: DeviceRef,
	store: LinkStore,
	linkFieldId: number | undefined,
	mirror: boolean,
): PlannedLinkParts {
	const confirmed = planLinkWrite(
		configuration,
		store,
		{ device, mirror: 'confirmed' },
		linkFieldId,
	);
	if (confirmed.kind === 'unavailable') return confirmed;
	if (!mirror) return { kind: 'parts', purpose: 'save', operations: confirmed.operations };
	const pending = planLinkWrite(configuration, store, { device, mirror: 'pending' }, linkFieldId);
	if (pending.kind === 'unavailable') return pending;
	return {
		kind: 'parts',
		purpose: 'save',
		operations: confirmed.operations,
		mirror: {
			step: mirrorStep(device, String(configuration.id)),
			otherwise: pending.operations,
		},
	};
}

/**
 * The mirror of a link whose marker is pending (a configuration created with it, or a link whose
 * mirror an earlier run could not write), then the confirmed marker; nothing when the mirror fails.
 */
export function planMirrorConfirmation(
	configuration: CwConfiguration,
	device: DeviceRef,
	store: LinkStore,
	linkFieldId?: number,
): PlannedLinkParts {
	const confirmed = planLinkWrite(
		configuration,
		store,
		{ device, mirror: 'confirmed' },
		linkFieldId,
	);
	if (confirmed.kind === 'unavailable') return confirmed;
	return {
		kind: 'parts',
		purpose: 'confirm',
		operations: confirmed.operations,
		mirror: { step: mirrorStep(device, String(configuration.id)), otherwise: [] },
	};
}

/** The repair of a configuration whose marker is pending; undefined for any other marker. */
export function planPendingRepair(
	configuration: CwConfiguration,
	store: LinkStore,
): LinkParts | undefined {
	const stored = readStoredLink(configuration, store);
	if (stored.kind !== 'device' || stored.mirror !== 'pending') return undefined;
	const parts = planMirrorConfirmation(configuration, stored.device, store);
	return parts.kind === 'parts' ? parts : undefined;
}

/** One configuration's link as a whole plan: the mirror (optional), then its marker PATCH. */
export function planFromParts(configurationId: number, parts: LinkParts): WritePlan {
	const marker: WriteStep = {
		kind: 'patchConfiguration',
		configurationId,
		operations: parts.operations,
		...(parts.mirror ? { unlessDone: { step: 0, operations: parts.mirror.otherwise } } : {}),
	};
	return parts.mirror
		? { steps: [parts.mirror.step, marker], optional: new Set([0]) }
		: { steps: [marker] };
}

/** Saves the link of `device` on the configuration, its Domotz mirror first when asked. */
export function planLinkSave(
	configuration: CwConfiguration,
	device: DeviceRef,
	store: LinkStore,
	linkFieldId: number | undefined,
	mirror: boolean,
): LinkPlan {
	const parts = planLinkParts(configuration, device, store, linkFieldId, mirror);
	if (parts.kind === 'unavailable') return parts;
	return { kind: 'write', writes: planFromParts(configuration.id, parts) };
}

/**
 * Clears the marker (either form) on the configuration and the mirror on the device it named.
 * The device may be gone from Domotz, so clearing its mirror is optional.
 */
export function planLinkClear(
	configuration: CwConfiguration,
	device: DeviceRef | undefined,
	store: LinkStore,
	mirror: boolean,
): LinkPlan {
	const marker = planLinkWrite(configuration, store, null);
	if (marker.kind === 'unavailable') return marker;
	const steps: WritePlan['steps'] = [
		{
			kind: 'patchConfiguration',
			configurationId: configuration.id,
			operations: marker.operations,
		},
	];
	if (mirror && device) steps.push(mirrorStep(device, null));
	return { kind: 'write', writes: { steps, optional: new Set([1]) } };
}

export function mirrorStep(device: DeviceRef, value: string | null): WriteStep {
	return {
		kind: 'setDomotzInventory',
		agentId: device.agentId,
		deviceId: device.deviceId,
		key: domotzLinkInventoryField.key,
		value,
	};
}

/**
 * Writes the mirrors of the links whose markers are pending and confirms the markers: two
 * requests per pending link (and the inventory field's check, once per execution), none when
 * every marker is confirmed. By configuration id.
 */
export async function repairPendingMirrors(
	clients: SyncClients,
	workspace: SyncWorkspace,
	configurations: readonly CwConfiguration[],
	options: { linkStore: LinkStore; concurrency?: number },
): Promise<Map<number, LinkSaveOutcome>> {
	const repairs = configurations.flatMap((configuration) => {
		const parts = planPendingRepair(configuration, options.linkStore);
		return parts ? [{ configuration, parts }] : [];
	});
	if (repairs.length === 0) return new Map();
	const fieldReady = await workspace.mirrorField().then(
		() => true,
		() => false,
	);
	if (!fieldReady) return new Map();
	const outcomes = await applyPlans(
		clients,
		repairs.map(({ configuration, parts }) => planFromParts(configuration.id, parts)),
		{ concurrency: options.concurrency ?? REPAIRS_AT_ONCE, shared: workspace.writeSlots },
	);
	return new Map(
		repairs.map(({ configuration }, index) => [
			configuration.id,
			describeMirrorConfirmation(outcomes[index]),
		]),
	);
}

export type LinkSaveOutcome =
	| { status: 'saved'; mirroredInDomotz: boolean; mirrorError?: string }
	| { status: 'notSaved'; reason: string };

/** The marker PATCH and the mirror write among a plan's outcomes (other steps are ignored). */
function linkOutcomes(outcomes: readonly StepOutcome[]) {
	return {
		marker: outcomes.find((outcome) => outcome.step.kind === 'patchConfiguration'),
		mirror: outcomes.find(
			(outcome) => outcome.step.kind === 'setDomotzInventory' && outcome.step.value !== null,
		),
	};
}

const LEFT_PENDING = 'the link is marked "mirror pending", so the next run writes it';

/** Reads the outcome of a link saved by parts with `purpose: 'save'` (planLinkSave). */
export function describeLinkSave(
	outcomes: readonly StepOutcome[],
	mirror: boolean,
): LinkSaveOutcome {
	const found = linkOutcomes(outcomes);
	if (!found.marker || found.marker.status !== 'done') {
		return {
			status: 'notSaved',
			reason: found.marker ? describeStepFailure(found.marker) : 'nothing was written',
		};
	}
	if (!mirror || !found.mirror) return { status: 'saved', mirroredInDomotz: false };
	return found.mirror.status === 'done'
		? { status: 'saved', mirroredInDomotz: true }
		: {
				status: 'saved',
				mirroredInDomotz: false,
				mirrorError: `${describeStepFailure(found.mirror)}; ${LEFT_PENDING}`,
			};
}

/** Reads the outcome of parts with `purpose: 'confirm'`: the link was saved before. */
export function describeMirrorConfirmation(outcomes: readonly StepOutcome[]): LinkSaveOutcome {
	const found = linkOutcomes(outcomes);
	if (!found.mirror) return { status: 'saved', mirroredInDomotz: false };
	if (found.mirror.status !== 'done') {
		return {
			status: 'saved',
			mirroredInDomotz: false,
			mirrorError: `${describeStepFailure(found.mirror)}; ${LEFT_PENDING}`,
		};
	}
	if (found.marker?.status === 'done') return { status: 'saved', mirroredInDomotz: true };
	return {
		status: 'saved',
		mirroredInDomotz: true,
		mirrorError: `the mirror is written but the marker could not be confirmed (${found.marker ? describeStepFailure(found.marker) : 'not attempted'}); the next run confirms it`,
	};
}

export function describeStepFailure(outcome: StepOutcome): string {
	switch (outcome.status) {
		case 'failed':
			return describeError(outcome.error);
		case 'locked':
			return 'Domotz has locked the device for a while (423); try again later';
		case 'notAttempted':
			return 'not attempted because an earlier write failed';
		case 'done':
			return 'done';
	}
}
