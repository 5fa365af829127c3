/**
 * Domotz Public API v1 client. Credentials never pass through here: the HTTP port adds the
 * `X-Api-Key` header (n8n's credential authentication, or a test port).
 */

import type { z } from 'zod';

import { readOpaqueErrorBody } from '../http/error-body';
import { ApiError } from '../http/errors';
import {
	RequestExecutor,
	defaultTimeoutMs,
	type ApiAnswer,
	type ApiRequest,
} from '../http/executor';
import type { ClientPorts, HttpMethod, HttpPort } from '../http/port';
import { resolveRetryPolicy, type RetryPolicy } from '../http/retry';
import { idSegment, textSegment } from '../http/url';
import { settle } from '../pool';
import { agentAccessMessages, DomotzAlertProfileCalls } from './alert-profiles';
import { domotzApiBase } from './endpoint';
import {
	describeFieldValue,
	fitsField,
	isEditableField,
	type DomotzEditableField,
	type DomotzFieldValueOf,
} from './field-values';
import { checkDailyQuota } from './quota';
import { DomotzRateGate, type RateReading } from './rate';
import {
	domotzAgentDetailSchema,
	domotzAgentSchema,
	domotzDeviceBaseTypesSchema,
	domotzDeviceSchema,
	domotzInventoryFieldSchema,
	domotzInventoryValueSchema,
	domotzUsageSchema,
	domotzUserSchema,
	listOf,
	type DomotzAgent,
	type DomotzAgentDetail,
	type DomotzDevice,
	type DomotzDeviceBaseType,
	type DomotzInventoryField,
	type DomotzInventoryValue,
	type DomotzUsage,
	type DomotzUser,
} from './schemas';

export interface DomotzClientOptions extends ClientPorts {
	/** The "API Key Endpoint" from the Domotz Portal, with or without `/public-api/v1`. */
	baseUrl: string;
	/**
	 * Requests in flight at once; Domotz's own tools keep below the key's limit of 5. Once the
	 * usage is read, never more than its `concurrent_allowed`.
	 */
	maxInFlight?: number;
	retry?: Partial<RetryPolicy>;
	timeoutMs?: number;
	/**
	 * Read `GET /meta/usage` before the first other call (see `prepare`), so that the in-flight
	 * cap, the pace and the daily quota follow the key's own numbers. With
	 * `rememberedConcurrentAllowed`, only before the first write and when `currentUsage` is asked:
	 * the remembered number caps and paces the reads, and only writes spend the daily quota.
	 */
	readUsageFirst?: boolean;
	/** The reading of `concurrent_allowed` a previous run showed; `perMinute` paces from the start. */
	rememberedRateReading?: RateReading;
	/** Told when this run shows a reading it did not start with, to be remembered for the next. */
	onRateReading?: (reading: RateReading) => void;
	/** The `concurrent_allowed` a previous run's usage report gave. */
	rememberedConcurrentAllowed?: number;
	/** Told the `concurrent_allowed` of each usage report read, to be remembered for the next run. */
	onConcurrentAllowed?: (concurrentAllowed: number) => void;
	/** The clock of the per-minute pace; defaults to `Date.now`. */
	now?: () => number;
}

export type DeviceEditOutcome = { status: 'updated' } | { status: 'locked' };

export type { UnbindOutcome } from './alert-profiles';

/**
 * Domotz documents no `Retry-After` (its per-minute budget is what a 429 usually means) and no
 * error semantics at all, so every 5xx is taken as transient. Reads and the PUTs and DELETEs of
 * field values are repeated: the same value written twice is the same state. Only a POST (a new
 * inventory field) is never repeated after an answer that leaves its fate unknown.
 */
const domotzRetryPolicy: RetryPolicy = {
	maxAttempts: 6,
	baseDelayMs: 2_000,
	maxDelayMs: 32_000,
	retryStatuses: [429, 500, 502, 503, 504],
	retryNetworkFailures: ['timeout', 'connectionReset', 'connectionRefused'],
};

/** The largest page `GET /agent` serves. */
const agentPageSize = 100;

/** What `user_data/type` takes, learnt from the first answer. */
type TypeBodyForm = 'documented' | 'number';

/** A `concurrent_allowed` the client can cap and pace by; undefined for anything else. */
function usableAllowed(value: unknown): number | undefined {
	return typeof value === 'number' && Number.isInteger(value) && value >= 1 ? value : undefined;
}

export class DomotzClient extends DomotzAlertProfileCalls {
	private readonly executor: RequestExecutor;

	private readonly apiBase: string;

	private readonly rate: DomotzRateGate;

	private readonly readsUsage: boolean;

	/** A remembered `concurrent_allowed` spares the reads the usage report: writes still need it. */
	private readonly usageBeforeWritesOnly: boolean;

	private readonly onConcurrentAllowed?: (concurrentAllowed: number) => void;

	private usageRead?: Promise<void>;

	/** The usage report, and how many calls were answered when it was asked for. */
	private usage?: { report: DomotzUsage; answeredBefore: number };

	/**
	 * Calls sent and answered so far. The report may not count the calls unanswered when it was
	 * asked for, and counts none sent after: Domotz's count has grown by at most as many.
	 */
	private callsSent = 0;

	private callsAnswered = 0;

	private typeBodyForm?: TypeBodyForm;

	constructor(options: DomotzClientOptions) {
		super();
		this.apiBase = domotzApiBase(options.baseUrl);
		const rememberedAllowed = usableAllowed(options.rememberedConcurrentAllowed);
		this.readsUsage = options.readUsageFirst ?? false;
		this.usageBeforeWritesOnly = rememberedAllowed !== undefined;
		this.onConcurrentAllowed = options.onConcurrentAllowed;
		this.rate = new DomotzRateGate({
			remembered: options.rememberedRateReading,
			allowed: rememberedAllowed,
			onReading: options.onRateReading,
			now: options.now ?? (() => Date.now()),
			sleep: options.sleep,
		});
		const countedAndPaced: HttpPort = (request) =>
			this.rate.send(
				async () => {
					this.callsSent += 1;
					const response = await options.http(request).finally(() => {
						this.callsAnswered += 1;
					});
					// The key may allow fewer calls than a remembered number says: its usage is read now.
					if (response.status === 429 && this.readsUsage) void this.prepare();
					return response;
				},
				() => checkDailyQuota(1, this.usageSoFar()).kind === 'exceeded',
			);
		this.executor = new RequestExecutor({
			api: 'Domotz',
			http: countedAndPaced,
			sleep: options.sleep,
			random: options.random ?? Math.random,
			retry: resolveRetryPolicy(domotzRetryPolicy, options.retry),
			timeoutMs: options.timeoutMs ?? defaultTimeoutMs,
			maxInFlight: options.maxInFlight ?? 4,
			readErrorBody: readOpaqueErrorBody,
			secrets: options.secrets,
		});
		if (rememberedAllowed !== undefined) this.executor.lowerMaxInFlight(rememberedAllowed);
	}

	/**
	 * Reads the key's usage once: from then on at most `concurrent_allowed` calls are in flight,
	 * paced to as many a minute when the account shows that reading, and `usageSoFar` reports the
	 * daily quota. Never fails: without a report the client keeps its defaults, and the next call
	 * shows what is wrong.
	 */
	prepare(): Promise<void> {
		this.usageRead ??= this.readUsage();
		return this.usageRead;
	}

	/**
	 * The usage read by `prepare`, `daily_usage` grown by the calls it may not count: those sent
	 * after it was asked for or unanswered then, but the read itself; else undefined.
	 */
	usageSoFar(): DomotzUsage | undefined {
		if (!this.usage) return undefined;
		const { report, answeredBefore } = this.usage;
		const uncounted = this.callsSent - answeredBefore - 1;
		return { ...report, daily_usage: (report.daily_usage ?? 0) + uncounted };
	}

	/** The usage now, for a check of the daily quota: read first, with readUsageFirst, if not yet. */
	async currentUsage(): Promise<DomotzUsage | undefined> {
		if (this.readsUsage) await this.prepare();
		return this.usageSoFar();
	}

	/** Which reading of `concurrent_allowed` the account showed, or the one remembered. */
	rateReading(): RateReading {
		return this.rate.reading;
	}

	/** Every agent the key can see, page by page until a short page; `displayName` matches a part. */
	async listAgents(filter: { displayName?: string } = {}): Promise<DomotzAgent[]> {
		const agents: DomotzAgent[] = [];
		const seen = new Set<number>();
		for (let pageNumber = 0; ; pageNumber += 1) {
			const page = await this.readList(
				this.request('GET', '/agent', {
					query: {
						page_size: agentPageSize,
						page_number: pageNumber,
						display_name: filter.displayName,
					},
				}),
				domotzAgentSchema,
				'agent list',
			);
			const fresh = page.filter((agent) => !seen.has(agent.id));
			fresh.forEach((agent) => seen.add(agent.id));
			agents.push(...fresh);
			// A full page of agents already seen means paging is being ignored: stop rather than loop.
			if (page.length < agentPageSize || fresh.length === 0) return agents;
		}
	}

	async getAgent(agentId: number): Promise<DomotzAgentDetail> {
		return await this.sendAndParse(
			this.agentRequest('GET', agentId, ''),
			domotzAgentDetailSchema,
			'agent',
		);
	}

	/** All devices of an agent in one call: the endpoint is not paginated and ignores paging. */
	async listDevices(
		agentId: number,
		filter: { showHidden?: boolean; showExcluded?: boolean } = {},
	): Promise<DomotzDevice[]> {
		return await this.readList(
			this.agentRequest('GET', agentId, '/device', {
				query: { show_hidden: filter.showHidden, show_excluded: filter.showExcluded },
			}),
			domotzDeviceSchema,
			'device list',
		);
	}

	async getDevice(agentId: number, deviceId: number): Promise<DomotzDevice> {
		return await this.sendAndParse(
			this.agentRequest('GET', agentId, this.devicePath(deviceId)),
			domotzDeviceSchema,
			'device',
		);
	}

	/**
	 * Writes one of the nine editable fields. A locked device (423) is an outcome for that device,
	 * not a failure of the run.
	 */
	async editDeviceField<Field extends DomotzEditableField>(
		agentId: number,
		deviceId: number,
		field: Field,
		value: DomotzFieldValueOf<Field>,
	): Promise<DeviceEditOutcome> {
		if (!isEditableField(field)) {
			throw new TypeError(`"${String(field)}" is not a device field the Domotz API can write`);
		}
		if (!fitsField(field, value)) {
			throw new TypeError(`The Domotz device field ${field} takes ${describeFieldValue(field)}`);
		}
		const edit = (body: unknown) =>
			this.agentRequest('PUT', agentId, `${this.devicePath(deviceId)}/${field}`, {
				body,
				expectedStatuses: [423],
			});
		const answer =
			field === 'user_data/type'
				? await this.sendTypeId(edit, value as number)
				: await this.send(edit(value));
		return answer.status === 423 ? { status: 'locked' } : { status: 'updated' };
	}

	/**
	 * The reference declares the body a JSON string, Domotz's Terraform provider sends a number:
	 * the documented form first, the number once after a 400, and whichever worked from then on.
	 */
	private async sendTypeId(
		edit: (body: unknown) => ApiRequest,
		typeId: number,
	): Promise<ApiAnswer> {
		if (this.typeBodyForm === 'number') return await this.send(edit(typeId));
		const documented = await this.send(edit(String(typeId))).then(
			(answer) => ({ ok: true as const, answer }),
			(error: unknown) => ({ ok: false as const, error }),
		);
		if (documented.ok) {
			if (documented.answer.status !== 423) this.typeBodyForm = 'documented';
			return documented.answer;
		}
		const refusedForm =
			this.typeBodyForm === undefined &&
			documented.error instanceof ApiError &&
			documented.error.status === 400;
		if (!refusedForm) throw documented.error;
		const answer = await this.send(edit(typeId));
		if (answer.status !== 423) this.typeBodyForm = 'number';
		return answer;
	}

	async listInventoryFields(): Promise<DomotzInventoryField[]> {
		return await this.readList(
			this.request('GET', '/inventory'),
			domotzInventoryFieldSchema,
			'inventory field list',
		);
	}

	/** Defines an account-wide inventory field; a timeout leaves it unknown whether it exists. */
	async createInventoryField(key: string, label: string): Promise<void> {
		await this.send(
			this.request('POST', `/inventory/${textSegment(key, 'The inventory field key')}`, {
				body: { label },
			}),
		);
	}

	/** Deletes an account-wide inventory field with its value on every device: callers check first. */
	async deleteInventoryField(key: string): Promise<void> {
		await this.send(
			this.request('DELETE', `/inventory/${textSegment(key, 'The inventory field key')}`),
		);
	}

	async getDeviceInventory(agentId: number, deviceId: number): Promise<DomotzInventoryValue[]> {
		return await this.readList(
			this.agentRequest('GET', agentId, `${this.devicePath(deviceId)}/inventory`),
			domotzInventoryValueSchema,
			'device inventory',
		);
	}

	/** Domotz refuses `null` here; use clearDeviceInventoryValue to empty a field. */
	async setDeviceInventoryValue(
		agentId: number,
		deviceId: number,
		key: string,
		value: string,
	): Promise<void> {
		if (typeof value !== 'string') throw new TypeError('An inventory value must be a string');
		await this.send(
			this.agentRequest('PUT', agentId, this.inventoryPath(deviceId, key), { body: value }),
		);
	}

	async clearDeviceInventoryValue(agentId: number, deviceId: number, key: string): Promise<void> {
		await this.send(this.agentRequest('DELETE', agentId, this.inventoryPath(deviceId, key)));
	}

	async listDeviceBaseTypes(): Promise<DomotzDeviceBaseType[]> {
		return await this.sendAndParse(
			this.request('GET', '/type/device/base'),
			domotzDeviceBaseTypesSchema,
			'device type list',
		);
	}

	/** Straight to the API: `prepare` reads the usage through here. */
	async getUsage(): Promise<DomotzUsage> {
		return await this.executor.sendAndParse(
			this.request('GET', '/meta/usage'),
			domotzUsageSchema,
			'usage report',
		);
	}

	/** The key's user: the cheapest call that proves endpoint and key work. */
	async getUser(): Promise<DomotzUser> {
		return await this.sendAndParse(this.request('GET', '/user'), domotzUserSchema, 'user');
	}

	private async readUsage(): Promise<void> {
		const answeredBefore = this.callsAnswered;
		const usage = await settle(this.getUsage());
		if (usage.ok) this.adoptUsage(usage.value, answeredBefore);
	}

	private adoptUsage(report: DomotzUsage, answeredBefore: number): void {
		this.usage = { report, answeredBefore };
		const allowed = usableAllowed(report.concurrent_allowed);
		if (allowed === undefined) return;
		this.executor.lowerMaxInFlight(allowed);
		this.rate.allow(allowed);
		this.onConcurrentAllowed?.(allowed);
	}

	/** A write waits for the usage report (the daily quota); a read only without a remembered pace. */
	private async beforeSending(request: ApiRequest): Promise<void> {
		if (!this.readsUsage) return;
		if (this.usageBeforeWritesOnly && request.method === 'GET') return;
		await this.prepare();
	}

	protected async send(request: ApiRequest): Promise<ApiAnswer> {
		await this.beforeSending(request);
		return await this.executor.send(request);
	}

	private async sendAndParse<Schema extends z.ZodTypeAny>(
		request: ApiRequest,
		schema: Schema,
		expected: string,
	): Promise<z.output<Schema>> {
		await this.beforeSending(request);
		return await this.executor.sendAndParse(request, schema, expected);
	}

	/** A list Domotz may answer with `null` when it is empty. */
	protected async readList<Item extends z.ZodTypeAny>(
		request: ApiRequest,
		item: Item,
		expected: string,
	): Promise<Array<z.output<Item>>> {
		return (await this.sendAndParse(request, listOf(item), expected)) ?? [];
	}

	protected request(
		method: HttpMethod,
		path: string,
		extra: Omit<ApiRequest, 'method' | 'url'> = {},
	): ApiRequest {
		return { method, url: `${this.apiBase}${path}`, ...extra };
	}

	/** Requests about one agent: a 403 there means the agent's plan keeps it out of the API. */
	private agentRequest(
		method: HttpMethod,
		agentId: number,
		path: string,
		extra: Omit<ApiRequest, 'method' | 'url'> = {},
	): ApiRequest {
		return this.request(method, `/agent/${idSegment(agentId, 'The agent ID')}${path}`, {
			...extra,
			messageByStatus: agentAccessMessages(agentId),
		});
	}

	protected devicePath(deviceId: number): string {
		return `/device/${idSegment(deviceId, 'The device ID')}`;
	}

	private inventoryPath(deviceId: number, key: string): string {
		return `${this.devicePath(deviceId)}/inventory/${textSegment(key, 'The inventory field key')}`;
	}
}
