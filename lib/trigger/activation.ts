/**
 * What a Domotz Trigger does on activation and deactivation: find its Shared Alert Profile by name,
 * bind it where the chosen events need it, and later remove exactly the bindings it made.
 */

import type { DomotzClient } from '../domotz/client';
import { isAgentApiEnabled, type DomotzAlertProfile } from '../domotz/schemas';
import type { BindingTarget, DomotzWebhookEventName } from '../domotz/webhook-events';
import { SetupError } from '../http/errors';
import { settleAll } from '../pool';
import {
	bindingKey,
	followsDiscoveries,
	missingProfileEvents,
	planBindings,
	splitExisting,
	unique,
	wantedBindings,
	watchesDevices,
	type BindingPlan,
	type BindingRecord,
} from './bindings';

/** The trigger's parameters that decide its bindings. */
export interface TriggerSetup {
	/** The Shared Alert Profile's name, as the Portal shows it. */
	profileName: string;
	events: readonly DomotzWebhookEventName[];
	/** Every agent the key can use, or these. */
	agents: 'all' | readonly number[];
}

/** Bindings are made and removed a few at a time, well within Domotz's own in-flight cap. */
const BINDING_CONCURRENCY = 4;

/** The enabled profile of that name that sends every chosen event; anything else is a setup error. */
async function findAlertProfile(
	domotz: DomotzClient,
	setup: Pick<TriggerSetup, 'profileName' | 'events'>,
): Promise<DomotzAlertProfile> {
	const wanted = setup.profileName.trim();
	const matches = (await domotz.listAlertProfiles()).filter(
		(profile) => (profile.name ?? '').trim() === wanted,
	);
	const portalStep =
		"In the Domotz Portal, create a Shared Alert Profile with a Webhook contact channel to this node's Production URL, then choose it here.";
	if (matches.length === 0) {
		throw new SetupError(`Domotz has no Shared Alert Profile named "${wanted}"`, portalStep);
	}
	if (matches.length > 1) {
		throw new SetupError(
			`Domotz has ${matches.length} Shared Alert Profiles named "${wanted}"`,
			'Give the profile for this trigger a name of its own in the Domotz Portal.',
		);
	}
	const [profile] = matches;
	if (profile.is_enabled === false) {
		throw new SetupError(
			`The Shared Alert Profile "${wanted}" is disabled`,
			'Enable it in the Domotz Portal.',
		);
	}
	const missing = missingProfileEvents(setup.events, profile.events ?? []);
	if (missing.length > 0) {
		throw new SetupError(
			`The Shared Alert Profile "${wanted}" does not send ${missing.join(', ')}`,
			'Add these events to the profile in the Domotz Portal, or leave them out of the trigger.',
		);
	}
	return profile;
}

/** What activation finds: the plan, and what the record must say besides the bindings. */
interface TriggerPlan {
	plan: BindingPlan;
	followedAgents: number[];
	foreign: BindingTarget[];
}

/** The bindings the setup needs, compared with those that exist and those the trigger made. */
async function planTriggerBindings(
	domotz: DomotzClient,
	setup: TriggerSetup,
	profile: DomotzAlertProfile,
	record: BindingRecord | undefined,
): Promise<TriggerPlan> {
	const ownRecord = record?.profileId === profile.id ? record : undefined;
	const agentIds =
		setup.agents === 'all'
			? (await domotz.listAgents()).filter(isAgentApiEnabled).map((agent) => agent.id)
			: [...new Set(setup.agents)];
	const needsDevices = watchesDevices(setup.events);
	// The client keeps its requests within Domotz's in-flight cap.
	const devicesByAgent = new Map(
		await Promise.all(
			agentIds.map(async (agentId) => {
				const deviceIds = needsDevices
					? (await domotz.listDevices(agentId)).map((device) => device.id)
					: [];
				return [agentId, deviceIds] as const;
			}),
		),
	);
	const profileEvents = profile.events ?? [];
	const wanted = wantedBindings({ events: setup.events, profileEvents, devicesByAgent });
	const made = ownRecord?.bindings ?? [];
	const followed = new Set(ownRecord?.followedAgents);
	const agentsToRead = [
		...new Set([...agentIds, ...made.map((target) => target.agentId), ...followed]),
	];
	const existing = (
		await Promise.all(
			agentsToRead.map((agentId) =>
				existingBindings(domotz, profile.id, agentId, {
					devices:
						needsDevices ||
						followed.has(agentId) ||
						made.some((target) => isDeviceOf(target, agentId)),
				}),
			),
		)
	).flat();
	const { own, foreign } = splitExisting(existing, ownRecord);
	return {
		plan: planBindings({ wanted, existing, own }),
		followedAgents: followsDiscoveries(setup.events, profileEvents) ? agentIds : [],
		foreign,
	};
}

/**
 * Checks the trigger's bindings: true when the recorded profile is still the one named and every
 * binding the setup needs exists (n8n's `checkExists`).
 */
export async function triggerBindingsInPlace(
	domotz: DomotzClient,
	setup: TriggerSetup,
	record: BindingRecord | undefined,
): Promise<boolean> {
	if (!record) return false;
	const profile = await findAlertProfile(domotz, setup);
	if (profile.id !== record.profileId) return false;
	const { plan, followedAgents } = await planTriggerBindings(domotz, setup, profile, record);
	return (
		plan.toBind.length === 0 &&
		plan.toUnbind.length === 0 &&
		sameMembers(followedAgents, record.followedAgents)
	);
}

/**
 * Binds the named profile where the setup needs it and answers the record to keep. Bindings the
 * trigger made for another profile before are removed first; bindings anyone else made are left
 * alone and never recorded.
 */
export async function activateTrigger(
	domotz: DomotzClient,
	setup: TriggerSetup,
	record: BindingRecord | undefined,
): Promise<BindingRecord> {
	const profile = await findAlertProfile(domotz, setup);
	if (record && record.profileId !== profile.id) {
		const { error } = await deactivateTrigger(domotz, record);
		if (error !== undefined) throw error;
	}
	const { plan, followedAgents, foreign } = await planTriggerBindings(
		domotz,
		setup,
		profile,
		record,
	);
	const bindings = await applyTriggerBindings(domotz, profile.id, plan);
	return { profileId: profile.id, bindings, followedAgents, foreign };
}

/**
 * Removes the bindings the trigger made: those it made on activation and, on the agents it
 * followed, those to devices that were not bound before it. Answers what is left of the record (the
 * bindings whose removal failed, the followed agents whose bindings could not be read) with the
 * first failure, for the caller to keep and report.
 */
export async function deactivateTrigger(
	domotz: DomotzClient,
	record: BindingRecord,
): Promise<{ left: BindingRecord | undefined; error?: unknown }> {
	const read = await settleAll(record.followedAgents, BINDING_CONCURRENCY, (agentId) =>
		existingBindings(domotz, record.profileId, agentId, { devices: true }),
	);
	const unread = record.followedAgents.filter((_agentId, index) => !read[index].ok);
	const discovered = splitExisting(
		read.flatMap((outcome) => (outcome.ok ? outcome.value : [])),
		record,
	).own;
	const { left, error } = await removeBindings(
		domotz,
		record.profileId,
		unique([...record.bindings, ...discovered]),
	);
	const readFailure = read.find((outcome) => !outcome.ok);
	const firstError = error ?? (readFailure && !readFailure.ok ? readFailure.error : undefined);
	return {
		left:
			left.length > 0 || unread.length > 0
				? {
						profileId: record.profileId,
						bindings: left,
						followedAgents: unread,
						foreign: record.foreign,
					}
				: undefined,
		...(firstError === undefined ? {} : { error: firstError }),
	};
}

/**
 * A device that appeared on a followed agent: the profile is bound to it, so that its device events
 * reach the trigger too. Nothing is recorded: on deactivation every binding of the profile to a
 * device of a followed agent that was not there before the trigger is removed.
 */
export async function bindNewDevice(
	domotz: DomotzClient,
	record: BindingRecord,
	target: Required<BindingTarget>,
): Promise<void> {
	if (!record.followedAgents.includes(target.agentId)) return;
	if (record.bindings.some((own) => bindingKey(own) === bindingKey(target))) return;
	await domotz.bindAlertProfile(record.profileId, target);
}

/**
 * Binds what the plan lacks and removes what the trigger made and no longer needs; answers the
 * record to keep. A failed binding undoes the ones this call made before it throws, so nothing is
 * left bound that no record remembers; a failed removal stays in the record, to be tried again.
 */
async function applyTriggerBindings(
	domotz: DomotzClient,
	profileId: number,
	plan: BindingPlan,
): Promise<BindingTarget[]> {
	const bound = await settleAll(plan.toBind, BINDING_CONCURRENCY, async (target) => {
		await domotz.bindAlertProfile(profileId, target);
		return target;
	});
	const made = bound.flatMap((outcome) => (outcome.ok ? [outcome.value] : []));
	const failure = bound.find((outcome) => !outcome.ok);
	if (failure && !failure.ok) {
		await removeBindings(domotz, profileId, made);
		throw failure.error;
	}
	const { left } = await removeBindings(domotz, profileId, plan.toUnbind);
	return [...plan.keptOwn, ...left, ...made];
}

/** Removes bindings; a binding already gone counts as removed. Answers those that failed. */
async function removeBindings(
	domotz: DomotzClient,
	profileId: number,
	targets: readonly BindingTarget[],
): Promise<{ left: BindingTarget[]; error?: unknown }> {
	const removed = await settleAll(targets, BINDING_CONCURRENCY, (target) =>
		domotz.unbindAlertProfile(profileId, target),
	);
	const left = targets.filter((_target, index) => !removed[index].ok);
	const failure = removed.find((outcome) => !outcome.ok);
	return failure && !failure.ok ? { left, error: failure.error } : { left };
}

async function existingBindings(
	domotz: DomotzClient,
	profileId: number,
	agentId: number,
	read: { devices: boolean },
): Promise<BindingTarget[]> {
	const [agentBindings, deviceBindings] = await Promise.all([
		domotz.listAgentAlertProfileBindings(agentId),
		read.devices ? domotz.listDeviceAlertProfileBindings(agentId) : Promise.resolve([]),
	]);
	return [
		...agentBindings
			.filter((binding) => binding.alert_profile_id === profileId)
			.map(() => ({ agentId })),
		...deviceBindings
			.filter((binding) => binding.alert_profile_id === profileId)
			.map((binding) => ({ agentId, deviceId: binding.device_id })),
	];
}

function isDeviceOf(target: BindingTarget, agentId: number): boolean {
	return target.agentId === agentId && target.deviceId !== undefined;
}

function sameMembers(left: readonly number[], right: readonly number[]): boolean {
	const rightSet = new Set(right);
	return new Set(left).size === rightSet.size && left.every((value) => rightSet.has(value));
}
