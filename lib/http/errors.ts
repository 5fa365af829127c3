/**
 * Error taxonomy of lib/. Three different things can go wrong and callers treat them
 * differently: the API answered "no" (ApiError), no answer arrived (NetworkError), or the answer
 * was not what we expected (ResponseShapeError). A write whose fate is unknown is its own case
 * (UncertainWriteError), because retrying it blindly could create a duplicate.
 *
 * No error ever carries request headers, credentials or whole bodies: only the method, the path,
 * the status and a short, redacted excerpt of what the API said.
 */

export type ApiName = 'Domotz' | 'ConnectWise PSA';

export type ApiErrorReason =
	| 'authentication'
	| 'permission'
	| 'notFound'
	| 'invalidRequest'
	| 'conflict'
	| 'locked'
	| 'rateLimited'
	| 'server'
	| 'unexpectedStatus';

export interface RequestSummary {
	api: ApiName;
	method: string;
	/** URL path only: never the host's query string nor headers. */
	path: string;
}

export interface FieldError {
	field?: string;
	code?: string;
	message: string;
}

const reasonByStatus: Record<number, ApiErrorReason> = {
	400: 'invalidRequest',
	401: 'authentication',
	403: 'permission',
	404: 'notFound',
	405: 'invalidRequest',
	409: 'conflict',
	415: 'invalidRequest',
	422: 'invalidRequest',
	423: 'locked',
	429: 'rateLimited',
};

export function reasonForStatus(status: number): ApiErrorReason {
	if (reasonByStatus[status]) return reasonByStatus[status];
	if (status >= 500) return 'server';
	return 'unexpectedStatus';
}

export abstract class IntegrationError extends Error {
	abstract readonly kind: 'api' | 'network' | 'uncertainWrite' | 'responseShape' | 'setup';
	readonly request?: RequestSummary;

	constructor(message: string, request?: RequestSummary) {
		super(redactSecrets(message));
		this.name = new.target.name;
		this.request = request;
	}
}

export class ApiError extends IntegrationError {
	readonly kind = 'api';
	readonly status: number;
	readonly reason: ApiErrorReason;
	/** The API's own error code, e.g. ConnectWise's `InvalidObject`. */
	readonly apiCode?: string;
	readonly apiMessage?: string;
	readonly fieldErrors: FieldError[];
	readonly retryAfterSeconds?: number;

	constructor(options: {
		request: RequestSummary;
		status: number;
		message: string;
		apiCode?: string;
		apiMessage?: string;
		fieldErrors?: FieldError[];
		retryAfterSeconds?: number;
	}) {
		super(options.message, options.request);
		this.status = options.status;
		this.reason = reasonForStatus(options.status);
		this.apiCode = options.apiCode;
		this.apiMessage =
			options.apiMessage === undefined ? undefined : redactSecrets(options.apiMessage);
		this.fieldErrors = (options.fieldErrors ?? []).map((fieldError) => ({
			...fieldError,
			message: redactSecrets(fieldError.message),
		}));
		this.retryAfterSeconds = options.retryAfterSeconds;
	}
}

export type NetworkFailure =
	| 'timeout'
	| 'connectionReset'
	| 'connectionRefused'
	| 'hostNotFound'
	| 'unknown';

export class NetworkError extends IntegrationError {
	readonly kind = 'network';
	readonly failure: NetworkFailure;

	constructor(request: RequestSummary, failure: NetworkFailure, attempts: number) {
		super(
			`${request.api} did not answer ${request.method} ${request.path} (${describeFailure(failure)}) after ${attempts} attempt${attempts === 1 ? '' : 's'}`,
			request,
		);
		this.failure = failure;
	}
}

/** A create or other non-idempotent write whose outcome is unknown: check before writing again. */
export class UncertainWriteError extends IntegrationError {
	readonly kind = 'uncertainWrite';
	/** The server's answer, when one arrived. */
	readonly status?: number;
	/** What went wrong instead, when no answer arrived. */
	readonly failure?: NetworkFailure;

	constructor(
		request: RequestSummary,
		cause: string,
		outcome: { status: number } | { failure: NetworkFailure },
	) {
		super(
			`${request.api} ${request.method} ${request.path} may or may not have been applied (${cause}); it was not retried to avoid a duplicate`,
			request,
		);
		if ('status' in outcome) this.status = outcome.status;
		else this.failure = outcome.failure;
	}
}

export interface ShapeIssue {
	path: string;
	message: string;
}

export class ResponseShapeError extends IntegrationError {
	readonly kind = 'responseShape';
	readonly issues: ShapeIssue[];

	constructor(request: RequestSummary, expected: string, issues: ShapeIssue[]) {
		const listed = issues
			.slice(0, 5)
			.map((issue) => `${issue.path || '(root)'}: ${issue.message}`)
			.join('; ');
		super(
			`${request.api} answered ${request.method} ${request.path} with an unexpected ${expected}: ${listed}`,
			request,
		);
		this.issues = issues;
	}
}

/** Wrong or incomplete setup detected before or outside an HTTP exchange (unknown company, bad URL). */
export class SetupError extends IntegrationError {
	readonly kind = 'setup';
	readonly hint?: string;

	constructor(message: string, hint?: string) {
		super(message);
		this.hint = hint;
	}
}

function describeFailure(failure: NetworkFailure): string {
	const descriptions: Record<NetworkFailure, string> = {
		timeout: 'timed out',
		connectionReset: 'connection reset',
		connectionRefused: 'connection refused',
		hostNotFound: 'host not found',
		unknown: 'no response',
	};
	return descriptions[failure];
}

const secretPatterns: RegExp[] = [
	/(authorization["']?\s*[:=]\s*["']?)(basic|bearer)\s+[A-Za-z0-9+/=._~-]+/gi,
	/\b(basic|bearer)\s+[A-Za-z0-9+/=._~-]{8,}/gi,
	/(x-api-key["']?\s*[:=]\s*["']?)[^\s"',}]+/gi,
	/((?:private|public|api)_?key["']?\s*[:=]\s*["']?)[^\s"',}]+/gi,
];

/** Removes credentials that an upstream message might echo (auth headers, keys). */
export function redactSecrets(text: string): string {
	return secretPatterns.reduce(
		(redacted, pattern) =>
			redacted.replace(pattern, (match: string, prefix?: string) =>
				typeof prefix === 'string' && match.startsWith(prefix)
					? `${prefix}[redacted]`
					: '[redacted]',
			),
		text,
	);
}

/** The message of any thrown value, for outcomes and reasons shown to the user. */
export function describeError(error: unknown): string {
	return error instanceof Error ? error.message : String(error);
}
