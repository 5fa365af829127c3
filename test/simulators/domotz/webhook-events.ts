/**
 * Domotz webhooks (domotz/slate:source/index.html.md, "Domotz Webhook" and the "Webhook Events"
 * tables of `bindAlertProfileToAgent` and `bindAlertProfileToDevice`): each event, the binding that
 * carries it, the schema of its payload and the `name` that payload bears. Payloads are
 * `{ data, name, timestamp }` as the schemas' examples show them, with the agent as `AgentBase` and
 * the device as the device endpoints serve it (the schemas' `AbstractDevice`, with its subtype's
 * fields).
 */

import { agentBase } from './route-support';
import type { AgentRecord, DeviceRecord, DomotzState } from './state';
import { formatTimestamp, type Clock } from './time';
import type { Device, DomotzQuirks } from './types';

export type EventBinding = 'agent' | 'device';

interface EventSpec {
	/** The table the event is listed in: which binding makes Domotz send it. */
	binding: EventBinding;
	/** The schema the reference names for the payload. */
	schema: string;
	/** The payload's `name`: several events share one schema and tell themselves apart by `value`. */
	payloadName: string;
	/** `data.value` for the events whose schema carries the new state there. */
	value?: 'UP' | 'DOWN';
	/** Whether the payload carries `device` and `device_id`. */
	carriesDevice: boolean;
}

export const WEBHOOK_EVENTS = {
	agent_device_discovery: {
		binding: 'agent',
		schema: 'DeviceDiscoveryEvent',
		payloadName: 'agent_device_discovery',
		carriesDevice: true,
	},
	agent_feature_discovery: {
		binding: 'agent',
		schema: 'FeatureDiscoveryEvent',
		payloadName: 'agent_feature_discovery',
		carriesDevice: true,
	},
	agent_feature_discovery_mib: {
		binding: 'agent',
		schema: 'MibDiscoveryEvent',
		payloadName: 'agent_feature_discovery',
		carriesDevice: true,
	},
	agent_lan_change: {
		binding: 'agent',
		schema: 'AgentLANChangeEvent',
		payloadName: 'agent_lan_change',
		carriesDevice: false,
	},
	agent_security_issue: {
		binding: 'agent',
		schema: 'AgentSecurityIssueEvent',
		payloadName: 'agent_security_issue',
		carriesDevice: false,
	},
	agent_speed_test: {
		binding: 'agent',
		schema: 'AgentSpeedTestEvent',
		payloadName: 'agent_speed_test',
		carriesDevice: false,
	},
	agent_status_down: {
		binding: 'agent',
		schema: 'AgentStatusEvent',
		payloadName: 'agent_status',
		value: 'DOWN',
		carriesDevice: false,
	},
	agent_status_up: {
		binding: 'agent',
		schema: 'AgentStatusEvent',
		payloadName: 'agent_status',
		value: 'UP',
		carriesDevice: false,
	},
	agent_wan_change: {
		binding: 'agent',
		schema: 'AgentWANChangeEvent',
		payloadName: 'agent_wan_change',
		carriesDevice: false,
	},
	device_configuration_change: {
		binding: 'device',
		schema: 'DeviceConfigurationChangeEvent',
		payloadName: 'device_configuration_change',
		carriesDevice: true,
	},
	device_configuration_misalignment: {
		binding: 'device',
		schema: 'DeviceConfigurationMisalignmentEvent',
		payloadName: 'device_configuration_misalignment',
		carriesDevice: true,
	},
	device_heartbeat_lost: {
		binding: 'device',
		schema: 'DeviceHeartbeatLostEvent',
		payloadName: 'device_heartbeat_lost',
		carriesDevice: true,
	},
	device_ip_change: {
		binding: 'device',
		schema: 'DeviceIPChangeEvent',
		payloadName: 'device_ip_change',
		carriesDevice: true,
	},
	device_rtd: {
		binding: 'device',
		schema: 'DeviceRTDIssueEvent',
		payloadName: 'device_rtd',
		carriesDevice: true,
	},
	device_snmp: {
		binding: 'device',
		schema: 'DeviceSNMPEvent',
		payloadName: 'device_snmp',
		carriesDevice: true,
	},
	device_status_down: {
		binding: 'device',
		schema: 'DeviceStatusChangeEvent',
		payloadName: 'device_status',
		value: 'DOWN',
		carriesDevice: true,
	},
	device_status_up: {
		binding: 'device',
		schema: 'DeviceStatusChangeEvent',
		payloadName: 'device_status',
		value: 'UP',
		carriesDevice: true,
	},
	device_tcp: {
		binding: 'device',
		schema: 'DeviceTCPEvent',
		payloadName: 'device_tcp',
		carriesDevice: true,
	},
	monitoring_profile_state_changed: {
		binding: 'device',
		schema: 'MonitoringProfileStateChanged',
		payloadName: 'monitoring_profile_state_changed',
		carriesDevice: true,
	},
} as const satisfies Record<string, EventSpec>;

export type WebhookEventName = keyof typeof WEBHOOK_EVENTS;

export function isWebhookEventName(name: unknown): name is WebhookEventName {
	return typeof name === 'string' && Object.hasOwn(WEBHOOK_EVENTS, name);
}

/** What happens on the Domotz side; the simulator changes its tenant and posts the webhooks. */
export interface EventInput {
	event: WebhookEventName;
	agentId: number;
	/** The device the event is about; an `agent_device_discovery` takes `device` instead. */
	deviceId?: number;
	/** `agent_device_discovery`: the device that appeared, added to (or replacing one in) the agent. */
	device?: Device;
	/** `device_ip_change`: the device's new addresses. */
	ipAddresses?: readonly string[];
	/** Further properties of the payload's `data`, e.g. `dhcp` of an `agent_lan_change`. */
	data?: Record<string, unknown>;
}

export interface WebhookPayload {
	data: Record<string, unknown>;
	name: string;
	timestamp: string;
}

export interface WebhookDelivery {
	event: WebhookEventName;
	profileId: number;
	url: string;
	/** The receiver's status, or `failed` when no answer came. */
	status: number | 'failed';
	payload: WebhookPayload;
}

const DELIVERY_TIMEOUT_MS = 10_000;

/** One POST, as Domotz sends it; resolves to the receiver's status. */
export async function postWebhook(
	url: string,
	headers: Record<string, string>,
	payload: WebhookPayload,
): Promise<number> {
	const response = await fetch(url, {
		method: 'POST',
		headers: { ...headers, 'Content-Type': 'application/json' },
		body: JSON.stringify(payload),
		signal: AbortSignal.timeout(DELIVERY_TIMEOUT_MS),
	});
	await response.arrayBuffer();
	return response.status;
}

/**
 * Applies the event to the tenant (a discovered device joins its agent, an IP change or a status
 * change shows in later reads) and builds its payload. Throws on an event the tenant cannot have.
 */
export function applyEvent(state: DomotzState, clock: Clock, input: EventInput): WebhookPayload {
	const spec: EventSpec = WEBHOOK_EVENTS[input.event];
	const agentRecord = state.agentRecord(input.agentId);
	if (!agentRecord) throw new Error(`No agent ${input.agentId}`);
	const timestamp = formatTimestamp(clock());
	const value = applyChange(state, agentRecord, input, spec, timestamp);
	const agent = agentBase(structuredClone(agentRecord.agent));
	const data: Record<string, unknown> =
		input.event === 'monitoring_profile_state_changed'
			? { agent, metric: 'status', monitoring_profile: { name: 'Default' } }
			: { agent, agent_id: agentRecord.agent.id };
	const device = spec.carriesDevice ? deviceOf(agentRecord, input) : undefined;
	if (device) {
		data.device = structuredClone(device.device);
		if (input.event !== 'monitoring_profile_state_changed') data.device_id = device.device.id;
	}
	return {
		data: { ...data, ...value, ...input.data },
		name: spec.payloadName,
		timestamp,
	};
}

/** The state change the event reports, and the payload properties that describe it. */
function applyChange(
	state: DomotzState,
	agentRecord: AgentRecord,
	input: EventInput,
	spec: EventSpec,
	timestamp: string,
): Record<string, unknown> {
	const agentId = agentRecord.agent.id;
	if (input.event === 'agent_device_discovery') {
		if (!input.device) throw new Error('agent_device_discovery needs the discovered `device`');
		state.putDevice(agentId, input.device);
		return {};
	}
	if (input.event === 'device_ip_change') {
		const record = deviceOf(agentRecord, input);
		if (!input.ipAddresses) throw new Error('device_ip_change needs the new `ipAddresses`');
		if (record.device.protocol === 'DUMMY') throw new Error('A dummy device has no IP address');
		const old = record.device.ip_addresses ?? [];
		record.device.ip_addresses = [...input.ipAddresses];
		return { old_ip_addresses: old, value: [...input.ipAddresses] };
	}
	if (spec.value === undefined) return {};
	if (spec.binding === 'agent') {
		agentRecord.agent.status = {
			value: spec.value === 'UP' ? 'ONLINE' : 'OFFLINE',
			last_change: timestamp,
		};
	} else {
		const { device } = deviceOf(agentRecord, input);
		if (device.protocol === 'DUMMY') throw new Error('A dummy device has no status');
		device.status = spec.value === 'UP' ? 'ONLINE' : 'DOWN';
		device.last_status_change = timestamp;
	}
	return { value: spec.value };
}

function deviceOf(agentRecord: AgentRecord, input: EventInput): DeviceRecord {
	const deviceId = input.device?.id ?? input.deviceId;
	const record = deviceId === undefined ? undefined : agentRecord.devices.get(deviceId);
	if (!record) {
		throw new Error(`${input.event} needs a device of agent ${agentRecord.agent.id}`);
	}
	return record;
}

/**
 * The webhook channels an event goes to: every enabled profile that lists the event and is bound
 * to the agent (agent events) or to the device (device events; with
 * `deviceEventRouting: 'agentOrDeviceBinding'` an agent binding carries them too).
 */
export function recipients(
	state: DomotzState,
	quirks: DomotzQuirks,
	input: EventInput,
): Array<{ profileId: number; url: string; headers: Record<string, string> }> {
	const book = state.alertProfiles;
	const spec: EventSpec = WEBHOOK_EVENTS[input.event];
	const deviceId = input.device?.id ?? input.deviceId;
	const bound = (profileId: number) => {
		const toAgent = book.isBoundToAgent(profileId, input.agentId);
		if (spec.binding === 'agent') return toAgent;
		const toDevice =
			deviceId !== undefined && book.isBoundToDevice(profileId, input.agentId, deviceId);
		return toDevice || (quirks.deviceEventRouting === 'agentOrDeviceBinding' && toAgent);
	};
	return book.list().flatMap((profile) => {
		const channel = book.webhook(profile.id);
		const wanted = profile.is_enabled !== false && (profile.events ?? []).includes(input.event);
		return channel && wanted && bound(profile.id)
			? [{ profileId: profile.id, url: channel.url, headers: channel.headers ?? {} }]
			: [];
	});
}
