/**
 * Link writes as plans for the applier: the mirror on the Domotz device first, then the marker on
 * the configuration, which says whether the mirror is written (confirmed) or not (pending). The
 * mirror is a convenience for Domotz users; its failure never undoes or blocks the link itself, and
 * a pending marker tells a later run to write it, without reading any mirror back.
 */

import type { CwConfiguration, CwPatchOperation } from '../connectwise/schemas';
import { ApiError } from '../http/errors';
import {
	describeStepFailure,
	type StepOutcome,
	type WritePlan,
	type WriteStep,
} from '../writes/apply';
import {
	domotzLinkInventoryField,
	planLinkWrite,
	readStoredLink,
	type DeviceRef,
	type LinkStore,
} from './marker';

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

/** A mirror Domotz cannot find (no such field, device or agent) holds no value to clear. */
export function mirrorIsClear(outcome: StepOutcome): boolean {
	return (
		outcome.status === 'done' ||
		(outcome.status === 'failed' &&
			outcome.error instanceof ApiError &&
			outcome.error.reason === 'notFound')
	);
}
