import { randomBytes } from 'crypto';

import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

import { ConnectWiseSimulator } from '../simulators/connectwise';
import { DomotzSimulator } from '../simulators/domotz';
import { demoMsp, type GeneratedTenant, type MspTenantOptions } from '../simulators/generator';
import type { Simulators } from './contract';

/** Small enough for a quick run, large enough for every matching case of the generator. */
export const DEFAULT_TENANT_OPTIONS: Partial<MspTenantOptions> = {
	agents: 4,
	devicesPerAgent: [14, 18],
	linkStore: 'none-yet',
};

export type CredentialKey = 'domotz' | 'connectwise' | 'domotzWrongKey' | 'connectwiseWrongKey';

export interface CredentialReference {
	id: string;
	name: string;
	type: 'domotzApi' | 'connectWisePsaApi';
}

/**
 * Workflow files name these IDs in their nodes' `credentials`; the first two are the ones the
 * example workflows in `examples/` name, so that the examples are imported as they are.
 */
export const CREDENTIALS: Readonly<Record<CredentialKey, CredentialReference>> = {
	domotz: { id: 'dzDomotzApi00001', name: 'Domotz account', type: 'domotzApi' },
	connectwise: {
		id: 'dzConnectWise001',
		name: 'ConnectWise PSA account',
		type: 'connectWisePsaApi',
	},
	domotzWrongKey: {
		id: 'e2eDomotzWrongKey',
		name: 'Domotz (simulator, wrong key)',
		type: 'domotzApi',
	},
	connectwiseWrongKey: {
		id: 'e2eConnectWiseWrongKey',
		name: 'ConnectWise PSA (simulator, wrong private key)',
		type: 'connectWisePsaApi',
	},
};

/** The wrong API key and private key of the failing credentials; must never show in a message. */
export const WRONG_SECRET = `wrong-${randomBytes(8).toString('hex')}`;

/** The Webhook Secret of the Domotz credentials, which the Domotz Trigger's calls must carry. */
export const WEBHOOK_SECRET = `hook-${randomBytes(16).toString('hex')}`;

/** Both simulators on loopback, reloaded with a generated tenant before each workflow. */
export class E2eTenant implements Simulators {
	readonly domotz: DomotzSimulator;
	readonly connectwise: ConnectWiseSimulator;
	private readonly generated = new Map<string, GeneratedTenant>();
	private domotzKey: string | undefined;

	/** `clock` drives both simulators' time (rate windows, stamps); the machine's by default. */
	constructor(options: { clock?: () => number } = {}) {
		this.domotz = new DomotzSimulator({ clock: options.clock });
		this.connectwise = new ConnectWiseSimulator({ clock: options.clock });
	}

	/** On the given ports, or on free ones. */
	async start(ports: { domotz?: number; connectwise?: number } = {}): Promise<void> {
		await Promise.all([this.domotz.start(ports.domotz), this.connectwise.start(ports.connectwise)]);
	}

	async close(): Promise<void> {
		await Promise.all([this.domotz.close(), this.connectwise.close()]);
	}

	/** The generated tenant for these options over the default ones; the same object every time. */
	tenant(overrides: Partial<MspTenantOptions> = {}): GeneratedTenant {
		const options = { ...DEFAULT_TENANT_OPTIONS, ...overrides };
		const key = JSON.stringify(options);
		let tenant = this.generated.get(key);
		if (!tenant) {
			tenant = demoMsp(options);
			this.generated.set(key, tenant);
		}
		return tenant;
	}

	/** Fresh data on both sides, zero request counts, no faults. */
	load(tenant: GeneratedTenant): void {
		this.domotz.load(tenant.domotz);
		this.connectwise.load(tenant.connectwise);
		// The credentials are imported once, so every tenant must accept the first one's key.
		this.domotzKey ??= this.domotz.apiKey;
		if (this.domotz.apiKey !== this.domotzKey) {
			throw new Error('Every e2e tenant must carry the same Domotz API key');
		}
		this.clearRequests();
	}

	/** Zero request counts and no faults, the data left as it is. */
	clearRequests(): void {
		for (const simulator of [this.domotz.http, this.connectwise.http]) {
			simulator.resetCounts();
			simulator.setFaults([]);
		}
	}

	/** The input of `n8n import:credentials` for these credentials. */
	credentialFile(keys: readonly CredentialKey[]): object[] {
		const data = this.credentialData();
		return keys.map((key) => ({ ...CREDENTIALS[key], data: data[key] }));
	}

	/** Plain `data` per credential; `n8n import:credentials` encrypts it. */
	credentialData(): Record<CredentialKey, ICredentialDataDecryptedObject> {
		const credentials = simulatorCredentials({
			domotz: this.domotz,
			connectwise: this.connectwise,
		});
		const domotz = { ...credentials.domotz, webhookSecret: WEBHOOK_SECRET };
		const { connectwise } = credentials;
		return {
			domotz,
			connectwise,
			domotzWrongKey: { ...domotz, apiKey: WRONG_SECRET },
			connectwiseWrongKey: { ...connectwise, privateKey: WRONG_SECRET },
		};
	}
}

/** Where each simulator listens and what it accepts. */
export interface SimulatorAccess {
	domotz: { apiKey: string; apiBaseUrl: string };
	connectwise: {
		baseUrl: string;
		apiVersion: string;
		credentials: { companyId: string; publicKey: string; privateKey: string; clientId: string };
	};
}

/** The good credentials' plain `data`, as a user fills them in to reach the simulators. */
export function simulatorCredentials(access: SimulatorAccess): {
	domotz: ICredentialDataDecryptedObject;
	connectwise: ICredentialDataDecryptedObject;
} {
	const { companyId, publicKey, privateKey, clientId } = access.connectwise.credentials;
	return {
		domotz: {
			apiKey: access.domotz.apiKey,
			endpoint: 'custom',
			customEndpoint: access.domotz.apiBaseUrl,
		},
		connectwise: {
			site: 'custom',
			// A full URL keeps plain http on loopback; a bare host would get https.
			customSite: access.connectwise.baseUrl,
			companyId,
			publicKey,
			privateKey,
			clientId,
			apiVersion: access.connectwise.apiVersion,
		},
	};
}
