/**
 * Record shapes of the simulated ConnectWise tenant: what a seed may contain (API-shaped objects,
 * ids and `_info` optional) and what the API answers. Field lists follow SPEC (API 2025.1),
 * reference §2.2–§2.4.
 */

/** A reference as a client sends it: by `id`, or by `name`/`identifier` where the target has one. */
export interface ReferenceInput {
	id?: number;
	name?: string;
	identifier?: string;
}

/** Record `_info` as seeded; omitted timestamps default to the simulator clock at load time. */
export interface RecordInfoSeed {
	lastUpdated?: string;
	updatedBy?: string;
	dateEntered?: string;
	enteredBy?: string;
}

export interface RecordInfo {
	lastUpdated: string;
	updatedBy: string;
	dateEntered: string;
	enteredBy: string;
	[href: string]: string;
}

export interface Reference {
	id: number;
	name?: string;
	identifier?: string;
	_info?: Record<string, string>;
}

export type CustomFieldType =
	| 'TextArea'
	| 'Button'
	| 'Currency'
	| 'Date'
	| 'Hyperlink'
	| 'IPAddress'
	| 'Checkbox'
	| 'Number'
	| 'Percent'
	| 'Text'
	| 'Password';

export type CustomFieldEntryMethod = 'Date' | 'EntryField' | 'List' | 'Option';

export type CustomFieldScalar = string | number | boolean | null;

/** A `customFields` entry as written by a client: only `id` and `value` are read. */
export interface CustomFieldInput {
	id: number;
	value?: CustomFieldScalar;
	caption?: string;
}

/**
 * A `customFields` entry as answered: every configuration field, `value: null` when unset. Besides
 * the specification's fields, recorded answers carry `rowNum` (the field's sequence number),
 * `userDefinedFieldRecId` (its id) and `podId` as a name such as `contact_overview`
 * (amp-labs/connectors `providers/connectwise/test/read/one-contact.json`).
 */
export interface CustomFieldValue {
	id: number;
	caption: string;
	type: CustomFieldType;
	entryMethod: CustomFieldEntryMethod;
	numberOfDecimals: number;
	value: CustomFieldScalar;
	connectWiseId: string;
	rowNum: number;
	userDefinedFieldRecId: number;
	podId: string;
}

export interface ConfigurationQuestion {
	answerId?: number;
	questionId: number;
	question?: string;
	answer?: string | number | boolean | null;
	sequenceNumber?: number;
	numberOfDecimals?: number;
	fieldType?: string;
	requiredFlag?: boolean;
}

/** Writable configuration fields (POST/PUT body, PATCH values, seeds). */
export interface ConfigurationInput {
	name: string;
	type: ReferenceInput;
	company: ReferenceInput;
	status?: ReferenceInput | null;
	contact?: ReferenceInput | null;
	site?: ReferenceInput | null;
	locationId?: number | null;
	location?: ReferenceInput | null;
	businessUnitId?: number | null;
	department?: ReferenceInput | null;
	deviceIdentifier?: string | null;
	serialNumber?: string | null;
	modelNumber?: string | null;
	tagNumber?: string | null;
	purchaseDate?: string | null;
	installationDate?: string | null;
	installedBy?: ReferenceInput | null;
	warrantyExpirationDate?: string | null;
	vendorNotes?: string | null;
	notes?: string | null;
	macAddress?: string | null;
	lastLoginName?: string | null;
	billFlag?: boolean;
	backupSuccesses?: number | null;
	backupIncomplete?: number | null;
	backupFailed?: number | null;
	backupRestores?: number | null;
	lastBackupDate?: string | null;
	backupServerName?: string | null;
	backupBillableSpaceGb?: number | null;
	backupProtectedDeviceList?: string | null;
	backupYear?: number | null;
	backupMonth?: number | null;
	ipAddress?: string | null;
	defaultGateway?: string | null;
	osType?: string | null;
	osInfo?: string | null;
	cpuSpeed?: string | null;
	ram?: string | null;
	localHardDrives?: string | null;
	parentConfigurationId?: number | null;
	vendor?: ReferenceInput | null;
	manufacturer?: ReferenceInput | null;
	questions?: ConfigurationQuestion[];
	activeFlag?: boolean;
	managementLink?: string | null;
	remoteLink?: string | null;
	sla?: ReferenceInput | null;
	mobileGuid?: string | null;
	displayVendorFlag?: boolean;
	companyLocationId?: number | null;
	showRemoteFlag?: boolean;
	showAutomateFlag?: boolean;
	needsRenewalFlag?: boolean;
	manufacturerPartNumber?: string | null;
	customFields?: CustomFieldInput[];
}

export interface ConfigurationSeed extends ConfigurationInput {
	id?: number;
	_info?: RecordInfoSeed;
}

/** A configuration as the API answers it; fields without a value are omitted, as ConnectWise does. */
export type Configuration = {
	id: number;
	name: string;
	type: Reference;
	company: Reference;
	status?: Reference;
	site?: Reference;
	manufacturer?: Reference;
	vendor?: Reference;
	installedBy?: Reference;
	contact?: Reference;
	location?: Reference;
	department?: Reference;
	sla?: Reference;
	questions: ConfigurationQuestion[];
	customFields: CustomFieldValue[];
	_info: RecordInfo;
} & Omit<
	ConfigurationInput,
	| 'type'
	| 'company'
	| 'status'
	| 'site'
	| 'manufacturer'
	| 'vendor'
	| 'installedBy'
	| 'contact'
	| 'location'
	| 'department'
	| 'sla'
	| 'questions'
	| 'customFields'
>;

/** Companies and sites carry many more API fields; any extra field is stored and answered as is. */
export interface CompanySeed {
	id?: number;
	identifier: string;
	name: string;
	status?: { id: number; name: string };
	types?: Array<{ id: number; name: string }>;
	deletedFlag?: boolean;
	_info?: RecordInfoSeed;
	[field: string]: unknown;
}

export interface SiteSeed {
	id?: number;
	name: string;
	/** The owning company, by `id` or `identifier`. */
	company: ReferenceInput;
	inactiveFlag?: boolean;
	primaryAddressFlag?: boolean;
	_info?: RecordInfoSeed;
	[field: string]: unknown;
}

export interface ConfigurationTypeSeed {
	id?: number;
	name: string;
	inactiveFlag?: boolean;
	systemFlag?: boolean;
	_info?: RecordInfoSeed;
}

/** The specification's ConfigurationStatus has no `inactiveFlag`. */
export interface ConfigurationStatusSeed {
	id?: number;
	description: string;
	closedFlag?: boolean;
	defaultFlag?: boolean;
	_info?: RecordInfoSeed;
}

export interface ManufacturerSeed {
	id?: number;
	name: string;
	inactiveFlag?: boolean;
	_info?: RecordInfoSeed;
}

export interface UserDefinedFieldOption {
	id: number;
	optionValue: string;
	defaultFlag: boolean;
	inactiveFlag: boolean;
	sortOrder: number;
}

/**
 * `GET /system/userDefinedFields` entry (AMP fixture). Fields on another pod do not show on
 * configurations. A seed may leave out what a POST must send: the pod defaults to the
 * configuration pod, the sequence number to the next on the pod, the type to Text.
 */
export interface UserDefinedFieldSeed {
	id?: number;
	caption: string;
	fieldTypeIdentifier?: CustomFieldType;
	entryTypeIdentifier?: CustomFieldEntryMethod;
	numberDecimals?: number;
	podId?: number;
	/** Answered from the pod; a seed's own value is ignored. */
	podDescription?: string;
	screenId?: string;
	screenDescription?: string;
	helpText?: string;
	sequenceNumber?: number;
	requiredFlag?: boolean;
	displayOnScreenFlag?: boolean;
	readOnlyFlag?: boolean;
	listViewFlag?: boolean;
	options?: UserDefinedFieldOption[];
	businessUnitIds?: number[];
	locationIds?: number[];
	connectWiseID?: string;
	dateCreated?: string;
	_info?: RecordInfoSeed;
}

/** Security modules the simulated routes check, named as in the PSA security role screen. */
export type SecurityModule = 'Company Maintenance' | 'Configurations' | 'Notes' | 'Table Setup';
export type SecurityLevel = 'add' | 'edit' | 'delete' | 'inquire';
export type SecurityPermissions = Partial<Record<SecurityModule, SecurityLevel[]>>;

export interface SecurityRole {
	name: string;
	permissions: SecurityPermissions;
}

/** An API member and its key pair. Keys never leave the simulator (not in `state` snapshots). */
export interface MemberSeed {
	id?: number;
	identifier: string;
	firstName?: string;
	lastName?: string;
	publicKey: string;
	privateKey: string;
	inactiveFlag?: boolean;
	securityRole: SecurityRole;
}

export interface Member {
	id: number;
	identifier: string;
	firstName?: string;
	lastName?: string;
	inactiveFlag: boolean;
	securityRole: SecurityRole;
}

/** Everything a tenant holds. Every collection is optional; see `ConnectWiseSimulator.load`. */
export interface ConnectWiseSeed {
	companies?: CompanySeed[];
	sites?: SiteSeed[];
	configurations?: ConfigurationSeed[];
	types?: ConfigurationTypeSeed[];
	statuses?: ConfigurationStatusSeed[];
	manufacturers?: ManufacturerSeed[];
	userDefinedFields?: UserDefinedFieldSeed[];
	members?: MemberSeed[];
}

export interface Credentials {
	companyId: string;
	publicKey: string;
	privateKey: string;
	clientId: string;
}
