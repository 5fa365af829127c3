/**
 * Negative controls of the state comparison the soak and the crash test rely on: a generated
 * tenant is synced once, then one difference is planted straight into the simulators' state, and
 * the comparison must report exactly that difference, of the right kind and subject. Were it blind
 * to one, "0 differences" would mean nothing.
 */
import { domotzLinkInventoryField, formatMarker, parseMarker } from '../../lib/links/marker';
import { leaseNoteText, newLeaseToken } from '../../lib/sync/lease';
import { runAgentSync } from '../../lib/sync/sync-agent';
import type { Configuration, ConfigurationInput, ConnectWiseSeed } from '../simulators/connectwise';
import type { DomotzSeed } from '../simulators/domotz';
import {
	LINK_STORE,
	SoakSimulators,
	scenarioClients,
	scenarioTenant,
	syncAgentOptions,
	variantOf,
} from './scenario';
import { compareSnapshots, snapshotTenant, type TenantSnapshot } from './snapshot';

/** A seed of the variant that keeps links in a custom field and creates configurations. */
const SEED = 8_200;
const tenant = scenarioTenant(SEED, { agents: 5, devicesPerAgent: 12 });
const tenantConfigurationIds = new Set(
	(tenant.connectwise.configurations ?? []).map((configuration) => configuration.id as number),
);

const simulators = new SoakSimulators();
const snapshot = (): TenantSnapshot =>
	snapshotTenant(simulators.domotz, simulators.connectwise, {
		store: LINK_STORE,
		tenantConfigurationIds,
	});

let synced: { domotz: DomotzSeed; connectwise: ConnectWiseSeed };
let reference: TenantSnapshot;

beforeAll(async () => {
	await simulators.start();
	simulators.load(tenant);
	const { clients } = scenarioClients(simulators, { timeScale: 0, timeoutMs: 5_000 }, SEED);
	await runAgentSync(clients, syncAgentOptions(tenant, variantOf(SEED).mode));
	synced = {
		domotz: simulators.domotz.state.exportSeed(),
		connectwise: simulators.connectwise.state.snapshot(),
	};
	reference = snapshot();
}, 60_000);
afterAll(async () => {
	await simulators.close();
});

// Every plant starts from the synced tenant, reloaded as the simulators' admin load would.
beforeEach(() => {
	simulators.domotz.load(synced.domotz);
	simulators.connectwise.load(synced.connectwise);
});

/** A configuration the sync created, the device its marker names and that marker. */
function createdConfiguration() {
	for (const configuration of simulators.connectwise.state.configurations()) {
		if (tenantConfigurationIds.has(configuration.id)) continue;
		const stored = parseMarker(
			simulators.connectwise.state.customFieldValue(configuration.id, LINK_STORE.caption),
		);
		if (stored.kind === 'device') {
			return { configuration, device: stored.device, marker: formatMarker(stored.device) };
		}
	}
	throw new Error('The sync created no configuration');
}

/** A configuration holding every value `configuration` holds, its link set to `link`. */
function copyOf(configuration: Configuration, link: string | null): ConfigurationInput {
	const serverAssigned = new Set(['id', '_info', 'mobileGuid', 'customFields']);
	return {
		...(Object.fromEntries(
			Object.entries(configuration).filter(([field]) => !serverAssigned.has(field)),
		) as Omit<ConfigurationInput, 'customFields'>),
		customFields: configuration.customFields.map(({ id, caption, value }) => ({
			id,
			value: caption === LINK_STORE.caption ? link : value,
		})),
	};
}

describe('The comparison of a synced tenant with its reference', () => {
	it('finds no difference in the tenant as the sync left it, reloaded', () => {
		expect(reference.configurations.size).toBeGreaterThan(tenantConfigurationIds.size);
		expect(reference.leaseNotes.size).toBe(0);
		expect(compareSnapshots(reference, snapshot())).toEqual([]);
	});

	it('reports a blanked field on a configuration as blanked, naming the configuration and the field', () => {
		const configuration = simulators.connectwise.state
			.configurations()
			.find((candidate) => tenantConfigurationIds.has(candidate.id) && candidate.serialNumber);
		if (!configuration) throw new Error('No configuration of the tenant has a serial number');
		simulators.connectwise.state.editConfiguration(configuration.id, { serialNumber: null });

		expect(compareSnapshots(reference, snapshot())).toEqual([
			{
				kind: 'blanked',
				subject: `#${configuration.id}`,
				field: 'serialNumber',
				expected: configuration.serialNumber,
				actual: null,
			},
		]);
	});

	it('reports a Domotz mirror gone from a device, naming the device and the configuration it named', () => {
		const { device, marker } = createdConfiguration();
		const { agentId, deviceId } = device;
		const seed = structuredClone(synced.domotz);
		delete seed.deviceInventory?.[agentId]?.[deviceId]?.[domotzLinkInventoryField.key];
		simulators.domotz.load(seed);

		expect(compareSnapshots(reference, snapshot())).toEqual([
			{
				kind: 'mirror',
				subject: `device ${agentId}/${deviceId}`,
				field: 'mirror',
				expected: `created ${marker}`,
				actual: null,
			},
		]);
	});

	it('reports two configurations carrying one marker as one duplicate of that marker', () => {
		const { configuration, marker } = createdConfiguration();
		const copy = simulators.connectwise.state.addConfiguration(copyOf(configuration, marker));

		expect(compareSnapshots(reference, snapshot())).toEqual([
			{
				kind: 'duplicate',
				subject: marker,
				actual: `created ${marker}, created ${marker} (id ${copy.id})`,
			},
		]);
	});

	it('reports a configuration created twice for a device, once without the marker, as a duplicate of that marker', () => {
		const { configuration, marker } = createdConfiguration();
		const copy = simulators.connectwise.state.addConfiguration(copyOf(configuration, null));

		expect(compareSnapshots(reference, snapshot())).toEqual([
			{
				kind: 'duplicate',
				subject: marker,
				actual: `created ${marker}, created without a marker, id ${copy.id}`,
			},
		]);
	});

	it('reports a new configuration without a marker that repeats no other as extra, not as a duplicate', () => {
		const { configuration } = createdConfiguration();
		const stranger = simulators.connectwise.state.addConfiguration({
			...copyOf(configuration, null),
			name: `${configuration.name} (bought later)`,
		});

		expect(compareSnapshots(reference, snapshot())).toEqual([
			{ kind: 'extra', subject: `created without a marker, id ${stranger.id}` },
		]);
	});

	it('reports a lease note left on a company, naming the company and the note', () => {
		const companyId = Number(Object.values(tenant.truth.agentCompanies).find(Boolean));
		const text = leaseNoteText(newLeaseToken(), 120);
		const posted = simulators.connectwise.state.notes.create(companyId, { text }, 'api');
		expect(posted.ok).toBe(true);

		expect(compareSnapshots(reference, snapshot())).toEqual([
			{
				kind: 'lease',
				subject: `company #${companyId}`,
				field: 'lease notes',
				expected: null,
				actual: text,
			},
		]);
	});

	it("reports a configuration moved to another of its company's sites, naming the configuration and both sites", () => {
		const sitesOf = (companyId: number) =>
			simulators.connectwise.state
				.sites(companyId)
				.map((site) => ({ id: site.id as number, name: site.name as string }));
		const configuration = simulators.connectwise.state
			.configurations()
			.find((candidate) => candidate.site && sitesOf(candidate.company.id).length > 1);
		if (!configuration?.site) throw new Error('No configuration of a company with two sites');
		const from = configuration.site;
		const otherSite = sitesOf(configuration.company.id).find((site) => site.id !== from.id)!;
		simulators.connectwise.state.editConfiguration(configuration.id, {
			site: { id: otherSite.id },
		});

		expect(compareSnapshots(reference, snapshot())).toEqual([
			{
				kind: 'field',
				subject: `#${configuration.id}`,
				field: 'site',
				expected: from.name,
				actual: otherSite.name,
			},
		]);
	});

	it("reports a company's site renamed, and each configuration that shows the new name", () => {
		const site = synced.connectwise.sites![0];
		const onSite = synced.connectwise
			.configurations!.filter((configuration) => configuration.site?.id === site.id)
			.map((configuration) => configuration.id as number)
			.sort((left, right) => left - right);
		const seed = structuredClone(synced.connectwise);
		seed.sites![0].name = 'Renamed Site';
		simulators.connectwise.load(seed);

		expect(compareSnapshots(reference, snapshot())).toEqual([
			...onSite.map((id) => ({
				kind: 'field',
				subject: `#${id}`,
				field: 'site',
				expected: site.name,
				actual: 'Renamed Site',
			})),
			{
				kind: 'site',
				subject: `site #${site.id}`,
				field: 'name',
				expected: site.name,
				actual: 'Renamed Site',
			},
		]);
	});
});
