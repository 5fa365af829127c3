import type { DeviceRef } from '../links/marker';

export type MatchKey = 'serial' | 'mac' | 'ip';

export type MatchScope = 'company' | 'allCompanies';

/** A Domotz device as the matcher needs it; the node glue maps API objects into this shape. */
export interface MatchableDevice {
	agentId: number;
	deviceId: number;
	name?: string;
	serial?: string | null;
	/** Raw MAC addresses in any written form. */
	macAddresses: string[];
	/** Raw IP addresses (IPv4 or IPv6). */
	ipAddresses: string[];
	/** The ConnectWise company the device's agent is linked to. */
	companyId?: number;
	/** The link mirrored on the Domotz side (inventory field). */
	linkedConfigurationId?: number;
}

/** A ConnectWise configuration as the matcher needs it. */
export interface MatchableConfiguration {
	id: number;
	name: string;
	companyId: number;
	active: boolean;
	serialNumber?: string | null;
	/** Raw ConnectWise field: may hold several MACs in one string. */
	macAddress?: string | null;
	/** Raw ConnectWise field: may hold several IPs in one string. */
	ipAddress?: string | null;
	/** The durable link marker stored on the configuration. */
	linkedDevice?: DeviceRef;
}

export interface MatchOptions {
	/** Keys to match on; always tried in the fixed order serial → MAC → IP. Default: all three. */
	keys?: readonly MatchKey[];
	/** Ignore inactive configurations for key matching (links to them are still honoured). Default true. */
	onlyActive?: boolean;
	/** `company`: a device only matches configurations of its agent's company. Default `company`. */
	scope?: MatchScope;
}

export interface ResolvedMatchOptions {
	keys: readonly MatchKey[];
	onlyActive: boolean;
	scope: MatchScope;
}

/** Which side of a link names the pairing: the marker on the configuration, the Domotz mirror, or both. */
export type LinkSide = 'marker' | 'domotzLink' | 'both';

export type AmbiguityReason =
	/** The device's key values point to several configurations. */
	| 'severalConfigurations'
	/** One key value is shared by so many configurations that it identifies nothing. */
	| 'crowdedKey'
	/** Other devices claim the same configuration with the same key. */
	| 'contested'
	/** Another device claims the configuration with a stronger key. */
	| 'outranked';

export type ConflictReason =
	/** Several configurations carry this device's marker (e.g. a copied configuration). */
	| 'severalMarkers'
	/** The marker and the Domotz mirror name different configurations. */
	| 'linkSidesDisagree'
	/** The Domotz mirror names a configuration whose marker names another device. */
	| 'linkedToOtherDevice'
	/** Several devices' Domotz mirrors name the same configuration. */
	| 'claimedByOtherDevices';

export type MatchNoteCode =
	| 'serialIgnored'
	| 'macIgnored'
	| 'ipIgnored'
	| 'noUsableKeys'
	| 'agentWithoutCompany'
	| 'staleDomotzLink'
	| 'inactiveConfiguration'
	| 'otherCompany'
	| 'linkConflict'
	| 'keysDisagree'
	| 'linkedToOtherDevice'
	| 'inactiveIgnored'
	| 'ambiguousKey'
	| 'duplicateDevice';

export interface MatchNote {
	code: MatchNoteCode;
	message: string;
	configurationId?: number;
}

export interface DeviceSummary extends DeviceRef {
	name?: string;
}

export interface MatchCandidate {
	configurationId: number;
	name: string;
	key: MatchKey | 'link';
	/** The canonical key value that matched, or which link side names the configuration. */
	value: string;
	/** For link candidates: the device the configuration's marker names. */
	linkedDevice?: DeviceRef;
}

interface DeviceMatchBase {
	device: DeviceSummary;
	notes: MatchNote[];
}

export interface LinkedDevice extends DeviceMatchBase {
	status: 'linked';
	configurationId: number;
	configurationName: string;
	matchedBy: 'link';
	linkedVia: LinkSide;
}

export interface MatchedDevice extends DeviceMatchBase {
	status: 'matched';
	configurationId: number;
	configurationName: string;
	matchedBy: MatchKey;
	/** The canonical key value both sides share. */
	matchedValue: string;
}

export interface AmbiguousDevice extends DeviceMatchBase {
	status: 'ambiguous';
	ambiguity: AmbiguityReason;
	matchedBy: MatchKey;
	candidates: MatchCandidate[];
	/** More candidates exist than are listed. */
	moreCandidates: boolean;
	competingDevices: DeviceRef[];
}

export interface ConflictingDevice extends DeviceMatchBase {
	status: 'conflict';
	conflict: ConflictReason;
	candidates: MatchCandidate[];
	competingDevices: DeviceRef[];
}

export interface UnpairedDevice extends DeviceMatchBase {
	status: 'unmatched' | 'unresolvedCompany' | 'duplicate';
}

export type DeviceMatch =
	| LinkedDevice
	| MatchedDevice
	| AmbiguousDevice
	| ConflictingDevice
	| UnpairedDevice;

export type DeviceMatchStatus = DeviceMatch['status'];

export interface ConfigurationSummary {
	configurationId: number;
	name: string;
	companyId: number;
	active: boolean;
}

export interface ConfigurationLinkedElsewhere extends ConfigurationSummary {
	linkedDevice: DeviceRef;
}

export interface MatchResult {
	/** One entry per input device, in input order. */
	devices: DeviceMatch[];
	/** Configurations of the scanned companies that no device links, claims or matched. */
	unmatchedConfigurations: ConfigurationSummary[];
	/** Configurations whose marker names a device that is not in the input. */
	linkedElsewhere: ConfigurationLinkedElsewhere[];
	counts: Record<DeviceMatchStatus, number>;
}
