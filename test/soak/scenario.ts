/* eslint-disable @n8n/community-nodes/no-restricted-globals -- test-only: the soak's backoff sleeps for real, scaled down */
/**
 * The soak's scenario: a generated MSP tenant, the engine's Sync Agent with creation on (what the
 * 12-hour schedule runs), and the two lib clients on the loopback simulators with their production
 * retry policies. Only time is shortened: backoff sleeps for a fraction of what the policy asks
 * (so `Retry-After` and jitter still order the retries as in production) and client timeouts
 * are short, because the simulator's injected timeouts never answer.
 *
 * It drives lib directly rather than the node: the node's clients sleep with n8n's real `sleep`
 * and wait the production timeouts (30 s Domotz, 60 s ConnectWise), so each injected timeout would
 * cost a minute. The node path gets its own faults in test/reliability (killed runs, hostile
 * inputs, one-fault bugs) through n8n-core.
 */
import { ConnectWiseClient } from '../../lib/connectwise/client';
import { DomotzClient } from '../../lib/domotz/client';
import { resolveDirections, type SyncMode } from '../../lib/fields/sync-fields';
import type { Sleep } from '../../lib/http/port';
import type { LinkStore } from '../../lib/links/marker';
import { ConnectWiseSimulator } from '../simulators/connectwise';
import { seededRandom } from '../simulators/common/random';
import { DomotzSimulator } from '../simulators/domotz';
import {
	generateMspTenant,
	type GeneratedTenant,
	type LinkStoreOption,
} from '../simulators/generator';
import { connectWiseBasicAuth, createFetchPort, domotzApiKey } from '../support/fetch-port';
import { agentSyncDefaults, type AgentSyncOptions } from '../../lib/sync/options';
import type { SyncClients } from '../../lib/clients';

export const LINK_STORE = {
	kind: 'customField',
	caption: 'Domotz Link',
} as const satisfies LinkStore;

/** Configuration types of a generated tenant (`CONFIGURATION_TYPES` of the generator, from 1). */
const CONFIGURATION_TYPES = { workstation: 1, server: 2, printer: 7, managedDevice: 15 } as const;
/** Domotz base types with a configuration type of their own; the rest get the default type. */
const TYPE_MAP = [
	{ domotzTypeId: 5, configurationTypeId: CONFIGURATION_TYPES.server },
	{ domotzTypeId: 8, configurationTypeId: CONFIGURATION_TYPES.printer },
];

export interface ScenarioVariant {
	/** A first sync (no link field, no links) or a tenant that already keeps links. */
	linkStore: LinkStoreOption;
	mode: SyncMode;
}

/** Seeds take the variants in turn, so every variant meets every kind of fault. */
export const SCENARIO_VARIANTS: readonly ScenarioVariant[] = [
	{ linkStore: 'customField', mode: 'domotzToConnectWise' },
	{ linkStore: 'none-yet', mode: 'domotzToConnectWise' },
	{ linkStore: 'customField', mode: 'connectWiseToDomotz' },
	{ linkStore: 'none-yet', mode: 'connectWiseToDomotz' },
];

export function variantOf(seed: number): ScenarioVariant {
	return SCENARIO_VARIANTS[seed % SCENARIO_VARIANTS.length];
}

export interface TenantSize {
	/** Generated agents: the last has no API access and the fourth no company, as in the generator. */
	agents: number;
	devicesPerAgent: number;
}

export function scenarioTenant(seed: number, size: TenantSize): GeneratedTenant {
	return generateMspTenant({
		seed,
		agents: size.agents,
		devicesPerAgent: size.devicesPerAgent,
		linkStore: variantOf(seed).linkStore,
	});
}

/**
 * Sync Agent as the scheduled workflow runs it, with creation and the collector on: the options
 * the node's Sync Agent action builds from such parameters.
 */
export function syncAgentOptions(tenant: GeneratedTenant, mode: SyncMode): AgentSyncOptions {
	return {
		...agentSyncDefaults,
		companyLink: {
			kind: 'mapping',
			links: Object.entries(tenant.truth.agentCompanies).flatMap(([agentId, companyId]) =>
				companyId === null ? [] : [{ agentId: Number(agentId), companyId }],
			),
		},
		policy: { ...agentSyncDefaults.policy, directions: resolveDirections(mode) },
		createMissingManufacturers: true,
		create: {
			typeMap: TYPE_MAP,
			defaultTypeId: CONFIGURATION_TYPES.workstation,
			truncate: new Set(),
			exclude: new Set(),
		},
		collector: { typeId: CONFIGURATION_TYPES.managedDevice },
		linkStore: LINK_STORE,
		mirrorInDomotz: true,
	};
}

/** Both simulators, ConnectWise without its per-minute budget (the soak sends thousands a minute). */
export class SoakSimulators {
	readonly domotz = new DomotzSimulator();
	readonly connectwise = new ConnectWiseSimulator({ requestsPerMinute: 0 });

	async start(): Promise<void> {
		await Promise.all([this.domotz.start(), this.connectwise.start()]);
	}

	async close(): Promise<void> {
		await Promise.all([this.domotz.close(), this.connectwise.close()]);
	}

	load(tenant: GeneratedTenant): void {
		this.domotz.load(tenant.domotz);
		this.connectwise.load(tenant.connectwise);
		this.setFaults([], 0);
		this.domotz.http.resetCounts();
		this.connectwise.http.resetCounts();
	}

	setFaults(rules: Parameters<DomotzSimulator['http']['setFaults']>[0], seed: number): void {
		this.domotz.http.setFaults(rules);
		this.connectwise.http.setFaults(rules);
		this.domotz.http.reseed(seed);
		this.connectwise.http.reseed(seed + 1);
	}

	/** The values a credential holds, which must never appear in any output. */
	secrets(): string[] {
		const { companyId, publicKey, privateKey, clientId } = this.connectwise.credentials;
		const basic = Buffer.from(`${companyId}+${publicKey}:${privateKey}`).toString('base64');
		return [this.domotz.apiKey, privateKey, clientId, basic];
	}
}

export interface ClientTiming {
	/** Fraction of each backoff delay actually slept. */
	timeScale: number;
	timeoutMs: number;
}

export interface ScenarioClients {
	clients: SyncClients;
	/** Backoff sleeps so far, one per retry. */
	retries(): number;
}

export function scenarioClients(
	simulators: SoakSimulators,
	timing: ClientTiming,
	seed: number,
): ScenarioClients {
	let retries = 0;
	const sleep: Sleep = async (milliseconds) => {
		retries += 1;
		await new Promise((resolve) => setTimeout(resolve, milliseconds * timing.timeScale));
	};
	const random = seededRandom(seed);
	const { companyId, publicKey, privateKey, clientId } = simulators.connectwise.credentials;
	return {
		clients: {
			domotz: new DomotzClient({
				http: createFetchPort({ authenticate: domotzApiKey(simulators.domotz.apiKey) }),
				sleep,
				random,
				baseUrl: simulators.domotz.apiBaseUrl,
				timeoutMs: timing.timeoutMs,
				secrets: [simulators.domotz.apiKey],
			}),
			connectwise: new ConnectWiseClient({
				http: createFetchPort({
					authenticate: connectWiseBasicAuth(simulators.connectwise.credentials),
				}),
				sleep,
				random,
				site: simulators.connectwise.baseUrl,
				companyId: simulators.connectwise.companyId,
				timeoutMs: timing.timeoutMs,
				// As the node passes them (nodes/shared/clients.ts).
				secrets: [publicKey, privateKey, clientId, `${companyId}+${publicKey}:${privateKey}`],
			}),
		},
		retries: () => retries,
	};
}
