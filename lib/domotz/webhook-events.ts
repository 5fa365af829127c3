/**
 * Domotz webhooks (domotz/slate:source/index.html.md, "Domotz Webhook"): the events a Shared Alert
 * Profile can send, the binding that carries each (the "Webhook Events" tables of
 * `bindAlertProfileToAgent` and `bindAlertProfileToDevice`), and the payload every event schema
 * shares: `{ data, name, timestamp }`, `data` holding the agent and, for device events, the device.
 */

import { z } from 'zod';

import { domotzDeviceSchema } from './schemas';

/** An alert profile's binding to an agent, or (with `deviceId`) to one of its devices. */
export interface BindingTarget {
	agentId: number;
	deviceId?: number;
}

/** Which binding makes Domotz send an event: the agent's, or the device's. */
export type EventBinding = 'agent' | 'device';

export const domotzWebhookEvents = {
	agent_device_discovery: 'agent',
	agent_feature_discovery: 'agent',
	agent_feature_discovery_mib: 'agent',
	agent_lan_change: 'agent',
	agent_security_issue: 'agent',
	agent_speed_test: 'agent',
	agent_status_down: 'agent',
	agent_status_up: 'agent',
	agent_wan_change: 'agent',
	device_configuration_change: 'device',
	device_configuration_misalignment: 'device',
	device_heartbeat_lost: 'device',
	device_ip_change: 'device',
	device_rtd: 'device',
	device_snmp: 'device',
	device_status_down: 'device',
	device_status_up: 'device',
	device_tcp: 'device',
	monitoring_profile_state_changed: 'device',
} as const satisfies Record<string, EventBinding>;

export type DomotzWebhookEventName = keyof typeof domotzWebhookEvents;

export const domotzWebhookEventNames = Object.keys(
	domotzWebhookEvents,
) as readonly DomotzWebhookEventName[];

export function isDomotzWebhookEventName(name: unknown): name is DomotzWebhookEventName {
	return typeof name === 'string' && Object.hasOwn(domotzWebhookEvents, name);
}

const optionalId = z.number().int().nullish();

/**
 * The part of every event schema this package reads; the rest passes through. `agent` is
 * `AgentBase` and `device` the device as the device endpoints serve it.
 */
const webhookPayloadSchema = z
	.object({
		name: z.string(),
		timestamp: z.string(),
		data: z
			.object({
				agent_id: optionalId,
				device_id: optionalId,
				agent: z
					.object({ id: optionalId, display_name: z.string().nullish() })
					.passthrough()
					.nullish(),
				device: domotzDeviceSchema.nullish(),
				value: z.unknown(),
			})
			.passthrough()
			.nullish(),
	})
	.passthrough();

type WebhookPayload = z.output<typeof webhookPayloadSchema>;

/** One event as Domotz reported it, under the name the binding tables give it. */
export interface DomotzWebhookEvent {
	name: DomotzWebhookEventName;
	timestamp: string;
	agentId: number;
	/** Absent for agent events that concern no device. */
	deviceId?: number;
	agent?: NonNullable<NonNullable<WebhookPayload['data']>['agent']>;
	device?: NonNullable<NonNullable<WebhookPayload['data']>['device']>;
	data: NonNullable<WebhookPayload['data']>;
}

export type WebhookReading =
	| { ok: true; event: DomotzWebhookEvent }
	| { ok: false; problem: string };

/**
 * Reads a webhook body. Several events share one schema and say which they are in `data`:
 * `device_status` and `agent_status` carry `value` `UP` or `DOWN`; a MIB discovery
 * (`MibDiscoveryEvent`) is an `agent_feature_discovery` whose `value.data.mib` lists MIBs.
 * `MonitoringProfileStateChanged` has no `agent_id` or `device_id`: the ids of its `agent` and
 * `device` stand in.
 */
export function readWebhookEvent(body: unknown): WebhookReading {
	const parsed = webhookPayloadSchema.safeParse(body);
	if (!parsed.success) return { ok: false, problem: 'the body is not a Domotz event' };
	const payload = parsed.data;
	const data = payload.data ?? {};
	const name = eventName(payload.name, data);
	if (!name) return { ok: false, problem: `"${payload.name}" is not a Domotz webhook event` };
	const agentId = data.agent_id ?? data.agent?.id ?? undefined;
	if (agentId === undefined) return { ok: false, problem: `the ${name} event names no agent` };
	const deviceId = data.device_id ?? data.device?.id ?? undefined;
	if (domotzWebhookEvents[name] === 'device' && deviceId === undefined) {
		return { ok: false, problem: `the ${name} event names no device` };
	}
	return {
		ok: true,
		event: {
			name,
			timestamp: payload.timestamp,
			agentId,
			...(deviceId === undefined ? {} : { deviceId }),
			...(data.agent ? { agent: data.agent } : {}),
			...(data.device ? { device: data.device } : {}),
			data,
		},
	};
}

function eventName(
	payloadName: string,
	data: { value?: unknown },
): DomotzWebhookEventName | undefined {
	if (payloadName === 'device_status' || payloadName === 'agent_status') {
		const state = data.value === 'UP' ? 'up' : data.value === 'DOWN' ? 'down' : undefined;
		return state && (`${payloadName}_${state}` as const);
	}
	if (payloadName === 'agent_feature_discovery' && listsMibs(data.value)) {
		return 'agent_feature_discovery_mib';
	}
	return isDomotzWebhookEventName(payloadName) ? payloadName : undefined;
}

function listsMibs(value: unknown): boolean {
	const mib = (value as { data?: { mib?: unknown } } | null | undefined)?.data?.mib;
	return Array.isArray(mib);
}
