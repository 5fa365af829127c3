import { ConnectWiseClient } from '../../../lib/connectwise/client';
import { DomotzClient } from '../../../lib/domotz/client';
import type { HttpRequest } from '../../../lib/http/port';
import {
	ConnectWiseSimulator,
	defaultSeed,
	type ConfigurationSeed,
	type ConnectWiseSeed,
} from '../../simulators/connectwise';
import { DomotzSimulator, type Device, type DomotzSeed } from '../../simulators/domotz';
import { connectWiseBasicAuth, createFetchPort, domotzApiKey } from '../../support/fetch-port';
import { recordingSleep } from '../../support/time';
import { settle } from '../clients/helpers';
import { agentSyncDefaults, type AgentSyncOptions } from '../../../lib/sync/options';
import type { AgentSyncReport } from '../../../lib/sync/sync-agent';
import type { SyncClients } from '../../../lib/clients';

export const LINK_CAPTION = 'Domotz Link';
export const LINK_FIELD_ID = 41;
export const NETWORK_DEVICE_TYPE = 3;

/** One agent per company, found by its Customer ID. */
export const agentsAndCompanies = [
	{ agentId: 9001, companyId: 501, identifier: 'ONE' },
	{ agentId: 9002, companyId: 502, identifier: 'TWO' },
	{ agentId: 9003, companyId: 503, identifier: 'THREE' },
] as const;

export function device(
	id: number,
	keys: { serial?: string; mac?: string; ip: string },
	extra: Partial<Device> = {},
): Device {
	return {
		id,
		display_name: `device-${id}`,
		protocol: 'IP',
		status: 'ONLINE',
		vendor: 'Cisco',
		model: 'C9200L',
		ip_addresses: [keys.ip],
		...(keys.mac ? { hw_address: keys.mac } : {}),
		...(keys.serial ? { details: { serial: keys.serial } } : {}),
		...extra,
	} as Device;
}

/** A configuration agreeing with `device(id, keys)` unless `fields` says otherwise. */
export function configuration(
	id: number,
	companyId: number,
	deviceId: number,
	keys: { serial?: string; mac?: string; ip: string },
	fields: Partial<ConfigurationSeed> = {},
): ConfigurationSeed {
	return {
		id,
		name: `device-${deviceId}`,
		type: { id: NETWORK_DEVICE_TYPE },
		company: { id: companyId },
		status: { id: 1 },
		activeFlag: true,
		modelNumber: 'C9200L',
		manufacturer: { name: 'Cisco' },
		ipAddress: keys.ip,
		...(keys.mac ? { macAddress: keys.mac } : {}),
		...(keys.serial ? { serialNumber: keys.serial } : {}),
		...fields,
	};
}

export function domotzSeed(devicesByAgent: Record<number, Device[]>): DomotzSeed {
	return {
		agents: agentsAndCompanies.map(({ agentId, identifier }) => ({
			id: agentId,
			display_name: `Agent ${identifier}`,
			access_right: { api_enabled: true, status: 'OWNED' },
			installation_info: { customer_id: identifier },
		})),
		devices: Object.fromEntries(
			Object.entries(devicesByAgent).map(([agentId, devices]) => [agentId, devices]),
		),
	};
}

export function connectWiseSeed(configurations: ConfigurationSeed[]): ConnectWiseSeed {
	return {
		...defaultSeed(),
		companies: agentsAndCompanies.map(({ companyId, identifier }) => ({
			id: companyId,
			identifier,
			name: `Company ${identifier}`,
			status: { id: 1, name: 'Active' },
		})),
		sites: [],
		manufacturers: [{ id: 1, name: 'Cisco' }],
		userDefinedFields: [{ id: LINK_FIELD_ID, caption: LINK_CAPTION, fieldTypeIdentifier: 'Text' }],
		configurations,
	};
}

/** Both simulators, unthrottled and without latency, with clients pointed at them. */
export class Tenant {
	readonly domotz = new DomotzSimulator();
	readonly connectwise = new ConnectWiseSimulator({ requestsPerMinute: 0 });

	async start(): Promise<void> {
		await Promise.all([this.domotz.start(), this.connectwise.start()]);
	}

	async close(): Promise<void> {
		await Promise.all([this.domotz.close(), this.connectwise.close()]);
	}

	load(domotz: DomotzSeed, connectwise: ConnectWiseSeed): void {
		this.domotz.load(domotz);
		this.connectwise.load(connectwise);
		this.resetCounts();
	}

	resetCounts(): void {
		this.sent.length = 0;
		this.domotz.http.resetCounts();
		this.connectwise.http.resetCounts();
		this.domotz.http.setFaults([]);
		this.connectwise.http.setFaults([]);
	}

	/** The ConnectWise requests the clients sent, with their queries. */
	readonly sent: HttpRequest[] = [];

	/**
	 * New clients, as every execution builds its own; `rewrite` changes each ConnectWise request
	 * on its way, as a server that reads it differently would.
	 */
	clients(
		rewrite: (request: HttpRequest) => HttpRequest | Promise<HttpRequest> = (request) => request,
	): SyncClients {
		const { sleep } = recordingSleep();
		const port = createFetchPort({
			authenticate: connectWiseBasicAuth(this.connectwise.credentials),
		});
		return {
			domotz: new DomotzClient({
				http: createFetchPort({ authenticate: domotzApiKey(this.domotz.apiKey) }),
				sleep,
				baseUrl: this.domotz.apiBaseUrl,
			}),
			connectwise: new ConnectWiseClient({
				http: async (request) => {
					this.sent.push(request);
					return await port(await rewrite(request));
				},
				sleep,
				site: this.connectwise.baseUrl,
				companyId: this.connectwise.companyId,
				codebase: this.connectwise.codebase,
			}),
		};
	}

	/** Requests by `METHOD route` on both simulators. */
	counts(): Record<string, number> {
		return { ...this.domotz.http.counts(), ...this.connectwise.http.counts() };
	}

	/** The write requests only. */
	writes(): Record<string, number> {
		return Object.fromEntries(
			Object.entries(this.counts()).filter(([key]) => !key.startsWith('GET ')),
		);
	}

	linkOf(configurationId: number): unknown {
		return this.connectwise.state.customFieldValue(configurationId, LINK_CAPTION);
	}
}

export function agentSyncOptions(overrides: Partial<AgentSyncOptions> = {}): AgentSyncOptions {
	return {
		...agentSyncDefaults,
		companyLink: { kind: 'customerId' },
		create: {
			typeMap: [],
			defaultTypeId: NETWORK_DEVICE_TYPE,
			statusId: 1,
			truncate: new Set(),
			exclude: new Set(),
		},
		linkStore: { kind: 'customField', caption: LINK_CAPTION },
		mirrorInDomotz: false,
		...overrides,
	};
}

/** The promise's value if it settles while every promise that can make progress does, else `pending`. */
export async function settledNow<Value>(promise: Promise<Value>): Promise<Value | 'pending'> {
	return await Promise.race([promise, settle().then(() => 'pending' as const)]);
}

/** The reports of synced agents; any other status fails the test, naming the agent. */
export function synced(reports: AgentSyncReport[]) {
	return reports.map((report) => {
		if (report.status !== 'synced') throw new Error(`agent ${report.agentId} ${report.status}`);
		return report;
	});
}
