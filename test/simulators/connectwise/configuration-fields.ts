/**
 * The configuration field table (SPEC `model_company_configuration.go`, reference §2.2) and the
 * pure functions that validate a written configuration against it.
 */
import type { ValidationError } from './errors';
import type { CustomFieldScalar, CustomFieldType, CustomFieldValue, ReferenceInput } from './model';

export type ReferenceTarget =
	| 'configurationType'
	| 'configurationStatus'
	| 'company'
	| 'site'
	| 'manufacturer'
	| 'member'
	/** Tables the simulator does not hold (contacts, locations, …): any `{id}` is accepted. */
	| 'unchecked';

export type FieldSpec =
	| { kind: 'string'; maxLength?: number; required?: true }
	| { kind: 'integer' }
	| { kind: 'decimal' }
	| { kind: 'boolean'; default: boolean }
	| { kind: 'datetime' }
	| { kind: 'reference'; target: ReferenceTarget; required?: true }
	| { kind: 'questions' }
	| { kind: 'generatedGuid' };

/** Writable fields in ConnectWise's answer order; `id`, `customFields` and `_info` are handled apart. */
export const CONFIGURATION_FIELDS: Readonly<Record<string, FieldSpec>> = {
	name: { kind: 'string', maxLength: 100, required: true },
	type: { kind: 'reference', target: 'configurationType', required: true },
	status: { kind: 'reference', target: 'configurationStatus' },
	company: { kind: 'reference', target: 'company', required: true },
	contact: { kind: 'reference', target: 'unchecked' },
	site: { kind: 'reference', target: 'site' },
	locationId: { kind: 'integer' },
	location: { kind: 'reference', target: 'unchecked' },
	businessUnitId: { kind: 'integer' },
	department: { kind: 'reference', target: 'unchecked' },
	deviceIdentifier: { kind: 'string', maxLength: 100 },
	serialNumber: { kind: 'string', maxLength: 250 },
	modelNumber: { kind: 'string', maxLength: 50 },
	tagNumber: { kind: 'string', maxLength: 50 },
	purchaseDate: { kind: 'datetime' },
	installationDate: { kind: 'datetime' },
	installedBy: { kind: 'reference', target: 'member' },
	warrantyExpirationDate: { kind: 'datetime' },
	vendorNotes: { kind: 'string' },
	notes: { kind: 'string' },
	macAddress: { kind: 'string', maxLength: 25 },
	lastLoginName: { kind: 'string', maxLength: 100 },
	billFlag: { kind: 'boolean', default: false },
	backupSuccesses: { kind: 'integer' },
	backupIncomplete: { kind: 'integer' },
	backupFailed: { kind: 'integer' },
	backupRestores: { kind: 'integer' },
	lastBackupDate: { kind: 'datetime' },
	backupServerName: { kind: 'string', maxLength: 50 },
	backupBillableSpaceGb: { kind: 'decimal' },
	backupProtectedDeviceList: { kind: 'string' },
	backupYear: { kind: 'integer' },
	backupMonth: { kind: 'integer' },
	ipAddress: { kind: 'string', maxLength: 50 },
	defaultGateway: { kind: 'string', maxLength: 50 },
	osType: { kind: 'string', maxLength: 250 },
	osInfo: { kind: 'string', maxLength: 250 },
	cpuSpeed: { kind: 'string', maxLength: 100 },
	ram: { kind: 'string', maxLength: 25 },
	localHardDrives: { kind: 'string' },
	parentConfigurationId: { kind: 'integer' },
	vendor: { kind: 'reference', target: 'company' },
	manufacturer: { kind: 'reference', target: 'manufacturer' },
	questions: { kind: 'questions' },
	activeFlag: { kind: 'boolean', default: true },
	managementLink: { kind: 'string', maxLength: 1000 },
	remoteLink: { kind: 'string', maxLength: 1000 },
	sla: { kind: 'reference', target: 'unchecked' },
	mobileGuid: { kind: 'generatedGuid' },
	displayVendorFlag: { kind: 'boolean', default: false },
	companyLocationId: { kind: 'integer' },
	showRemoteFlag: { kind: 'boolean', default: false },
	showAutomateFlag: { kind: 'boolean', default: false },
	needsRenewalFlag: { kind: 'boolean', default: false },
	manufacturerPartNumber: { kind: 'string', maxLength: 50 },
};

const FIELD_ENTRIES = Object.entries(CONFIGURATION_FIELDS);

export const CONFIGURATION_RESOURCE = 'configuration';

/** A reference as stored: the target's id and display names, without `_info` (added on output). */
export interface StoredReference {
	id: number;
	name?: string;
	identifier?: string;
}

export type ReferenceResolution =
	| { ok: true; reference: StoredReference }
	| { ok: false; error: ValidationError };

/** What validation needs from the tenant: reference tables and user-defined field definitions. */
export interface ConfigurationLookups {
	resolve(
		target: Exclude<ReferenceTarget, 'unchecked'>,
		field: string,
		input: ReferenceInput,
		companyId: number | undefined,
	): ReferenceResolution;
	customField(id: number): CustomFieldDefinition | undefined;
	defaultStatus(): StoredReference | undefined;
}

export type CustomFieldDefinition = Omit<CustomFieldValue, 'value'>;

/** Validated field values (every table field present, `null` when unset). */
export type ConfigurationFields = Record<string, unknown>;

export type FieldsResult =
	| { ok: true; fields: ConfigurationFields }
	| { ok: false; errors: ValidationError[] };

export type CustomValuesResult =
	| { ok: true; values: Map<number, CustomFieldScalar> }
	| { ok: false; errors: ValidationError[] };

export interface TextRules {
	/** ConnectWise collapses `\r`/`\n` in JSON bodies to a single space (DG §Escaping Characters). */
	collapseNewlines: boolean;
}

function fieldError(code: string, field: string, message: string): ValidationError {
	return { code, message, resource: CONFIGURATION_RESOURCE, field };
}

const TYPE_NAMES: Record<FieldSpec['kind'], string> = {
	string: 'a string',
	integer: 'an integer',
	decimal: 'a number',
	boolean: 'a boolean',
	datetime: 'a datetime (yyyy-MM-ddTHH:mm:ssZ)',
	reference: 'a reference object such as {"id": 1}',
	questions: 'an array of questions',
	generatedGuid: 'a string',
};

function invalidValue(field: string, spec: FieldSpec): ValidationError {
	return fieldError('InvalidField', field, `The field ${field} must be ${TYPE_NAMES[spec.kind]}.`);
}

/** ConnectWise's datetime shape: `yyyy-MM-ddTHH:mm:ssZ`, no fractional seconds. */
export function formatDateTime(epochMs: number): string {
	return new Date(epochMs).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

type Coerced = { ok: true; value: unknown } | { ok: false };

function isBlank(raw: unknown): boolean {
	return raw === undefined || raw === null || raw === '';
}

function coerceInteger(raw: unknown): Coerced {
	const number = typeof raw === 'string' ? Number(raw) : raw;
	return typeof number === 'number' && Number.isInteger(number)
		? { ok: true, value: number }
		: { ok: false };
}

function coerceDecimal(raw: unknown): Coerced {
	const number = typeof raw === 'string' ? Number(raw) : raw;
	return typeof number === 'number' && Number.isFinite(number)
		? { ok: true, value: number }
		: { ok: false };
}

function coerceBoolean(raw: unknown): Coerced {
	if (typeof raw === 'boolean') return { ok: true, value: raw };
	const lowered = typeof raw === 'string' ? raw.toLowerCase() : '';
	if (lowered === 'true' || lowered === 'false') return { ok: true, value: lowered === 'true' };
	return { ok: false };
}

function coerceDateTime(raw: unknown): Coerced {
	const time = typeof raw === 'string' ? Date.parse(raw) : Number.NaN;
	return Number.isNaN(time) ? { ok: false } : { ok: true, value: formatDateTime(time) };
}

/**
 * Lenient like ConnectWise's JSON binder: numbers and booleans arrive as strings from some clients
 * (django-connectwise sends every PATCH value as a string), and `""` clears a field.
 */
const COERCIONS: Record<
	'string' | 'integer' | 'decimal' | 'boolean' | 'datetime' | 'generatedGuid',
	(raw: unknown, rules: TextRules) => Coerced
> = {
	string: coerceText,
	generatedGuid: coerceText,
	integer: coerceInteger,
	decimal: coerceDecimal,
	boolean: coerceBoolean,
	datetime: coerceDateTime,
};

function coerceText(raw: unknown, rules: TextRules): Coerced {
	if (typeof raw !== 'string' && typeof raw !== 'number' && typeof raw !== 'boolean') {
		return { ok: false };
	}
	const text = String(raw);
	return { ok: true, value: rules.collapseNewlines ? text.replace(/\r\n|\r|\n/g, ' ') : text };
}

/**
 * Validates a whole configuration body (POST, PUT, or a PATCH applied to the current record).
 * Omitted fields take their defaults: booleans their flag default, `status` the default status,
 * everything else `null`.
 */
export function validateConfigurationFields(
	input: Record<string, unknown>,
	lookups: ConfigurationLookups,
	rules: TextRules,
): FieldsResult {
	const errors: ValidationError[] = [];
	const fields: ConfigurationFields = {};
	for (const [field, spec] of FIELD_ENTRIES) {
		const raw = input[field];
		const outcome = validateField(field, spec, raw, fields, lookups, rules);
		if ('error' in outcome) errors.push(outcome.error);
		else fields[field] = outcome.value;
	}
	if (input.status === undefined) fields.status = lookups.defaultStatus() ?? null;
	return errors.length > 0 ? { ok: false, errors } : { ok: true, fields };
}

function validateField(
	field: string,
	spec: FieldSpec,
	raw: unknown,
	fieldsSoFar: ConfigurationFields,
	lookups: ConfigurationLookups,
	rules: TextRules,
): { value: unknown } | { error: ValidationError } {
	const required = 'required' in spec && spec.required === true;
	if (spec.kind === 'questions') {
		if (raw === undefined || raw === null) return { value: [] };
		return Array.isArray(raw)
			? { value: raw.map((entry: unknown) => ({ ...(entry as object) })) }
			: { error: invalidValue(field, spec) };
	}
	if (isBlank(raw)) {
		if (required) {
			return {
				error: fieldError('MissingRequiredField', field, `The ${field} field is required.`),
			};
		}
		return { value: spec.kind === 'boolean' ? spec.default : null };
	}
	if (spec.kind === 'reference')
		return validateReference(field, spec.target, raw, fieldsSoFar, lookups);
	const coerced = COERCIONS[spec.kind](raw, rules);
	if (!coerced.ok) return { error: invalidValue(field, spec) };
	if (spec.kind === 'string' && spec.maxLength !== undefined) {
		const text = coerced.value as string;
		if (text.length > spec.maxLength) {
			return {
				error: fieldError(
					'MaxLengthField',
					field,
					`The field ${field} must be a string with a maximum length of ${spec.maxLength}.`,
				),
			};
		}
	}
	return { value: coerced.value };
}

function validateReference(
	field: string,
	target: ReferenceTarget,
	raw: unknown,
	fieldsSoFar: ConfigurationFields,
	lookups: ConfigurationLookups,
): { value: unknown } | { error: ValidationError } {
	if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
		return { error: invalidValue(field, { kind: 'reference', target }) };
	}
	const input = raw as ReferenceInput;
	if (target === 'unchecked') {
		if (typeof input.id !== 'number' || !Number.isInteger(input.id)) {
			return {
				error: fieldError(
					'MissingRequiredField',
					`${field}/id`,
					`The ${field}/id field is required.`,
				),
			};
		}
		return { value: pickReference(input) };
	}
	const companyId = (fieldsSoFar.company as StoredReference | null | undefined)?.id;
	const resolution = lookups.resolve(target, field, input, companyId);
	return resolution.ok ? { value: resolution.reference } : { error: resolution.error };
}

function pickReference(input: ReferenceInput): StoredReference {
	const reference: StoredReference = { id: input.id as number };
	if (typeof input.name === 'string') reference.name = input.name;
	if (typeof input.identifier === 'string') reference.identifier = input.identifier;
	return reference;
}

/** Custom field values by field type; `""` and `null` clear the value. */
const CUSTOM_VALUE_COERCIONS: Partial<Record<CustomFieldType, (raw: unknown) => Coerced>> = {
	Checkbox: coerceBoolean,
	Number: coerceDecimal,
	Currency: coerceDecimal,
	Percent: coerceDecimal,
	Date: coerceDateTime,
};

/** Validates a `customFields` array into values by field id (entries need `id`; `value` is read). */
export function validateCustomFields(
	raw: unknown,
	lookups: ConfigurationLookups,
	rules: TextRules,
): CustomValuesResult {
	if (!Array.isArray(raw)) {
		return {
			ok: false,
			errors: [
				fieldError('InvalidField', 'customFields', 'The field customFields must be an array.'),
			],
		};
	}
	const errors: ValidationError[] = [];
	const values = new Map<number, CustomFieldScalar>();
	for (const entry of raw as unknown[]) {
		const id =
			typeof entry === 'object' && entry !== null ? (entry as { id?: unknown }).id : undefined;
		const definition = typeof id === 'number' ? lookups.customField(id) : undefined;
		if (!definition) {
			errors.push(
				fieldError('NotFound', 'customFields/id', `Custom field ${String(id)} not found`),
			);
			continue;
		}
		const value = (entry as { value?: unknown }).value;
		if (isBlank(value)) {
			values.set(definition.id, null);
			continue;
		}
		const coerce =
			CUSTOM_VALUE_COERCIONS[definition.type] ?? ((text: unknown) => coerceText(text, rules));
		const coerced = coerce(value);
		if (!coerced.ok) {
			errors.push(
				fieldError(
					'InvalidField',
					'customFields/value',
					`The value of custom field '${definition.caption}' is not a valid ${definition.type}.`,
				),
			);
			continue;
		}
		values.set(definition.id, coerced.value as CustomFieldScalar);
	}
	return errors.length > 0 ? { ok: false, errors } : { ok: true, values };
}
