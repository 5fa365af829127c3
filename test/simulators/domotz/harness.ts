import { DomotzSimulator, type DomotzSimulatorOptions } from './index';

export interface ApiReply {
	status: number;
	headers: Headers;
	/** Parsed JSON, or undefined for an empty body. */
	body: unknown;
	text: string;
}

export interface CallOptions {
	/** Defaults to the simulator's full-access key; `null` sends no key. */
	key?: string | null;
	/** Sent as JSON; `null` sends the JSON text `null`. */
	body?: unknown;
	/** Sent verbatim instead of `body`, for malformed payloads. */
	rawBody?: string;
	query?: Record<string, string | number | boolean>;
}

/** One request to the simulator's API over loopback, as a client would send it. */
export async function call(
	simulator: DomotzSimulator,
	method: string,
	path: string,
	options: CallOptions = {},
): Promise<ApiReply> {
	const url = new URL(`${simulator.apiBaseUrl}${path}`);
	for (const [name, value] of Object.entries(options.query ?? {})) {
		url.searchParams.set(name, String(value));
	}
	const key = options.key === undefined ? simulator.apiKey : options.key;
	const payload = options.rawBody ?? ('body' in options ? JSON.stringify(options.body) : undefined);
	const headers: Record<string, string> = {
		...(key === null ? {} : { 'X-Api-Key': key }),
		...(payload === undefined ? {} : { 'Content-Type': 'application/json' }),
	};
	const response = await fetch(url, { method, headers, body: payload });
	const text = await response.text();
	return {
		status: response.status,
		headers: response.headers,
		text,
		body: text === '' ? undefined : JSON.parse(text),
	};
}

/** A started simulator; close it in `afterAll`/`afterEach`. */
export async function startDomotz(options?: DomotzSimulatorOptions): Promise<DomotzSimulator> {
	const simulator = new DomotzSimulator(options);
	await simulator.start();
	return simulator;
}

export { manualClock } from '../../support/time';
