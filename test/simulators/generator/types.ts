import type { ConnectWiseSeed } from '../connectwise/index';
import type { DomotzSeed } from '../domotz/index';

/** Where existing device links are stored on configurations, or none yet (a first sync). */
export type LinkStoreOption = 'customField' | 'deviceIdentifier' | 'none-yet';

export interface MspTenantOptions {
	seed: number;
	/** Domotz agents; 1 to 200. */
	agents: number;
	/** Devices per agent, fixed or drawn from an inclusive range. */
	devicesPerAgent: number | readonly [min: number, max: number];
	/**
	 * `customField`: the "Domotz Link" configuration custom field exists and linked configurations
	 * carry `domotz:AGENT/DEVICE` in it; `deviceIdentifier`: the marker sits in `deviceIdentifier`;
	 * `none-yet`: no link anywhere and no such custom field.
	 */
	linkStore: LinkStoreOption;
	/** ConnectWise customers without a Domotz agent. Default: one per ten agents, at least one. */
	companiesWithoutAgent?: number;
	/** Configurations of no device (decommissioned, off-network, ...) per company. Default [2, 4]. */
	extraConfigurationsPerCompany?: readonly [min: number, max: number];
}

export interface GeneratedTenant {
	domotz: DomotzSeed;
	connectwise: ConnectWiseSeed;
	truth: TenantTruth;
}

export type ExpectedOutcome =
	| 'linked'
	| 'matched'
	| 'ambiguous'
	| 'unmatched'
	| 'unresolvedCompany';

export type MatchedBy = 'link' | 'serial' | 'mac' | 'ip';

export type DeviceSubtype = 'local' | 'subnet' | 'external' | 'dummy';

/** How an agent finds its company under the default rule (Customer ID, else agent name). */
export type AgentRole =
	/** `customer_id` equals the company identifier. */
	| 'customerId'
	/** No `customer_id`; the agent's name equals the company name. */
	| 'agentName'
	/** A second agent of a company already served by another agent, by `customer_id`. */
	| 'branch'
	/** No `customer_id` and a name no company has. */
	| 'noCustomerId'
	/** A `customer_id` no company has, and a name no company has. */
	| 'unknownCustomerId'
	/** Resolves by `customer_id`, but the plan has no API access: its devices cannot be listed. */
	| 'apiDisabled';

/** The situation a device was built to show. */
export type DeviceCase =
	/** An active configuration carries the same serial. */
	| 'serial'
	/** Same serial, differing only in case or surrounding whitespace. */
	| 'serialVariant'
	/** No usable serial on one side; the configuration holds the MAC in another written form. */
	| 'mac'
	/** No MAC on the device (routed or external); the configuration holds only one of its IPs. */
	| 'ip'
	/** The configuration carries the device's link marker (a serial match when there is no link store). */
	| 'linked'
	/** Linked to an inactive configuration. */
	| 'linkedInactive'
	/** Linked, but the configuration's keys are stale (serial before a board swap, old IP). */
	| 'linkedStaleKeys'
	/** Two active configurations share the device's serial (plus an IP-only decoy: no fall-through). */
	| 'ambiguousSerial'
	/** Two devices of one agent share a MAC that one configuration holds (a cloned VM). */
	| 'ambiguousMac'
	/** Only an inactive configuration carries the device's serial. */
	| 'inactiveMatch'
	/** The only shared address is link-local (169.254/16, fe80::/10), which never matches. */
	| 'linkLocalIp'
	/** The device's serial exists, but on a configuration of another company. */
	| 'serialInOtherCompany'
	/** A physical device another agent (of another company) also sees; no configuration here. */
	| 'seenByOtherAgent'
	/** Nothing in ConnectWise for it. */
	| 'unmatched'
	/** Hidden in Domotz (`status: HIDDEN`); nothing in ConnectWise. */
	| 'hidden'
	/** Excluded from monitoring (`is_excluded`); nothing in ConnectWise. */
	| 'excluded'
	/** Its agent resolves to no company. */
	| 'unresolvedCompany'
	/** Its agent's plan has no API access. */
	| 'unlistable';

export type DeviceQuirk =
	| 'placeholderSerial'
	| 'repeatedCharacterSerial'
	| 'serialIsMac'
	| 'serialMacLabel'
	| 'serialTrailingSpace'
	| 'serialCaseDiffers'
	| 'serialOverridden'
	| 'vendorTrailingSpace'
	| 'quotedDisplayName'
	| 'lowerCaseMac'
	| 'sharedMac'
	| 'seenByTwoAgents'
	| 'userNameOverride'
	| 'userVendorModelOverride'
	| 'userTypeOverride'
	| 'multipleIps'
	| 'ipv6'
	| 'linkLocalAddress'
	| 'virtualMachineModel'
	| 'operatingSystem'
	| 'zoneRoomNotes'
	| 'hidden'
	| 'excluded'
	| 'domotzLinkMirror';

/** Why a configuration exists. */
export type ConfigurationKind =
	| 'serialMatch'
	| 'serialVariantMatch'
	| 'macMatch'
	| 'ipMatch'
	| 'linked'
	| 'linkedInactive'
	| 'linkedStaleKeys'
	| 'ambiguousSerial'
	| 'ipDecoy'
	| 'ambiguousMac'
	| 'inactiveMatch'
	| 'linkLocalIp'
	| 'otherCompanySerial'
	| 'offNetwork'
	| 'decommissioned'
	| 'linkToMissingDevice'
	| 'unlistableAgent'
	| 'noAgent';

export type ConfigurationQuirk =
	| 'macColonLower'
	| 'macDashLower'
	| 'macDashUpper'
	| 'macCiscoDots'
	| 'macBareUpper'
	| 'macBareLower'
	| 'macTwoInOneField'
	| 'serialCaseDiffers'
	| 'serialWhitespace'
	| 'placeholderSerial'
	| 'zeroMac'
	| 'staleIp'
	| 'ipv6Address'
	| 'linkLocalAddress'
	| 'quotedName'
	| 'linkMarker'
	| 'foreignDeviceIdentifier';

export interface DeviceTruth {
	agentId: number;
	deviceId: number;
	/** The agent's company under the default rule; absent when unresolved. */
	companyId?: number;
	expected: ExpectedOutcome;
	/** For `linked` and `matched`. */
	configurationId?: number;
	/** For `linked`, `matched` and `ambiguous` (the key whose ambiguity stopped the search). */
	matchedBy?: MatchedBy;
	/** For `ambiguous`: every configuration the key points to, ascending. */
	candidates?: number[];
	case: DeviceCase;
	subtype: DeviceSubtype;
	/** Sorted. */
	quirks: DeviceQuirk[];
	/** `status: HIDDEN`: left out of the device list unless `show_hidden=true`. */
	hidden: boolean;
	excluded: boolean;
}

export interface UnlistableDeviceTruth {
	agentId: number;
	deviceId: number;
	companyId: number;
}

export interface AgentTruth {
	agentId: number;
	name: string;
	customerId?: string;
	role: AgentRole;
	/** The company the default rule finds (also for `apiDisabled`); absent when unresolved. */
	companyId?: number;
	resolvedBy?: 'customerId' | 'agentName';
	apiEnabled: boolean;
	/** Devices in the seed, hidden ones included. */
	deviceCount: number;
}

export interface ConfigurationTruth {
	id: number;
	companyId: number;
	kind: ConfigurationKind;
	/** Status open and `activeFlag` true (both always agree here). */
	active: boolean;
	/** Sorted. */
	quirks: ConfigurationQuirk[];
	/** The device named by its link marker (a device id absent from Domotz for `linkToMissingDevice`). */
	linkedTo?: { agentId: number; deviceId: number };
}

export interface CompanyTruth {
	companyId: number;
	identifier: string;
	name: string;
	agentIds: number[];
	siteIds: number[];
	configurationIds: number[];
	/**
	 * Configurations no listable device links to or matches: leftovers, inactive ones, ambiguous
	 * candidates, decoys, and everything of companies whose agents are unlistable or missing.
	 */
	unmatchedConfigurationIds: number[];
}

export interface TenantCounts {
	agents: number;
	apiDisabledAgents: number;
	unresolvedAgents: number;
	companies: number;
	companiesWithoutAgent: number;
	sites: number;
	configurations: number;
	activeConfigurations: number;
	/** Devices of every agent, the unlistable ones included. */
	devices: number;
	/** Devices of agents with API access (`TenantTruth.devices`). */
	listableDevices: number;
	unlistableDevices: number;
	hiddenDevices: number;
	excludedDevices: number;
	expected: Record<ExpectedOutcome, number>;
	matchedBy: Record<MatchedBy, number>;
	deviceCases: Record<DeviceCase, number>;
	deviceSubtypes: Record<DeviceSubtype, number>;
	/** Over listable and unlistable devices. */
	deviceQuirks: Record<DeviceQuirk, number>;
	configurationKinds: Record<ConfigurationKind, number>;
	configurationQuirks: Record<ConfigurationQuirk, number>;
}

/**
 * The known answer, derived from how each case was built (never by running a matcher), for the
 * default matching options: keys serial → MAC → IP, active configurations only, within the
 * agent's company found by Customer ID, else by agent name equal to company name.
 */
export interface TenantTruth {
	options: Required<MspTenantOptions>;
	agents: AgentTruth[];
	/** Agent id → company id, `null` when unresolved. */
	agentCompanies: Record<string, number | null>;
	/** Every device of an agent with API access, in seed order. */
	devices: DeviceTruth[];
	/** Devices of agents whose plan has no API access: the API refuses to list them. */
	unlistableDevices: UnlistableDeviceTruth[];
	companies: CompanyTruth[];
	configurations: ConfigurationTruth[];
	/** Configuration custom field "Domotz Link", when `linkStore` is `customField`. */
	linkFieldId?: number;
	counts: TenantCounts;
}
