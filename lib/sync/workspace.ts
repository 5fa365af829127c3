import { eq } from '../connectwise/conditions';
import type { ConnectWiseClient } from '../connectwise/client';
import type { CwCompany, CwConfiguration, CwManufacturer, CwSite } from '../connectwise/schemas';
import type { DomotzClient } from '../domotz/client';
import type { DomotzAgent, DomotzDevice } from '../domotz/schemas';
import { ApiError } from '../http/errors';
import { agentMarkerQuery, readStoredLink, type LinkStore } from '../links/marker';
import { createMemo } from '../memo';
import { normaliseName, prepareManufacturers, type ManufacturerSetup } from './setup';
import {
	companyLinkKey,
	resolveCompany,
	type CompanyDirectory,
	type CompanyLink,
	type CompanySummary,
	type ResolvedCompany,
} from './company-link';

export interface SyncClients {
	domotz: DomotzClient;
	connectwise: ConnectWiseClient;
}

/**
 * Everything an action reads, fetched at most once per execution: one agent list, one device list
 * per agent, one company lookup per link, one configuration sweep per company. Items that share an
 * agent or a company share the requests.
 */
export class SyncWorkspace {
	private readonly once = createMemo();
	/** Created by this execution: later steps find them instead of creating them again. */
	private readonly createdManufacturers: CwManufacturer[] = [];

	constructor(readonly clients: SyncClients) {}

	agents(): Promise<DomotzAgent[]> {
		return this.once('agents', () => this.clients.domotz.listAgents());
	}

	devices(agentId: number): Promise<DomotzDevice[]> {
		return this.once(`devices|${agentId}`, () =>
			this.clients.domotz.listDevices(agentId, { showHidden: true, showExcluded: true }),
		);
	}

	async device(agentId: number, deviceId: number): Promise<DomotzDevice> {
		const found = (await this.devices(agentId)).find((device) => device.id === deviceId);
		if (!found) {
			throw new ApiError({
				request: { api: 'Domotz', method: 'GET', path: `/agent/${agentId}/device` },
				status: 404,
				message: `Domotz agent ${agentId} has no device ${deviceId}`,
			});
		}
		return found;
	}

	company(agentId: number, link: CompanyLink): Promise<ResolvedCompany> {
		return this.once(`company|${companyLinkKey(agentId, link)}`, async () => {
			const needsAgent = link.kind === 'customerId' || link.kind === 'agentName';
			const agent = needsAgent
				? (await this.agents()).find((candidate) => candidate.id === agentId)
				: undefined;
			if (needsAgent && !agent) {
				return { kind: 'unresolved', reason: `Domotz has no agent ${agentId}` } as ResolvedCompany;
			}
			return await resolveCompany(
				{
					id: agentId,
					name: agent?.display_name ?? `agent ${agentId}`,
					customerId: agent?.installation_info?.customer_id ?? null,
				},
				link,
				this.directory(),
			);
		});
	}

	configurationsOf(companyId: number): Promise<CwConfiguration[]> {
		return this.once(`configurations|${companyId}`, () =>
			this.clients.connectwise.listConfigurations({ conditions: eq('company/id', companyId) }),
		);
	}

	/** Every configuration whose marker names a device of the agent, in any company: one query. */
	linkedToAgent(agentId: number, store: LinkStore): Promise<CwConfiguration[]> {
		const storeKey = store.kind === 'customField' ? store.caption.toLowerCase() : store.kind;
		return this.once(`linked|${agentId}|${storeKey}`, async () =>
			(await this.clients.connectwise.listConfigurations(agentMarkerQuery(store, agentId))).filter(
				(configuration) => {
					const stored = readStoredLink(configuration, store);
					return stored.kind === 'device' && stored.device.agentId === agentId;
				},
			),
		);
	}

	sitesOf(companyId: number): Promise<CwSite[]> {
		return this.once(`sites|${companyId}`, () => this.clients.connectwise.listSites(companyId));
	}

	manufacturers(): Promise<CwManufacturer[]> {
		return this.once('manufacturers', () => this.clients.connectwise.listManufacturers());
	}

	/**
	 * The manufacturers by lookup key, after creating the wanted ones that are missing (when
	 * allowed). Every step of an execution sees what the earlier ones created.
	 */
	async prepareManufacturers(
		wanted: readonly string[],
		createMissing: boolean,
	): Promise<ManufacturerSetup> {
		const known = [...(await this.manufacturers()), ...this.createdManufacturers];
		const setup = await prepareManufacturers(this.clients, known, wanted, createMissing);
		for (const name of setup.created) {
			const created = setup.lookup.get(normaliseName(name));
			if (created) this.createdManufacturers.push(created);
		}
		return setup;
	}

	allConfigurations(): Promise<CwConfiguration[]> {
		return this.once('configurations|all', () => this.clients.connectwise.listConfigurations());
	}

	private directory(): CompanyDirectory {
		const connectwise = this.clients.connectwise;
		return {
			byId: (companyId) =>
				this.once(`companyById|${companyId}`, async () => {
					const found = await connectwise.listCompanies({ conditions: eq('id', companyId) });
					return found[0] ? summariseCompany(found[0]) : undefined;
				}),
			byIdentifier: async (identifier) =>
				(await connectwise.listCompanies({ conditions: eq('identifier', identifier) })).map(
					summariseCompany,
				),
			byName: async (name) =>
				(await connectwise.listCompanies({ conditions: eq('name', name) })).map(summariseCompany),
		};
	}
}

function summariseCompany(company: CwCompany): CompanySummary {
	return { id: company.id, identifier: company.identifier ?? '', name: company.name ?? '' };
}
