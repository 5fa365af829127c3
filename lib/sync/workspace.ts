import type { SyncClients } from '../clients';
import { eq, isIn } from '../connectwise/conditions';
import { lookupKey } from '../connectwise/names';
import type { CwCompany, CwConfiguration, CwManufacturer, CwSite } from '../connectwise/schemas';
import type { DomotzAgent, DomotzDevice } from '../domotz/schemas';
import { syncFields } from '../fields/sync-fields';
import { ApiError } from '../http/errors';
import { ConcurrencyLimiter } from '../http/limiter';
import { agentMarkerQuery, readStoredLink, type LinkStore } from '../links/marker';
import { ensureLinkField, ensureMirrorField, type LinkSetup } from '../links/setup';
import { createMemo } from '../memo';
import {
	companyLinkKey,
	resolveCompany,
	type CompanyDirectory,
	type CompanyLink,
	type CompanySummary,
	type ResolvedCompany,
} from './company-link';
import {
	companyBatches,
	companyLookups,
	companyValueKey,
	firstToList,
	type CompanyKey,
} from './company-batches';
import { vouchedCompany, type KnownCompanies } from './known-companies';
import { prepareManufacturers, type ManufacturerSetup } from './manufacturers';
import { companyThenIdOrder, OrderedSweeps } from './ordered-sweeps';

/**
 * What a sync reads of a configuration: matching keys, activity, company, link and the synced
 * fields, and of a reference only its id and name (of the company its identifier too, which
 * vouches for a kept company: known-companies.ts), not the `_info` links every reference carries.
 * A sweep of thousands asks for these alone.
 */
const syncedConfigurationFields: readonly string[] = [
	...new Set([
		'name',
		'company/id',
		'company/identifier',
		'company/name',
		'activeFlag',
		'deviceIdentifier',
		'customFields',
		...syncFields.flatMap((field) =>
			field.connectWiseKind === 'text'
				? [field.connectWiseField]
				: [`${field.connectWiseField}/id`, `${field.connectWiseField}/name`],
		),
	]),
];

/** The configurations of the companies whose `key` is one of `batch`, with the fields a sync reads. */
function companiesSweep(
	key: CompanyKey,
	batch: ReadonlyArray<string | number>,
): { conditions: string; fields: readonly string[] } {
	return { conditions: isIn(`company/${key}`, batch), fields: syncedConfigurationFields };
}

/** What Domotz answers for a device its agent does not list. */
export function noSuchDevice(agentId: number, deviceId: number): ApiError {
	return new ApiError({
		request: { api: 'Domotz', method: 'GET', path: `/agent/${agentId}/device` },
		status: 404,
		message: `Domotz agent ${agentId} has no device ${deviceId}`,
	});
}

/** A company an earlier run found by the Customer ID this run looks for. */
interface KeptCompany {
	customerId: string;
	company: CompanySummary;
}

/**
 * Everything an action reads, fetched at most once per execution: one agent list, one device list
 * per agent, one company lookup per link, one configuration sweep per company. Items that share an
 * agent or a company share the requests; a run over many agents can prefetch the lookups and the
 * sweeps of all of them in batches.
 */
export class SyncWorkspace implements LinkSetup {
	private readonly once = createMemo();
	/** Created by this execution: later steps find them instead of creating them again. */
	private readonly createdManufacturers: CwManufacturer[] = [];
	/** Manufacturer setups run one at a time, so that two agents never create the same one. */
	private manufacturerTurn: Promise<unknown> = Promise.resolve();
	/** Configurations served from a prefetch, by company; replaced when the prefetch is read again. */
	private readonly prefetched = new Map<number, Promise<CwConfiguration[]>>();
	private confirmation: Promise<boolean> = Promise.resolve(true);
	/** Write plans in flight across the whole execution, when its parts write side by side. */
	readonly writeSlots?: ConcurrencyLimiter;
	/** Companies earlier runs found by Customer ID, used as far as the sweep vouches for them. */
	private readonly knownCompanies: KnownCompanies;

	constructor(
		readonly clients: SyncClients,
		options: { sharedWrites?: number; knownCompanies?: KnownCompanies } = {},
	) {
		if (options.sharedWrites !== undefined) {
			this.writeSlots = new ConcurrencyLimiter(options.sharedWrites);
		}
		this.knownCompanies = options.knownCompanies ?? {};
	}

	agents(): Promise<DomotzAgent[]> {
		return this.once('agents', () => this.clients.domotz.listAgents());
	}

	devices(agentId: number): Promise<DomotzDevice[]> {
		return this.once(`devices|${agentId}`, () =>
			this.clients.domotz.listDevices(agentId, { showHidden: true, showExcluded: true }),
		);
	}

	async device(agentId: number, deviceId: number): Promise<DomotzDevice> {
		const found = (await this.devicesById(agentId)).get(deviceId);
		if (!found) throw noSuchDevice(agentId, deviceId);
		return found;
	}

	/** An agent's devices by id: a run that looks up each of 500 devices scans no list. */
	devicesById(agentId: number): Promise<ReadonlyMap<number, DomotzDevice>> {
		return this.once(`devicesById|${agentId}`, async () => {
			const byId = new Map<number, DomotzDevice>();
			// The first of two devices with one id is the one a scan would find.
			for (const device of await this.devices(agentId)) {
				if (!byId.has(device.id)) byId.set(device.id, device);
			}
			return byId;
		});
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

	/**
	 * The companies of many agents and all their configurations, each read once for all of them
	 * instead of once per agent: the lookup (`identifier in (…)`, `name in (…)` or `id in (…)`) and
	 * the sweep (`company/identifier in (…)` and so on, pages of 1000) filter by the same values,
	 * so both run at the same time. The sweep is ordered by company: each company's configurations
	 * are served as soon as the sweep has passed it (`configurationsConfirmed` tells when that can
	 * be trusted). Then the device lists of the agents whose company resolved, in the order of
	 * their companies, the first few while the lookup is on its way: Domotz serves device lists a
	 * few at a time, and they are what a run waits for longest. A failed read falls back to one per
	 * agent or per company, so that the failure stays with the agents it concerns. A batch whose
	 * companies an earlier run found by Customer ID is not looked up: the sweep vouches for them.
	 * Returns the ids of the agents whose company resolved (or is kept), in that order.
	 */
	async prefetchAgents(agents: readonly DomotzAgent[], link: CompanyLink): Promise<number[]> {
		const { key, batches } = companyBatches(link, agents);
		const kept = this.keptCompanies(key, batches);
		// Sent before the sweep, which ConnectWise takes longer to answer: most device lists wait
		// for the lookup, the sweep's pages do not.
		const lookups = Promise.all(
			batches
				.filter((batch) => !batch.every((value) => kept.has(companyValueKey(value))))
				.map((batch) => this.lookUpCompaniesOnce(key, batch)),
		);
		for (const agent of firstToList(agents, link)) this.prefetchDevices(agent.id);
		const sweeps = new OrderedSweeps(batches.length);
		const complete = Promise.all(
			batches.map((batch, index) =>
				this.clients.connectwise
					.listConfigurations({
						...companiesSweep(key, batch),
						orderBy: companyThenIdOrder,
						onPage: (rows) => sweeps.take(index, rows),
					})
					.then(() => sweeps.end(index)),
			),
		).then(
			() => sweeps.inOrder,
			() => false,
		);
		this.confirmation = complete.then((trusted) => {
			if (trusted) return true;
			const reread = this.sweepAgain(batches, key);
			sweeps.abandon(reread);
			for (const companyId of this.prefetched.keys()) {
				this.serve(companyId, reread(companyId));
			}
			return false;
		});
		this.vouchForKept(kept, sweeps);
		await lookups;
		// A kept company orders its agent at once; the agent waits for the sweep to vouch for it.
		const keptId = (agent: DomotzAgent) => {
			const [value] = companyLookups(link, [agent]).values;
			return value === undefined ? undefined : kept.get(companyValueKey(value))?.company.id;
		};
		const resolved = await Promise.all(
			agents.map(
				(agent) =>
					keptId(agent) ??
					this.company(agent.id, link).then(
						(company) => (company.kind === 'resolved' ? company.company.id : undefined),
						() => undefined,
					),
			),
		);
		const byCompany = agents
			.flatMap((agent, index) => {
				const companyId = resolved[index];
				return companyId === undefined ? [] : [{ agentId: agent.id, companyId }];
			})
			.sort((left, right) => left.companyId - right.companyId);
		for (const { agentId, companyId } of byCompany) {
			this.prefetchDevices(agentId);
			if (!this.prefetched.has(companyId)) this.serve(companyId, sweeps.rowsOf(companyId));
		}
		return byCompany.map(({ agentId }) => agentId);
	}

	/**
	 * Configurations `configurationsOf` serves for the company. A failure shows when an agent reads
	 * them; one whose sync failed before never does.
	 */
	private serve(companyId: number, rows: Promise<CwConfiguration[]>): void {
		rows.then(
			() => undefined,
			() => undefined,
		);
		this.prefetched.set(companyId, rows);
	}

	/** The kept companies of the batches whose every Customer ID is kept, by lookup key. */
	private keptCompanies(
		key: CompanyKey,
		batches: ReadonlyArray<ReadonlyArray<string | number>>,
	): Map<string, KeptCompany> {
		const kept = new Map<string, KeptCompany>();
		if (key !== 'identifier') return kept;
		for (const batch of batches) {
			const companies = batch.map((value) => this.knownCompanies[companyValueKey(value)]);
			if (companies.some((company) => company === undefined)) continue;
			batch.forEach((value, index) =>
				kept.set(companyValueKey(value), { customerId: String(value), company: companies[index] }),
			);
		}
		return kept;
	}

	/**
	 * Each kept company is served to `company` once the sweep vouches for it, as the sweep names it;
	 * when the sweep does not, its Customer ID is looked up instead (known-companies.ts).
	 */
	private vouchForKept(kept: ReadonlyMap<string, KeptCompany>, sweeps: OrderedSweeps): void {
		for (const { customerId, company } of kept.values()) {
			if (!this.prefetched.has(company.id)) this.serve(company.id, sweeps.rowsOf(company.id));
			// A failure shows when the agent resolves its company.
			this.companiesBy('identifier', customerId, async () => {
				const vouched = vouchedCompany(customerId, await this.configurationsOf(company.id));
				return vouched ? [vouched] : await this.lookUpCompanies('identifier', customerId);
			}).then(
				() => undefined,
				() => undefined,
			);
		}
	}

	/** The companies of many agents in one lookup per batch of values, served to `company` after. */
	async prefetchCompanies(agents: readonly DomotzAgent[], link: CompanyLink): Promise<void> {
		const { key, batches } = companyBatches(link, agents);
		await Promise.all(batches.map((batch) => this.lookUpCompaniesOnce(key, batch)));
	}

	/**
	 * Whether every configuration served so far is complete: false once an ordered sweep turned out
	 * out of order or failed, after which the configurations are read again (by id, then company by
	 * company should that fail) and served from that read. Anything planned from what was served
	 * before must then be planned again.
	 */
	configurationsConfirmed(): Promise<boolean> {
		return this.confirmation;
	}

	/**
	 * Listed now, in agent order, although the agent may be synced later; a failure shows when the
	 * agent reads them.
	 */
	private prefetchDevices(agentId: number): void {
		this.devices(agentId).then(
			() => undefined,
			() => undefined,
		);
	}

	configurationsOf(companyId: number): Promise<CwConfiguration[]> {
		return (
			this.prefetched.get(companyId) ??
			this.once(`configurations|${companyId}`, () => this.sweepCompany(companyId))
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

	/** The link field's id, looked up (or created) once per execution. */
	linkField(store: LinkStore, knownConfiguration?: CwConfiguration): Promise<number | undefined> {
		if (store.kind !== 'customField') return Promise.resolve(undefined);
		return this.once(`linkField|${lookupKey(store.caption)}`, () =>
			ensureLinkField(this.clients, store, knownConfiguration),
		);
	}

	/** The Domotz inventory field that mirrors links, looked up (or created) once per execution. */
	mirrorField(): Promise<void> {
		return this.once('mirrorField', () => ensureMirrorField(this.clients));
	}

	/**
	 * The manufacturers by lookup key, after creating the wanted ones that are missing (when
	 * allowed). Every step of an execution sees what the earlier ones created.
	 */
	async prepareManufacturers(
		wanted: readonly string[],
		createMissing: boolean,
	): Promise<ManufacturerSetup> {
		const turn = this.manufacturerTurn.then(() => this.setUpManufacturers(wanted, createMissing));
		this.manufacturerTurn = turn.then(
			() => undefined,
			() => undefined,
		);
		return await turn;
	}

	allConfigurations(): Promise<CwConfiguration[]> {
		return this.once('configurations|all', () => this.clients.connectwise.listConfigurations());
	}

	private async setUpManufacturers(
		wanted: readonly string[],
		createMissing: boolean,
	): Promise<ManufacturerSetup> {
		const known = [...(await this.manufacturers()), ...this.createdManufacturers];
		const setup = await prepareManufacturers(this.clients, known, wanted, createMissing);
		for (const name of setup.created) {
			const created = setup.lookup.get(lookupKey(name));
			if (created) this.createdManufacturers.push(created);
		}
		return setup;
	}

	/** The companies' configurations read again by id, grouped; company by company if that fails. */
	private sweepAgain(
		batches: ReadonlyArray<ReadonlyArray<string | number>>,
		key: CompanyKey,
	): (companyId: number) => Promise<CwConfiguration[]> {
		const grouped = Promise.all(
			batches.map((batch) =>
				this.clients.connectwise.listConfigurations(companiesSweep(key, batch)),
			),
		).then(
			(swept) => groupByCompany(swept.flat()),
			() => undefined,
		);
		return (companyId) =>
			this.once(`configurations|${companyId}`, () =>
				grouped.then((byCompany) =>
					byCompany === undefined
						? this.sweepCompany(companyId, syncedConfigurationFields)
						: (byCompany.get(companyId) ?? []),
				),
			);
	}

	private sweepCompany(companyId: number, fields?: readonly string[]): Promise<CwConfiguration[]> {
		return this.clients.connectwise.listConfigurations({
			conditions: eq('company/id', companyId),
			fields,
		});
	}

	/** One lookup for a batch of values; each value's companies are then served from it. */
	private async lookUpCompaniesOnce(
		key: CompanyKey,
		batch: ReadonlyArray<string | number>,
	): Promise<void> {
		const found = this.clients.connectwise.listCompanies({ conditions: isIn(key, batch) }).then(
			(companies) => companies.map(summariseCompany),
			() => undefined,
		);
		await Promise.all(
			batch.map((value) =>
				this.companiesBy(key, value, () =>
					found.then((companies) =>
						companies === undefined
							? this.lookUpCompanies(key, value)
							: companies.filter(
									(company) => companyValueKey(company[key]) === companyValueKey(value),
								),
					),
				),
			),
		);
	}

	/** The companies whose `key` is `value`, read once per execution (or served by a prefetch). */
	private companiesBy(
		key: CompanyKey,
		value: string | number,
		lookUp: () => Promise<CompanySummary[]> = () => this.lookUpCompanies(key, value),
	): Promise<CompanySummary[]> {
		return this.once(`companies|${key}|${companyValueKey(value)}`, lookUp);
	}

	private async lookUpCompanies(
		key: CompanyKey,
		value: string | number,
	): Promise<CompanySummary[]> {
		const companies = await this.clients.connectwise.listCompanies({ conditions: eq(key, value) });
		return companies.map(summariseCompany);
	}

	private directory(): CompanyDirectory {
		return {
			byId: async (companyId) => (await this.companiesBy('id', companyId))[0],
			byIdentifier: (identifier) => this.companiesBy('identifier', identifier),
			byName: (name) => this.companiesBy('name', name),
			sitesOf: (companyId) => this.sitesOf(companyId),
		};
	}
}

function groupByCompany(configurations: CwConfiguration[]): Map<number, CwConfiguration[]> {
	const grouped = new Map<number, CwConfiguration[]>();
	for (const configuration of configurations) {
		const companyId = configuration.company?.id;
		if (companyId === undefined || companyId === null) continue;
		const list = grouped.get(companyId) ?? [];
		list.push(configuration);
		grouped.set(companyId, list);
	}
	return grouped;
}

function summariseCompany(company: CwCompany): CompanySummary {
	return { id: company.id, identifier: company.identifier ?? '', name: company.name ?? '' };
}
