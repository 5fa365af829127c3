/**
 * The simulated tenant's data: tables, reference resolution, configuration writes and rendering to
 * the API's JSON shapes. Routes and tests share it; tests read it through the public getters.
 */
import type { SimResponse } from '../common/http-simulator';
import { caseInsensitiveReader, type ConditionGrammar } from './conditions';
import {
	CONFIGURATION_FIELDS,
	CONFIGURATION_RESOURCE,
	type ConfigurationFields,
	type ConfigurationLookups,
	type CustomFieldDefinition,
	type CustomValuesResult,
	formatDateTime,
	type ReferenceResolution,
	type ReferenceTarget,
	type StoredReference,
	type TextRules,
	validateConfigurationFields,
	validateCustomFields,
} from './configuration-fields';
import { CompanyNoteStore, type NoteTextFilter, type NoteTimestamps } from './company-notes';
import { planPatch } from './configuration-patch';
import { defaultMember } from './default-seed';
import {
	errorResponse,
	invalidJsonBody,
	invalidObject,
	type Outcome,
	recordNotFound,
	type ValidationError,
} from './errors';
import { SelectionCache, type ListView } from './listing';
import {
	type CompanySeed,
	type Configuration,
	type ConfigurationInput,
	type ConfigurationSeed,
	type ConnectWiseSeed,
	type Credentials,
	type CustomFieldScalar,
	type CustomFieldValue,
	type Member,
	type MemberSeed,
	type RecordInfoSeed,
	type ReferenceInput,
	type SiteSeed,
} from './model';
import { Table } from './table';
import {
	clashErrors,
	completeSeed,
	type FieldInUseDelete,
	type Pod,
	podKey,
	postErrors,
	renderUserDefinedField,
	type SequenceNumberClash,
	type UserDefinedFieldRow,
	userDefinedFieldRow,
} from './user-defined-fields';

export type CustomFieldsPatchMode = 'replace' | 'merge';

export interface StateEnvironment {
	clock: () => number;
	/** `${baseUrl}/${codebase}apis/3.0`, for hrefs rendered outside a request. */
	apiBase: () => string;
	/** `replace` (DG: the whole array is written, omitted fields are cleared) or `merge` by id. */
	customFieldsPatchMode: CustomFieldsPatchMode;
	collapseNewlines: boolean;
	credentials: Credentials;
	conditionGrammar: ConditionGrammar;
	/** The pod whose user-defined fields configurations carry. */
	configurationPod: Pod;
	sequenceNumberClash: SequenceNumberClash;
	fieldInUseDelete: FieldInUseDelete;
	noteTextFilter: NoteTextFilter;
	noteTimestamps: NoteTimestamps;
}

interface StoredInfo {
	lastUpdated: string;
	updatedBy: string;
	dateEntered: string;
	enteredBy: string;
}

type ConfigurationData = ConfigurationFields & { id: number; _info: StoredInfo };

export interface ConfigurationEntry {
	id: number;
	data: ConfigurationData;
	customValues: Map<number, CustomFieldScalar>;
}

type Row = Record<string, unknown> & { id: number; _info: StoredInfo };
type CompanyRow = Row & { identifier: string; name: string };
type SiteRow = Row & { name: string; company: StoredReference };
type NamedRow = Row & { name?: string; description?: string };
type MemberRow = Member & { publicKey: string; privateKey: string };

type NamedTableName = 'types' | 'statuses' | 'manufacturers';

interface NamedTableSpec {
	resource: string;
	label: string;
	nameField: 'name' | 'description';
	maxLength: number;
	flags: Record<string, boolean>;
}

/** Setup tables that are a name plus flags (SPEC: type/status/manufacturer names max 50). */
const NAMED_TABLES: Record<NamedTableName, NamedTableSpec> = {
	types: {
		resource: 'configurationType',
		label: 'Configuration Type',
		nameField: 'name',
		maxLength: 50,
		flags: { inactiveFlag: false, systemFlag: false },
	},
	statuses: {
		resource: 'configurationStatus',
		label: 'Configuration Status',
		nameField: 'description',
		maxLength: 50,
		flags: { closedFlag: false, defaultFlag: false },
	},
	manufacturers: {
		resource: 'manufacturer',
		label: 'Manufacturer',
		nameField: 'name',
		maxLength: 50,
		flags: { inactiveFlag: false },
	},
};

type CheckedTarget = Exclude<ReferenceTarget, 'unchecked'>;

/** Seeds keep their ids and `_info`; API writes get fresh ones. */
interface SeededIdentity {
	id?: number;
	_info?: RecordInfoSeed;
}

const SEED_ACTOR = 'seed';

/** How a written reference names its target, in order of precedence. */
const REFERENCE_KEYS = [
	['id', 'number'],
	['identifier', 'string'],
	['name', 'string'],
] as const;

const REFERENCE_LABELS: Record<CheckedTarget, string> = {
	configurationType: 'Configuration Type',
	configurationStatus: 'Configuration Status',
	company: 'Company',
	site: 'Site',
	manufacturer: 'Manufacturer',
	member: 'Member',
};

const CONFIGURATION_FIELD_NAMES = new Set(
	['id', '_info', ...Object.keys(CONFIGURATION_FIELDS)].map((field) => field.toLowerCase()),
);

/** Listed once, with their lower-cased names: every configuration a page renders walks them. */
const CONFIGURATION_FIELD_SPECS = Object.entries(CONFIGURATION_FIELDS).map(
	([field, spec]) => [field, spec, field.toLowerCase()] as const,
);

interface Tenant {
	companies: Table<CompanyRow>;
	sites: Table<SiteRow>;
	configurations: Table<ConfigurationEntry>;
	types: Table<NamedRow>;
	statuses: Table<NamedRow>;
	manufacturers: Table<NamedRow>;
	userDefinedFields: Table<UserDefinedFieldRow>;
	members: Table<MemberRow>;
	companiesByIdentifier: Map<string, CompanyRow>;
	sitesByCompany: Map<number, SiteRow[]>;
	/** Lower-case top-level field names seen per generic table, for condition validation. */
	fieldNames: Map<string, Set<string>>;
	/** Configuration custom fields in screen order. */
	configurationFields: CustomFieldDefinition[];
}

function emptyTenant(): Tenant {
	return {
		companies: new Table('company'),
		sites: new Table('site'),
		configurations: new Table('configuration'),
		types: new Table('configuration type'),
		statuses: new Table('configuration status'),
		manufacturers: new Table('manufacturer'),
		userDefinedFields: new Table('user-defined field'),
		members: new Table('member'),
		companiesByIdentifier: new Map(),
		sitesByCompany: new Map(),
		fieldNames: new Map(),
		configurationFields: [],
	};
}

/** Deterministic GUID-shaped ids so that seeded tenants repeat exactly. */
function guidFor(kind: number, id: number): string {
	const tail = id.toString(16).padStart(12, '0');
	return `${kind.toString(16).padStart(8, '0')}-0000-4000-8000-${tail}`;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function withoutEmpty(record: Record<string, unknown>): Record<string, unknown> {
	const result: Record<string, unknown> = {};
	for (const [key, value] of Object.entries(record)) {
		if (value !== null && value !== undefined) result[key] = value;
	}
	return result;
}

function omit<T extends object, K extends keyof T>(record: T, keys: readonly K[]): Omit<T, K> {
	const copy: Partial<T> = { ...record };
	for (const key of keys) delete copy[key];
	return copy as Omit<T, K>;
}

/** Completes freshly validated fields in place; spreading 55 fields per record is slow for big seeds. */
function recordData(
	fields: ConfigurationFields,
	id: number,
	mobileGuid: unknown,
	info: StoredInfo,
): ConfigurationData {
	const data = fields as ConfigurationData;
	data.id = id;
	data.mobileGuid = mobileGuid;
	data._info = info;
	return data;
}

function describeFailure(response: SimResponse): string {
	return JSON.stringify(response.body);
}

export class ConnectWiseState {
	private tenant: Tenant = emptyTenant();
	private readonly lookups: ConfigurationLookups;
	private readonly configurationSelections = new SelectionCache<ConfigurationEntry>();
	/** Company notes; a new seed starts with none. */
	readonly notes: CompanyNoteStore;

	constructor(private readonly environment: StateEnvironment) {
		this.notes = new CompanyNoteStore({
			clock: environment.clock,
			textFilter: environment.noteTextFilter,
			timestamps: environment.noteTimestamps,
			company: (id) => {
				const row = this.tenant.companies.get(id);
				return row ? { id: row.id, identifier: row.identifier, name: row.name } : undefined;
			},
		});
		this.lookups = {
			resolve: (target, field, input, companyId) => this.resolve(target, field, input, companyId),
			customField: (id) =>
				this.tenant.configurationFields.find((definition) => definition.id === id),
			defaultStatus: () => {
				const status = this.tenant.statuses.all().find((row) => row.defaultFlag === true);
				return status ? { id: status.id, name: status.description } : undefined;
			},
		};
	}

	// ----- Loading -------------------------------------------------------------------------------

	/**
	 * Replaces the whole tenant with `seed`. Omitted collections are empty, except that the built-in
	 * API member (the `credentials`) always exists; seeded members come in addition. Records may be
	 * API-shaped answers (hrefs in `_info` are ignored). Throws on an invalid seed and then keeps the
	 * previous tenant.
	 */
	load(seed: ConnectWiseSeed): void {
		const previous = this.tenant;
		this.tenant = emptyTenant();
		const failure = this.tryFill(seed);
		if (failure !== undefined) {
			this.tenant = previous;
			throw new Error(`Invalid ConnectWise seed: ${failure}`);
		}
		this.notes.clear();
	}

	private tryFill(seed: ConnectWiseSeed): string | undefined {
		try {
			this.fill(seed);
			return undefined;
		} catch (error) {
			return error instanceof Error ? error.message : String(error);
		}
	}

	private fill(seed: ConnectWiseSeed): void {
		for (const member of [defaultMember(this.environment.credentials), ...(seed.members ?? [])]) {
			this.insertMember(member);
		}
		for (const [table, rows] of [
			['types', seed.types],
			['statuses', seed.statuses],
			['manufacturers', seed.manufacturers],
		] as const) {
			for (const row of rows ?? []) this.expect(this.createNamed(table, row, SEED_ACTOR, row));
		}
		for (const field of seed.userDefinedFields ?? []) {
			this.expect(this.createUserDefinedField(field, SEED_ACTOR, field));
		}
		for (const company of seed.companies ?? []) this.insertCompany(company);
		for (const site of seed.sites ?? []) this.insertSite(site);
		for (const configuration of seed.configurations ?? []) {
			this.expect(this.insertConfiguration(configuration, SEED_ACTOR, configuration));
		}
	}

	private expect<T>(outcome: Outcome<T>): T {
		if (!outcome.ok) throw new Error(describeFailure(outcome.response));
		return outcome.value;
	}

	private info(seed: RecordInfoSeed | undefined, actor: string): StoredInfo {
		const now = formatDateTime(this.environment.clock());
		return {
			lastUpdated: seed?.lastUpdated ?? now,
			updatedBy: seed?.updatedBy ?? actor,
			dateEntered: seed?.dateEntered ?? seed?.lastUpdated ?? now,
			enteredBy: seed?.enteredBy ?? seed?.updatedBy ?? actor,
		};
	}

	private noteFields(table: string, row: Record<string, unknown>): void {
		const names = this.tenant.fieldNames.get(table) ?? new Set<string>();
		for (const key of Object.keys(row)) names.add(key.toLowerCase());
		this.tenant.fieldNames.set(table, names);
	}

	private insertMember(seed: MemberSeed): void {
		const { members } = this.tenant;
		if (members.all().some((member) => member.publicKey === seed.publicKey)) {
			throw new Error(`Duplicate member public key for ${seed.identifier}`);
		}
		members.insert({
			id: seed.id ?? members.nextId(),
			identifier: seed.identifier,
			firstName: seed.firstName,
			lastName: seed.lastName,
			inactiveFlag: seed.inactiveFlag ?? false,
			securityRole: seed.securityRole,
			publicKey: seed.publicKey,
			privateKey: seed.privateKey,
		});
	}

	private insertCompany(seed: CompanySeed): void {
		if (typeof seed.identifier !== 'string' || typeof seed.name !== 'string') {
			throw new Error(`Company needs identifier and name: ${JSON.stringify(seed)}`);
		}
		const key = seed.identifier.toLowerCase();
		if (this.tenant.companiesByIdentifier.has(key)) {
			throw new Error(`Duplicate company identifier ${seed.identifier}`);
		}
		const { id, identifier, name, _info, ...rest } = seed;
		const row: CompanyRow = {
			id: id ?? this.tenant.companies.nextId(),
			identifier,
			name,
			...rest,
			deletedFlag: seed.deletedFlag ?? false,
			_info: this.info(_info, SEED_ACTOR),
		};
		this.tenant.companies.insert(row);
		this.tenant.companiesByIdentifier.set(key, row);
		this.noteFields('companies', row);
	}

	private insertSite(seed: SiteSeed): void {
		const { id, name, company, _info, ...rest } = seed;
		const owner = this.resolve('company', 'company', company ?? {}, undefined);
		if (!owner.ok) throw new Error(`Site ${name}: ${owner.error.message}`);
		const row: SiteRow = {
			id: id ?? this.tenant.sites.nextId(),
			name,
			...rest,
			inactiveFlag: seed.inactiveFlag ?? false,
			primaryAddressFlag: seed.primaryAddressFlag ?? false,
			company: owner.reference,
			_info: this.info(_info, SEED_ACTOR),
		};
		this.tenant.sites.insert(row);
		const siblings = this.tenant.sitesByCompany.get(owner.reference.id) ?? [];
		siblings.push(row);
		this.tenant.sitesByCompany.set(owner.reference.id, siblings);
		this.noteFields('sites', row);
	}

	// ----- Reference resolution ------------------------------------------------------------------

	private resolve(
		target: CheckedTarget,
		field: string,
		input: ReferenceInput,
		companyId: number | undefined,
	): ReferenceResolution {
		const label = REFERENCE_LABELS[target];
		const key = REFERENCE_KEYS.find(([name, type]) => typeof input[name] === type)?.[0];
		if (key === undefined) {
			return {
				ok: false,
				error: {
					code: 'MissingRequiredField',
					message: `The ${field}/id field is required.`,
					resource: CONFIGURATION_RESOURCE,
					field: `${field}/id`,
				},
			};
		}
		const wanted = input[key] as string | number;
		const reference = this.findReference(target, key, wanted, companyId);
		if (reference) return { ok: true, reference };
		const shown = key === 'id' ? String(wanted) : `"${wanted}"`;
		const scope = target === 'site' && companyId !== undefined ? ` for Company ${companyId}` : '';
		return {
			ok: false,
			error: {
				code: 'NotFound',
				message: `${label} ${shown} not found${scope}`,
				resource: CONFIGURATION_RESOURCE,
				field: `${field}/${key}`,
			},
		};
	}

	private findReference(
		target: CheckedTarget,
		key: 'id' | 'identifier' | 'name',
		wanted: string | number,
		companyId: number | undefined,
	): StoredReference | undefined {
		const text = String(wanted).toLowerCase();
		const matches = (row: object, ...fields: string[]): boolean => {
			const values = row as Record<string, unknown>;
			if (key === 'id') return values.id === wanted;
			return fields.some((name) => String(values[name]).toLowerCase() === text);
		};
		switch (target) {
			case 'configurationType':
			case 'manufacturer': {
				const table =
					target === 'configurationType' ? this.tenant.types : this.tenant.manufacturers;
				const row =
					key === 'id'
						? table.get(Number(wanted))
						: table.all().find((candidate) => matches(candidate, 'name'));
				return row ? { id: row.id, name: row.name } : undefined;
			}
			case 'configurationStatus': {
				const table = this.tenant.statuses;
				const row =
					key === 'id'
						? table.get(Number(wanted))
						: table.all().find((candidate) => matches(candidate, 'description'));
				return row ? { id: row.id, name: row.description } : undefined;
			}
			case 'company': {
				const finders = {
					id: () => this.tenant.companies.get(Number(wanted)),
					identifier: () => this.tenant.companiesByIdentifier.get(text),
					name: () => this.tenant.companies.all().find((candidate) => matches(candidate, 'name')),
				};
				const row = finders[key]();
				return row ? { id: row.id, identifier: row.identifier, name: row.name } : undefined;
			}
			case 'site': {
				const candidates =
					companyId === undefined
						? this.tenant.sites.all()
						: (this.tenant.sitesByCompany.get(companyId) ?? []);
				const row = candidates.find((candidate) => matches(candidate, 'name'));
				return row ? { id: row.id, name: row.name } : undefined;
			}
			case 'member': {
				const row = this.tenant.members.all().find((candidate) => matches(candidate, 'identifier'));
				return row ? { id: row.id, identifier: row.identifier, name: memberName(row) } : undefined;
			}
		}
	}

	// ----- Configuration writes ------------------------------------------------------------------

	private get textRules(): TextRules {
		return { collapseNewlines: this.environment.collapseNewlines };
	}

	private insertConfiguration(
		body: unknown,
		actor: string,
		seeded?: SeededIdentity,
	): Outcome<ConfigurationEntry> {
		if (!isPlainObject(body)) return { ok: false, response: invalidJsonBody() };
		const validated = this.validate(body, new Map(), body.customFields, 'replace');
		if (!validated.ok) return validated;
		const newId = seeded?.id ?? this.tenant.configurations.nextId();
		const { fields, customValues } = validated.value;
		const entry: ConfigurationEntry = {
			id: newId,
			data: recordData(
				fields,
				newId,
				fields.mobileGuid ?? guidFor(1, newId),
				this.info(seeded?._info, actor),
			),
			customValues,
		};
		this.tenant.configurations.insert(entry);
		return { ok: true, value: entry };
	}

	/** Validates table fields and `customFields` together so one answer lists every error. */
	private validate(
		input: Record<string, unknown>,
		currentCustomValues: Map<number, CustomFieldScalar>,
		customFields: unknown,
		mode: CustomFieldsPatchMode,
	): Outcome<{ fields: ConfigurationFields; customValues: Map<number, CustomFieldScalar> }> {
		const fields = validateConfigurationFields(input, this.lookups, this.textRules);
		const custom = this.customValues(customFields, currentCustomValues, mode);
		if (!fields.ok || !custom.ok) {
			const errors: ValidationError[] = [
				...(fields.ok ? [] : fields.errors),
				...(custom.ok ? [] : custom.errors),
			];
			return { ok: false, response: invalidObject(CONFIGURATION_RESOURCE, errors) };
		}
		return { ok: true, value: { fields: fields.fields, customValues: custom.values } };
	}

	/** `undefined` keeps the current values, `null` clears them, an array replaces or merges. */
	private customValues(
		customFields: unknown,
		current: Map<number, CustomFieldScalar>,
		mode: CustomFieldsPatchMode,
	): CustomValuesResult {
		if (customFields === undefined) return { ok: true, values: current };
		if (customFields === null) return { ok: true, values: new Map() };
		const validated = validateCustomFields(customFields, this.lookups, this.textRules);
		if (!validated.ok || mode === 'replace') return validated;
		return { ok: true, values: new Map([...current, ...validated.values]) };
	}

	createConfiguration(body: unknown, actor: string): Outcome<ConfigurationEntry> {
		return this.insertConfiguration(body, actor);
	}

	/** PUT: the body replaces the record; omitted fields fall back to defaults or null. */
	replaceConfiguration(id: number, body: unknown, actor: string): Outcome<ConfigurationEntry> {
		const existing = this.tenant.configurations.get(id);
		if (!existing) return { ok: false, response: recordNotFound('Configuration', id) };
		if (!isPlainObject(body)) return { ok: false, response: invalidJsonBody() };
		const validated = this.validate(body, new Map(), body.customFields, 'replace');
		if (!validated.ok) return validated;
		return {
			ok: true,
			value: this.store(existing, validated.value.fields, validated.value.customValues, actor),
		};
	}

	patchConfiguration(id: number, body: unknown, actor: string): Outcome<ConfigurationEntry> {
		const existing = this.tenant.configurations.get(id);
		if (!existing) return { ok: false, response: recordNotFound('Configuration', id) };
		const plan = planPatch(body);
		if (!plan.ok)
			return { ok: false, response: invalidObject(CONFIGURATION_RESOURCE, plan.errors) };
		const input = { ...existing.data, ...plan.changes };
		const validated = this.validate(
			input,
			existing.customValues,
			plan.customFields,
			this.environment.customFieldsPatchMode,
		);
		if (!validated.ok) return validated;
		return {
			ok: true,
			value: this.store(existing, validated.value.fields, validated.value.customValues, actor),
		};
	}

	private store(
		existing: ConfigurationEntry,
		fields: ConfigurationFields,
		customValues: Map<number, CustomFieldScalar>,
		actor: string,
	): ConfigurationEntry {
		const entry: ConfigurationEntry = {
			id: existing.id,
			data: recordData(fields, existing.id, fields.mobileGuid ?? existing.data.mobileGuid, {
				...existing.data._info,
				lastUpdated: formatDateTime(this.environment.clock()),
				updatedBy: actor,
			}),
			customValues,
		};
		this.tenant.configurations.replace(entry);
		return entry;
	}

	/** DELETE; a configuration that is another one's parent is in use (409, DG status table). */
	deleteConfiguration(id: number): Outcome<void> {
		if (!this.tenant.configurations.get(id)) {
			return { ok: false, response: recordNotFound('Configuration', id) };
		}
		const child = this.tenant.configurations
			.all()
			.find((entry) => entry.data.parentConfigurationId === id);
		if (child) {
			return {
				ok: false,
				response: errorResponse(
					409,
					'Conflict',
					`Configuration ${id} is in use as the parent of configuration ${child.id}.`,
				),
			};
		}
		this.tenant.configurations.remove(id);
		return { ok: true, value: undefined };
	}

	// ----- Setup-table writes --------------------------------------------------------------------

	createNamed(
		table: NamedTableName,
		body: unknown,
		actor: string,
		seeded?: SeededIdentity,
	): Outcome<NamedRow> {
		const spec = NAMED_TABLES[table];
		if (!isPlainObject(body)) return { ok: false, response: invalidJsonBody() };
		const rows = this.tenant[table];
		const fieldError = (code: string, field: string, message: string): SimResponse =>
			invalidObject(spec.resource, [{ code, message, resource: spec.resource, field }]);
		const name = body[spec.nameField];
		if (typeof name !== 'string' || name.trim() === '') {
			return {
				ok: false,
				response: fieldError(
					'MissingRequiredField',
					spec.nameField,
					`The ${spec.nameField} field is required.`,
				),
			};
		}
		if (name.length > spec.maxLength) {
			return {
				ok: false,
				response: fieldError(
					'MaxLengthField',
					spec.nameField,
					`The field ${spec.nameField} must be a string with a maximum length of ${spec.maxLength}.`,
				),
			};
		}
		const lowered = name.toLowerCase();
		if (rows.all().some((row) => String(row[spec.nameField]).toLowerCase() === lowered)) {
			return {
				ok: false,
				response: fieldError(
					'ObjectExists',
					spec.nameField,
					`The ${spec.nameField} field must be unique.`,
				),
			};
		}
		const flags: Record<string, boolean> = {};
		for (const [flag, fallback] of Object.entries(spec.flags)) {
			const value = body[flag] ?? fallback;
			if (typeof value !== 'boolean') {
				return {
					ok: false,
					response: fieldError('InvalidField', flag, `The field ${flag} must be a boolean.`),
				};
			}
			flags[flag] = value;
		}
		const row: NamedRow = {
			id: seeded?.id ?? rows.nextId(),
			[spec.nameField]: name,
			...flags,
			_info: this.info(seeded?._info, actor),
		};
		if (table === 'statuses' && row.defaultFlag === true) {
			for (const other of rows.all()) other.defaultFlag = false;
		}
		rows.insert(row);
		this.noteFields(table, row);
		return { ok: true, value: row };
	}

	/**
	 * `POST /system/userDefinedFields`, or a seeded field (`seeded`), which may leave out what a POST
	 * must send. A field shows on configurations when it is on the configuration pod.
	 */
	createUserDefinedField(
		body: unknown,
		actor: string,
		seeded?: SeededIdentity,
	): Outcome<UserDefinedFieldRow> {
		if (!isPlainObject(body)) return { ok: false, response: invalidJsonBody() };
		const fields = this.tenant.userDefinedFields;
		const { configurationPod, sequenceNumberClash } = this.environment;
		const input = seeded ? completeSeed(body, fields.all(), configurationPod) : body;
		const errors = postErrors(input);
		if (errors.length === 0) {
			const placed = input as { podId: number; caption: string; sequenceNumber: number };
			errors.push(
				...clashErrors(
					placed,
					fields.all(),
					configurationPod,
					seeded ? 'accepted' : sequenceNumberClash,
				),
			);
		}
		if (errors.length > 0) {
			return { ok: false, response: invalidObject('userDefinedField', errors) };
		}
		const id = seeded?.id ?? fields.nextId();
		const row = userDefinedFieldRow(
			input,
			{ id, connectWiseID: guidFor(2, id), info: this.info(seeded?._info, actor) },
			this.environment.clock(),
		);
		fields.insert(row);
		this.noteFields('userDefinedFields', renderUserDefinedField(row, configurationPod));
		this.refreshConfigurationFields();
		return { ok: true, value: row };
	}

	/** The field goes, and its values with it (or, `refused`, not while a value is left). */
	deleteUserDefinedField(id: number): Outcome<void> {
		if (!this.tenant.userDefinedFields.get(id)) {
			return { ok: false, response: recordNotFound('User Defined Field', id) };
		}
		const holders = this.tenant.configurations
			.all()
			.filter((entry) => (entry.customValues.get(id) ?? null) !== null);
		if (holders.length > 0 && this.environment.fieldInUseDelete === 'refused') {
			return {
				ok: false,
				response: errorResponse(
					409,
					'Conflict',
					`User Defined Field ${id} holds values on ${holders.length} configurations.`,
				),
			};
		}
		this.tenant.userDefinedFields.remove(id);
		this.refreshConfigurationFields();
		return { ok: true, value: undefined };
	}

	private refreshConfigurationFields(): void {
		const { configurationPod } = this.environment;
		this.tenant.configurationFields = this.tenant.userDefinedFields
			.all()
			.filter((field) => field.podId === configurationPod.podId)
			.sort((left, right) => left.sequenceNumber - right.sequenceNumber || left.id - right.id)
			.map((field) => ({
				id: field.id,
				caption: field.caption,
				type: field.fieldTypeIdentifier,
				entryMethod: field.entryTypeIdentifier,
				numberOfDecimals: field.numberDecimals,
				connectWiseId: field.connectWiseID,
				rowNum: field.sequenceNumber,
				userDefinedFieldRecId: field.id,
				podId: podKey(configurationPod),
			}));
	}

	// ----- Authentication support ----------------------------------------------------------------

	memberByPublicKey(publicKey: string): MemberRow | undefined {
		return this.tenant.members.all().find((member) => member.publicKey === publicKey);
	}

	// ----- Rendering -----------------------------------------------------------------------------

	private renderReference(
		target: ReferenceTarget,
		reference: StoredReference,
		apiBase: string,
	): Record<string, unknown> {
		const href = this.referenceHref(target, reference.id, apiBase);
		return href ? { ...reference, _info: { [href.key]: href.url } } : { ...reference };
	}

	private referenceHref(
		target: ReferenceTarget,
		id: number,
		apiBase: string,
	): { key: string; url: string } | undefined {
		switch (target) {
			case 'configurationType':
				return { key: 'type_href', url: `${apiBase}/company/configurations/types/${id}` };
			case 'configurationStatus':
				return { key: 'status_href', url: `${apiBase}/company/configurations/statuses/${id}` };
			case 'company':
				return { key: 'company_href', url: `${apiBase}/company/companies/${id}` };
			case 'site': {
				const companyId = this.tenant.sites.get(id)?.company.id;
				return { key: 'site_href', url: `${apiBase}/company/companies/${companyId}/sites/${id}` };
			}
			case 'manufacturer':
				return { key: 'manufacturer_href', url: `${apiBase}/procurement/manufacturers/${id}` };
			case 'member':
				return { key: 'member_href', url: `${apiBase}/system/members/${id}` };
			case 'unchecked':
				return undefined;
		}
	}

	/** Every configuration field, in the recorded answers' key order. */
	private customFieldValues(values: Map<number, CustomFieldScalar>): CustomFieldValue[] {
		return this.tenant.configurationFields.map((definition) => ({
			id: definition.id,
			caption: definition.caption,
			type: definition.type,
			entryMethod: definition.entryMethod,
			numberOfDecimals: definition.numberOfDecimals,
			value: values.get(definition.id) ?? null,
			connectWiseId: definition.connectWiseId,
			rowNum: definition.rowNum,
			userDefinedFieldRecId: definition.userDefinedFieldRecId,
			podId: definition.podId,
		}));
	}

	/**
	 * `only`: the lower-cased top-level fields a `fields=` projection keeps; the others are left
	 * out, as the projection would drop them.
	 */
	renderConfiguration(
		entry: ConfigurationEntry,
		apiBase = this.environment.apiBase(),
		only?: ReadonlySet<string>,
	): Configuration {
		const wanted = (lowerCaseField: string) => only === undefined || only.has(lowerCaseField);
		const rendered: Record<string, unknown> = { id: entry.id };
		for (const [field, spec, lowerCaseField] of CONFIGURATION_FIELD_SPECS) {
			if (!wanted(lowerCaseField)) continue;
			const value = entry.data[field];
			if (value === null || value === undefined) continue;
			if (spec.kind === 'reference') {
				rendered[field] = this.renderReference(spec.target, value as StoredReference, apiBase);
			} else if (spec.kind === 'questions') {
				rendered[field] = (value as object[]).map((question) => ({ ...question }));
			} else {
				rendered[field] = value;
			}
		}
		if (wanted('customfields')) rendered.customFields = this.customFieldValues(entry.customValues);
		if (wanted('_info')) rendered._info = { ...entry.data._info };
		return rendered as Configuration;
	}

	private renderCompany(row: CompanyRow, apiBase: string): Record<string, unknown> {
		const href = `${apiBase}/company/companies/${row.id}`;
		return {
			...withoutEmpty(row),
			_info: {
				...row._info,
				sites_href: `${href}/sites`,
				configurations_href: `${apiBase}/company/configurations?conditions=company/id=${row.id}`,
			},
		};
	}

	private renderSite(row: SiteRow, apiBase: string): Record<string, unknown> {
		return {
			...withoutEmpty(row),
			company: this.renderReference('company', row.company, apiBase),
			_info: { ...row._info },
		};
	}

	private renderRow(row: Row): Record<string, unknown> {
		return { ...withoutEmpty(row), _info: { ...row._info } };
	}

	// ----- List views ----------------------------------------------------------------------------

	configurationView(apiBase: string): ListView<ConfigurationEntry> {
		return {
			entries: () => this.tenant.configurations.all(),
			idOf: (entry) => entry.id,
			dataOf: (entry) => entry.data,
			hasField: (name) => CONFIGURATION_FIELD_NAMES.has(name),
			hasArrayField: (name) => name === 'customfields' || name === 'questions',
			childrenOf: (entry, field) => {
				if (field === 'customfields') return this.customFieldValues(entry.customValues);
				return field === 'questions' ? (entry.data.questions as unknown[]) : undefined;
			},
			render: (entry, only) => this.renderConfiguration(entry, apiBase, only),
			selections: this.configurationSelections,
		};
	}

	companyView(apiBase: string): ListView<CompanyRow> {
		return this.rowView(
			'companies',
			() => this.tenant.companies.all(),
			(row) => this.renderCompany(row, apiBase),
		);
	}

	siteView(companyId: number, apiBase: string): ListView<SiteRow> {
		return this.rowView(
			'sites',
			() => this.tenant.sitesByCompany.get(companyId) ?? [],
			(row) => this.renderSite(row, apiBase),
		);
	}

	namedView(table: NamedTableName): ListView<NamedRow> {
		return this.rowView(
			table,
			() => this.tenant[table].all(),
			(row) => this.renderRow(row),
		);
	}

	/** Conditions read the answer's shape, pod descriptions included. */
	userDefinedFieldView(): ListView<UserDefinedFieldRow> {
		const view = this.rowView(
			'userDefinedFields',
			() => this.tenant.userDefinedFields.all(),
			(row) => this.renderUserDefinedFieldRow(row),
		);
		return { ...view, dataOf: (row) => this.renderUserDefinedFieldRow(row) };
	}

	private rowView<R extends { id: number }>(
		table: string,
		entries: () => readonly R[],
		render: (row: R) => Record<string, unknown>,
	): ListView<R> {
		const hasField = (name: string): boolean =>
			name === 'id' || (this.tenant.fieldNames.get(table)?.has(name) ?? false);
		return {
			entries,
			idOf: (row) => row.id,
			dataOf: (row) => row,
			hasField,
			hasArrayField: hasField,
			childrenOf: (row, field) => {
				const value = caseInsensitiveReader([field])(row);
				return Array.isArray(value) ? value : undefined;
			},
			render,
		};
	}

	/** Sites are listed per company, so a site list needs to know the company exists. */
	hasCompany(id: number): boolean {
		return this.tenant.companies.get(id) !== undefined;
	}

	configurationEntry(id: number): ConfigurationEntry | undefined {
		return this.tenant.configurations.get(id);
	}

	companyRow(id: number): CompanyRow | undefined {
		return this.tenant.companies.get(id);
	}

	siteRow(companyId: number, id: number): SiteRow | undefined {
		const row = this.tenant.sites.get(id);
		return row?.company.id === companyId ? row : undefined;
	}

	namedRow(table: NamedTableName, id: number): NamedRow | undefined {
		return this.tenant[table].get(id);
	}

	userDefinedFieldRow(id: number): UserDefinedFieldRow | undefined {
		return this.tenant.userDefinedFields.get(id);
	}

	renderCompanyRow(row: CompanyRow, apiBase: string): Record<string, unknown> {
		return this.renderCompany(row, apiBase);
	}

	renderSiteRow(row: SiteRow, apiBase: string): Record<string, unknown> {
		return this.renderSite(row, apiBase);
	}

	renderSetupRow(row: Row): Record<string, unknown> {
		return this.renderRow(row);
	}

	renderUserDefinedFieldRow(row: UserDefinedFieldRow): Record<string, unknown> {
		return renderUserDefinedField(row, this.environment.configurationPod);
	}

	get conditionGrammar(): ConditionGrammar {
		return this.environment.conditionGrammar;
	}

	// ----- In-process access for tests -----------------------------------------------------------

	get configurationCount(): number {
		return this.tenant.configurations.size;
	}

	configuration(id: number): Configuration | undefined {
		const entry = this.tenant.configurations.get(id);
		return entry ? this.renderConfiguration(entry) : undefined;
	}

	configurations(): Configuration[] {
		return this.tenant.configurations.all().map((entry) => this.renderConfiguration(entry));
	}

	company(id: number): Record<string, unknown> | undefined {
		const row = this.tenant.companies.get(id);
		return row ? this.renderCompany(row, this.environment.apiBase()) : undefined;
	}

	companies(): Array<Record<string, unknown>> {
		const apiBase = this.environment.apiBase();
		return this.tenant.companies.all().map((row) => this.renderCompany(row, apiBase));
	}

	sites(companyId?: number): Array<Record<string, unknown>> {
		const apiBase = this.environment.apiBase();
		const rows =
			companyId === undefined
				? this.tenant.sites.all()
				: (this.tenant.sitesByCompany.get(companyId) ?? []);
		return rows.map((row) => this.renderSite(row, apiBase));
	}

	types(): Array<Record<string, unknown>> {
		return this.tenant.types.all().map((row) => this.renderRow(row));
	}

	statuses(): Array<Record<string, unknown>> {
		return this.tenant.statuses.all().map((row) => this.renderRow(row));
	}

	manufacturers(): Array<Record<string, unknown>> {
		return this.tenant.manufacturers.all().map((row) => this.renderRow(row));
	}

	userDefinedFields(): Array<Record<string, unknown>> {
		return this.tenant.userDefinedFields.all().map((row) => this.renderUserDefinedFieldRow(row));
	}

	/** API members without their keys. */
	members(): Member[] {
		return this.tenant.members.all().map((member) => omit(member, ['publicKey', 'privateKey']));
	}

	/** The value of a configuration's custom field by caption (`null` when unset). */
	customFieldValue(configurationId: number, caption: string): CustomFieldScalar | undefined {
		const entry = this.tenant.configurations.get(configurationId);
		const definition = this.tenant.configurationFields.find((field) => field.caption === caption);
		if (!entry || !definition) return undefined;
		return entry.customValues.get(definition.id) ?? null;
	}

	/** Creates a configuration as a PSA user would; throws when ConnectWise would answer 400. */
	addConfiguration(input: ConfigurationInput, enteredBy = 'jdoe'): Configuration {
		return this.renderConfiguration(this.expect(this.insertConfiguration(input, enteredBy)));
	}

	/**
	 * Edits fields as a PSA user would in the UI (bumping `lastUpdated`); `customFields` entries are
	 * merged by id. Throws when ConnectWise would answer 400 or 404.
	 */
	editConfiguration(
		id: number,
		changes: Partial<ConfigurationInput>,
		updatedBy = 'jdoe',
	): Configuration {
		const existing = this.tenant.configurations.get(id);
		if (!existing) throw new Error(`Configuration ${id} not found`);
		const { customFields, ...fieldChanges } = changes;
		const validated = this.expect(
			this.validate(
				{ ...existing.data, ...fieldChanges },
				existing.customValues,
				customFields,
				'merge',
			),
		);
		return this.renderConfiguration(
			this.store(existing, validated.fields, validated.customValues, updatedBy),
		);
	}

	/** Deletes as a PSA user would; returns false when there was no such configuration. */
	removeConfiguration(id: number): boolean {
		return this.tenant.configurations.remove(id);
	}

	/** Every record, API-shaped; loadable again with `load` (members excepted: keys stay inside). */
	snapshot(): ConnectWiseSeed {
		return {
			companies: this.companies() as CompanySeed[],
			sites: this.sites() as unknown as SiteSeed[],
			configurations: this.configurations() as unknown as ConfigurationSeed[],
			types: this.types() as unknown as ConnectWiseSeed['types'],
			statuses: this.statuses() as unknown as ConnectWiseSeed['statuses'],
			manufacturers: this.manufacturers() as unknown as ConnectWiseSeed['manufacturers'],
			userDefinedFields:
				this.userDefinedFields() as unknown as ConnectWiseSeed['userDefinedFields'],
		};
	}

	/** Record counts, for the `/__admin/state` summary. */
	counts(): Record<string, number> {
		const {
			companies,
			sites,
			configurations,
			types,
			statuses,
			manufacturers,
			userDefinedFields,
			members,
		} = this.tenant;
		return {
			companies: companies.size,
			sites: sites.size,
			configurations: configurations.size,
			types: types.size,
			statuses: statuses.size,
			manufacturers: manufacturers.size,
			userDefinedFields: userDefinedFields.size,
			members: members.size,
		};
	}
}

function memberName(member: Member): string {
	return [member.firstName, member.lastName].filter(Boolean).join(' ') || member.identifier;
}
