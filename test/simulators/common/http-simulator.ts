/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals -- test-only simulator: a real loopback HTTP server, never shipped */
import { createServer, type IncomingHttpHeaders, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';

import { seededRandom, type SeededRandom } from './random';

export interface SimRequest {
	method: string;
	/** Decoded path, without the simulator's mount prefix. */
	path: string;
	url: URL;
	query: URLSearchParams;
	headers: IncomingHttpHeaders;
	/** Parsed JSON body, or undefined when empty; `rawBody` keeps the text. */
	body: unknown;
	rawBody: string;
	bodyIsInvalidJson: boolean;
}

export interface SimResponse {
	status: number;
	headers?: Record<string, string>;
	/** Serialised as JSON unless `rawBody` is given. `null` is sent as the JSON text `null`. */
	body?: unknown;
	rawBody?: string;
}

export type RouteHandler = (
	request: SimRequest,
	params: Record<string, string>,
) => SimResponse | Promise<SimResponse>;

export interface Route {
	method: string;
	/** Path pattern with `:name` segments, e.g. `/agent/:agentId/device/:deviceId`. */
	pattern: string;
	/** Stable route name used in request counts and fault rules, e.g. `device.list`. */
	name: string;
	handler: RouteHandler;
}

export type FaultKind =
	| { type: 'status'; status: number; body?: unknown; headers?: Record<string, string> }
	| { type: 'reset' }
	| { type: 'timeout' }
	/** The request is handled (a write is applied), then the connection drops before the answer. */
	| { type: 'lostResponse' };

export interface FaultRule {
	/** Route name, or `*` for every route. */
	route: string;
	method?: string;
	fault: FaultKind;
	/** Probability in [0, 1] that a matching request is hit. */
	rate: number;
	/** Leave this many matching requests alone before the rule may fire. */
	after?: number;
	/** Fire at most this many times. */
	times?: number;
}

export interface LatencyOptions {
	minMs: number;
	maxMs: number;
}

export interface RequestRecord {
	method: string;
	route: string;
	path: string;
	status: number | 'reset' | 'timeout';
}

export interface SimulatorOptions {
	latency?: LatencyOptions;
	faults?: FaultRule[];
	/** Seed for latency and fault draws. */
	seed?: number;
	/** Keep the text of every answer sent, until the counts are reset (the benchmark parses them). */
	keepAnswers?: boolean;
}

export interface AdminHooks {
	state(): unknown;
	load(seed: unknown): void;
	reset(): void;
	/** Further admin routes of one simulator, keyed `METHOD /path` below `/__admin`. */
	routes?: Record<string, (body: unknown) => SimResponse | Promise<SimResponse>>;
}

/** Runs before routing (authentication, rate limits); a returned response short-circuits. */
export type Gate = (request: SimRequest, route: Route | undefined) => SimResponse | undefined;

interface ActiveFault extends FaultRule {
	seen: number;
	fired: number;
}

interface CompiledRoute extends Route {
	regex: RegExp;
	keys: string[];
}

const ADMIN_PREFIX = '/__admin';

/**
 * A loopback HTTP server shared by the Domotz and ConnectWise simulators: routing, latency,
 * seeded fault injection, per-route request counts and an admin interface (in process and over
 * HTTP under `/__admin`).
 */
export class HttpSimulator {
	readonly name: string;
	private readonly routes: CompiledRoute[];
	private readonly gate: Gate | undefined;
	private readonly admin: AdminHooks;
	private readonly mountPrefix: string;
	private server: Server | undefined;
	private readonly sockets = new Set<Socket>();
	private readonly pendingTimeouts = new Set<ServerResponse>();
	private random: SeededRandom;
	private latency: LatencyOptions;
	private faults: ActiveFault[] = [];
	private log: RequestRecord[] = [];
	private readonly keepAnswers: boolean;
	private answers: string[] = [];
	private inFlight = 0;
	private peakInFlight = 0;
	baseUrl = '';

	constructor(options: {
		name: string;
		routes: Route[];
		admin: AdminHooks;
		gate?: Gate;
		/** Path prefix routes are mounted under, e.g. `/public-api/v1`. */
		mountPrefix?: string;
		simulator?: SimulatorOptions;
	}) {
		this.name = options.name;
		this.routes = options.routes.map(compileRoute);
		this.gate = options.gate;
		this.admin = options.admin;
		this.mountPrefix = options.mountPrefix ?? '';
		this.random = seededRandom(options.simulator?.seed ?? 1);
		this.latency = options.simulator?.latency ?? { minMs: 0, maxMs: 0 };
		this.keepAnswers = options.simulator?.keepAnswers ?? false;
		this.setFaults(options.simulator?.faults ?? []);
	}

	async start(port = 0): Promise<string> {
		const server = createServer((req, res) => {
			void this.handle(req.method ?? 'GET', req.url ?? '/', req.headers, req, res);
		});
		server.on('connection', (socket) => {
			this.sockets.add(socket);
			socket.on('close', () => this.sockets.delete(socket));
		});
		await new Promise<void>((resolve, reject) => {
			server.once('error', reject);
			server.listen(port, '127.0.0.1', () => resolve());
		});
		this.server = server;
		const address = server.address();
		const boundPort = typeof address === 'object' && address ? address.port : port;
		this.baseUrl = `http://127.0.0.1:${boundPort}`;
		return this.baseUrl;
	}

	async close(): Promise<void> {
		for (const response of this.pendingTimeouts) response.destroy();
		this.pendingTimeouts.clear();
		for (const socket of this.sockets) socket.destroy();
		const server = this.server;
		this.server = undefined;
		if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
	}

	setFaults(rules: FaultRule[]): void {
		this.faults = rules.map((rule) => ({ ...rule, seen: 0, fired: 0 }));
	}

	setLatency(latency: LatencyOptions): void {
		this.latency = latency;
	}

	reseed(seed: number): void {
		this.random = seededRandom(seed);
	}

	/** Every request received since the last reset, in arrival order. */
	requests(): RequestRecord[] {
		return [...this.log];
	}

	/** Request counts keyed by `METHOD route`, e.g. `GET device.list`. */
	counts(): Record<string, number> {
		const counts: Record<string, number> = {};
		for (const record of this.log) {
			const key = `${record.method} ${record.route}`;
			counts[key] = (counts[key] ?? 0) + 1;
		}
		return counts;
	}

	count(method: string, route: string): number {
		return this.log.filter((record) => record.method === method && record.route === route).length;
	}

	/** Requests being served right now (received, not yet answered). */
	inFlightCount(): number {
		return this.inFlight;
	}

	/** Highest number of requests that were being served at the same time. */
	maxConcurrency(): number {
		return this.peakInFlight;
	}

	/** The text of every non-empty answer sent since the last reset, when kept. */
	sentAnswers(): readonly string[] {
		return this.answers;
	}

	resetCounts(): void {
		this.log = [];
		this.answers = [];
		this.peakInFlight = this.inFlight;
	}

	private async handle(
		method: string,
		rawUrl: string,
		headers: IncomingHttpHeaders,
		req: NodeJS.ReadableStream,
		res: ServerResponse,
	): Promise<void> {
		const rawBody = await readBody(req);
		const url = new URL(rawUrl, 'http://127.0.0.1');
		const fullPath = safeDecode(url.pathname);

		if (fullPath.startsWith(ADMIN_PREFIX)) {
			send(res, await this.handleAdmin(method, fullPath.slice(ADMIN_PREFIX.length), rawBody));
			return;
		}

		const path = fullPath.startsWith(this.mountPrefix)
			? fullPath.slice(this.mountPrefix.length) || '/'
			: fullPath;
		const { body, invalid } = parseJson(rawBody);
		const request: SimRequest = {
			method,
			path,
			url,
			query: url.searchParams,
			headers,
			body,
			rawBody,
			bodyIsInvalidJson: invalid,
		};
		const matched = fullPath.startsWith(this.mountPrefix) ? this.match(method, path) : undefined;
		const routeName = matched?.route.name ?? (fullPath.startsWith(this.mountPrefix) ? 'unknown' : fullPath);
		const record: RequestRecord = { method, route: routeName, path, status: 0 };
		this.log.push(record);

		this.inFlight += 1;
		this.peakInFlight = Math.max(this.peakInFlight, this.inFlight);
		try {
			await this.delay();
			const fault = this.drawFault(method, routeName);
			if (fault?.type === 'reset') {
				record.status = 'reset';
				res.socket?.destroy();
				return;
			}
			if (fault?.type === 'timeout') {
				record.status = 'timeout';
				this.pendingTimeouts.add(res);
				res.on('close', () => this.pendingTimeouts.delete(res));
				return;
			}
			const response =
				(fault?.type === 'status'
					? { status: fault.status, body: fault.body, headers: fault.headers }
					: undefined) ??
				this.gate?.(request, matched?.route) ??
				(matched
					? await matched.route.handler(request, matched.params)
					: notFoundRoute(method, path));
			if (fault?.type === 'lostResponse') {
				record.status = 'reset';
				res.socket?.destroy();
				return;
			}
			record.status = response.status;
			const payload = send(res, response);
			if (this.keepAnswers && payload !== '') this.answers.push(payload);
		} finally {
			this.inFlight -= 1;
		}
	}

	private match(
		method: string,
		path: string,
	): { route: CompiledRoute; params: Record<string, string> } | undefined {
		const normalisedMethod = method === 'HEAD' ? ['HEAD', 'GET'] : [method];
		for (const candidate of normalisedMethod) {
			for (const route of this.routes) {
				if (route.method !== candidate) continue;
				const found = route.regex.exec(path);
				if (!found) continue;
				const params: Record<string, string> = {};
				route.keys.forEach((key, index) => {
					params[key] = found[index + 1];
				});
				return { route, params };
			}
		}
		return undefined;
	}

	private drawFault(method: string, route: string): FaultKind | undefined {
		for (const rule of this.faults) {
			if (rule.route !== '*' && rule.route !== route) continue;
			if (rule.method && rule.method !== method) continue;
			rule.seen += 1;
			if (rule.after !== undefined && rule.seen <= rule.after) continue;
			if (rule.times !== undefined && rule.fired >= rule.times) continue;
			if (this.random() >= rule.rate) continue;
			rule.fired += 1;
			return rule.fault;
		}
		return undefined;
	}

	private async delay(): Promise<void> {
		const { minMs, maxMs } = this.latency;
		if (maxMs <= 0) return;
		const milliseconds = minMs + (maxMs - minMs) * this.random();
		await new Promise((resolve) => setTimeout(resolve, milliseconds));
	}

	private async handleAdmin(method: string, path: string, rawBody: string): Promise<SimResponse> {
		const { body } = parseJson(rawBody);
		const ownRoutes = Object.entries(this.admin.routes ?? {}).map(
			([key, route]) => [key, () => route(body)] as const,
		);
		const handlers: Record<string, () => SimResponse | Promise<SimResponse>> = {
			...Object.fromEntries(ownRoutes),
			'GET /state': () => ({ status: 200, body: this.admin.state() }),
			'GET /requests': () => ({
				status: 200,
				body: { counts: this.counts(), total: this.log.length, maxConcurrency: this.peakInFlight },
			}),
			'POST /requests/reset': () => {
				this.resetCounts();
				return { status: 204 };
			},
			'PUT /faults': () => {
				this.setFaults(Array.isArray(body) ? (body as FaultRule[]) : []);
				return { status: 204 };
			},
			'PUT /latency': () => {
				this.setLatency(body as LatencyOptions);
				return { status: 204 };
			},
			'POST /seed': () => {
				this.admin.load(body);
				return { status: 204 };
			},
			'POST /reset': () => {
				this.admin.reset();
				this.resetCounts();
				this.setFaults([]);
				return { status: 204 };
			},
		};
		const handler = handlers[`${method} ${path}`];
		if (!handler) return { status: 404, body: { message: `No admin route ${method} ${path}` } };
		try {
			return await handler();
		} catch (error) {
			return { status: 400, body: { message: error instanceof Error ? error.message : String(error) } };
		}
	}
}

function compileRoute(route: Route): CompiledRoute {
	const keys: string[] = [];
	const source = route.pattern
		.split('/')
		.map((segment) => {
			if (!segment.startsWith(':')) return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
			keys.push(segment.slice(1));
			return '([^/]+)';
		})
		.join('/');
	return { ...route, regex: new RegExp(`^${source}/?$`), keys };
}

function notFoundRoute(method: string, path: string): SimResponse {
	return { status: 404, body: { message: `No route for ${method} ${path}` } };
}

/** Writes the answer; returns the text sent. */
function send(res: ServerResponse, response: SimResponse): string {
	const headers: Record<string, string> = { ...(response.headers ?? {}) };
	let payload = '';
	if (response.rawBody !== undefined) {
		payload = response.rawBody;
	} else if (response.body !== undefined && response.status !== 204) {
		payload = JSON.stringify(response.body);
		headers['content-type'] ??= 'application/json; charset=utf-8';
	}
	res.writeHead(response.status, headers);
	res.end(payload);
	return payload;
}

async function readBody(stream: NodeJS.ReadableStream): Promise<string> {
	const chunks: Buffer[] = [];
	for await (const chunk of stream) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk));
	return Buffer.concat(chunks).toString('utf8');
}

function parseJson(text: string): { body: unknown; invalid: boolean } {
	if (text.trim() === '') return { body: undefined, invalid: false };
	try {
		return { body: JSON.parse(text), invalid: false };
	} catch {
		return { body: undefined, invalid: true };
	}
}

function safeDecode(path: string): string {
	try {
		return decodeURIComponent(path);
	} catch {
		return path;
	}
}
