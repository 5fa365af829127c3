/**
 * Which bindings of a Shared Alert Profile a Domotz Trigger needs, makes and may remove. Domotz
 * sends an agent event for an agent the profile is bound to, and a device event for a device it is
 * bound to (the "Webhook Events" tables of `bindAlertProfileToAgent` and
 * `bindAlertProfileToDevice`). A binding carries no owner: the trigger remembers the ones it made
 * on activation and the ones that were there before it, and only ever removes its own, so a
 * binding a person or another workflow made before stays.
 */

import { z } from 'zod';

import {
	domotzWebhookEvents,
	type BindingTarget,
	type DomotzWebhookEventName,
} from '../domotz/webhook-events';

/**
 * What a trigger made, kept between activation and deactivation (n8n's workflow static data). It
 * is written on activation only: webhook calls that overlap each save the static data they read
 * when they came in, so a binding recorded by one call could be lost by the next.
 */
export interface BindingRecord {
	profileId: number;
	/** Made on activation. */
	bindings: BindingTarget[];
	/**
	 * Agents whose devices are bound as Domotz discovers them: every binding of the profile to a
	 * device of theirs is the trigger's, but for those in `foreign`.
	 */
	followedAgents: number[];
	/** The profile's bindings on the trigger's agents that were there before it: never removed. */
	foreign: BindingTarget[];
}

const targetSchema = z.object({
	agentId: z.number().int(),
	deviceId: z.number().int().optional(),
});

const bindingRecordSchema = z.object({
	profileId: z.number().int(),
	bindings: z.array(targetSchema),
	followedAgents: z.array(z.number().int()).default([]),
	foreign: z.array(targetSchema).default([]),
});

/** The record as the glue kept it; anything unreadable counts as no record. */
export function readBindingRecord(raw: unknown): BindingRecord | undefined {
	const parsed = bindingRecordSchema.safeParse(raw);
	return parsed.success ? parsed.data : undefined;
}

export interface BindingPlan {
	/** Wanted and missing: the trigger makes them and records them as its own. */
	toBind: BindingTarget[];
	/** Its own, still there, no longer wanted. */
	toUnbind: BindingTarget[];
	/** Its own, still there and wanted. */
	keptOwn: BindingTarget[];
}

export function bindingKey(target: BindingTarget): string {
	return target.deviceId === undefined
		? `agent ${target.agentId}`
		: `device ${target.agentId}/${target.deviceId}`;
}

/** Whether any chosen event is sent for devices, which needs the profile bound to each. */
export function watchesDevices(events: readonly DomotzWebhookEventName[]): boolean {
	return events.some((event) => domotzWebhookEvents[event] === 'device');
}

/**
 * Whether the trigger binds devices as Domotz discovers them: it watches device events and the
 * profile sends discoveries, which tell it of each new device.
 */
export function followsDiscoveries(
	events: readonly DomotzWebhookEventName[],
	profileEvents: readonly string[],
): boolean {
	return watchesDevices(events) && profileEvents.includes('agent_device_discovery');
}

/**
 * The bindings the chosen events need on these agents: the agent's for agent events, each
 * device's for device events. With device events the agent is bound too when the profile sends
 * device discoveries, so that a device that appears later can be bound as it appears.
 */
export function wantedBindings(input: {
	events: readonly DomotzWebhookEventName[];
	profileEvents: readonly string[];
	devicesByAgent: ReadonlyMap<number, readonly number[]>;
}): BindingTarget[] {
	const needsAgent = input.events.some((event) => domotzWebhookEvents[event] === 'agent');
	const needsDevices = watchesDevices(input.events);
	const follows = followsDiscoveries(input.events, input.profileEvents);
	return [...input.devicesByAgent].flatMap(([agentId, deviceIds]) => [
		...(needsAgent || follows ? [{ agentId }] : []),
		...(needsDevices ? deviceIds.map((deviceId) => ({ agentId, deviceId })) : []),
	]);
}

/**
 * The profile's bindings as they are, split by who made them. Without a record of this profile
 * every one is someone else's. With one, those it made on activation and, on the agents it
 * follows, those to devices it was not told were there before, are its own; the rest is not.
 */
export function splitExisting(
	existing: readonly BindingTarget[],
	record: BindingRecord | undefined,
): { own: BindingTarget[]; foreign: BindingTarget[] } {
	const made = new Set(record?.bindings.map(bindingKey));
	const before = new Set(record?.foreign.map(bindingKey));
	const followed = new Set(record?.followedAgents);
	const isOwn = (target: BindingTarget): boolean =>
		made.has(bindingKey(target)) ||
		(!before.has(bindingKey(target)) &&
			target.deviceId !== undefined &&
			followed.has(target.agentId));
	return {
		own: unique(existing.filter(isOwn)),
		foreign: unique(existing.filter((target) => !isOwn(target))),
	};
}

/** Compares what is wanted, what exists and what the trigger made before. */
export function planBindings(input: {
	wanted: readonly BindingTarget[];
	existing: readonly BindingTarget[];
	own: readonly BindingTarget[];
}): BindingPlan {
	const existing = new Set(input.existing.map(bindingKey));
	const wanted = new Set(input.wanted.map(bindingKey));
	const ownStillThere = unique(input.own).filter((target) => existing.has(bindingKey(target)));
	return {
		toBind: unique(input.wanted).filter((target) => !existing.has(bindingKey(target))),
		toUnbind: ownStillThere.filter((target) => !wanted.has(bindingKey(target))),
		keptOwn: ownStillThere.filter((target) => wanted.has(bindingKey(target))),
	};
}

/** The chosen events the profile does not send: the trigger cannot work until it does. */
export function missingProfileEvents(
	events: readonly DomotzWebhookEventName[],
	profileEvents: readonly string[],
): DomotzWebhookEventName[] {
	return events.filter((event) => !profileEvents.includes(event));
}

export function unique(targets: readonly BindingTarget[]): BindingTarget[] {
	const seen = new Set<string>();
	return targets.filter((target) => {
		const key = bindingKey(target);
		if (seen.has(key)) return false;
		seen.add(key);
		return true;
	});
}
