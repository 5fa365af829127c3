/**
 * A ConnectWise PSA (Manage) REST API simulator on 127.0.0.1, built on the shared HttpSimulator.
 * Behaviour and bodies follow /work/shared/reference/connectwise-psa-api.md; where the reference
 * marks something UNVERIFIED the behaviour is an option here.
 */
import { HttpSimulator, type SimRequest, type SimulatorOptions } from '../common/http-simulator';
import {
	DEFAULT_CREDENTIALS,
	DEFAULT_MEMBER_IDENTIFIER,
	defaultSeed,
	SECURITY_ROLES,
	STANDARD_CONFIGURATION_TYPES,
} from './default-seed';
import { type AuthenticatedMember, createGate } from './gate';
import type { ConnectWiseSeed, Credentials } from './model';
import { RequestBudget } from './request-budget';
import { apiPrefix, buildApiRoutes, ROUTE_PERMISSIONS } from './routes';
import { CONDITION_GRAMMARS, type ConditionGrammarName } from './conditions';
import type { NoteTextFilter, NoteTimestamps } from './company-notes';
import { ConnectWiseState, type CustomFieldsPatchMode } from './state';
import {
	configurationPod,
	type FieldInUseDelete,
	type SequenceNumberClash,
} from './user-defined-fields';

export * from './model';
export {
	parseConditions,
	compileConditions,
	customFieldFormProblem,
	likePattern,
	CONDITION_GRAMMARS,
} from './conditions';
export type {
	Condition,
	ConditionGrammar,
	ConditionGrammarName,
	ConditionValue,
	ComparisonOperator,
} from './conditions';
export type { NoteTextFilter, NoteTimestamps } from './company-notes';
export {
	COMPANY_POD_ID,
	CONTACT_POD_ID,
	type FieldInUseDelete,
	type SequenceNumberClash,
} from './user-defined-fields';
export { CONFIGURATION_FIELDS, formatDateTime } from './configuration-fields';
export { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from './listing';
export { ConnectWiseState, type CustomFieldsPatchMode } from './state';
export {
	DEFAULT_CREDENTIALS,
	DEFAULT_MEMBER_IDENTIFIER,
	defaultSeed,
	SECURITY_ROLES,
	STANDARD_CONFIGURATION_TYPES,
};

/** The cloud router codebase; always answered besides the tenant's own codebase. */
export const ROUTER_CODEBASE = 'v4_6_release/';
export const DEFAULT_CODEBASE = 'v2025_1/';
export const DEFAULT_API_VERSION = '2025.1';
export const DEFAULT_REQUESTS_PER_MINUTE = 1000;
export const DEFAULT_CONFIGURATION_POD_ID = 24;

/** `GET /login/companyinfo/{companyId}` body (DG; `SiteUrl` per SDK-TS). */
export interface CompanyInfo {
	CompanyName: string;
	Codebase: string;
	VersionCode: string;
	VersionNumber: string;
	CompanyID: string;
	IsCloud: boolean | string;
	SiteUrl: string;
}

export interface ConnectWiseSimulatorOptions {
	/** Initial data, restored by `reset()`. Default: {@link defaultSeed}. */
	seed?: ConnectWiseSeed;
	/** Login company id; compared case-sensitively (reference §1.1). Default `domotzlab`. */
	companyId?: string;
	companyName?: string;
	/** Tenant codebase as companyinfo reports it, with trailing slash. Default `v2025_1/`. */
	codebase?: string;
	/** Newest API version the tenant speaks (`api-current-version`). Default `2025.1`. */
	apiVersion?: string;
	/** Oldest pinned version still accepted. Default `2019.1`. */
	minimumApiVersion?: string;
	/** Key pair and clientId of the built-in API member (placeholders by default). */
	credentials?: Partial<Omit<Credentials, 'companyId'>>;
	/** Registered clientIds; by default any GUID passes. */
	clientIds?: string[];
	/**
	 * Status for a login to another company. Default 404 with the "endpoint does not exist" body:
	 * cloud routers answer 404 for bad logins (DG troubleshooting). 401 behaves like bad keys.
	 */
	unknownCompanyStatus?: 401 | 404;
	/**
	 * Status for an unsupported `Accept` version. Default 400, what ASP.NET API versioning answers for
	 * a version given in a media-type parameter; the reference leaves it UNVERIFIED.
	 */
	unsupportedVersionStatus?: 400 | 404;
	/** Sliding one-minute budget; 0 turns throttling off. Default 1000. */
	requestsPerMinute?: number;
	/** Milliseconds since the epoch; drives `lastUpdated` and the request budget. */
	clock?: () => number;
	/** How PATCH treats a `customFields` array. Default `replace` (DG §Custom Fields). */
	customFieldsPatchMode?: CustomFieldsPatchMode;
	/** Collapse `\r`/`\n` in written strings to a space, as ConnectWise does. Default true. */
	collapseNewlines?: boolean;
	/** Overrides of the companyinfo answer, e.g. `{ IsCloud: 'True' }` as in the DG example. */
	companyInfo?: Partial<CompanyInfo>;
	/**
	 * How `conditions`, `customFieldConditions` and `childConditions` are read; no document says
	 * what ConnectWise does beyond its own examples. `documented` (default): only the Developer
	 * Guide's forms (`field op value` with `= != < <= > >= contains like in not`, `AND`/`OR` in
	 * either case, `in (…)` lists; customFieldConditions only `caption = "X" AND value <op> "Y"`),
	 * anything else answered 400 `InvalidCondition`: grouping parentheses, `not` before a
	 * comparison, `<>`, a backslash inside a string, `OR` in customFieldConditions. `lenient`:
	 * those too, `\"` and `\\` read as escapes.
	 */
	conditionGrammar?: ConditionGrammarName;
	/**
	 * What `GET /company/companies/{id}/notes?conditions=text …` does; the model does not say
	 * whether note text can be filtered. `ignored` (default): accepted, every note comes back;
	 * `applied`: filtered like any field; `refused`: 400, `text` is an unknown field.
	 */
	noteTextFilter?: NoteTextFilter;
	/**
	 * Which stamps a company note's `_info` carries. `none` (default): the CompanyNote model
	 * documents none; `lastUpdated`: `lastUpdated` and `dateEntered`, moved by every write.
	 */
	noteTimestamps?: NoteTimestamps;
	/**
	 * The pod of the configuration screen: a user-defined field shows on configurations only when
	 * created on it (no document gives its id). Default 24. A field of another pod sent in a
	 * configuration's `customFields` is refused with 400 (`NotFound` on `customFields/id`), as
	 * an unknown field is: the more plausible reading, since to a configuration it is one.
	 */
	configurationPodId?: number;
	/** The configuration pod's `podDescription`. Default `Configurations`. */
	configurationPodDescription?: string;
	/**
	 * Whether a user-defined field may be created with a sequence number another field of its pod
	 * has (undocumented). `refused` (default): 400 `ObjectExists`; `accepted`.
	 */
	sequenceNumberClash?: SequenceNumberClash;
	/**
	 * What `DELETE /system/userDefinedFields/{id}` does to a field that configurations hold values
	 * in (undocumented). `deletesValues` (default): the field goes with its values; `refused`: 409.
	 */
	fieldInUseDelete?: FieldInUseDelete;
	/** Latency, fault rules and their random seed (shared simulator). */
	simulator?: SimulatorOptions;
}

function normaliseCodebase(codebase: string): string {
	return `${codebase.replace(/^\/+|\/+$/g, '')}/`;
}

/** `${baseUrl}/${codebase}apis/3.0`, the base every API path is appended to. */
export function connectWiseApiBase(baseUrl: string, codebase: string = DEFAULT_CODEBASE): string {
	return `${baseUrl}${apiPrefix(normaliseCodebase(codebase))}`;
}

export class ConnectWiseSimulator {
	readonly http: HttpSimulator;
	readonly state: ConnectWiseState;
	/** The default valid credentials (built-in API member with full rights). */
	readonly credentials: Credentials;
	readonly companyId: string;
	readonly codebase: string;
	readonly apiVersion: string;
	private readonly initialSeed: ConnectWiseSeed;
	private readonly budget: RequestBudget;
	private adminSeedError: string | undefined;

	constructor(options: ConnectWiseSimulatorOptions = {}) {
		this.companyId = options.companyId ?? DEFAULT_CREDENTIALS.companyId;
		this.codebase = normaliseCodebase(options.codebase ?? DEFAULT_CODEBASE);
		this.apiVersion = options.apiVersion ?? DEFAULT_API_VERSION;
		this.credentials = {
			...DEFAULT_CREDENTIALS,
			...options.credentials,
			companyId: this.companyId,
		};
		this.initialSeed = options.seed ?? defaultSeed();
		const clock = options.clock ?? Date.now;
		this.budget = new RequestBudget(
			options.requestsPerMinute ?? DEFAULT_REQUESTS_PER_MINUTE,
			clock,
		);

		this.state = new ConnectWiseState({
			clock,
			apiBase: () => this.apiBaseUrl,
			customFieldsPatchMode: options.customFieldsPatchMode ?? 'replace',
			collapseNewlines: options.collapseNewlines ?? true,
			credentials: this.credentials,
			conditionGrammar: CONDITION_GRAMMARS[options.conditionGrammar ?? 'documented'],
			configurationPod: configurationPod(
				options.configurationPodId ?? DEFAULT_CONFIGURATION_POD_ID,
				options.configurationPodDescription ?? 'Configurations',
			),
			sequenceNumberClash: options.sequenceNumberClash ?? 'refused',
			fieldInUseDelete: options.fieldInUseDelete ?? 'deletesValues',
			noteTextFilter: options.noteTextFilter ?? 'ignored',
			noteTimestamps: options.noteTimestamps ?? 'none',
		});
		this.state.load(this.initialSeed);

		const codebases = [...new Set([this.codebase, ROUTER_CODEBASE])];
		const members = new WeakMap<SimRequest, AuthenticatedMember>();
		const publicBase = (): string => this.http.baseUrl;
		const companyInfo = (): CompanyInfo => ({
			CompanyName: options.companyName ?? 'Domotz Lab MSP',
			Codebase: this.codebase,
			VersionCode: `v${this.apiVersion}`,
			VersionNumber: 'v4.6.10542',
			CompanyID: this.companyId,
			IsCloud: true,
			SiteUrl: new URL(publicBase()).host,
			...options.companyInfo,
		});

		this.http = new HttpSimulator({
			name: 'connectwise',
			simulator: options.simulator,
			routes: [
				{
					method: 'GET',
					pattern: '/login/companyinfo/:companyId',
					name: 'login.companyInfo',
					handler: (_request, params) => ({
						status: 200,
						body: params.companyId === this.companyId ? companyInfo() : null,
					}),
				},
				...buildApiRoutes({
					codebases,
					state: this.state,
					publicBase,
					members,
					systemInfo: {
						version: `v${this.apiVersion}.10542`,
						isCloud: true,
						serverTimeZone: 'Eastern Standard Time',
						licenseBits: [],
						cloudRegion: 'NA',
					},
					responseHeaders: { 'api-current-version': this.apiVersion },
				}),
			],
			gate: createGate({
				companyId: this.companyId,
				clientIds: options.clientIds,
				unknownCompanyStatus: options.unknownCompanyStatus ?? 404,
				unsupportedVersionStatus: options.unsupportedVersionStatus ?? 400,
				currentApiVersion: this.apiVersion,
				minimumApiVersion: options.minimumApiVersion ?? '2019.1',
				apiPrefixes: codebases.map((codebase) => `${apiPrefix(codebase)}/`),
				openRoutes: new Set(['login.companyInfo']),
				permissions: ROUTE_PERMISSIONS,
				budget: this.budget,
				state: this.state,
				publicBase,
				members,
			}),
			admin: {
				state: () => ({
					companyId: this.companyId,
					codebase: this.codebase,
					counts: this.state.counts(),
					seedError: this.adminSeedError,
				}),
				load: (seed) => this.loadFromAdmin(seed),
				reset: () => this.resetData(),
			},
		});
	}

	get baseUrl(): string {
		return this.http.baseUrl;
	}

	/** API base under the tenant codebase, e.g. `http://127.0.0.1:PORT/v2025_1/apis/3.0`. */
	get apiBaseUrl(): string {
		return connectWiseApiBase(this.baseUrl, this.codebase);
	}

	/** API base under the `v4_6_release/` router. */
	get routerApiBaseUrl(): string {
		return connectWiseApiBase(this.baseUrl, ROUTER_CODEBASE);
	}

	/** `Authorization`, `clientId` and a pinned `Accept`, for tests that call the API directly. */
	requestHeaders(credentials: Credentials = this.credentials): Record<string, string> {
		const user = `${credentials.companyId}+${credentials.publicKey}:${credentials.privateKey}`;
		return {
			Authorization: `Basic ${Buffer.from(user).toString('base64')}`,
			clientId: credentials.clientId,
			Accept: `application/vnd.connectwise.com+json; version=${this.apiVersion}`,
		};
	}

	start(port = 0): Promise<string> {
		return this.http.start(port);
	}

	close(): Promise<void> {
		return this.http.close();
	}

	/** Replaces the tenant data (see `ConnectWiseState.load`); throws on an invalid seed. */
	load(seed: ConnectWiseSeed): void {
		this.state.load(seed);
	}

	/** Back to the constructor's seed, an empty request budget, no faults and zero counts. */
	reset(): void {
		this.resetData();
		this.http.resetCounts();
		this.http.setFaults([]);
	}

	private resetData(): void {
		this.state.load(this.initialSeed);
		this.budget.reset();
		this.adminSeedError = undefined;
	}

	/** `POST /__admin/seed` cannot answer an error, so a bad seed is reported in `GET /__admin/state`. */
	private loadFromAdmin(seed: unknown): void {
		try {
			this.state.load(seed as ConnectWiseSeed);
			this.adminSeedError = undefined;
		} catch (error) {
			this.adminSeedError = error instanceof Error ? error.message : String(error);
		}
	}
}
