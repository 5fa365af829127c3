/** Turns the finished drafts into the two simulator seeds and the truth about them. */
import { domotzLinkInventoryField, formatMarker } from '../../../lib/links/marker';
import type {
	CompanySeed,
	ConfigurationSeed,
	ConnectWiseSeed,
	CustomFieldInput,
	SiteSeed,
	UserDefinedFieldSeed,
} from '../connectwise/index';
import type { Device, DomotzSeed } from '../domotz/index';
import { DEFAULT_API_KEY } from '../domotz/index';
import {
	CONFIGURATION_STATUSES,
	CONFIGURATION_TYPES,
	DOMOTZ_USER,
	HARDWARE_PROFILES,
	LINK_FIELD_CAPTION,
	OFF_NETWORK_ASSETS,
	OTHER_CUSTOM_FIELDS,
	QUOTED_CONFIGURATION_NAMES,
	type ConfigurationStatusName,
} from './catalogue';
import { BASE_TIME, connectWiseTime, domotzTime } from './identifiers';
import { defined, type ConfigDraft, type DeviceDraft, type TenantBuilder } from './tenant-builder';
import type {
	AgentTruth,
	CompanyTruth,
	ConfigurationKind,
	ConfigurationQuirk,
	ConfigurationTruth,
	DeviceCase,
	DeviceQuirk,
	DeviceSubtype,
	DeviceTruth,
	ExpectedOutcome,
	GeneratedTenant,
	MatchedBy,
	MspTenantOptions,
	TenantCounts,
	TenantTruth,
	UnlistableDeviceTruth,
} from './types';

/** Every key of each union, so counts list zeros too (the compiler checks completeness). */
const EXPECTED_OUTCOMES: Record<ExpectedOutcome, true> = {
	linked: true,
	matched: true,
	ambiguous: true,
	unmatched: true,
	unresolvedCompany: true,
};
const MATCHED_BY: Record<MatchedBy, true> = { link: true, serial: true, mac: true, ip: true };
const DEVICE_SUBTYPES: Record<DeviceSubtype, true> = {
	local: true,
	subnet: true,
	external: true,
	dummy: true,
};
const DEVICE_CASES: Record<DeviceCase, true> = {
	serial: true,
	serialVariant: true,
	mac: true,
	ip: true,
	linked: true,
	linkedInactive: true,
	linkedStaleKeys: true,
	ambiguousSerial: true,
	ambiguousMac: true,
	inactiveMatch: true,
	linkLocalIp: true,
	serialInOtherCompany: true,
	seenByOtherAgent: true,
	unmatched: true,
	hidden: true,
	excluded: true,
	unresolvedCompany: true,
	unlistable: true,
};
const DEVICE_QUIRKS: Record<DeviceQuirk, true> = {
	placeholderSerial: true,
	repeatedCharacterSerial: true,
	serialIsMac: true,
	serialMacLabel: true,
	serialTrailingSpace: true,
	serialCaseDiffers: true,
	serialOverridden: true,
	vendorTrailingSpace: true,
	quotedDisplayName: true,
	lowerCaseMac: true,
	sharedMac: true,
	seenByTwoAgents: true,
	userNameOverride: true,
	userVendorModelOverride: true,
	userTypeOverride: true,
	multipleIps: true,
	ipv6: true,
	linkLocalAddress: true,
	virtualMachineModel: true,
	operatingSystem: true,
	zoneRoomNotes: true,
	hidden: true,
	excluded: true,
	domotzLinkMirror: true,
};
const CONFIGURATION_KINDS: Record<ConfigurationKind, true> = {
	serialMatch: true,
	serialVariantMatch: true,
	macMatch: true,
	ipMatch: true,
	linked: true,
	linkedInactive: true,
	linkedStaleKeys: true,
	ambiguousSerial: true,
	ipDecoy: true,
	ambiguousMac: true,
	inactiveMatch: true,
	linkLocalIp: true,
	otherCompanySerial: true,
	offNetwork: true,
	decommissioned: true,
	linkToMissingDevice: true,
	unlistableAgent: true,
	noAgent: true,
};
const CONFIGURATION_QUIRKS: Record<ConfigurationQuirk, true> = {
	macColonLower: true,
	macDashLower: true,
	macDashUpper: true,
	macCiscoDots: true,
	macBareUpper: true,
	macBareLower: true,
	macTwoInOneField: true,
	serialCaseDiffers: true,
	serialWhitespace: true,
	placeholderSerial: true,
	zeroMac: true,
	staleIp: true,
	ipv6Address: true,
	linkLocalAddress: true,
	quotedName: true,
	linkMarker: true,
	foreignDeviceIdentifier: true,
};

function tally<Key extends string>(
	keys: Record<Key, true>,
	values: Iterable<Key>,
): Record<Key, number> {
	const counts = Object.fromEntries(Object.keys(keys).map((key) => [key, 0])) as Record<
		Key,
		number
	>;
	for (const value of values) counts[value] += 1;
	return counts;
}

const MODEL_NUMBER_LENGTH = 50;

/** Ids of the ConnectWise setup tables, by name. */
interface SetupIds {
	types: Map<string, number>;
	statuses: Map<ConfigurationStatusName, number>;
	manufacturers: Map<string, number>;
	assetOwnerField: number;
	linkField?: number;
}

function setupIds(tenant: TenantBuilder): SetupIds {
	const manufacturerNames = [
		...new Set(
			[...HARDWARE_PROFILES, ...OFF_NETWORK_ASSETS, ...QUOTED_CONFIGURATION_NAMES].flatMap(
				(entry) => (entry.manufacturer === undefined ? [] : [entry.manufacturer]),
			),
		),
	].sort();
	return {
		types: new Map(CONFIGURATION_TYPES.map((type, index) => [type.name, index + 1])),
		statuses: new Map(
			CONFIGURATION_STATUSES.map((status, index) => [status.description, index + 1]),
		),
		manufacturers: new Map(manufacturerNames.map((name, index) => [name, index + 1])),
		assetOwnerField: 1,
		linkField: tenant.linkStore === 'customField' ? OTHER_CUSTOM_FIELDS.length + 1 : undefined,
	};
}

function idOf<Name>(map: ReadonlyMap<Name, number>, name: Name): number {
	const id = map.get(name);
	if (id === undefined) throw new Error(`Nothing named ${String(name)} in the ConnectWise setup`);
	return id;
}

function markerOf(configuration: ConfigDraft): string | undefined {
	const target = configuration.linkTo;
	if (!target) return undefined;
	return 'device' in target
		? formatMarker({ agentId: target.device.agent.id, deviceId: target.device.body.id })
		: formatMarker({ agentId: target.agent.id, deviceId: target.missingDevice });
}

function configurationSeed(
	configuration: ConfigDraft,
	ids: SetupIds,
	linkStore: TenantBuilder['linkStore'],
): ConfigurationSeed {
	const { record } = configuration;
	const marker = markerOf(configuration);
	const customFields: CustomFieldInput[] = [
		...(record.assetOwner === undefined
			? []
			: [{ id: ids.assetOwnerField, value: record.assetOwner }]),
		...(marker !== undefined && ids.linkField !== undefined
			? [{ id: ids.linkField, value: marker }]
			: []),
	];
	const active = configuration.status === 'Active';
	return defined({
		id: configuration.id,
		name: record.name,
		type: { id: idOf(ids.types, record.type) },
		company: { id: configuration.company.id },
		status: { id: idOf(ids.statuses, configuration.status) },
		site: record.site && { id: record.site.id },
		manufacturer:
			record.manufacturer === undefined
				? undefined
				: { id: idOf(ids.manufacturers, record.manufacturer) },
		modelNumber: record.model?.slice(0, MODEL_NUMBER_LENGTH),
		serialNumber: record.serial,
		macAddress: record.mac,
		ipAddress: record.ip,
		osType: record.osType,
		osInfo: record.osInfo,
		tagNumber: record.tagNumber,
		notes: record.notes,
		deviceIdentifier:
			linkStore === 'deviceIdentifier' && marker !== undefined ? marker : record.deviceIdentifier,
		activeFlag: active,
		installationDate: connectWiseTime(record.installedAt),
		customFields: customFields.length > 0 ? customFields : undefined,
		_info: {
			dateEntered: connectWiseTime(record.installedAt),
			enteredBy: 'ImportWizard',
			lastUpdated: connectWiseTime(record.updatedAt),
			updatedBy: active ? 'jsmith' : 'ImportWizard',
		},
	});
}

function connectWiseSeed(tenant: TenantBuilder, ids: SetupIds): ConnectWiseSeed {
	const userDefinedFields: UserDefinedFieldSeed[] = [
		...OTHER_CUSTOM_FIELDS.map((field, index) => ({
			id: index + 1,
			caption: field.caption,
			fieldTypeIdentifier: field.type,
			entryTypeIdentifier: field.type === 'Date' ? ('Date' as const) : ('EntryField' as const),
			sequenceNumber: index + 1,
		})),
		...(ids.linkField === undefined
			? []
			: [
					{
						id: ids.linkField,
						caption: LINK_FIELD_CAPTION,
						fieldTypeIdentifier: 'Text' as const,
						entryTypeIdentifier: 'EntryField' as const,
						sequenceNumber: ids.linkField,
					},
				]),
	];
	const companies = tenant.companies.map(
		(company): CompanySeed => ({
			id: company.id,
			identifier: company.identifier,
			name: company.name,
			status: { id: 1, name: 'Active' },
			types: [{ id: 1, name: 'Client' }],
			city: company.sites[0].city,
			deletedFlag: false,
			_info: {
				dateEntered: connectWiseTime(company.createdAt),
				lastUpdated: connectWiseTime(company.createdAt),
			},
		}),
	);
	const sites = tenant.companies.flatMap((company) =>
		company.sites.map(
			(site): SiteSeed => ({
				id: site.id,
				name: site.name,
				company: { id: company.id },
				city: site.city,
				primaryAddressFlag: site.primary,
			}),
		),
	);
	return {
		companies,
		sites,
		types: CONFIGURATION_TYPES.map((type) =>
			defined({ id: idOf(ids.types, type.name), name: type.name, inactiveFlag: type.inactive }),
		),
		statuses: CONFIGURATION_STATUSES.map((status) =>
			defined({
				id: idOf(ids.statuses, status.description),
				description: status.description,
				closedFlag: status.closed,
				defaultFlag: status.default,
			}),
		),
		manufacturers: [...ids.manufacturers].map(([name, id]) => ({ id, name })),
		userDefinedFields,
		configurations: tenant.configurations.map((configuration) =>
			configurationSeed(configuration, ids, tenant.linkStore),
		),
	};
}

function domotzSeed(tenant: TenantBuilder): DomotzSeed {
	const devices: Record<string, Device[]> = {};
	const deviceInventory: NonNullable<DomotzSeed['deviceInventory']> = {};
	const discoveredSerials: NonNullable<DomotzSeed['discoveredSerials']> = {};
	for (const agent of tenant.agents) {
		if (agent.devices.length === 0) continue;
		const agentKey = String(agent.id);
		devices[agentKey] = agent.devices.map((device) => device.body);
		for (const device of agent.devices) {
			const deviceKey = String(device.body.id);
			const inventory = defined({
				[domotzLinkInventoryField.key]: device.mirror && String(device.mirror.id),
				asset_tag: tenant.every('assetTag', 11) ? `${agent.code}-${device.body.id}` : undefined,
			});
			if (Object.keys(inventory).length > 0)
				(deviceInventory[agentKey] ??= {})[deviceKey] = inventory;
			if (device.discoveredSerial !== undefined) {
				(discoveredSerials[agentKey] ??= {})[deviceKey] = device.discoveredSerial;
			}
		}
	}
	const fieldCreated = domotzTime(BASE_TIME - 200 * 86_400_000, 'offset');
	return {
		agents: tenant.agents.map((agent) => agent.body),
		devices,
		inventoryFields: [
			{
				key: 'asset_tag',
				label: 'Asset tag',
				creation_time: fieldCreated,
				defined_by_user: DOMOTZ_USER.id,
			},
			...(tenant.storesLinks
				? [
						{
							...domotzLinkInventoryField,
							creation_time: fieldCreated,
							defined_by_user: DOMOTZ_USER.id,
						},
					]
				: []),
		],
		deviceInventory,
		discoveredSerials,
		apiKeys: [{ key: DEFAULT_API_KEY, role: 'fullAccess', id: 1, name: 'n8n sync' }],
		user: { ...DOMOTZ_USER },
	};
}

function deviceTruth(device: DeviceDraft): DeviceTruth {
	const { outcome } = device;
	if (outcome.expected === 'unlistable') throw new Error('Unlistable devices have no match truth');
	return defined({
		agentId: device.agent.id,
		deviceId: device.body.id,
		companyId: device.agent.company?.id,
		expected: outcome.expected,
		configurationId: 'configuration' in outcome ? outcome.configuration.id : undefined,
		matchedBy: 'matchedBy' in outcome ? outcome.matchedBy : undefined,
		candidates:
			'candidates' in outcome
				? outcome.candidates.map((candidate) => candidate.id).sort((a, b) => a - b)
				: undefined,
		case: device.case,
		subtype: device.subtype,
		quirks: [...device.quirks].sort(),
		hidden: device.quirks.has('hidden'),
		excluded: device.quirks.has('excluded'),
	});
}

/** Quirks read from the record itself, so they count however the record came to be. */
function configurationQuirks(configuration: ConfigDraft): ConfigurationQuirk[] {
	const quirks = new Set(configuration.quirks);
	if (configuration.record.name.includes('"')) quirks.add('quotedName');
	return [...quirks].sort();
}

function truthOf(
	tenant: TenantBuilder,
	options: Required<MspTenantOptions>,
	ids: SetupIds,
): TenantTruth {
	const allDevices = tenant.agents.flatMap((agent) => agent.devices);
	const listable = allDevices.filter((device) => device.outcome.expected !== 'unlistable');
	const devices = listable.map(deviceTruth);
	const unlistableDevices = allDevices
		.filter((device) => device.outcome.expected === 'unlistable')
		.map(
			(device): UnlistableDeviceTruth => ({
				agentId: device.agent.id,
				deviceId: device.body.id,
				companyId: device.agent.company?.id ?? 0,
			}),
		);
	const paired = new Set(
		devices.flatMap((device) =>
			device.configurationId === undefined ? [] : [device.configurationId],
		),
	);
	const agents = tenant.agents.map((agent): AgentTruth => {
		const resolved = agent.role !== 'noCustomerId' && agent.role !== 'unknownCustomerId';
		const resolvedBy: AgentTruth['resolvedBy'] =
			agent.role === 'agentName' ? 'agentName' : 'customerId';
		return defined({
			agentId: agent.id,
			name: agent.body.display_name,
			customerId: agent.body.installation_info?.customer_id,
			role: agent.role,
			companyId: resolved ? agent.company?.id : undefined,
			resolvedBy: resolved ? resolvedBy : undefined,
			apiEnabled: agent.role !== 'apiDisabled',
			deviceCount: agent.devices.length,
		});
	});
	const configurations = tenant.configurations.map((configuration): ConfigurationTruth => {
		const target = configuration.linkTo;
		return defined({
			id: configuration.id,
			companyId: configuration.company.id,
			kind: configuration.kind,
			active: configuration.status === 'Active',
			quirks: configurationQuirks(configuration),
			linkedTo:
				target &&
				('device' in target
					? { agentId: target.device.agent.id, deviceId: target.device.body.id }
					: { agentId: target.agent.id, deviceId: target.missingDevice }),
		});
	});
	const companies = tenant.companies.map(
		(company): CompanyTruth => ({
			companyId: company.id,
			identifier: company.identifier,
			name: company.name,
			agentIds: company.agents.map((agent) => agent.id),
			siteIds: company.sites.map((site) => site.id),
			configurationIds: company.configurations.map((configuration) => configuration.id),
			unmatchedConfigurationIds: company.configurations
				.filter((configuration) => !paired.has(configuration.id))
				.map((configuration) => configuration.id),
		}),
	);
	const counts: TenantCounts = {
		agents: agents.length,
		apiDisabledAgents: agents.filter((agent) => !agent.apiEnabled).length,
		unresolvedAgents: agents.filter((agent) => agent.companyId === undefined).length,
		companies: companies.length,
		companiesWithoutAgent: companies.filter((company) => company.agentIds.length === 0).length,
		sites: companies.reduce((sum, company) => sum + company.siteIds.length, 0),
		configurations: configurations.length,
		activeConfigurations: configurations.filter((configuration) => configuration.active).length,
		devices: allDevices.length,
		listableDevices: devices.length,
		unlistableDevices: unlistableDevices.length,
		hiddenDevices: devices.filter((device) => device.hidden).length,
		excludedDevices: devices.filter((device) => device.excluded).length,
		expected: tally(
			EXPECTED_OUTCOMES,
			devices.map((device) => device.expected),
		),
		matchedBy: tally(
			MATCHED_BY,
			devices.flatMap((device) => (device.matchedBy ? [device.matchedBy] : [])),
		),
		deviceCases: tally(
			DEVICE_CASES,
			allDevices.map((device) => device.case),
		),
		deviceSubtypes: tally(
			DEVICE_SUBTYPES,
			allDevices.map((device) => device.subtype),
		),
		deviceQuirks: tally(
			DEVICE_QUIRKS,
			allDevices.flatMap((device) => [...device.quirks]),
		),
		configurationKinds: tally(
			CONFIGURATION_KINDS,
			configurations.map((configuration) => configuration.kind),
		),
		configurationQuirks: tally(
			CONFIGURATION_QUIRKS,
			configurations.flatMap((configuration) => configuration.quirks),
		),
	};
	return defined({
		options,
		agents,
		agentCompanies: Object.fromEntries(
			agents.map((agent) => [String(agent.agentId), agent.companyId ?? null]),
		),
		devices,
		unlistableDevices,
		companies,
		configurations,
		linkFieldId: ids.linkField,
		counts,
	});
}

export function emitTenant(
	tenant: TenantBuilder,
	options: Required<MspTenantOptions>,
): GeneratedTenant {
	const ids = setupIds(tenant);
	return {
		domotz: domotzSeed(tenant),
		connectwise: connectWiseSeed(tenant, ids),
		truth: truthOf(tenant, options, ids),
	};
}
