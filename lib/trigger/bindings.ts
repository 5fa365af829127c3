/**
 * Which bindings of a Shared Alert Profile a Domotz Trigger needs, makes and may remove. Domotz
 * sends an agent event for an agent the profile is bound to, and a device event for a device it is
 * bound to (the "Webhook Events" tables of `bindAlertProfileToAgent` and
 * `bindAlertProfileToDevice`). A binding carries no owner: the trigger remembers the ones it made
 * and only ever removes those, so a binding a person or another workflow made stays.
 */

import { z } from 'zod';

import {
	domotzWebhookEvents,
	type BindingTarget,
	type DomotzWebhookEventName,
} from '../domotz/webhook-events';

/** What a trigger made, kept between activation and deactivation (n8n's workflow static data). */
export interface BindingRecord {
	profileId: number;
	bindings: BindingTarget[];
}

const bindingRecordSchema = z.object({
	profileId: z.number().int(),
	bindings: z.array(z.object({ agentId: z.number().int(), deviceId: z.number().int().optional() })),
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
	const needsDevices = input.events.some((event) => domotzWebhookEvents[event] === 'device');
	const followsDiscoveries = needsDevices && input.profileEvents.includes('agent_device_discovery');
	return [...input.devicesByAgent].flatMap(([agentId, deviceIds]) => [
		...(needsAgent || followsDiscoveries ? [{ agentId }] : []),
		...(needsDevices ? deviceIds.map((deviceId) => ({ agentId, deviceId })) : []),
	]);
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

function unique(targets: readonly BindingTarget[]): BindingTarget[] {
	const seen = new Set<string>();
	return targets.filter((target) => {
		const key = bindingKey(target);
		if (seen.has(key)) return false;
		seen.add(key);
		return true;
	});
}
