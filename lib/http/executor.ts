/**
 * The request loop both clients share: one attempt at a time through the concurrency limiter,
 * the retry decision from the policy, and every failure turned into one of the typed errors.
 */

import type { z } from 'zod';

import type { ErrorBodyReader } from './error-body';
import {
	ApiError,
	NetworkError,
	UncertainWriteError,
	reasonForStatus,
	type ApiErrorReason,
	type ApiName,
	type NetworkFailure,
	type RequestSummary,
} from './errors';
import { ConcurrencyLimiter } from './limiter';
import { parseResponseBody } from './parse';
import type { HttpMethod, HttpPort, HttpResponse, QueryValue, Random, Sleep } from './port';
import { redactBody, secretRedactor, type Redactor } from './secrets';
import {
	decideRetry,
	parseRetryAfterSeconds,
	type AttemptOutcome,
	type RetryDecision,
	type RetryPolicy,
} from './retry';
import { classifyTransportFailure } from './transport-failure';

export const defaultTimeoutMs = 30_000;

/** 429s with a Retry-After a request waits out before they count as failed attempts. */
export const MAX_PACED_WAITS = 20;

export interface ApiRequest {
	method: HttpMethod;
	/** Absolute URL without query string. */
	url: string;
	query?: Record<string, QueryValue | undefined>;
	headers?: Record<string, string>;
	body?: unknown;
	/** Non-2xx statuses the caller turns into outcomes itself (e.g. Domotz's 423 Locked). */
	expectedStatuses?: readonly number[];
	/** Replaces the generic first sentence of an ApiError for a status. */
	messageByStatus?: Partial<Record<number, string>>;
	/** Whether repeating the request is harmless. Defaults to every method but POST. */
	idempotent?: boolean;
	/** Replaces the client's policy for this request. */
	retry?: RetryPolicy;
}

/** A response the caller accepted, with the summary its errors would carry. */
export interface ApiAnswer extends HttpResponse {
	request: RequestSummary;
}

export interface RequestExecutorOptions {
	api: ApiName;
	http: HttpPort;
	sleep: Sleep;
	random: Random;
	retry: RetryPolicy;
	timeoutMs: number;
	maxInFlight: number;
	/** Requests in flight once the server has answered 429: its budget is spent, bursts only refuse. */
	maxInFlightWhenThrottled?: number;
	/** Sent with every request, under the request's own headers. */
	headers?: Record<string, string>;
	readErrorBody: ErrorBodyReader;
	/** Credential values the port sends: never repeated from an error body. */
	secrets?: ReadonlyArray<string | null | undefined>;
}

type Attempt =
	| { kind: 'answered'; response: HttpResponse }
	| { kind: 'noAnswer'; failure: NetworkFailure };

const reasonLabels: Record<ApiErrorReason, string> = {
	authentication: 'authentication failed',
	permission: 'permission denied',
	notFound: 'not found',
	invalidRequest: 'invalid request',
	conflict: 'conflict',
	locked: 'locked',
	rateLimited: 'rate limited',
	server: 'server error',
	unexpectedStatus: 'unexpected status',
};

const failureCauses: Record<NetworkFailure, string> = {
	timeout: 'the request timed out',
	connectionReset: 'the connection was reset',
	connectionRefused: 'the connection was refused',
	hostNotFound: 'the host was not found',
	unknown: 'no response arrived',
};

function isSuccess(status: number): boolean {
	return status >= 200 && status < 300;
}

export class RequestExecutor {
	private readonly limiter: ConcurrencyLimiter;

	private readonly redact: Redactor;

	/**
	 * A 429 says the key's budget is spent, not only that one request was refused: every request
	 * waits out its Retry-After before it is sent, instead of each collecting a 429 of its own.
	 */
	private throttled: Promise<void> = Promise.resolve();

	constructor(private readonly options: RequestExecutorOptions) {
		if (!(options.timeoutMs > 0)) {
			throw new RangeError(`timeoutMs must be a positive number, got ${options.timeoutMs}`);
		}
		this.limiter = new ConcurrencyLimiter(options.maxInFlight);
		this.redact = secretRedactor(options.secrets ?? []);
	}

	/** From now on at most `limit` requests in flight, e.g. once the API has told its own limit. */
	lowerMaxInFlight(limit: number): void {
		this.limiter.lower(limit);
	}

	/** Sends until an answer is accepted or the policy gives up (then throws a typed error). */
	async send(request: ApiRequest): Promise<ApiAnswer> {
		const summary: RequestSummary = {
			api: this.options.api,
			method: request.method,
			path: new URL(request.url).pathname,
		};
		const policy = request.retry ?? this.options.retry;
		const idempotent = request.idempotent ?? request.method !== 'POST';
		let attempt = 1;
		let pacedWaits = 0;
		for (;;) {
			const result = await this.attempt(request);
			if (result.kind === 'answered' && this.accepts(request, result.response.status)) {
				return { ...result.response, request: summary };
			}
			const outcome = toOutcome(result);
			const decision = decideRetry(policy, outcome, attempt, {
				idempotent,
				random: this.options.random,
			});
			if (decision.kind === 'stop') {
				throw this.failure(result, decision, summary, request, attempt + pacedWaits);
			}
			const backOff = this.options.sleep(decision.delayMs);
			const throttled = outcome.kind === 'answered' && outcome.status === 429;
			if (throttled) {
				if (this.options.maxInFlightWhenThrottled !== undefined) {
					this.limiter.lower(this.options.maxInFlightWhenThrottled);
				}
				this.throttled = Promise.all([this.throttled, backOff]).then(
					() => undefined,
					() => undefined,
				);
			}
			await backOff;
			// A 429 with Retry-After is the server pacing the key, not a failure: waiting as told costs
			// no attempt (up to a limit), so a request is never dropped because others took the minute.
			const paced = throttled && outcome.retryAfterSeconds !== undefined;
			if (paced && pacedWaits < MAX_PACED_WAITS) pacedWaits += 1;
			else attempt += 1;
		}
	}

	/** Sends a request and narrows the accepted body with a schema. */
	async sendAndParse<Schema extends z.ZodTypeAny>(
		request: ApiRequest,
		schema: Schema,
		expected: string,
	): Promise<z.output<Schema>> {
		const answer = await this.send(request);
		return parseResponseBody(schema, answer.body, answer.request, expected);
	}

	private accepts(request: ApiRequest, status: number): boolean {
		return isSuccess(status) || (request.expectedStatuses ?? []).includes(status);
	}

	/** Rejections become a category right here, so no raw error object travels further. */
	private attempt(request: ApiRequest): Promise<Attempt> {
		return this.limiter.run(() =>
			this.throttled
				.then(() =>
					this.options.http({
						method: request.method,
						url: request.url,
						query: request.query,
						headers: { ...this.options.headers, ...request.headers },
						body: request.body,
						timeoutMs: this.options.timeoutMs,
					}),
				)
				.then(
					(response): Attempt => ({ kind: 'answered', response }),
					(error: unknown): Attempt => ({
						kind: 'noAnswer',
						failure: classifyTransportFailure(error),
					}),
				),
		);
	}

	private failure(
		result: Attempt,
		decision: Extract<RetryDecision, { kind: 'stop' }>,
		summary: RequestSummary,
		request: ApiRequest,
		attempts: number,
	): Error {
		if (decision.why === 'uncertainWrite') {
			return result.kind === 'answered'
				? new UncertainWriteError(summary, `the server answered ${result.response.status}`, {
						status: result.response.status,
					})
				: new UncertainWriteError(summary, failureCauses[result.failure], {
						failure: result.failure,
					});
		}
		if (result.kind === 'noAnswer') return new NetworkError(summary, result.failure, attempts);
		return this.apiError(result.response, summary, request, attempts);
	}

	private apiError(
		response: HttpResponse,
		summary: RequestSummary,
		request: ApiRequest,
		attempts: number,
	): ApiError {
		const { status } = response;
		const details = this.options.readErrorBody(redactBody(response.body, this.redact));
		const answered = `${summary.api} answered ${summary.method} ${summary.path} with ${status}`;
		const override = request.messageByStatus?.[status];
		const headline = override
			? `${override} (${answered})`
			: `${answered} (${reasonLabels[reasonForStatus(status)]})`;
		const said = [details.apiMessage, details.apiCode && `[${details.apiCode}]`]
			.filter(Boolean)
			.join(' ');
		const retried = attempts > 1 ? ` after ${attempts} attempts` : '';
		return new ApiError({
			request: summary,
			status,
			message: `${headline}${retried}${said ? `: ${said}` : ''}`,
			apiCode: details.apiCode,
			apiMessage: details.apiMessage,
			fieldErrors: details.fieldErrors,
			retryAfterSeconds: parseRetryAfterSeconds(response.headers['retry-after']),
		});
	}
}

function toOutcome(result: Attempt): AttemptOutcome {
	if (result.kind === 'noAnswer') return result;
	return {
		kind: 'answered',
		status: result.response.status,
		retryAfterSeconds: parseRetryAfterSeconds(result.response.headers['retry-after']),
	};
}
