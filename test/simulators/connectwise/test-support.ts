/** Small HTTP helpers for the simulator's own tests (global fetch over loopback). */
import type { ConnectWiseSimulator, Credentials } from './index';

export interface Answer {
	status: number;
	headers: Headers;
	body: unknown;
}

export interface CallOptions {
	method?: string;
	query?: Record<string, string | number>;
	/** Sent as JSON. */
	body?: unknown;
	headers?: Record<string, string>;
	/** Replaces the default valid credentials. */
	credentials?: Credentials;
	/** Default headers to leave out, e.g. `['clientId']`. */
	omitHeaders?: string[];
	/** API base to use instead of the tenant codebase. */
	base?: string;
	/** Raw query string appended as is (for encoding tests). */
	rawQuery?: string;
}

export async function call(
	simulator: ConnectWiseSimulator,
	path: string,
	options: CallOptions = {},
): Promise<Answer> {
	const query = new URLSearchParams(
		Object.entries(options.query ?? {}).map(([name, value]): [string, string] => [
			name,
			String(value),
		]),
	).toString();
	const search = options.rawQuery ?? query;
	const url = `${options.base ?? simulator.apiBaseUrl}${path}${search ? `?${search}` : ''}`;
	const headers: Record<string, string> = {
		...simulator.requestHeaders(options.credentials),
		...(options.body === undefined ? {} : { 'Content-Type': 'application/json' }),
		...options.headers,
	};
	for (const name of options.omitHeaders ?? []) delete headers[name];
	const response = await fetch(url, {
		method: options.method ?? 'GET',
		headers,
		body: options.body === undefined ? undefined : JSON.stringify(options.body),
	});
	const text = await response.text();
	return {
		status: response.status,
		headers: response.headers,
		body: text ? JSON.parse(text) : undefined,
	};
}

/** Ids of a list answer, in order. */
export function idsOf(answer: Answer): number[] {
	return (answer.body as Array<{ id: number }>).map((record) => record.id);
}

/** `Link` header as `{rel: url}`. */
export function linkRels(answer: Answer): Record<string, string> {
	const header = answer.headers.get('link') ?? '';
	const rels: Record<string, string> = {};
	for (const match of header.matchAll(/<([^>]*)>;\s*rel="([^"]+)"/g)) rels[match[2]] = match[1];
	return rels;
}
