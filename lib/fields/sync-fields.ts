/**
 * Every field a sync carries between a Domotz device (or collector) and a ConnectWise
 * configuration, as data: where the Domotz value comes from, where it goes in ConnectWise, which
 * directions the two APIs allow, how long it may be and how two values are compared.
 */

import { z } from 'zod';

import { configurationFieldLimits, setupNameLimits } from '../connectwise/limits';
import type { DomotzAgent, DomotzAgentDetail, DomotzDevice } from '../domotz/schemas';
import { SetupError } from '../http/errors';
import { normaliseIps, type RawValues } from '../match';
import type { DomotzEditableField } from '../domotz/field-values';

export type SyncDirection = 'domotzToConnectWise' | 'connectWiseToDomotz';
export type FieldDirection = SyncDirection | 'skip';
export type SyncMode = 'domotzToConnectWise' | 'connectWiseToDomotz' | 'custom';
export type SyncFieldKey =
	| 'name'
	| 'serialNumber'
	| 'macAddress'
	| 'ipAddress'
	| 'modelNumber'
	| 'manufacturer'
	| 'osType'
	| 'osInfo'
	| 'site'
	| 'notes';

/** Values of one Domotz record (device or collector) for every field, raw (trimmed) text or null. */
export type DomotzValues = Record<SyncFieldKey, string | null>;

/**
 * How two values of a field are compared (and written), so that formatting alone is never a
 * change: `caseInsensitive` for names ConnectWise looks up, `multiline` for free text.
 */
export type ValueForm = 'text' | 'serial' | 'mac' | 'ip' | 'caseInsensitive' | 'multiline';

export type ConnectWiseTextField =
	| 'name'
	| 'serialNumber'
	| 'macAddress'
	| 'ipAddress'
	| 'modelNumber'
	| 'osType'
	| 'osInfo'
	| 'notes';

/** Where the value goes in ConnectWise: a text field, or a reference looked up by name. */
export type ConnectWiseTarget =
	| { connectWiseKind: 'text'; connectWiseField: ConnectWiseTextField }
	| { connectWiseKind: 'manufacturer'; connectWiseField: 'manufacturer' }
	| { connectWiseKind: 'site'; connectWiseField: 'site' };

export type SyncFieldDefinition = ConnectWiseTarget & {
	key: SyncFieldKey;
	/** Shown in the node, e.g. 'Serial Number'. */
	label: string;
	/** Human description of the Domotz source, e.g. 'user_data.name, else display_name'. */
	domotzSource: string;
	/** Domotz field the API can write; absent: the field syncs Domotz → ConnectWise only. */
	domotzWritable?: DomotzEditableField;
	/** ConnectWise's limit; longer values are refused with a 400. */
	maxLength?: number;
	/** Serial and MAC: used for matching, so junk never overwrites them and they are never shortened. */
	matchKey?: boolean;
	/** ConnectWise requires it: never blanked. */
	required?: boolean;
	valueForm: ValueForm;
	/** The Custom mode default shown in the editor. */
	defaultDirection: FieldDirection;
};

/** ConnectWise's CompanySite `name` limit (API 2025.1 model); no limits table lists sites. */
const SITE_NAME_LIMIT = 50;

export const syncFields: readonly SyncFieldDefinition[] = [
	{
		key: 'name',
		label: 'Name',
		domotzSource: 'user_data.name, else display_name',
		connectWiseField: 'name',
		connectWiseKind: 'text',
		domotzWritable: 'user_data/name',
		maxLength: configurationFieldLimits.name,
		required: true,
		valueForm: 'text',
		defaultDirection: 'domotzToConnectWise',
	},
	{
		key: 'serialNumber',
		label: 'Serial Number',
		domotzSource: 'details.serial',
		connectWiseField: 'serialNumber',
		connectWiseKind: 'text',
		domotzWritable: 'details/serial',
		maxLength: configurationFieldLimits.serialNumber,
		matchKey: true,
		valueForm: 'serial',
		defaultDirection: 'domotzToConnectWise',
	},
	{
		key: 'macAddress',
		label: 'MAC Address',
		domotzSource: 'hw_address',
		connectWiseField: 'macAddress',
		connectWiseKind: 'text',
		maxLength: configurationFieldLimits.macAddress,
		matchKey: true,
		valueForm: 'mac',
		defaultDirection: 'domotzToConnectWise',
	},
	{
		key: 'ipAddress',
		label: 'IP Address',
		domotzSource: 'ip_addresses: the first usable IPv4, else the first usable IPv6',
		connectWiseField: 'ipAddress',
		connectWiseKind: 'text',
		maxLength: configurationFieldLimits.ipAddress,
		valueForm: 'ip',
		defaultDirection: 'domotzToConnectWise',
	},
	{
		key: 'modelNumber',
		label: 'Model Number',
		domotzSource: 'user_data.model, else model',
		connectWiseField: 'modelNumber',
		connectWiseKind: 'text',
		domotzWritable: 'user_data/model',
		maxLength: configurationFieldLimits.modelNumber,
		valueForm: 'text',
		defaultDirection: 'domotzToConnectWise',
	},
	{
		key: 'manufacturer',
		label: 'Manufacturer',
		domotzSource: 'user_data.vendor, else vendor',
		connectWiseField: 'manufacturer',
		connectWiseKind: 'manufacturer',
		domotzWritable: 'user_data/vendor',
		maxLength: setupNameLimits.manufacturer,
		valueForm: 'caseInsensitive',
		defaultDirection: 'domotzToConnectWise',
	},
	{
		key: 'osType',
		label: 'OS Type',
		domotzSource: 'os.name',
		connectWiseField: 'osType',
		connectWiseKind: 'text',
		maxLength: configurationFieldLimits.osType,
		valueForm: 'text',
		defaultDirection: 'domotzToConnectWise',
	},
	{
		key: 'osInfo',
		label: 'OS Info',
		domotzSource: 'os.version with os.build, else details.firmware_version',
		connectWiseField: 'osInfo',
		connectWiseKind: 'text',
		maxLength: configurationFieldLimits.osInfo,
		valueForm: 'text',
		defaultDirection: 'domotzToConnectWise',
	},
	{
		key: 'site',
		label: 'Site',
		domotzSource: "details.zone (a site of the configuration's company, by name)",
		connectWiseField: 'site',
		connectWiseKind: 'site',
		domotzWritable: 'details/zone',
		maxLength: SITE_NAME_LIMIT,
		valueForm: 'caseInsensitive',
		defaultDirection: 'skip',
	},
	{
		key: 'notes',
		label: 'Notes',
		domotzSource: 'details.notes',
		connectWiseField: 'notes',
		connectWiseKind: 'text',
		domotzWritable: 'details/notes',
		valueForm: 'multiline',
		defaultDirection: 'skip',
	},
];

export function allowedDirections(field: SyncFieldDefinition): FieldDirection[] {
	return field.domotzWritable
		? ['domotzToConnectWise', 'connectWiseToDomotz', 'skip']
		: ['domotzToConnectWise', 'skip'];
}

/** One value per field, built from the field table so no field can be forgotten. */
export function byField<Value>(
	valueOf: (field: SyncFieldDefinition) => Value,
): Record<SyncFieldKey, Value> {
	const values = {} as Record<SyncFieldKey, Value>;
	for (const field of syncFields) values[field.key] = valueOf(field);
	return values;
}

/** Candidate sources of one field, tried in order: the first non-empty one wins. */
type Sources<Origin> = Record<SyncFieldKey, ReadonlyArray<(origin: Origin) => RawText>>;
type RawText = string | null | undefined;

function readValues<Origin>(sources: Sources<Origin>, origin: Origin): DomotzValues {
	return byField((field) => {
		for (const source of sources[field.key]) {
			const text = source(origin)?.trim();
			if (text) return text;
		}
		return null;
	});
}

/** Loopback, link-local and other addresses that never identify a device are passed over. */
function preferredIp(raws: RawValues): string | null {
	const { usable } = normaliseIps(raws);
	return usable.find((address) => !address.includes(':')) ?? usable[0] ?? null;
}

function versionWithBuild(os: DomotzDevice['os']): RawText {
	const version = os?.version?.trim();
	const build = os?.build?.trim();
	if (!version) return null;
	return build ? `${version} (${build})` : version;
}

const deviceSources: Sources<DomotzDevice> = {
	name: [(device) => device.user_data?.name, (device) => device.display_name],
	serialNumber: [(device) => device.details?.serial],
	macAddress: [(device) => device.hw_address],
	ipAddress: [(device) => preferredIp(device.ip_addresses)],
	modelNumber: [(device) => device.user_data?.model, (device) => device.model],
	manufacturer: [(device) => device.user_data?.vendor, (device) => device.vendor],
	osType: [(device) => device.os?.name],
	osInfo: [(device) => versionWithBuild(device.os), (device) => device.details?.firmware_version],
	site: [(device) => device.details?.zone],
	notes: [(device) => device.details?.notes],
};

export function readDeviceValues(device: DomotzDevice): DomotzValues {
	return readValues(deviceSources, device);
}

/** Agent fields Domotz returns but the agent schema passes through untyped. */
const collectorLicenceSchema = z.object({ bound_mac_address: z.string().nullish() });
const collectorVersionSchema = z.object({
	agent: z.string().nullish(),
	package: z.string().nullish(),
});

interface CollectorFacts {
	agent: DomotzAgent | DomotzAgentDetail;
	licence?: z.output<typeof collectorLicenceSchema>;
	version?: z.output<typeof collectorVersionSchema>;
}

export const COLLECTOR_MANUFACTURER = 'Domotz';
const COLLECTOR_OS_TYPE = 'Domotz Collector';

function describeCollectorVersion(version: CollectorFacts['version']): RawText {
	const numbers = { agent: version?.agent?.trim(), package: version?.package?.trim() };
	return Object.entries(numbers)
		.flatMap(([part, number]) => (number ? [`${part} ${number}`] : []))
		.join(', ');
}

const collectorSources: Sources<CollectorFacts> = {
	name: [({ agent }) => agent.display_name],
	serialNumber: [],
	macAddress: [({ licence }) => licence?.bound_mac_address],
	ipAddress: [({ agent }) => preferredIp(agent.wan_info?.ip)],
	modelNumber: [],
	manufacturer: [() => COLLECTOR_MANUFACTURER],
	osType: [() => COLLECTOR_OS_TYPE],
	osInfo: [({ version }) => describeCollectorVersion(version)],
	site: [],
	notes: [],
};

export function readCollectorValues(agent: DomotzAgent | DomotzAgentDetail): DomotzValues {
	const licence = collectorLicenceSchema.safeParse(agent.licence);
	const version = collectorVersionSchema.safeParse(agent.version);
	return readValues(collectorSources, {
		agent,
		licence: licence.success ? licence.data : undefined,
		version: version.success ? version.data : undefined,
	});
}

const directionNames: Record<FieldDirection, string> = {
	domotzToConnectWise: 'Domotz → ConnectWise',
	connectWiseToDomotz: 'ConnectWise → Domotz',
	skip: 'Skip',
};

/** The direction each field takes in each mode; Custom starts from the table's defaults. */
const modeDirections: Record<SyncMode, (field: SyncFieldDefinition) => FieldDirection> = {
	domotzToConnectWise: () => 'domotzToConnectWise',
	connectWiseToDomotz: (field) => (field.domotzWritable ? 'connectWiseToDomotz' : 'skip'),
	custom: (field) => field.defaultDirection,
};

function checkedChoice(field: SyncFieldDefinition, choice: FieldDirection): FieldDirection {
	const allowed = allowedDirections(field);
	if (allowed.includes(choice)) return choice;
	const why = field.domotzWritable ? '' : ': the Domotz API cannot write it';
	throw new SetupError(
		`${field.label} cannot sync ${directionNames[choice] ?? `"${String(choice)}"`}${why}`,
		`Choose one of: ${allowed.map((direction) => directionNames[direction]).join(', ')}`,
	);
}

export function resolveDirections(
	mode: SyncMode,
	custom: Partial<Record<SyncFieldKey, FieldDirection>> = {},
): Record<SyncFieldKey, FieldDirection> {
	const directionOf = modeDirections[mode];
	if (!directionOf) throw new SetupError(`"${String(mode)}" is not a sync mode`);
	return byField((field) => {
		const choice = mode === 'custom' ? custom[field.key] : undefined;
		return choice === undefined ? directionOf(field) : checkedChoice(field, choice);
	});
}
