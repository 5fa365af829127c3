/**
 * Company notes (`/company/companies/{companyId}/notes`), the records the engine's creation lease
 * is made of. Shape per the CompanyNote model of the ConnectWise SDKs: `{id, text, type, flagged,
 * enteredBy, company, _info}`; ids are global and increasing, never reused after a delete, and
 * every write stamps `_info.lastUpdated` with the simulator clock (whole seconds, as ConnectWise).
 */
import { formatDateTime } from './configuration-fields';
import { invalidJsonBody, invalidObject, type Outcome, recordNotFound } from './errors';
import type { ListView } from './listing';
import { Table } from './table';

const RESOURCE = 'companyNote';

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
				dataOf: (row) => row,
				hasField: (name) => NOTE_FIELDS.has(name),
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
			_info: { ...row._info },
		};
	}

	/** Every note (of one company when given), for tests. */
	all(companyId?: number): CompanyNoteRow[] {
		return this.notes
			.all()
			.filter((row) => companyId === undefined || row.company.id === companyId)
			.map((row) => ({ ...row, _info: { ...row._info } }));
	}
}
