/**
 * ConnectWise PSA (API 2025.1) response shapes. Only the fields this package reads are typed;
 * every other field passes through untouched. Configuration fields are all optional but `id`,
 * because a `fields=` list returns only what it names.
 */

import { z } from 'zod';

const record = <Shape extends z.ZodRawShape>(shape: Shape) => z.object(shape).passthrough();
const text = z.string().nullish();
const flag = z.boolean().nullish();
const count = z.number().nullish();
const id = z.number().int();
/** `_info`: hrefs and audit stamps, all strings in practice. */
const info = record({
	lastUpdated: text,
	updatedBy: text,
	dateEntered: text,
	enteredBy: text,
}).nullish();

/** A pointer to another record, e.g. `company: {id, identifier, name, _info}`. */
export const cwReferenceSchema = record({ id, name: text, identifier: text, _info: info });
const reference = cwReferenceSchema.nullish();

/** Recorded answers also carry `rowNum`, `userDefinedFieldRecId` and the pod as a name. */
export const cwCustomFieldValueSchema = record({
	id,
	caption: text,
	type: text,
	entryMethod: text,
	numberOfDecimals: count,
	value: z.union([z.string(), z.number(), z.boolean()]).nullish(),
	connectWiseId: text,
	rowNum: count,
	userDefinedFieldRecId: count,
	podId: z.union([z.string(), z.number()]).nullish(),
});

export const cwConfigurationQuestionSchema = record({
	answerId: count,
	questionId: count,
	question: text,
	answer: z.union([z.string(), z.number(), z.boolean()]).nullish(),
	sequenceNumber: count,
	fieldType: text,
	requiredFlag: flag,
});

export const cwConfigurationSchema = record({
	id,
	name: text,
	type: reference,
	status: reference,
	company: reference,
	contact: reference,
	site: reference,
	locationId: count,
	location: reference,
	businessUnitId: count,
	department: reference,
	deviceIdentifier: text,
	serialNumber: text,
	modelNumber: text,
	tagNumber: text,
	purchaseDate: text,
	installationDate: text,
	installedBy: reference,
	warrantyExpirationDate: text,
	vendorNotes: text,
	notes: text,
	macAddress: text,
	lastLoginName: text,
	billFlag: flag,
	backupSuccesses: count,
	backupIncomplete: count,
	backupFailed: count,
	backupRestores: count,
	lastBackupDate: text,
	backupServerName: text,
	backupBillableSpaceGb: count,
	backupProtectedDeviceList: text,
	backupYear: count,
	backupMonth: count,
	ipAddress: text,
	defaultGateway: text,
	osType: text,
	osInfo: text,
	cpuSpeed: text,
	ram: text,
	localHardDrives: text,
	parentConfigurationId: count,
	vendor: reference,
	manufacturer: reference,
	questions: z.array(cwConfigurationQuestionSchema).nullish(),
	activeFlag: flag,
	managementLink: text,
	remoteLink: text,
	sla: reference,
	mobileGuid: text,
	displayVendorFlag: flag,
	showRemoteFlag: flag,
	showAutomateFlag: flag,
	needsRenewalFlag: flag,
	companyLocationId: count,
	manufacturerPartNumber: text,
	/** `_info.lastUpdated` is the only concurrency token CW offers (no ETag). */
	_info: info,
	customFields: z.array(cwCustomFieldValueSchema).nullish(),
});

export const cwCompanySchema = record({
	id,
	identifier: z.string(),
	name: z.string(),
	status: reference,
	types: z.array(cwReferenceSchema).nullish(),
	site: reference,
	deletedFlag: flag,
	dateDeleted: text,
	_info: info,
});

export const cwSiteSchema = record({
	id,
	name: z.string(),
	addressLine1: text,
	addressLine2: text,
	city: text,
	zip: text,
	company: reference,
	inactiveFlag: flag,
	primaryAddressFlag: flag,
	_info: info,
});

export const cwConfigurationTypeSchema = record({
	id,
	name: z.string(),
	inactiveFlag: flag,
	systemFlag: flag,
	_info: info,
});

/** The specification's statuses have no `inactiveFlag`; read when a tenant adds one. */
export const cwConfigurationStatusSchema = record({
	id,
	description: z.string(),
	closedFlag: flag,
	defaultFlag: flag,
	inactiveFlag: flag,
	_info: info,
});

export const cwManufacturerSchema = record({
	id,
	name: z.string(),
	inactiveFlag: flag,
	_info: info,
});

export const cwUserDefinedFieldSchema = record({
	id,
	caption: z.string(),
	podId: count,
	podDescription: text,
	screenId: text,
	screenDescription: text,
	sequenceNumber: count,
	fieldTypeIdentifier: text,
	entryTypeIdentifier: text,
	numberDecimals: count,
	requiredFlag: flag,
	displayOnScreenFlag: flag,
	readOnlyFlag: flag,
	listViewFlag: flag,
	options: z
		.array(
			record({
				id: count,
				optionValue: text,
				defaultFlag: flag,
				inactiveFlag: flag,
				sortOrder: count,
			}),
		)
		.nullish(),
	_info: info,
});

export const cwSystemInfoSchema = record({
	version: text,
	isCloud: flag,
	serverTimeZone: text,
	cloudRegion: text,
});

/**
 * `GET /system/mySecurity` entry: the API member's rights on one module function. The levels are
 * words such as `All`, `Mine` or `None`; the specification lists no values.
 */
export const cwMySecuritySchema = record({
	moduleFunctionName: text,
	moduleFunctionIdentifier: text,
	moduleName: text,
	inquireLevel: text,
	addLevel: text,
	editLevel: text,
	deleteLevel: text,
});

/**
 * `GET /company/companies/{id}/notes` entry. The model documents no stamps in `_info`; where a
 * tenant gives `lastUpdated`, it moves on every PATCH.
 */
export const cwCompanyNoteSchema = record({
	id,
	text,
	type: reference,
	flagged: flag,
	enteredBy: text,
	company: reference,
	_info: info,
});

export const cwCountSchema = z.object({ count: z.number().int().nonnegative() });

/** `GET /login/companyinfo/{companyId}`; JSON `null` when the company ID is unknown. */
export const cwCompanyInfoSchema = record({
	Codebase: z.string(),
	CompanyName: text,
	VersionCode: text,
	IsCloud: z.union([z.boolean(), z.string()]).nullish(),
}).nullable();

/** Error body: `{code, message, errors[]}`, except 429 which names its code `error`. */
export const cwErrorBodySchema = z.object({
	code: text,
	error: text,
	message: text,
	errors: z.array(z.object({ code: text, message: text, field: text, resource: text })).nullish(),
});

export type CwConfiguration = z.output<typeof cwConfigurationSchema>;
export type CwCompany = z.output<typeof cwCompanySchema>;
export type CwSite = z.output<typeof cwSiteSchema>;
export type CwConfigurationType = z.output<typeof cwConfigurationTypeSchema>;
export type CwConfigurationStatus = z.output<typeof cwConfigurationStatusSchema>;
export type CwManufacturer = z.output<typeof cwManufacturerSchema>;
export type CwUserDefinedField = z.output<typeof cwUserDefinedFieldSchema>;
export type CwSystemInfo = z.output<typeof cwSystemInfoSchema>;
export type CwCompanyNote = z.output<typeof cwCompanyNoteSchema>;
export type CwMySecurity = z.output<typeof cwMySecuritySchema>;

/** How a write names another record: by id, or by the identifier or name CW resolves. */
export type CwReferenceInput = { id: number } | { identifier: string } | { name: string };

export type CwCustomFieldInput = { id: number; value: string | number | boolean | null };

/** The body of `POST /company/configurations`: name, type and company are required. */
export interface CwConfigurationInput {
	name: string;
	type: CwReferenceInput;
	company: CwReferenceInput;
	status?: CwReferenceInput;
	site?: CwReferenceInput;
	contact?: CwReferenceInput;
	manufacturer?: CwReferenceInput;
	vendor?: CwReferenceInput;
	deviceIdentifier?: string | null;
	serialNumber?: string | null;
	modelNumber?: string | null;
	tagNumber?: string | null;
	macAddress?: string | null;
	ipAddress?: string | null;
	defaultGateway?: string | null;
	osType?: string | null;
	osInfo?: string | null;
	cpuSpeed?: string | null;
	ram?: string | null;
	lastLoginName?: string | null;
	manufacturerPartNumber?: string | null;
	managementLink?: string | null;
	remoteLink?: string | null;
	notes?: string | null;
	vendorNotes?: string | null;
	/** `yyyy-MM-ddTHH:mm:ssZ`. */
	installationDate?: string | null;
	purchaseDate?: string | null;
	warrantyExpirationDate?: string | null;
	activeFlag?: boolean;
	billFlag?: boolean;
	/** Custom fields are written as the whole array; a field left out is cleared. */
	customFields?: CwCustomFieldInput[];
}

/**
 * One JSON Patch operation in CW's dialect: `path` is the case-sensitive field name, and
 * references and custom fields are replaced whole (`{op: 'replace', path: 'site', value: {id}}`).
 */
export type CwPatchOperation =
	| { op: 'add' | 'replace'; path: string; value: unknown }
	| { op: 'remove'; path: string };

/** The body of `POST /company/companies/{id}/notes`: only the text is required. */
export interface CwCompanyNoteInput {
	text: string;
	type?: CwReferenceInput;
	flagged?: boolean;
}

/**
 * The body of `POST /system/userDefinedFields`: pod, caption (at most 25 characters), sequence
 * number (1 to 500) and field type are required; help text holds at most 1,000 characters.
 */
export interface CwUserDefinedFieldInput {
	caption: string;
	/** The screen pod the field is placed on (see findConfigurationPod). */
	podId: number;
	sequenceNumber: number;
	fieldTypeIdentifier: string;
	entryTypeIdentifier: string;
	screenId?: string;
	numberDecimals?: number;
	requiredFlag?: boolean;
	displayOnScreenFlag?: boolean;
	readOnlyFlag?: boolean;
	listViewFlag?: boolean;
	helpText?: string;
	options?: Array<{
		optionValue: string;
		defaultFlag?: boolean;
		inactiveFlag?: boolean;
		sortOrder?: number;
	}>;
}
