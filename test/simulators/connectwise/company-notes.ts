/**
 * Company notes (`/company/companies/{companyId}/notes`), the records the engine's creation lease
 * is made of. Shape per the CompanyNote model (ai-connor/connectwise `model_company_note.go`):
 * `{id, text, type, flagged, enteredBy, company, _info}`, `text` required; ids are global and
 * increasing, never reused after a delete. The model documents no timestamp in `_info` and no
 * filter on `text`, so both are options ({@link NoteTimestamps}, {@link NoteTextFilter}).
 */
import { formatDateTime } from './configuration-fields';
import { invalidJsonBody, invalidObject, type Outcome, recordNotFound } from './errors';
import type { ListView } from './listing';
import { Table } from './table';

const RESOURCE = 'companyNote';

/**
 * What `conditions` naming `text` do on a notes list: `ignored` (accepted, every note comes back),
 * `applied` (filtered like any field) or `refused` (400, an unknown field).
 */
export type NoteTextFilter = 'ignored' | 'applied' | 'refused';

/**
 * Which stamps a note's `_info` carries: `none`, as the model documents, or `lastUpdated` (with
 * `dateEntered`), moved by every write with the simulator clock in whole seconds.
 */
export type NoteTimestamps = 'none' | 'lastUpdated';

interface CompanyReference {
	id: number;
	identifier: string;
	name: string;
}

export interface CompanyNoteRow {
	id: number;
	text: string;
	type?: { id: number; name?: string };
	flagged: boolean;
	enteredBy: string;
	company: CompanyReference;
	_info: { lastUpdated: string; updatedBy: string; dateEntered: string; enteredBy: string };
}

export interface CompanyNoteEnvironment {
	clock: () => number;
	textFilter: NoteTextFilter;
	timestamps: NoteTimestamps;
	company: (id: number) => CompanyReference | undefined;
}

/** Fields that conditions and `orderBy` may name, in lower case. */
const NOTE_FIELDS = new Set(['id', 'text', 'type', 'flagged', 'enteredby', 'company', '_info']);

/** What a POST or PATCH may write, and how each value is checked. */
const WRITABLE_FIELDS: Record<string, (value: unknown) => string | undefined> = {
	text: (value) =>
		typeof value === 'string' && value.trim() !== '' ? undefined : 'The text field is required.',
	flagged: (value) =>
		typeof value === 'boolean' ? undefined : 'The field flagged must be a boolean.',
	type: (value) =>
		isPlainObject(value) && typeof value.id === 'number'
			? undefined
			: 'The field type must name a note type by id.',
};

function isPlainObject(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function fieldError(field: string, message: string, code = 'InvalidField'): Outcome<never> {
	return {
		ok: false,
		response: invalidObject(RESOURCE, [{ code, message, resource: RESOURCE, field }]),
	};
}

/** The first problem with the values a write names, if any. */
function checkFields(values: Record<string, unknown>): Outcome<never> | undefined {
	for (const [field, value] of Object.entries(values)) {
		const check = WRITABLE_FIELDS[field];
		if (!check) return fieldError(field, `The field ${field} cannot be written.`);
		const problem = check(value);
		if (problem) return fieldError(field, problem);
	}
	return undefined;
}

/** `[{op: 'replace', path: 'text', value}]` as field values; `remove` is refused for every field. */
function patchValues(body: unknown): Outcome<Record<string, unknown>> {
	if (!Array.isArray(body)) {
		return fieldError('patch', 'The request body must be an array of patch operations.');
	}
	const values: Record<string, unknown> = {};
	for (const operation of body as unknown[]) {
		const { op, path, value } = isPlainObject(operation) ? operation : {};
		if ((op !== 'replace' && op !== 'add') || typeof path !== 'string') {
			return fieldError('op', `Unsupported patch operation ${JSON.stringify(operation)}.`);
		}
		values[path.replace(/^\//, '')] = value;
	}
	return { ok: true, value: values };
}

export class CompanyNoteStore {
	private notes = new Table<CompanyNoteRow>('company note');

	constructor(private readonly environment: CompanyNoteEnvironment) {}

	clear(): void {
		this.notes = new Table('company note');
	}

	create(companyId: number, body: unknown, actor: string): Outcome<CompanyNoteRow> {
		const company = this.environment.company(companyId);
		if (!company) return { ok: false, response: recordNotFound('Company', companyId) };
		if (!isPlainObject(body)) return { ok: false, response: invalidJsonBody() };
		const { text, flagged = false, type } = body;
		const values = { text, flagged, ...(type === undefined ? {} : { type }) };
		const problem = checkFields(values);
		if (problem) return problem;
		const now = formatDateTime(this.environment.clock());
		const row: CompanyNoteRow = {
			id: this.notes.nextId(),
			...(values as Pick<CompanyNoteRow, 'text' | 'flagged' | 'type'>),
			enteredBy: actor,
			company,
			_info: { lastUpdated: now, updatedBy: actor, dateEntered: now, enteredBy: actor },
		};
		this.notes.insert(row);
		return { ok: true, value: row };
	}

	patch(companyId: number, noteId: number, body: unknown, actor: string): Outcome<CompanyNoteRow> {
		const existing = this.row(companyId, noteId);
		if (!existing) return { ok: false, response: recordNotFound('Note', noteId) };
		const values = patchValues(body);
		if (!values.ok) return values;
		const problem = checkFields(values.value);
		if (problem) return problem;
		const row: CompanyNoteRow = {
			...existing,
			...values.value,
			_info: {
				...existing._info,
				lastUpdated: formatDateTime(this.environment.clock()),
				updatedBy: actor,
			},
		};
		this.notes.replace(row);
		return { ok: true, value: row };
	}

	remove(companyId: number, noteId: number): Outcome<void> {
		if (!this.row(companyId, noteId)) {
			return { ok: false, response: recordNotFound('Note', noteId) };
		}
		this.notes.remove(noteId);
		return { ok: true, value: undefined };
	}

	row(companyId: number, noteId: number): CompanyNoteRow | undefined {
		const row = this.notes.get(noteId);
		return row?.company.id === companyId ? row : undefined;
	}

	/** A company's notes as list endpoints see them; a company that does not exist is a 404. */
	view(companyId: number, apiBase: string): Outcome<ListView<CompanyNoteRow>> {
		if (!this.environment.company(companyId)) {
			return { ok: false, response: recordNotFound('Company', companyId) };
		}
		return {
			ok: true,
			value: {
				entries: () => this.notes.all().filter((row) => row.company.id === companyId),
				idOf: (row) => row.id,
				dataOf: (row) => ({ ...row, _info: this.visibleInfo(row) }),
				hasField: (name) =>
					NOTE_FIELDS.has(name) && !(name === 'text' && this.environment.textFilter === 'refused'),
				conditionField: (name) =>
					name === 'text' && this.environment.textFilter === 'ignored' ? 'ignored' : undefined,
				hasArrayField: () => false,
				childrenOf: () => undefined,
				render: (row) => this.render(row, apiBase),
			},
		};
	}

	render(row: CompanyNoteRow, apiBase: string): Record<string, unknown> {
		const companyHref = `${apiBase}/company/companies/${row.company.id}`;
		return {
			...row,
			company: { ...row.company, _info: { company_href: companyHref } },
			_info: this.visibleInfo(row),
		};
	}

	private visibleInfo(row: CompanyNoteRow): Record<string, string> {
		if (this.environment.timestamps === 'lastUpdated') return { ...row._info };
		return { updatedBy: row._info.updatedBy, enteredBy: row._info.enteredBy };
	}

	/** Every note (of one company when given), for tests. */
	all(companyId?: number): CompanyNoteRow[] {
		return this.notes
			.all()
			.filter((row) => companyId === undefined || row.company.id === companyId)
			.map((row) => ({ ...row, _info: { ...row._info } }));
	}
}
