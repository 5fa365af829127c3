/**
 * Domotz Public API v1 shapes (domotz/slate:source/index.html.md "Schemas") and the seed a
 * simulated tenant is built from. Every optional field may be absent, as in real payloads.
 * Date-times are strings exactly as Domotz sends them: mostly `+00:00`, sometimes `Z`, sometimes
 * naive (`2025-06-01T10:00:00`).
 */

export type AccessStatus = 'OWNED' | 'PROPOSED' | 'GRANTED' | 'ASSIGNED';

export interface AgentBase {
	id: number;
	display_name: string;
	creation_time?: string;
	access_right?: {
		/** `false`: the plan allows no API access; the agent is only listed. */
		api_enabled?: boolean;
		granting_user?: { name?: string };
		status?: AccessStatus;
	};
	installation_info?: { customer_id?: string; contract_id?: string };
	/** Real EU-cell payloads carry `type` (e.g. `MONTHLY`) and often no `expiration_time`. */
	licence?: {
		id?: number;
		code?: string;
		bound_mac_address?: string;
		activation_time?: string;
		expiration_time?: string;
		type?: string;
	};
	location?: { latitude?: string; longitude?: string };
	organization?: { id?: number; name?: string };
	status?: { value?: 'ONLINE' | 'OFFLINE'; last_change?: string };
	/** Companies only. */
	team?: { id?: number; name?: string; leader_id?: number; area?: { id?: number } };
	timezone?: string;
	version?: { agent?: string; package?: string };
	wan_info?: { hostname?: string; ip?: string };
}

/** `GET /agent/{id}`; the list returns the same object without `listen_on`. */
export interface AgentDetail extends AgentBase {
	listen_on?: string;
}

export type DeviceProtocol = 'IP' | 'DUMMY' | 'IP_EXTERNAL';
export type DeviceImportance = 'VITAL' | 'FLOATING';
export type DeviceStatus = 'ONLINE' | 'OFFLINE' | 'DOWN' | 'HIDDEN';

export interface DeviceUserData {
	name?: string;
	vendor?: string;
	model?: string;
	/** A base type id (`GET /type/device/base`). */
	type?: number;
}

export interface DeviceDetails {
	/** The effective serial: the user's override if set, else the discovered one. */
	serial?: string;
	zone?: string;
	room?: string;
	notes?: string;
	firmware_version?: string;
	snmp_read_community?: string;
	snmp_write_community?: string;
}

export interface AbstractDevice {
	id: number;
	display_name: string;
	protocol: DeviceProtocol;
	first_seen_on?: string;
	importance?: DeviceImportance;
	is_excluded?: boolean;
	main_id?: number;
	organization?: { id?: number; name?: string };
	os?: { name?: string; version?: string; build?: string };
	authentication_status?:
		| 'NO_AUTHENTICATION'
		| 'AUTHENTICATED'
		| 'PENDING'
		| 'REQUIRED'
		| 'WRONG_CREDENTIALS';
	snmp_status?: 'CHECKING' | 'NOT_FOUND' | 'NOT_AUTHENTICATED' | 'AUTHENTICATED';
	type?: { id?: number; detected_id?: number; label?: string };
	user_data?: DeviceUserData;
	details?: DeviceDetails;
}

export interface IpDeviceFields {
	ip_addresses?: string[];
	/** Discovered vendor; the user's override lives in `user_data.vendor`. */
	vendor?: string;
	model?: string;
	status?: DeviceStatus;
	last_status_change?: string;
	grace_period?: number;
	agent_reachable?: boolean;
	open_ports?: { tcp?: number[]; udp?: number[] };
}

/** Discovered in the agent's own LAN: the only subtype with a MAC address. */
export interface LocalIpDevice extends AbstractDevice, IpDeviceFields {
	protocol: 'IP';
	/** Upper-case, colon separated, e.g. `BC:24:11:67:60:FC`. */
	hw_address?: string;
	is_jammed?: boolean;
	names?: {
		bonjour?: string;
		dhcp?: string;
		host?: string;
		inspection?: string;
		netbios?: string;
		snmp?: string;
		upnp?: string;
		zeroconf?: string;
	};
}

/** Found in a routed L3 network: no MAC, no DHCP data. */
export interface SubnetIpDevice extends AbstractDevice, IpDeviceFields {
	protocol: 'IP';
	names?: { bonjour?: string; host?: string; inspection?: string; snmp?: string; upnp?: string };
}

/** Added by hand for "Advanced Monitoring"; only pinged, no MAC. */
export interface ExternalIpDevice extends AbstractDevice, IpDeviceFields {
	protocol: 'IP_EXTERNAL';
	names?: { host?: string; inspection?: string };
}

/** No network presence (e.g. a power-outlet placeholder): no IPs, no MAC. */
export interface DummyDevice extends AbstractDevice {
	protocol: 'DUMMY';
}

export type Device = LocalIpDevice | SubnetIpDevice | ExternalIpDevice | DummyDevice;

export interface InventoryField {
	key: string;
	label: string;
	creation_time?: string;
	/** Id of the user who defined it; another user's fields can't be changed or deleted. */
	defined_by_user?: number;
}

export interface DeviceInventoryField {
	key: string;
	/** `null` when the field is not set on this device. */
	value: string | null;
	creation_time?: string;
}

export interface DeviceBaseType {
	id: number;
	identifier: string;
	label: string;
	vital: boolean;
}

export interface DetectedDeviceType {
	id: number;
	identifier: string;
	label: string;
	type_id: number;
	capabilities: string[];
}

export interface DomotzUser {
	id: number;
	name: string;
}

export interface UsageCount {
	name: string;
	count: number;
}

export interface ApiUsageInformation {
	daily_limit: number;
	/** Calls in the last 24 hours (rolling). */
	daily_usage: number;
	concurrent_allowed: number;
	by_key: Array<UsageCount & { id: number }>;
	by_ip: UsageCount[];
	/** Keyed by base resource: `agent`, `inventory`, `type`, `meta`, `user`. */
	by_resource: UsageCount[];
}

export type ApiKeyRole = 'fullAccess' | 'agentActivationOnly';

export interface ApiKeySeed {
	key: string;
	role: ApiKeyRole;
	/** Reported in `/meta/usage` `by_key`; defaults to the key's position (1-based). */
	id?: number;
	/** Mnemonic name reported in `by_key`; defaults to `key-{id}`. */
	name?: string;
}

/**
 * The reference describes `concurrent_allowed` as "Number of allowed calls to the API in a minute";
 * other clients read it as calls in flight. The simulator enforces either reading.
 */
export type ConcurrentAllowedMeaning = 'perMinute' | 'inFlight';

/**
 * Throttling. Budgets are account-wide (every key together) and count calls that passed
 * authentication and were not themselves throttled.
 */
export interface DomotzLimits {
	/**
	 * Reported as `concurrent_allowed` and enforced as `concurrentAllowedMeaning` reads it. The
	 * default is seed data, large enough that ordinary suites are never paced; rate tests set a
	 * small one.
	 */
	concurrentAllowed: number;
	/**
	 * `perMinute` (default, the reference): a call arriving when `concurrentAllowed` calls arrived in
	 * the rolling minute gets 429. `inFlight`: a call arriving while `concurrentAllowed` others are
	 * being served gets 429.
	 */
	concurrentAllowedMeaning: ConcurrentAllowedMeaning;
	/** Calls per rolling 24 hours, reported as `daily_limit`. */
	daily: number;
}

/** Undocumented behaviours with more than one plausible reading. */
export interface DomotzQuirks {
	/** `GET /agent` with `page_size` above 100: answer 400 (`reject`, default) or serve 100 (`clamp`). */
	oversizedAgentPage: 'reject' | 'clamp';
	/** Body of an empty device list: JSON `null` (default, as seen live) or `[]`. */
	emptyDeviceList: 'null' | 'emptyArray';
	/**
	 * The body `PUT …/device/{id}/user_data/type` accepts: `string` (default, the reference declares
	 * every field's body a JSON string: `"12"`), `number` (what Domotz's Terraform provider sends:
	 * `12`) or `either`.
	 */
	deviceTypeBody: 'string' | 'number' | 'either';
	/**
	 * `GET /type/device/base` and `GET /user` declare every property optional. `filled` (default):
	 * every property is there; `omitted`: one base type comes without `label`, one without `id`,
	 * and the user as `{}`.
	 */
	optionalProperties: 'filled' | 'omitted';
	/**
	 * Which bindings carry the device events (`device_ip_change`, `device_status_up`, ...). The
	 * reference lists them under `bindAlertProfileToDevice` only: `deviceBinding` (default) posts
	 * them for devices the profile is bound to; `agentOrDeviceBinding` also for every device of an
	 * agent it is bound to.
	 */
	deviceEventRouting: 'deviceBinding' | 'agentOrDeviceBinding';
	/**
	 * What removing a binding that does not exist answers; the reference documents only 204:
	 * `noContent` (default) or `notFound` (404).
	 */
	absentBindingRemoval: 'noContent' | 'notFound';
}

/**
 * `AlertProfile` (`GET /alert-profile`): a Shared Alert Profile made in the Domotz Portal, the
 * events it sends and whether it is on. Only `id` is required.
 */
export interface AlertProfile {
	id: number;
	name?: string;
	description?: string;
	/** Webhook event names, as the binding operations list them (`device_ip_change`, ...). */
	events?: string[];
	is_enabled?: boolean;
	tag?: string;
}

/** `AlertProfileAgentBinding`: a profile bound to an agent. */
export interface AlertProfileAgentBinding {
	alert_profile_id: number;
}

/** `AlertProfileDeviceBinding`: a profile bound to one device of the agent asked about. */
export interface AlertProfileDeviceBinding {
	alert_profile_id: number;
	device_id: number;
}

/**
 * The webhook contact channel a profile posts to. It is set in the Portal only: the API never
 * shows it. Extra headers stand for whatever the Portal lets a user add besides the URL.
 */
export interface WebhookChannel {
	url: string;
	headers?: Record<string, string>;
}

/** Bindings of a seed: which agents and which devices each profile is bound to. */
export interface AlertProfileBindingsSeed {
	agents: Array<{ alert_profile_id: number; agent_id: number }>;
	devices: Array<{ alert_profile_id: number; agent_id: number; device_id: number }>;
}

/** Per agent id (a JSON object key), then per device id. */
export type ByAgentAndDevice<T> = Record<string, Record<string, T>>;

/**
 * A whole tenant, JSON-able. Agents and devices are exactly what the API returns; simulator-only
 * facts (locks, discovered serials) live beside them and never appear in API output.
 */
export interface DomotzSeed {
	agents: AgentDetail[];
	/** Devices per agent id; an agent with no entry has no devices. */
	devices: Record<string, Device[]>;
	/** Account-wide inventory field definitions. */
	inventoryFields?: InventoryField[];
	/** Inventory values: agent id → device id → field key → value. */
	deviceInventory?: ByAgentAndDevice<Record<string, string>>;
	/** Defaults to one full-access key, `DEFAULT_API_KEY`. */
	apiKeys?: ApiKeySeed[];
	/** Devices whose edits are refused with 423 Locked: agent id → device ids. */
	lockedDevices?: Record<string, number[]>;
	/**
	 * Devices left unmanaged on a per-device licensing agent: agent id → device ids. "On per-device
	 * licensing agents, only the managed devices are included" in `GET /agent/{id}/device`.
	 */
	unmanagedDevices?: Record<string, number[]>;
	/**
	 * The serial Domotz discovered for devices whose `details.serial` is a user override (`null`:
	 * nothing was discovered). Devices absent here show their discovered serial.
	 */
	discoveredSerials?: ByAgentAndDevice<string | null>;
	limits?: Partial<DomotzLimits>;
	/**
	 * Calls the account made in the 24 hours before the seed was loaded (seeded an hour before it),
	 * e.g. a nearly spent quota: counted in `daily_usage` and against `daily`. Usage is not tenant
	 * state: `exportSeed()` leaves it out.
	 */
	dailyUsage?: number;
	/** The key owner (`GET /user`, `defined_by_user`). */
	user?: DomotzUser;
	/** Defaults to the ids observed in real tenants (`device-types.ts`). */
	baseTypes?: DeviceBaseType[];
	detectedTypes?: DetectedDeviceType[];
	/** Shared Alert Profiles as `GET /alert-profile` lists them. */
	alertProfiles?: AlertProfile[];
	/** The Portal-only webhook channel of a profile, keyed by profile id; none: it posts nowhere. */
	alertProfileWebhooks?: Record<string, WebhookChannel>;
	alertProfileBindings?: AlertProfileBindingsSeed;
}
