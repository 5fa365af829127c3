/** The endpoint table (reference §2.1) and the per-codebase routes built from it. */
import type { Route, SimRequest, SimResponse } from '../common/http-simulator';
import { ENDPOINT_NOT_FOUND, invalidJsonBody, type Outcome, recordNotFound } from './errors';
import type { AuthenticatedMember, RoutePermission } from './gate';
import type { CompanyNoteRow } from './company-notes';
import { countResponse, type ListView, listResponse, projectFields } from './listing';
import { mySecurityView } from './my-security';
import type { ConnectWiseState } from './state';

export interface EndpointContext {
	request: SimRequest;
	params: Record<string, string>;
	/** `${publicBase}/${codebase}apis/3.0` of the codebase the request came in on. */
	apiBase: string;
	publicBase: string;
	state: ConnectWiseState;
	actor: string;
	systemInfo: Record<string, unknown>;
}

interface Endpoint {
	method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
	path: string;
	name: string;
	permission?: RoutePermission;
	handle(context: EndpointContext): SimResponse;
}

const INQUIRE_COMPANIES: RoutePermission = { module: 'Company Maintenance', level: 'inquire' };
const SETUP_ADD: RoutePermission = { module: 'Table Setup', level: 'add' };
const SETUP_DELETE: RoutePermission = { module: 'Table Setup', level: 'delete' };

/** Companies › Notes in the security role (UNVERIFIED which module guards the REST notes). */
function notesPermission(level: RoutePermission['level']): RoutePermission {
	return { module: 'Notes', level };
}

function configurationsPermission(level: RoutePermission['level']): RoutePermission {
	return { module: 'Configurations', level };
}

/** A list answer, its conditions read with the tenant's grammar. */
function list<E>(context: EndpointContext, view: ListView<E>): SimResponse {
	return listResponse(view, context.request, context.publicBase, context.state.conditionGrammar);
}

function count<E>(context: EndpointContext, view: ListView<E>): SimResponse {
	return countResponse(view, context.request, context.state.conditionGrammar);
}

function idParam(context: EndpointContext, name = 'id'): number | undefined {
	const text = context.params[name];
	return /^\d+$/.test(text) ? Number(text) : undefined;
}

function withFields(
	context: EndpointContext,
	status: number,
	record: Record<string, unknown>,
): SimResponse {
	return { status, body: projectFields(record, context.request.query.get('fields')) };
}

/** Answers a single-record GET; a non-numeric id has no route in ConnectWise either. */
function getOne<R>(
	context: EndpointContext,
	label: string,
	find: (id: number) => R | undefined,
	render: (record: R) => Record<string, unknown>,
): SimResponse {
	const id = idParam(context);
	if (id === undefined) return ENDPOINT_NOT_FOUND;
	const record = find(id);
	return record === undefined
		? recordNotFound(label, id)
		: withFields(context, 200, render(record));
}

function write<R>(
	context: EndpointContext,
	status: number,
	perform: (body: unknown) => Outcome<R>,
	render: (record: R) => Record<string, unknown>,
): SimResponse {
	if (context.request.bodyIsInvalidJson) return invalidJsonBody();
	const outcome = perform(context.request.body);
	return outcome.ok ? withFields(context, status, render(outcome.value)) : outcome.response;
}

function writeById<R>(
	context: EndpointContext,
	perform: (id: number, body: unknown) => Outcome<R>,
	render: (record: R) => Record<string, unknown>,
): SimResponse {
	const id = idParam(context);
	if (id === undefined) return ENDPOINT_NOT_FOUND;
	return write(context, 200, (body) => perform(id, body), render);
}

function noteCompany(context: EndpointContext): { id: number } | { response: SimResponse } {
	const companyId = idParam(context, 'companyId');
	return companyId === undefined ? { response: ENDPOINT_NOT_FOUND } : { id: companyId };
}

function notesList(
	context: EndpointContext,
	answer: (view: ListView<CompanyNoteRow>) => SimResponse,
): SimResponse {
	const company = noteCompany(context);
	if ('response' in company) return company.response;
	const view = context.state.notes.view(company.id, context.apiBase);
	return view.ok ? answer(view.value) : view.response;
}

function noteWrite(
	context: EndpointContext,
	status: number,
	perform: (
		companyId: number,
		noteId: number | undefined,
		body: unknown,
	) => Outcome<CompanyNoteRow>,
): SimResponse {
	const company = noteCompany(context);
	if ('response' in company) return company.response;
	return write(
		context,
		status,
		(body) => perform(company.id, idParam(context), body),
		(row) => context.state.notes.render(row, context.apiBase),
	);
}

function siteCompany(context: EndpointContext): { id: number } | { response: SimResponse } {
	const companyId = idParam(context, 'companyId');
	if (companyId === undefined) return { response: ENDPOINT_NOT_FOUND };
	if (!context.state.hasCompany(companyId))
		return { response: recordNotFound('Company', companyId) };
	return { id: companyId };
}

type SetupTable = 'types' | 'statuses' | 'manufacturers';

function setupEndpoints(table: SetupTable, name: string, path: string, label: string): Endpoint[] {
	return [
		{
			method: 'GET',
			path,
			name: `${name}.list`,
			handle: (context) => list(context, context.state.namedView(table)),
		},
		{
			method: 'GET',
			path: `${path}/count`,
			name: `${name}.count`,
			handle: (context) => count(context, context.state.namedView(table)),
		},
		{
			method: 'POST',
			path,
			name: `${name}.create`,
			permission: SETUP_ADD,
			handle: (context) =>
				write(
					context,
					201,
					(body) => context.state.createNamed(table, body, context.actor),
					(row) => context.state.renderSetupRow(row),
				),
		},
		{
			method: 'GET',
			path: `${path}/:id`,
			name: `${name}.get`,
			handle: (context) =>
				getOne(
					context,
					label,
					(id) => context.state.namedRow(table, id),
					(row) => context.state.renderSetupRow(row),
				),
		},
	];
}

/**
 * Order matters: literal segments (`count`, `types`, `statuses`) come before `:id` patterns. Reading
 * setup tables needs no role (DG §Security); adding to them needs Table Setup › add.
 */
export const ENDPOINTS: readonly Endpoint[] = [
	{
		method: 'GET',
		path: '/system/info',
		name: 'system.info',
		handle: (context) => ({ status: 200, body: context.systemInfo }),
	},
	{
		method: 'GET',
		path: '/system/mySecurity',
		name: 'system.mySecurity',
		handle: (context) => list(context, mySecurityView(context.state, context.request)),
	},
	{
		method: 'GET',
		path: '/company/companies',
		name: 'companies.list',
		permission: INQUIRE_COMPANIES,
		handle: (context) => list(context, context.state.companyView(context.apiBase)),
	},
	{
		method: 'GET',
		path: '/company/companies/count',
		name: 'companies.count',
		permission: INQUIRE_COMPANIES,
		handle: (context) => count(context, context.state.companyView(context.apiBase)),
	},
	{
		method: 'GET',
		path: '/company/companies/:id',
		name: 'companies.get',
		permission: INQUIRE_COMPANIES,
		handle: (context) =>
			getOne(
				context,
				'Company',
				(id) => context.state.companyRow(id),
				(row) => context.state.renderCompanyRow(row, context.apiBase),
			),
	},
	{
		method: 'GET',
		path: '/company/companies/:companyId/sites',
		name: 'sites.list',
		permission: INQUIRE_COMPANIES,
		handle: (context) => {
			const company = siteCompany(context);
			if ('response' in company) return company.response;
			const view = context.state.siteView(company.id, context.apiBase);
			return list(context, view);
		},
	},
	{
		method: 'GET',
		path: '/company/companies/:companyId/sites/count',
		name: 'sites.count',
		permission: INQUIRE_COMPANIES,
		handle: (context) => {
			const company = siteCompany(context);
			if ('response' in company) return company.response;
			return count(context, context.state.siteView(company.id, context.apiBase));
		},
	},
	{
		method: 'GET',
		path: '/company/companies/:companyId/sites/:id',
		name: 'sites.get',
		permission: INQUIRE_COMPANIES,
		handle: (context) => {
			const company = siteCompany(context);
			if ('response' in company) return company.response;
			return getOne(
				context,
				'Site',
				(id) => context.state.siteRow(company.id, id),
				(row) => context.state.renderSiteRow(row, context.apiBase),
			);
		},
	},
	{
		method: 'GET',
		path: '/company/companies/:companyId/notes',
		name: 'companyNotes.list',
		permission: notesPermission('inquire'),
		handle: (context) => notesList(context, (view) => list(context, view)),
	},
	{
		method: 'GET',
		path: '/company/companies/:companyId/notes/count',
		name: 'companyNotes.count',
		permission: notesPermission('inquire'),
		handle: (context) => notesList(context, (view) => count(context, view)),
	},
	{
		method: 'POST',
		path: '/company/companies/:companyId/notes',
		name: 'companyNotes.create',
		permission: notesPermission('add'),
		handle: (context) =>
			noteWrite(context, 201, (companyId, _noteId, body) =>
				context.state.notes.create(companyId, body, context.actor),
			),
	},
	{
		method: 'GET',
		path: '/company/companies/:companyId/notes/:id',
		name: 'companyNotes.get',
		permission: notesPermission('inquire'),
		handle: (context) => {
			const company = noteCompany(context);
			if ('response' in company) return company.response;
			return getOne(
				context,
				'Note',
				(id) => context.state.notes.row(company.id, id),
				(row) => context.state.notes.render(row, context.apiBase),
			);
		},
	},
	{
		method: 'PATCH',
		path: '/company/companies/:companyId/notes/:id',
		name: 'companyNotes.patch',
		permission: notesPermission('edit'),
		handle: (context) =>
			noteWrite(context, 200, (companyId, noteId, body) =>
				noteId === undefined
					? { ok: false, response: ENDPOINT_NOT_FOUND }
					: context.state.notes.patch(companyId, noteId, body, context.actor),
			),
	},
	{
		method: 'DELETE',
		path: '/company/companies/:companyId/notes/:id',
		name: 'companyNotes.delete',
		permission: notesPermission('delete'),
		handle: (context) => {
			const company = noteCompany(context);
			const noteId = idParam(context);
			if ('response' in company || noteId === undefined) return ENDPOINT_NOT_FOUND;
			const outcome = context.state.notes.remove(company.id, noteId);
			return outcome.ok ? { status: 204 } : outcome.response;
		},
	},
	{
		method: 'GET',
		path: '/company/configurations',
		name: 'configurations.list',
		permission: configurationsPermission('inquire'),
		handle: (context) => list(context, context.state.configurationView(context.apiBase)),
	},
	{
		method: 'GET',
		path: '/company/configurations/count',
		name: 'configurations.count',
		permission: configurationsPermission('inquire'),
		handle: (context) => count(context, context.state.configurationView(context.apiBase)),
	},
	{
		method: 'POST',
		path: '/company/configurations',
		name: 'configurations.create',
		permission: configurationsPermission('add'),
		handle: (context) =>
			write(
				context,
				201,
				(body) => context.state.createConfiguration(body, context.actor),
				(entry) => context.state.renderConfiguration(entry, context.apiBase),
			),
	},
	...setupEndpoints(
		'types',
		'configurationTypes',
		'/company/configurations/types',
		'Configuration Type',
	),
	...setupEndpoints(
		'statuses',
		'configurationStatuses',
		'/company/configurations/statuses',
		'Configuration Status',
	),
	{
		method: 'GET',
		path: '/company/configurations/:id',
		name: 'configurations.get',
		permission: configurationsPermission('inquire'),
		handle: (context) =>
			getOne(
				context,
				'Configuration',
				(id) => context.state.configurationEntry(id),
				(entry) => context.state.renderConfiguration(entry, context.apiBase),
			),
	},
	{
		method: 'PUT',
		path: '/company/configurations/:id',
		name: 'configurations.replace',
		permission: configurationsPermission('edit'),
		handle: (context) =>
			writeById(
				context,
				(id, body) => context.state.replaceConfiguration(id, body, context.actor),
				(entry) => context.state.renderConfiguration(entry, context.apiBase),
			),
	},
	{
		method: 'PATCH',
		path: '/company/configurations/:id',
		name: 'configurations.patch',
		permission: configurationsPermission('edit'),
		handle: (context) =>
			writeById(
				context,
				(id, body) => context.state.patchConfiguration(id, body, context.actor),
				(entry) => context.state.renderConfiguration(entry, context.apiBase),
			),
	},
	{
		method: 'DELETE',
		path: '/company/configurations/:id',
		name: 'configurations.delete',
		permission: configurationsPermission('delete'),
		handle: (context) => {
			const id = idParam(context);
			if (id === undefined) return ENDPOINT_NOT_FOUND;
			const outcome = context.state.deleteConfiguration(id);
			return outcome.ok ? { status: 204 } : outcome.response;
		},
	},
	...setupEndpoints('manufacturers', 'manufacturers', '/procurement/manufacturers', 'Manufacturer'),
	{
		method: 'GET',
		path: '/system/userDefinedFields',
		name: 'userDefinedFields.list',
		handle: (context) => list(context, context.state.userDefinedFieldView()),
	},
	{
		method: 'GET',
		path: '/system/userDefinedFields/count',
		name: 'userDefinedFields.count',
		handle: (context) => count(context, context.state.userDefinedFieldView()),
	},
	{
		method: 'POST',
		path: '/system/userDefinedFields',
		name: 'userDefinedFields.create',
		permission: SETUP_ADD,
		handle: (context) =>
			write(
				context,
				201,
				(body) => context.state.createUserDefinedField(body, context.actor),
				(row) => context.state.renderUserDefinedFieldRow(row),
			),
	},
	{
		method: 'GET',
		path: '/system/userDefinedFields/:id',
		name: 'userDefinedFields.get',
		handle: (context) =>
			getOne(
				context,
				'User Defined Field',
				(id) => context.state.userDefinedFieldRow(id),
				(row) => context.state.renderUserDefinedFieldRow(row),
			),
	},
	{
		method: 'DELETE',
		path: '/system/userDefinedFields/:id',
		name: 'userDefinedFields.delete',
		permission: SETUP_DELETE,
		handle: (context) => {
			const id = idParam(context);
			if (id === undefined) return ENDPOINT_NOT_FOUND;
			const outcome = context.state.deleteUserDefinedField(id);
			return outcome.ok ? { status: 204 } : outcome.response;
		},
	},
];

export const ROUTE_PERMISSIONS: Readonly<Record<string, RoutePermission | undefined>> =
	Object.fromEntries(ENDPOINTS.map((endpoint) => [endpoint.name, endpoint.permission]));

export interface RouteBuildOptions {
	/** Codebases with trailing slash, e.g. `['v2025_1/', 'v4_6_release/']`. */
	codebases: readonly string[];
	state: ConnectWiseState;
	publicBase: () => string;
	members: WeakMap<SimRequest, AuthenticatedMember>;
	systemInfo: Record<string, unknown>;
	/** Headers every API answer carries, e.g. `api-current-version`. */
	responseHeaders: Record<string, string>;
}

export function apiPrefix(codebase: string): string {
	return `/${codebase}apis/3.0`;
}

/** One route per endpoint and codebase; route names are shared so counts add up across both. */
export function buildApiRoutes(options: RouteBuildOptions): Route[] {
	return options.codebases.flatMap((codebase) =>
		ENDPOINTS.map(
			(endpoint): Route => ({
				method: endpoint.method,
				pattern: `${apiPrefix(codebase)}${endpoint.path}`,
				name: endpoint.name,
				handler: (request, params) => {
					const publicBase = options.publicBase();
					const response = endpoint.handle({
						request,
						params,
						apiBase: `${publicBase}${apiPrefix(codebase)}`,
						publicBase,
						state: options.state,
						actor: options.members.get(request)?.identifier ?? 'unknown',
						systemInfo: options.systemInfo,
					});
					return { ...response, headers: { ...options.responseHeaders, ...response.headers } };
				},
			}),
		),
	);
}
