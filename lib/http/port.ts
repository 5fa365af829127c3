/**
 * The seams through which lib/ reaches the outside world. The n8n glue implements them with
 * `httpRequestWithAuthentication` and n8n-workflow's `sleep`; tests implement them with a plain
 * HTTP client pointed at the loopback simulators.
 */

export type HttpMethod = 'GET' | 'HEAD' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export type QueryValue = string | number | boolean;

export interface HttpRequest {
	method: HttpMethod;
	/** Absolute URL without query string. */
	url: string;
	query?: Record<string, QueryValue | undefined>;
	headers?: Record<string, string>;
	/** JSON-serialisable body; sent as JSON when present (a bare string is sent as a JSON string). */
	body?: unknown;
	timeoutMs?: number;
}

export interface HttpResponse {
	status: number;
	/** Header names in lower case. */
	headers: Record<string, string | undefined>;
	/** Parsed JSON when the body is JSON, the raw text otherwise, `undefined` when empty. */
	body: unknown;
}

/**
 * Performs one request and resolves with whatever status the server answered.
 * Rejects only when no HTTP answer arrived (connection refused or reset, timeout, DNS).
 */
export type HttpPort = (request: HttpRequest) => Promise<HttpResponse>;

export type Sleep = (milliseconds: number) => Promise<void>;

/** Returns a number in [0, 1); injected so that backoff jitter is reproducible in tests. */
export type Random = () => number;

export interface ClientPorts {
	http: HttpPort;
	sleep: Sleep;
	random?: Random;
	/**
	 * The credential values `http` sends (keys, client id, the Authorization value): removed from
	 * anything an answer echoes, whatever their shape.
	 */
	secrets?: ReadonlyArray<string | null | undefined>;
}

/**
 * How both port implementations hand a body to lib/: JSON parsed, other text as it is, an empty
 * body as `undefined`; a body the transport already parsed passes unchanged.
 */
export function decodeBody(body: unknown): unknown {
	if (typeof body !== 'string') return body;
	if (body.trim() === '') return undefined;
	try {
		return JSON.parse(body) as unknown;
	} catch {
		return body;
	}
}
