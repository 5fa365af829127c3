/**
 * ConnectWise PSA REST client. Credentials never pass through here: the HTTP port adds the Basic
 * authorization and `clientId` headers (n8n's credential authentication, or a test port). This
 * client sends only the `Accept` header that pins the API version.
 */

import type { z } from 'zod';

import { SetupError } from '../http/errors';
import { RequestExecutor, type ApiAnswer, type ApiRequest } from '../http/executor';
import { parseResponseBody } from '../http/parse';
import type { ClientPorts, HttpMethod, QueryValue, Sleep } from '../http/port';
import { resolveRetryPolicy, type RetryPolicy } from '../http/retry';
import { idSegment } from '../http/url';
import { settle } from '../pool';
import { discoverCodebase, TenantCodebase } from './codebase';
import { eq, isQueryableText } from './conditions';
import { readConnectWiseErrorBody } from './error-body';
import { answerOf, readTogether, rowsIn } from './page-reads';
import { lastPage, nextPage } from './pagination';
import { partialConfigurationSchema } from './partial-schema';
import { maxPageSize, type CompanyQuery, type ConfigurationQuery } from './queries';
import {
	connectWiseMaxInFlight,
	connectWiseMaxInFlightWhenThrottled,
	connectWiseRetryPolicy,
	connectWiseTimeoutMs,
} from './request-policy';
import {
	cwCompanyNoteSchema,
	cwCompanySchema,
	cwConfigurationSchema,
	cwConfigurationStatusSchema,
	cwConfigurationTypeSchema,
	cwCountSchema,
	cwManufacturerSchema,
	cwMySecuritySchema,
	cwSiteSchema,
	cwSystemInfoSchema,
	cwUserDefinedFieldSchema,
	type CwCompany,
	type CwCompanyNote,
	type CwCompanyNoteInput,
	type CwConfiguration,
	type CwConfigurationInput,
	type CwConfigurationStatus,
	type CwConfigurationType,
	type CwManufacturer,
	type CwMySecurity,
	type CwPatchOperation,
	type CwSite,
	type CwSystemInfo,
	type CwUserDefinedField,
	type CwUserDefinedFieldInput,
} from './schemas';
import { connectWiseOrigin } from './site';

export interface ConnectWiseClientOptions extends ClientPorts {
	/** `api-na.myconnectwise.net`, a sign-in host (`na.myconnectwise.net`), an on-premise host or a URL. */
	site: string;
	/** The company ID of the login screen. */
	companyId: string;
	/** Pinned in the `Accept` header so that CW upgrades do not change the answers' shape. */
	apiVersion?: string;
	/** Skips discovery, e.g. `v2025_1/`. */
	codebase?: string;
	/**
	 * The codebase an earlier run discovered: used without discovery until a request under it
	 * answers 404 before any has succeeded (ConnectWise upgraded the tenant), then discovered again.
	 */
	rememberedCodebase?: string;
	/** Told each codebase companyinfo gives, to be remembered for the next run. */
	onCodebase?: (codebase: string) => void;
	maxInFlight?: number;
	retry?: Partial<RetryPolicy>;
	timeoutMs?: number;
}

function sameName(left: string, right: string): boolean {
	return left.trim().toLowerCase() === right.trim().toLowerCase();
}

export class ConnectWiseClient {
	private readonly executor: RequestExecutor;

	private readonly origin: string;

	private readonly companyId: string;

	private readonly sleep: Sleep;

	private readonly codebase: TenantCodebase;

	constructor(options: ConnectWiseClientOptions) {
		this.origin = connectWiseOrigin(options.site);
		this.companyId = options.companyId.trim();
		this.sleep = options.sleep;
		if (this.companyId === '') throw new SetupError('The ConnectWise PSA company ID is empty');
		const apiVersion = (options.apiVersion ?? '2025.1').trim();
		if (!/^\d+(\.\d+)*$/.test(apiVersion)) {
			throw new SetupError(
				`"${apiVersion}" is not a ConnectWise API version`,
				'Use a version such as 2025.1',
			);
		}
		const accept = `application/vnd.connectwise.com+json; version=${apiVersion}`;
		this.codebase = new TenantCodebase(
			() => discoverCodebase(this.executor, this.origin, this.companyId),
			{
				configured: options.codebase,
				remembered: options.rememberedCodebase,
				onCodebase: options.onCodebase,
			},
		);
		this.executor = new RequestExecutor({
			api: 'ConnectWise PSA',
			http: options.http,
			sleep: options.sleep,
			random: options.random ?? Math.random,
			retry: resolveRetryPolicy(connectWiseRetryPolicy, options.retry),
			timeoutMs: options.timeoutMs ?? connectWiseTimeoutMs,
			maxInFlight: options.maxInFlight ?? connectWiseMaxInFlight,
			maxInFlightWhenThrottled: Math.min(
				options.maxInFlight ?? connectWiseMaxInFlight,
				connectWiseMaxInFlightWhenThrottled,
			),
			headers: { Accept: accept },
			readErrorBody: readConnectWiseErrorBody,
			secrets: options.secrets,
		});
	}

	/** `{origin}/{codebase}apis/3.0`, discovering the codebase on first use. */
	async apiBase(): Promise<string> {
		return this.baseUnder(await this.codebase.get());
	}

	async listCompanies(query: CompanyQuery = {}): Promise<CwCompany[]> {
		const limit = query.limit ?? Number.POSITIVE_INFINITY;
		const pageSize = Math.min(query.pageSize ?? maxPageSize, maxPageSize, limit);
		if (!Number.isInteger(pageSize) || pageSize < 1) {
			throw new RangeError(
				`pageSize and limit must be whole numbers of at least 1, got ${pageSize}`,
			);
		}
		const companies = await this.readAllPages(
			'/company/companies',
			{ conditions: query.conditions, orderBy: query.orderBy ?? 'id asc' },
			cwCompanySchema,
			'company list',
			{ pageSize, limit },
		);
		return companies.slice(0, limit);
	}

	async getCompany(companyId: number): Promise<CwCompany> {
		return await this.getOne(
			`/company/companies/${idSegment(companyId, 'The company ID')}`,
			cwCompanySchema,
			'company',
		);
	}

	async listSites(companyId: number): Promise<CwSite[]> {
		return await this.readAllPages(
			`/company/companies/${idSegment(companyId, 'The company ID')}/sites`,
			{ orderBy: 'id asc' },
			cwSiteSchema,
			'site list',
		);
	}

	/** Every matching configuration, in pages of 1000 that follow the `Link` header. */
	async listConfigurations(query: ConfigurationQuery = {}): Promise<CwConfiguration[]> {
		const fields =
			query.fields && query.fields.length > 0
				? ['id', ...query.fields.filter((name) => name !== 'id')]
				: undefined;
		return await this.readAllPages(
			'/company/configurations',
			{
				conditions: query.conditions,
				customFieldConditions: query.customFieldConditions,
				fields: fields?.join(','),
				orderBy: query.orderBy ?? 'id asc',
			},
			fields ? partialConfigurationSchema(fields) : cwConfigurationSchema,
			'configuration list',
			{
				...(query.limit === undefined
					? {}
					: { pageSize: Math.min(query.limit, maxPageSize), limit: query.limit }),
				onPage: query.onPage,
			},
		);
	}

	async countConfigurations(conditions?: string): Promise<number> {
		const { count } = await this.sendAndParse(
			'GET',
			'/company/configurations/count',
			{ query: { conditions } },
			cwCountSchema,
			'count',
		);
		return count;
	}

	async getConfiguration(configurationId: number): Promise<CwConfiguration> {
		return await this.getOne(
			this.configurationPath(configurationId),
			cwConfigurationSchema,
			'configuration',
		);
	}

	/**
	 * Creates a configuration. It is never repeated after a timeout, a broken connection or a 5xx
	 * (UncertainWriteError): look for it before creating it again.
	 */
	async createConfiguration(configuration: CwConfigurationInput): Promise<CwConfiguration> {
		return await this.create(
			'/company/configurations',
			configuration,
			cwConfigurationSchema,
			'configuration',
		);
	}

	/** Applies JSON Patch operations; fields that are not named stay as they are. */
	async patchConfiguration(
		configurationId: number,
		operations: readonly CwPatchOperation[],
	): Promise<CwConfiguration> {
		if (operations.length === 0)
			throw new RangeError('A configuration patch needs at least one operation');
		return await this.sendAndParse(
			'PATCH',
			this.configurationPath(configurationId),
			{ body: operations },
			cwConfigurationSchema,
			'configuration',
		);
	}

	async listConfigurationTypes(): Promise<CwConfigurationType[]> {
		return await this.readAllPages(
			'/company/configurations/types',
			{ orderBy: 'id asc' },
			cwConfigurationTypeSchema,
			'configuration type list',
		);
	}

	async listConfigurationStatuses(): Promise<CwConfigurationStatus[]> {
		return await this.readAllPages(
			'/company/configurations/statuses',
			{ orderBy: 'id asc' },
			cwConfigurationStatusSchema,
			'configuration status list',
		);
	}

	/**
	 * All manufacturers, or those named `name` (compared without case, as CW does). A name no
	 * condition can hold is found among all of them.
	 */
	async listManufacturers(filter: { name?: string } = {}): Promise<CwManufacturer[]> {
		const { name } = filter;
		const asked = name !== undefined && isQueryableText(name) ? eq('name', name) : undefined;
		const manufacturers = await this.readAllPages(
			'/procurement/manufacturers',
			{ conditions: asked, orderBy: 'id asc' },
			cwManufacturerSchema,
			'manufacturer list',
		);
		// The server already filtered; checking again keeps a mis-parsed condition from matching more.
		return name === undefined
			? manufacturers
			: manufacturers.filter((manufacturer) => sameName(manufacturer.name, name));
	}

	async createManufacturer(name: string): Promise<CwManufacturer> {
		return await this.create(
			'/procurement/manufacturers',
			{ name },
			cwManufacturerSchema,
			'manufacturer',
		);
	}

	async listUserDefinedFields(): Promise<CwUserDefinedField[]> {
		return await this.readAllPages(
			'/system/userDefinedFields',
			{ orderBy: 'id asc' },
			cwUserDefinedFieldSchema,
			'user-defined field list',
		);
	}

	async createUserDefinedField(definition: CwUserDefinedFieldInput): Promise<CwUserDefinedField> {
		return await this.create(
			'/system/userDefinedFields',
			definition,
			cwUserDefinedFieldSchema,
			'user-defined field',
		);
	}

	/** Deletes a field definition, and whatever values it holds with it: callers check first. */
	async deleteUserDefinedField(fieldId: number): Promise<void> {
		await this.send('DELETE', `/system/userDefinedFields/${idSegment(fieldId, 'The field ID')}`);
	}

	/** The API member's own rights, one entry per module function. */
	async listMySecurity(): Promise<CwMySecurity[]> {
		return await this.readAllPages(
			'/system/mySecurity',
			{},
			cwMySecuritySchema,
			'security settings list',
		);
	}

	async getSystemInfo(): Promise<CwSystemInfo> {
		return await this.getOne('/system/info', cwSystemInfoSchema, 'system info');
	}

	/**
	 * Every note of the company, in id order. Unfiltered: no document says whether a note's text
	 * can be filtered on.
	 */
	async listCompanyNotes(companyId: number): Promise<CwCompanyNote[]> {
		return await this.readAllPages(
			this.companyNotesPath(companyId),
			{ orderBy: 'id asc' },
			cwCompanyNoteSchema,
			'company note list',
		);
	}

	/** Never repeated after a timeout or a 5xx (UncertainWriteError): list the notes to find out. */
	async createCompanyNote(companyId: number, note: CwCompanyNoteInput): Promise<CwCompanyNote> {
		return await this.create(
			this.companyNotesPath(companyId),
			note,
			cwCompanyNoteSchema,
			'company note',
		);
	}

	async patchCompanyNote(
		companyId: number,
		noteId: number,
		operations: readonly CwPatchOperation[],
	): Promise<CwCompanyNote> {
		return await this.sendAndParse(
			'PATCH',
			this.companyNotePath(companyId, noteId),
			{ body: operations },
			cwCompanyNoteSchema,
			'company note',
		);
	}

	async deleteCompanyNote(companyId: number, noteId: number): Promise<void> {
		await this.send('DELETE', this.companyNotePath(companyId, noteId));
	}

	/** Waits with the client's own sleep (n8n's in production), e.g. between two looks at a lease. */
	async wait(milliseconds: number): Promise<void> {
		await this.sleep(milliseconds);
	}

	private companyNotesPath(companyId: number): string {
		return `/company/companies/${idSegment(companyId, 'The company ID')}/notes`;
	}

	private companyNotePath(companyId: number, noteId: number): string {
		return `${this.companyNotesPath(companyId)}/${idSegment(noteId, 'The note ID')}`;
	}

	private configurationPath(configurationId: number): string {
		return `/company/configurations/${idSegment(configurationId, 'The configuration ID')}`;
	}

	private baseUnder(codebase: string): string {
		return `${this.origin}/${codebase}apis/3.0`;
	}

	/**
	 * Sends under the current codebase, and once more under a new one when the failure shows the
	 * codebase moved (`TenantCodebase`). It moved only after a 404, which means nothing was
	 * written, so a POST is repeated too; an unchanged codebase leaves the 404 as it was (a record
	 * not found).
	 */
	private async send(
		method: HttpMethod,
		path: string,
		extra: Omit<ApiRequest, 'method' | 'url'> = {},
	): Promise<ApiAnswer> {
		const codebase = await this.codebase.get();
		const sent = await settle(
			this.executor.send({ method, url: `${this.baseUnder(codebase)}${path}`, ...extra }),
		);
		if (sent.ok) {
			this.codebase.served(codebase);
			return sent.value;
		}
		const moved = await this.codebase.movedFrom(codebase, sent.error);
		if (moved === undefined) throw sent.error;
		return await this.executor.send({ method, url: `${this.baseUnder(moved)}${path}`, ...extra });
	}

	private async sendAndParse<Schema extends z.ZodTypeAny>(
		method: HttpMethod,
		path: string,
		extra: Omit<ApiRequest, 'method' | 'url'>,
		schema: Schema,
		expected: string,
	): Promise<z.output<Schema>> {
		const answer = await this.send(method, path, extra);
		return parseResponseBody(schema, answer.body, answer.request, expected);
	}

	private async getOne<Schema extends z.ZodTypeAny>(
		path: string,
		schema: Schema,
		expected: string,
	): Promise<z.output<Schema>> {
		return await this.sendAndParse('GET', path, {}, schema, expected);
	}

	private async create<Schema extends z.ZodTypeAny>(
		path: string,
		body: unknown,
		schema: Schema,
		expected: string,
	): Promise<z.output<Schema>> {
		return await this.sendAndParse('POST', path, { body }, schema, expected);
	}

	/**
	 * Reads page after page, keeping this client's own query on every page. Once a page names the
	 * last one, the pages up to it are requested together (the client's limit on requests in flight
	 * still holds), and each page is parsed as soon as it and the pages before it are in, while the
	 * next ones are on their way.
	 */
	private async readAllPages<Schema extends z.ZodTypeAny>(
		path: string,
		query: Record<string, QueryValue | undefined>,
		itemSchema: Schema,
		expected: string,
		paging: {
			pageSize?: number;
			limit?: number;
			onPage?: (rows: ReadonlyArray<z.output<Schema>>) => void;
		} = {},
	): Promise<Array<z.output<Schema>>> {
		const pageSize = paging.pageSize ?? maxPageSize;
		const limit = paging.limit ?? Number.POSITIVE_INFINITY;
		const pageSchema = itemSchema.array().nullish();
		const read = async (page: number) =>
			await this.send('GET', path, { query: { ...query, pageSize, page } });
		const items: Array<z.output<Schema>> = [];
		const take = (answer: ApiAnswer) => {
			const rows: Array<z.output<Schema>> =
				parseResponseBody(pageSchema, answer.body, answer.request, expected) ?? [];
			items.push(...rows);
			paging.onPage?.(rows);
		};
		let page = 1;
		let batch = readTogether(read, page, page);
		for (;;) {
			for (const pending of batch.slice(0, -1)) take(await answerOf(pending));
			const newest = await answerOf(batch[batch.length - 1]);
			const newestPage = page + batch.length - 1;
			const received = items.length + rowsIn(newest.body);
			const next = nextPage(newest.headers.link, newestPage, rowsIn(newest.body), pageSize);
			// A limited read stops early, so it never reads ahead.
			const upTo =
				next.kind === 'page' && limit === Number.POSITIVE_INFINITY
					? lastPage(newest.headers.link, next.page)
					: undefined;
			const following =
				next.kind === 'page' && received < limit
					? readTogether(read, next.page, upTo ?? next.page)
					: undefined;
			take(newest);
			if (next.kind === 'done' || !following) return items;
			batch = following;
			page = next.page;
		}
	}
}
