/**
 * Domotz Public API v1 response shapes. Only the fields this package reads are typed; every other
 * field passes through untouched, and optional fields may be absent or `null`.
 */

import { z } from 'zod';

const record = <Shape extends z.ZodRawShape>(shape: Shape) => z.object(shape).passthrough();
const text = z.string().nullish();
const flag = z.boolean().nullish();
const count = z.number().nullish();
const id = z.number().int();

const organization = record({ id: count, name: text }).nullish();

/** `AgentBase`, as `GET /agent` lists it. */
export const domotzAgentSchema = record({
	id,
	display_name: z.string(),
	creation_time: text,
	/** `api_enabled: false`: the agent's plan allows listing it, nothing more. */
	access_right: record({ api_enabled: flag, status: text }).nullish(),
	/** Free-text "Customer ID" and "Contract ID" a user sets per agent. */
	installation_info: record({ customer_id: text, contract_id: text }).nullish(),
	organization,
	status: record({ value: text, last_change: text }).nullish(),
	team: record({ id: count, name: text }).nullish(),
	timezone: text,
	wan_info: record({ hostname: text, ip: text }).nullish(),
});

/** `AgentDetail`, as `GET /agent/{id}` returns it. */
export const domotzAgentDetailSchema = domotzAgentSchema.extend({
	location: record({
		latitude: z.union([z.string(), z.number()]).nullish(),
		longitude: z.union([z.string(), z.number()]).nullish(),
	}).nullish(),
});

/**
 * One schema for every device subtype, told apart by `protocol` and by which fields are present:
 * - `IP` on the agent's LAN (LocalIpDevice): IPs and a MAC (`hw_address`);
 * - `IP` on a routed subnet (SubnetIpDevice) and `IP_EXTERNAL` (ExternalIpDevice): IPs, no MAC;
 * - `DUMMY` (DummyDevice): neither.
 * Matching reads the same fields from all of them, so one lenient shape serves better than a
 * union that callers would have to narrow first.
 */
export const domotzDeviceSchema = record({
	id,
	display_name: z.string(),
	protocol: z.string(),
	first_seen_on: text,
	importance: text,
	is_excluded: flag,
	main_id: count,
	organization,
	os: record({ name: text, version: text, build: text }).nullish(),
	type: record({ id: count, detected_id: count, label: text }).nullish(),
	/** What a user typed over the discovered values. */
	user_data: record({ name: text, vendor: text, model: text, type: count }).nullish(),
	/** `serial` holds the user's override when set, else the discovered serial. */
	details: record({
		serial: text,
		zone: text,
		room: text,
		notes: text,
		firmware_version: text,
	}).nullish(),
	ip_addresses: z.array(z.string()).nullish(),
	vendor: text,
	model: text,
	status: text,
	last_status_change: text,
	agent_reachable: flag,
	hw_address: text,
	is_jammed: flag,
});

/** An account-wide inventory field definition (`GET /inventory`). */
export const domotzInventoryFieldSchema = record({
	key: z.string(),
	label: text,
	creation_time: text,
});

/** One inventory value of a device; unset fields come back with `value: null`. */
export const domotzInventoryValueSchema = record({
	key: z.string(),
	value: text,
	creation_time: text,
});

const deviceBaseTypeSchema = record({
	id: id.nullish(),
	identifier: text,
	label: text,
	vital: flag,
});

/**
 * `GET /type/device/base`, where every property is optional. A type without an id cannot be chosen
 * and is left out rather than failing the list; one without a label shows its identifier, else
 * its id.
 */
export const domotzDeviceBaseTypesSchema = z
	.array(deviceBaseTypeSchema)
	.nullish()
	.transform((types) =>
		(types ?? []).flatMap(({ id: typeId, label, identifier, ...rest }) =>
			typeof typeId === 'number'
				? [{ ...rest, id: typeId, identifier, label: label || identifier || `Type ${typeId}` }]
				: [],
		),
	);

const usageCount = record({ name: text, count: count });

/** `GET /meta/usage`: the key's daily budget and what was spent in the last 24 hours. */
export const domotzUsageSchema = record({
	daily_limit: count,
	daily_usage: count,
	concurrent_allowed: count,
	by_key: z.array(usageCount).nullish(),
	by_ip: z.array(usageCount).nullish(),
	by_resource: z.array(usageCount).nullish(),
});

/** `GET /user`: both properties are optional in the reference. */
export const domotzUserSchema = record({ id: id.nullish(), name: text });

/**
 * `AlertProfile` (`GET /alert-profile`): a Shared Alert Profile made in the Domotz Portal. Only `id`
 * is required; `events` are webhook event names (`device_ip_change`, ...).
 */
export const domotzAlertProfileSchema = record({
	id,
	name: text,
	description: text,
	events: z.array(z.string()).nullish(),
	is_enabled: flag,
	tag: text,
});

/** `AlertProfileAgentBinding` (`GET /alert-profile/binding/agent/{agent_id}`). */
export const domotzAgentBindingSchema = record({ alert_profile_id: id });

/** `AlertProfileDeviceBinding` (`GET /alert-profile/binding/agent/{agent_id}/device`). */
export const domotzDeviceBindingSchema = record({ alert_profile_id: id, device_id: id });

/** Lists that may come back as JSON `null` (or nothing at all) when empty: read them `?? []`. */
export const listOf = <Item extends z.ZodTypeAny>(item: Item) => z.array(item).nullish();

export type DomotzAgent = z.output<typeof domotzAgentSchema>;
export type DomotzAgentDetail = z.output<typeof domotzAgentDetailSchema>;
export type DomotzDevice = z.output<typeof domotzDeviceSchema>;
export type DomotzInventoryField = z.output<typeof domotzInventoryFieldSchema>;
export type DomotzInventoryValue = z.output<typeof domotzInventoryValueSchema>;
export type DomotzDeviceBaseType = z.output<typeof domotzDeviceBaseTypesSchema>[number];
export type DomotzUsage = z.output<typeof domotzUsageSchema>;
export type DomotzUser = z.output<typeof domotzUserSchema>;
export type DomotzAlertProfile = z.output<typeof domotzAlertProfileSchema>;
export type DomotzAgentBinding = z.output<typeof domotzAgentBindingSchema>;
export type DomotzDeviceBinding = z.output<typeof domotzDeviceBindingSchema>;

/** False only when Domotz says so: such an agent is listed, but its details and devices are not. */
export function isAgentApiEnabled(agent: Pick<DomotzAgent, 'access_right'>): boolean {
	return agent.access_right?.api_enabled !== false;
}
