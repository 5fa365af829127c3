/**
 * lib/'s HttpPort on Node's global fetch, for tests against nock or the loopback simulators.
 * `authenticate` stands in for n8n's credential authentication: it adds the headers n8n would
 * (X-Api-Key, or Basic auth and clientId), so the clients under test never see a credential.
 */

import {
	decodeBody,
	type HttpPort,
	type HttpRequest,
	type HttpResponse,
	type QueryValue,
} from '../../lib/http/port';

export interface FetchPortOptions {
	authenticate?: (request: HttpRequest) => Record<string, string>;
	/** Used when a request carries no timeout of its own. */
	defaultTimeoutMs?: number;
}

/** A transport failure with the Node-style `code` the executor classifies. */
export class TransportError extends Error {
	constructor(readonly code: string) {
		super(`request failed: ${code}`);
		this.name = 'TransportError';
	}
}

/** RFC 3986 strict: also `!'()*`, which URLSearchParams would leave as they are. */
function encodeQueryComponent(value: string): string {
	return encodeURIComponent(value).replace(
		/[!'()*]/g,
		(character) => `%${character.charCodeAt(0).toString(16).toUpperCase()}`,
	);
}

export function buildUrl(url: string, query: Record<string, QueryValue | undefined> = {}): string {
	const pairs = Object.entries(query)
		.filter((entry): entry is [string, QueryValue] => entry[1] !== undefined)
		.map(([key, value]) => `${encodeQueryComponent(key)}=${encodeQueryComponent(String(value))}`);
	return pairs.length === 0 ? url : `${url}?${pairs.join('&')}`;
}

function transportCode(error: unknown): string {
	const failure = error as { name?: string; code?: string; cause?: { code?: string } };
	if (failure?.name === 'TimeoutError') return 'ETIMEDOUT';
	const code = failure?.cause?.code ?? failure?.code;
	if (code === 'UND_ERR_SOCKET') return 'ECONNRESET';
	return typeof code === 'string' ? code : 'EUNKNOWN';
}

async function toHttpResponse(response: Response): Promise<HttpResponse> {
	const headers: Record<string, string> = {};
	response.headers.forEach((value, name) => {
		headers[name.toLowerCase()] = value;
	});
	return { status: response.status, headers, body: decodeBody(await response.text()) };
}

export function createFetchPort(options: FetchPortOptions = {}): HttpPort {
	return async (request) => {
		const hasBody = request.body !== undefined;
		const headers: Record<string, string> = {
			...(hasBody ? { 'Content-Type': 'application/json' } : {}),
			...request.headers,
			...options.authenticate?.(request),
		};
		return await fetch(buildUrl(request.url, request.query), {
			method: request.method,
			headers,
			body: hasBody ? JSON.stringify(request.body) : undefined,
			signal: AbortSignal.timeout(request.timeoutMs ?? options.defaultTimeoutMs ?? 30_000),
		})
			.then(toHttpResponse)
			.catch((error: unknown) => Promise.reject(new TransportError(transportCode(error))));
	};
}

/** n8n's generic credential authentication for the Domotz API. */
export function domotzApiKey(apiKey: string): FetchPortOptions['authenticate'] {
	return () => ({ 'X-Api-Key': apiKey });
}

/** n8n's credential authentication for ConnectWise PSA: Basic `company+public:private`, clientId. */
export function connectWiseBasicAuth(credentials: {
	companyId: string;
	publicKey: string;
	privateKey: string;
	clientId: string;
}): FetchPortOptions['authenticate'] {
	const token = basicToken(credentials);
	return () => ({ Authorization: `Basic ${token}`, clientId: credentials.clientId });
}

/** The Basic token n8n's ConnectWise credential sends: base64 of `company+public:private`. */
export function basicToken(login: {
	companyId: string;
	publicKey: string;
	privateKey: string;
}): string {
	return Buffer.from(`${login.companyId}+${login.publicKey}:${login.privateKey}`).toString(
		'base64',
	);
}
