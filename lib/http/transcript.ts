/**
 * An API transcript for support: every attempt a client's port makes (retries included), what was
 * asked and what came back, with every credential value removed and bodies shortened. It wraps
 * the port, below the retry loop, so it sees each attempt exactly as sent. Of the headers, only
 * those named here are kept: the credentials travel in the others.
 */

import type { NetworkFailure } from './errors';
import type { HttpMethod, HttpPort, HttpRequest, HttpResponse, QueryValue } from './port';
import { secretRedactor, type Redactor } from './secrets';
import { redactedBody, shortenedBody, type Truncation } from './transcript-body';
import { classifyTransportFailure } from './transport-failure';

export type TranscriptApi = 'Domotz' | 'ConnectWise';

/**
 * One attempt. An answered one has `status`, one that got no answer `failure`; one with neither
 * was still waiting for its answer when the transcript was written (the run had failed).
 */
export interface TranscriptEntry {
	/** Milliseconds from the start of the transcript to the attempt. */
	offsetMs: number;
	api: TranscriptApi;
	method: HttpMethod;
	/** URL path only: the host is in the credentials. */
	path: string;
	query?: Record<string, QueryValue>;
	/** Only the `accept` header, which pins ConnectWise's API version. */
	requestHeaders?: Record<string, string>;
	requestBody?: unknown;
	requestBodyTruncated?: Truncation;
	status?: number;
	failure?: NetworkFailure;
	durationMs?: number;
	/** The answer's headers that explain paging, throttling and the body's type. */
	headers?: Record<string, string>;
	responseBody?: unknown;
	responseBodyTruncated?: Truncation;
}

/** The last line of a transcript that reached its cap. */
export interface TranscriptCapNote {
	droppedAttempts: number;
	note: string;
}

export interface ApiTranscriptOptions {
	/** Milliseconds since the epoch. */
	now: () => number;
	/** Attempts kept; later ones are only counted, so that a transcript cannot exhaust memory. */
	maxEntries?: number;
	/** Longest body kept, as JSON text. */
	maxBodyChars?: number;
}

export interface TranscriptSource {
	api: TranscriptApi;
	/**
	 * The credential values the port sends, as the client is given them. Removed from every line,
	 * whichever API's: a value can be stored on the other side (a key pasted into a device note).
	 */
	secrets?: ReadonlyArray<string | null | undefined>;
}

export const defaultMaxTranscriptEntries = 20_000;
export const defaultMaxTranscriptBodyChars = 2_000;

const recordedRequestHeaders = ['accept'];
/** The answer's headers a transcript keeps. */
export const recordedResponseHeaders = ['content-type', 'link', 'retry-after', 'x-entities-count'];

export class ApiTranscript {
	private readonly recorded: TranscriptEntry[] = [];

	private dropped = 0;

	private readonly secrets: Array<string | null | undefined> = [];

	private redact: Redactor = (text) => text;

	private readonly startedAt: number;

	private readonly maxEntries: number;

	private readonly maxBodyChars: number;

	constructor(private readonly options: ApiTranscriptOptions) {
		this.startedAt = options.now();
		this.maxEntries = options.maxEntries ?? defaultMaxTranscriptEntries;
		this.maxBodyChars = options.maxBodyChars ?? defaultMaxTranscriptBodyChars;
	}

	/** `port`, with each attempt it makes written to this transcript. */
	record(port: HttpPort, source: TranscriptSource): HttpPort {
		this.secrets.push(...(source.secrets ?? []));
		this.redact = secretRedactor(this.secrets);
		return async (request) => {
			const entry = this.open(request, source.api);
			const sentAt = this.options.now();
			return await port(request).then(
				(response) => {
					if (entry) Object.assign(entry, this.answer(response, sentAt));
					return response;
				},
				(error: unknown) => {
					if (entry) {
						entry.failure = classifyTransportFailure(error);
						entry.durationMs = this.options.now() - sentAt;
					}
					return Promise.reject(error);
				},
			);
		};
	}

	/** The attempts kept, in the order they were sent. */
	entries(): readonly TranscriptEntry[] {
		return this.recorded;
	}

	droppedCount(): number {
		return this.dropped;
	}

	/**
	 * One JSON document a line, a last line saying how many attempts the cap left out. Redacted
	 * again with every credential known by now, in case a client joined after others had sent.
	 */
	toJsonLines(): string {
		const lines = this.recorded.map((entry) => this.redact(JSON.stringify(entry)));
		if (this.dropped > 0) {
			const capNote: TranscriptCapNote = {
				droppedAttempts: this.dropped,
				note: `The transcript keeps the first ${this.maxEntries} attempts; the ${this.dropped} after them are left out.`,
			};
			lines.push(JSON.stringify(capNote));
		}
		return lines.map((line) => `${line}\n`).join('');
	}

	/** The entry of an attempt being sent, or nothing once the cap is reached. */
	private open(request: HttpRequest, api: TranscriptApi): TranscriptEntry | undefined {
		if (this.recorded.length >= this.maxEntries) {
			this.dropped += 1;
			return undefined;
		}
		const entry: TranscriptEntry = {
			offsetMs: this.options.now() - this.startedAt,
			api,
			method: request.method,
			path: this.redact(new URL(request.url).pathname),
			...this.query(request),
			...keptHeaders('requestHeaders', request.headers ?? {}, recordedRequestHeaders, this.redact),
			...this.body('request', request.body),
		};
		this.recorded.push(entry);
		return entry;
	}

	private answer(response: HttpResponse, sentAt: number): Partial<TranscriptEntry> {
		return {
			status: response.status,
			durationMs: this.options.now() - sentAt,
			...keptHeaders('headers', response.headers, recordedResponseHeaders, this.redact),
			...this.body('response', response.body),
		};
	}

	private query(request: HttpRequest): Partial<TranscriptEntry> {
		const query = Object.entries(request.query ?? {}).flatMap(([name, value]) =>
			value === undefined
				? []
				: [[this.redact(name), typeof value === 'string' ? this.redact(value) : value]],
		);
		return query.length > 0 ? { query: Object.fromEntries(query) } : {};
	}

	private body(side: 'request' | 'response', body: unknown): Partial<TranscriptEntry> {
		if (body === undefined) return {};
		const kept = shortenedBody(redactedBody(body, this.redact), this.maxBodyChars);
		return {
			[`${side}Body`]: kept.body,
			...(kept.truncated ? { [`${side}BodyTruncated`]: kept.truncated } : {}),
		};
	}
}

/** The named headers present, under `property`; header names are matched in any case. */
function keptHeaders(
	property: 'requestHeaders' | 'headers',
	headers: Record<string, string | undefined>,
	names: readonly string[],
	redact: Redactor,
): Partial<TranscriptEntry> {
	const kept = Object.entries(headers).flatMap(([name, value]) =>
		value !== undefined && names.includes(name.toLowerCase())
			? [[name.toLowerCase(), redact(value)]]
			: [],
	);
	return kept.length > 0 ? { [property]: Object.fromEntries(kept) } : {};
}
