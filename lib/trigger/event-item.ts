/**
 * From a Domotz webhook body to what the Domotz Trigger emits: one item per event the trigger
 * watches, or the reason it emits nothing.
 */

import type { DomotzDevice } from '../domotz/schemas';
import {
	readWebhookEvent,
	type DomotzWebhookEvent,
	type DomotzWebhookEventName,
} from '../domotz/webhook-events';

/** What a trigger listens to: these events, from every agent or from the agents listed. */
export interface TriggerWatch {
	events: ReadonlySet<DomotzWebhookEventName>;
	agents: 'all' | ReadonlySet<number>;
}

/**
 * One event as an item. A device event carries the device's fields at the top, with `agent_id`
 * and `id` beside them as Domotz › Get Devices gives them, so every action of the sync node reads
 * the device from the item as it is.
 */
export type TriggerItem = Partial<DomotzDevice> & {
	event: DomotzWebhookEventName;
	/** When Domotz saw the event, as it wrote it. */
	timestamp: string;
	agent_id: number;
	/** The device id, for events about a device. */
	id?: number;
	/** The agent (`AgentBase`) as the payload carries it. */
	agent?: Record<string, unknown>;
	/** The body Domotz sent, untouched. */
	payload: unknown;
};

export type EventVerdict =
	| {
			kind: 'emit';
			item: TriggerItem;
			event: DomotzWebhookEvent;
			/** The same for a repeat of this event: see `admitOnce`. */
			repeatKey: string;
	  }
	/** A Domotz event this trigger does not watch: acknowledged, nothing runs. */
	| { kind: 'ignore'; reason: 'eventNotWatched' | 'agentNotWatched'; event: DomotzWebhookEvent }
	/** Not a Domotz event at all. */
	| { kind: 'invalid'; problem: string };

export function judgeEvent(body: unknown, watch: TriggerWatch): EventVerdict {
	const reading = readWebhookEvent(body);
	if (!reading.ok) return { kind: 'invalid', problem: reading.problem };
	const { event } = reading;
	if (watch.agents !== 'all' && !watch.agents.has(event.agentId)) {
		return { kind: 'ignore', reason: 'agentNotWatched', event };
	}
	if (!watch.events.has(event.name)) return { kind: 'ignore', reason: 'eventNotWatched', event };
	return { kind: 'emit', item: toItem(event, body), event, repeatKey: repeatKey(event) };
}

function toItem(event: DomotzWebhookEvent, body: unknown): TriggerItem {
	return {
		event: event.name,
		timestamp: event.timestamp,
		agent_id: event.agentId,
		...event.device,
		...(event.deviceId === undefined ? {} : { id: event.deviceId }),
		...(event.agent ? { agent: { ...event.agent } } : {}),
		payload: body,
	};
}

/**
 * Two events are repeats when they have the same name, agent and device and report the same change:
 * everything in `data` but the agent and device objects themselves, whose incidental fields (a
 * status time) may differ. The time of the event does not count.
 */
function repeatKey(event: DomotzWebhookEvent): string {
	const change = Object.entries(event.data).filter(([key]) => key !== 'agent' && key !== 'device');
	return [
		event.name,
		event.agentId,
		event.deviceId ?? '',
		stableJson(Object.fromEntries(change)),
	].join('|');
}

/** JSON with object keys in order, so that equal values give equal text. */
function stableJson(value: unknown): string {
	if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
	if (typeof value === 'object' && value !== null) {
		const entries = Object.entries(value)
			.filter(([, entry]) => entry !== undefined)
			.sort(([left], [right]) => (left < right ? -1 : left > right ? 1 : 0));
		return `{${entries.map(([key, entry]) => `${JSON.stringify(key)}:${stableJson(entry)}`).join(',')}}`;
	}
	return JSON.stringify(value) ?? 'null';
}
