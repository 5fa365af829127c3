import {
	HttpSimulator,
	type Route,
	type SimRequest,
	type SimResponse,
	type SimulatorOptions,
} from '../common/http-simulator';
import { defaultSeed } from './default-seed';
import { domotzRoutes } from './routes';
import { DEFAULT_LIMITS, DomotzState } from './state';
import {
	applyEvent,
	isWebhookEventName,
	postWebhook,
	recipients,
	type EventInput,
	type WebhookDelivery,
} from './webhook-events';
import type { Clock } from './time';
import type { AlertProfile, DomotzLimits, DomotzQuirks, DomotzSeed, WebhookChannel } from './types';
import type { ExhaustedBudget } from './usage';

export type * from './types';
export type { Clock } from './time';
export type { DeviceFacts } from './state';
export { DomotzState, DEFAULT_LIMITS } from './state';
export { ACTIVATION_ONLY_API_KEY, DEFAULT_API_KEY, DEFAULT_IDS, defaultSeed } from './default-seed';
export { DEFAULT_BASE_TYPES, DEFAULT_DETECTED_TYPES } from './device-types';
export { WEBHOOK_EVENTS } from './webhook-events';
export type {
	EventInput,
	WebhookDelivery,
	WebhookEventName,
	WebhookPayload,
} from './webhook-events';

export const API_PREFIX = '/public-api/v1';

export const DEFAULT_QUIRKS: DomotzQuirks = {
	oversizedAgentPage: 'reject',
	emptyDeviceList: 'null',
	deviceTypeBody: 'string',
	optionalProperties: 'filled',
	deviceEventRouting: 'deviceBinding',
	absentBindingRemoval: 'noContent',
};

/**
 * What an "Agent Activation only" key may call. Domotz only documents that it cannot read agents
 * or devices; letting it identify itself and see usage is our assumption.
 */
const OPEN_TO_ACTIVATION_KEYS: ReadonlySet<string> = new Set(['user.get', 'meta.usage']);

const THROTTLE_MESSAGES: Record<ExhaustedBudget, string> = {
	inFlight: 'Too many concurrent requests',
	perMinute: 'Too many requests in the last minute',
	daily: 'Daily API call limit reached',
};

/** The server binds to loopback only, so every caller has this address. */
const CALLER_IP = '127.0.0.1';

export interface DomotzSimulatorOptions {
	/** The tenant served at start and restored by `reset()`; defaults to `defaultSeed()`. */
	seed?: DomotzSeed;
	/** Overrides `DEFAULT_LIMITS`; a seed's own `limits` override these in turn. */
	limits?: Partial<DomotzLimits>;
	quirks?: Partial<DomotzQuirks>;
	/** Drives rate-limit windows and new creation times; defaults to `Date.now`. */
	clock?: Clock;
	/** Latency, fault rules and their random seed, handed to the common HttpSimulator. */
	simulator?: SimulatorOptions;
}

/**
 * Domotz Public API v1 on a loopback port: the agent, device, inventory, type, user and usage
 * endpoints the sync uses, with Domotz's auth, plan gating, quirks and throttling.
 */
export class DomotzSimulator {
	readonly http: HttpSimulator;
	readonly state: DomotzState;
	private readonly initialSeed: DomotzSeed;
	private readonly quirks: DomotzQuirks;
	private readonly clock: Clock;
	private deliveries: WebhookDelivery[] = [];

	constructor(options: DomotzSimulatorOptions = {}) {
		this.clock = options.clock ?? (() => Date.now());
		this.quirks = { ...DEFAULT_QUIRKS, ...options.quirks };
		this.initialSeed = structuredClone(options.seed ?? defaultSeed());
		this.state = new DomotzState(this.clock, { ...DEFAULT_LIMITS, ...options.limits });
		this.state.load(this.initialSeed);
		this.http = new HttpSimulator({
			name: 'domotz',
			mountPrefix: API_PREFIX,
			routes: domotzRoutes({ state: this.state, quirks: this.quirks, clock: this.clock }),
			gate: (request, route) => this.authorize(request, route),
			admin: {
				state: () => this.state.exportSeed(),
				load: (seed) => this.state.load(seed as DomotzSeed),
				reset: () => this.state.load(this.initialSeed),
				routes: {
					'POST /events': async (body) => ({
						status: 200,
						body: await this.emitEvent(eventInput(body), {
							times: (body as { times?: number }).times,
						}),
					}),
					'POST /alert-profiles': (body) => {
						const { profile, webhook } = body as {
							profile: AlertProfile;
							webhook?: WebhookChannel;
						};
						this.state.alertProfiles.put(profile, webhook);
						return { status: 204 };
					},
					'GET /webhook-deliveries': () => ({ status: 200, body: this.webhookDeliveries() }),
				},
			},
			simulator: options.simulator,
		});
	}

	/** `http://127.0.0.1:PORT` once started. */
	get baseUrl(): string {
		return this.http.baseUrl;
	}

	/** What a user pastes as the Domotz "API endpoint". */
	get apiBaseUrl(): string {
		return `${this.http.baseUrl}${API_PREFIX}`;
	}

	/** The first full-access key of the loaded seed. */
	get apiKey(): string {
		const key = this.state.fullAccessKey();
		if (key === undefined) throw new Error('The loaded Domotz seed has no full-access API key');
		return key;
	}

	async start(port = 0): Promise<string> {
		return await this.http.start(port);
	}

	async close(): Promise<void> {
		await this.http.close();
	}

	/** Replaces the tenant and clears usage counters; request counts and faults are kept. */
	load(seed: DomotzSeed): void {
		this.state.load(seed);
	}

	/** Back to the initial seed with request counts and faults cleared, like `POST /__admin/reset`. */
	reset(): void {
		this.state.load(this.initialSeed);
		this.http.resetCounts();
		this.http.setFaults([]);
		this.deliveries = [];
	}

	setLimits(limits: Partial<DomotzLimits>): void {
		this.state.setLimits(limits);
	}

	/**
	 * Something happens on the Domotz side: the tenant changes as the event says, and its payload
	 * is POSTed to the webhook channel of every profile that sends it for that agent or device. Resolves
	 * once every receiver answered, with what each answered (also kept in `webhookDeliveries()`).
	 * `times` sends the same payload again, one round after the other, as Domotz repeats an event.
	 */
	async emitEvent(input: EventInput, options: { times?: number } = {}): Promise<WebhookDelivery[]> {
		const payload = applyEvent(this.state, this.clock, input);
		const targets = recipients(this.state, this.quirks, input);
		const deliveries: WebhookDelivery[] = [];
		for (let round = 0; round < (options.times ?? 1); round++) {
			const sent = await Promise.all(
				targets.map(async ({ profileId, url, headers }) => ({
					event: input.event,
					profileId,
					url,
					status: await postWebhook(url, headers, payload).catch(() => 'failed' as const),
					payload,
				})),
			);
			this.deliveries.push(...sent);
			deliveries.push(...sent);
		}
		return deliveries;
	}

	/** Every webhook POST since the last reset, in the order their answers came. */
	webhookDeliveries(): WebhookDelivery[] {
		return structuredClone(this.deliveries);
	}

	/** Authentication, then throttling, then the key's role; runs before every route. */
	private authorize(request: SimRequest, route: Route | undefined): SimResponse | undefined {
		const header = request.headers['x-api-key'];
		const apiKey = typeof header === 'string' ? this.state.apiKeyFor(header) : undefined;
		if (!apiKey) return { status: 401, body: { message: 'Invalid or missing API key' } };
		const exhausted = this.state.usageMeter.admit(
			{
				keyId: apiKey.id,
				keyName: apiKey.name,
				ip: CALLER_IP,
				resource: request.path.split('/')[1] || '/',
			},
			() => this.http.inFlightCount(),
		);
		if (exhausted) return { status: 429, body: { message: THROTTLE_MESSAGES[exhausted] } };
		if (apiKey.role === 'agentActivationOnly' && !OPEN_TO_ACTIVATION_KEYS.has(route?.name ?? '')) {
			return { status: 403, body: { message: 'This API key may only activate agents' } };
		}
		return undefined;
	}
}

/** The body of `POST /__admin/events`: an `EventInput` with a known event name. */
function eventInput(body: unknown): EventInput {
	const input = body as Partial<EventInput> | undefined;
	if (!isWebhookEventName(input?.event) || typeof input.agentId !== 'number') {
		throw new Error('An event needs a known `event` name and a numeric `agentId`');
	}
	return input as EventInput;
}
