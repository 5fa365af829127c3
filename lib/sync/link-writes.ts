/**
 * Link writes as plans for the applier: the marker on the configuration first, then its mirror
 * on the Domotz device. The mirror is a convenience for Domotz users; its failure never undoes or
 * blocks the link itself.
 */

import type { CwConfiguration, CwPatchOperation } from '../connectwise/schemas';
import {
	domotzLinkInventoryField,
	planLinkWrite,
	type DeviceRef,
	type LinkStore,
} from '../links/marker';
import type { StepOutcome, WritePlan, WriteStep } from './apply';
import { describeError } from './setup';

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

/** A link as parts of a larger plan: the marker operations of a PATCH, then the mirror. */
export type LinkParts =
	| { kind: 'parts'; operations: CwPatchOperation[]; mirror?: WriteStep }
	| { kind: 'unavailable'; reason: string };

export function planLinkParts(
	configuration: CwConfiguration,
	device: DeviceRef,
	store: LinkStore,
	linkFieldId: number | undefined,
	mirror: boolean,
): LinkParts {
	const marker = planLinkWrite(configuration, store, device, linkFieldId);
	if (marker.kind === 'unavailable') return marker;
	return {
		kind: 'parts',
		operations: marker.operations,
		...(mirror ? { mirror: mirrorStep(device, String(configuration.id)) } : {}),
	};
}

/** Sets the marker of `device` on the configuration, then mirrors the configuration id in Domotz. */
export function planLinkSave(
	configuration: CwConfiguration,
	device: DeviceRef,
	store: LinkStore,
	linkFieldId: number | undefined,
	mirror: boolean,
): LinkPlan {
	const parts = planLinkParts(configuration, device, store, linkFieldId, mirror);
	if (parts.kind === 'unavailable') return parts;
	const steps: WriteStep[] = [
		{ kind: 'patchConfiguration', configurationId: configuration.id, operations: parts.operations },
		...(parts.mirror ? [parts.mirror] : []),
	];
	return { kind: 'write', writes: { steps, optional: new Set(parts.mirror ? [1] : []) } };
}

/**
 * Clears the marker on the configuration and the mirror on the device it named. The device may
 * be gone from Domotz, so clearing its mirror is optional.
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

/** Reads the outcome of a plan made by planLinkSave or planLinkClear. */
export function describeLinkSave(
	outcomes: readonly StepOutcome[],
	mirror: boolean,
): LinkSaveOutcome {
	const [marker, mirrored] = outcomes;
	if (!marker || marker.status !== 'done') {
		return {
			status: 'notSaved',
			reason: marker ? describeStepFailure(marker) : 'nothing was written',
		};
	}
	if (!mirror || !mirrored) return { status: 'saved', mirroredInDomotz: false };
	return mirrored.status === 'done'
		? { status: 'saved', mirroredInDomotz: true }
		: { status: 'saved', mirroredInDomotz: false, mirrorError: describeStepFailure(mirrored) };
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
