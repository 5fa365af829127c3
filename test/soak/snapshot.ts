/**
 * The simulators' state reduced to what a sync may change, keyed so that two runs compare equal
 * when they did the same things in a different order: configurations the tenant had keep their
 * id, configurations a run created are known by the link marker they carry (their ids depend on
 * the order of creation), references compare by name and a Domotz mirror by the configuration it
 * names. Sites and companies are never created, so they keep their ids.
 */
import {
	findLinkField,
	formatMarker,
	readStoredLink,
	type LinkCarrier,
	type LinkStore,
} from '../../lib/links/marker';
import { LEASE_NOTE_PREFIX } from '../../lib/sync/lease';
import type { Configuration, ConnectWiseSimulator } from '../simulators/connectwise';
import type { DomotzSimulator } from '../simulators/domotz';

/** Field path → value, `null` for empty. */
export type FlatRecord = Record<string, string | null>;

export interface TenantSnapshot {
	/**
	 * Configurations by identity: `#ID` for the tenant's own, `created domotz:A/D` for new ones,
	 * `created without a marker, id ID` for new ones without a link.
	 */
	configurations: Map<string, FlatRecord>;
	/** Link markers carried by more than one configuration, with the identities carrying them. */
	sharedMarkers: Map<string, string[]>;
	/** Domotz devices by `AGENT/DEVICE`, the link mirror given as the identity it names. */
	devices: Map<string, FlatRecord>;
	/** The companies' sites by `site #ID`, which configurations name and a sync only reads. */
	sites: Map<string, FlatRecord>;
	/** Texts of the creation lease's tickets by `company #ID`: runs that ended leave none. */
	leaseNotes: Map<string, string[]>;
	/** Names of setup records, sorted, repeats kept: manufacturers, custom fields, inventory fields. */
	setup: Record<'manufacturers' | 'customFields' | 'inventoryFields', string[]>;
}

export type DifferenceKind =
	| 'duplicate'
	| 'deleted'
	| 'missing'
	| 'extra'
	| 'blanked'
	| 'field'
	| 'link'
	| 'mirror'
	| 'device'
	| 'site'
	| 'lease'
	| 'setup';

export interface Difference {
	kind: DifferenceKind;
	/** The configuration identity or link marker, device key, site, company or setup table. */
	subject: string;
	field?: string;
	expected?: string | null;
	actual?: string | null;
}

const MIRROR_KEY = 'connectwise_configuration_id';
const MARKER_FIELD = 'link';
/** Set by ConnectWise in creation order, or compared on their own (custom fields). */
const SERVER_ASSIGNED = new Set(['id', 'mobileGuid', '_info', 'customFields']);
const UNMARKED_IDENTITY = 'created without a marker';

function isEmpty(value: unknown): boolean {
	return value === undefined || value === null || value === '';
}

function flatValue(value: unknown): string | null {
	if (isEmpty(value)) return null;
	if (typeof value !== 'object') return String(value);
	const reference = value as { name?: unknown; identifier?: unknown; id?: unknown };
	if (!Array.isArray(value) && ('name' in reference || 'identifier' in reference)) {
		return String(reference.name ?? reference.identifier);
	}
	return JSON.stringify(value);
}

/** What lib reads a link from. */
function linkCarrier(configuration: Configuration): LinkCarrier {
	return {
		deviceIdentifier: configuration.deviceIdentifier,
		customFields: configuration.customFields.map(({ id, caption, value }) => ({
			id,
			caption,
			value,
		})),
	};
}

/** The link compares as one field; the custom field that holds it is left out. */
function flattenConfiguration(configuration: Configuration, store: LinkStore): FlatRecord {
	const carrier = linkCarrier(configuration);
	const stored = readStoredLink(carrier, store);
	const flat: FlatRecord = {
		[MARKER_FIELD]: stored.kind === 'device' ? formatMarker(stored.device) : null,
	};
	for (const [key, value] of Object.entries(configuration)) {
		if (SERVER_ASSIGNED.has(key)) continue;
		flat[key] = flatValue(value);
	}
	const linkFieldId =
		store.kind === 'customField' ? findLinkField(carrier, store.caption)?.id : undefined;
	for (const field of configuration.customFields) {
		if (field.id === linkFieldId) continue;
		flat[`customField:${field.caption}`] = flatValue(field.value);
	}
	return flat;
}

function flattenObject(prefix: string, value: unknown, into: FlatRecord): void {
	if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
		for (const [key, inner] of Object.entries(value)) {
			flattenObject(prefix ? `${prefix}.${key}` : key, inner, into);
		}
		return;
	}
	into[prefix] = flatValue(value);
}

export function snapshotTenant(
	domotz: DomotzSimulator,
	connectwise: ConnectWiseSimulator,
	options: { store: LinkStore; tenantConfigurationIds: ReadonlySet<number> },
): TenantSnapshot {
	const configurations = new Map<string, FlatRecord>();
	const identityById = new Map<number, string>();
	const carriers = new Map<string, string[]>();
	for (const configuration of connectwise.state.configurations()) {
		const flat = flattenConfiguration(configuration, options.store);
		const marker = flat[MARKER_FIELD];
		const identity = options.tenantConfigurationIds.has(configuration.id)
			? `#${configuration.id}`
			: marker
				? `created ${marker}`
				: `${UNMARKED_IDENTITY}, id ${configuration.id}`;
		const unique = configurations.has(identity) ? `${identity} (id ${configuration.id})` : identity;
		configurations.set(unique, flat);
		identityById.set(configuration.id, unique);
		if (marker) carriers.set(marker, [...(carriers.get(marker) ?? []), unique]);
	}

	const devices = new Map<string, FlatRecord>();
	for (const agent of domotz.state.agents()) {
		for (const device of domotz.state.devices(agent.id) ?? []) {
			const flat: FlatRecord = {};
			flattenObject('', device, flat);
			const mirror = domotz.state
				.deviceInventory(agent.id, device.id)
				?.find((field) => field.key === MIRROR_KEY)?.value;
			flat.mirror = isEmpty(mirror)
				? null
				: (identityById.get(Number(mirror)) ?? `unknown configuration ${String(mirror)}`);
			devices.set(`${agent.id}/${device.id}`, flat);
		}
	}

	const sites = new Map<string, FlatRecord>();
	for (const site of connectwise.state.sites()) {
		const flat: FlatRecord = {};
		for (const [key, value] of Object.entries(site)) {
			if (key !== 'id' && key !== '_info') flat[key] = flatValue(value);
		}
		sites.set(`site #${String(site.id)}`, flat);
	}

	const leaseNotes = new Map<string, string[]>();
	for (const note of connectwise.state.notes.all()) {
		if (!note.text.startsWith(LEASE_NOTE_PREFIX)) continue;
		const company = `company #${note.company.id}`;
		leaseNotes.set(company, [...(leaseNotes.get(company) ?? []), note.text]);
	}

	const sortedNames = (names: unknown[]) => names.map((name) => String(name).toLowerCase()).sort();
	return {
		configurations,
		sharedMarkers: new Map([...carriers].filter(([, identities]) => identities.length > 1)),
		devices,
		sites,
		leaseNotes,
		setup: {
			manufacturers: sortedNames(connectwise.state.manufacturers().map((row) => row.name)),
			customFields: sortedNames(connectwise.state.userDefinedFields().map((row) => row.caption)),
			inventoryFields: sortedNames(domotz.state.inventoryFields().map((field) => field.key)),
		},
	};
}

function compareRecords(
	subject: string,
	expected: FlatRecord,
	actual: FlatRecord,
	kindOf: (field: string) => DifferenceKind,
): Difference[] {
	const fields = [...new Set([...Object.keys(expected), ...Object.keys(actual)])].sort();
	return fields.flatMap((field): Difference[] => {
		const [want, got] = [expected[field] ?? null, actual[field] ?? null];
		if (want === got) return [];
		const kind = kindOf(field);
		const blanked = (kind === 'field' || kind === 'device') && want !== null && got === null;
		return [{ kind: blanked ? 'blanked' : kind, subject, field, expected: want, actual: got }];
	});
}

/** What a configuration holds apart from its link, null values left out. */
function contentWithoutLink(record: FlatRecord): string {
	return JSON.stringify(
		Object.entries(record)
			.filter(([field, value]) => field !== MARKER_FIELD && value !== null)
			.sort(([left], [right]) => (left < right ? -1 : 1)),
	);
}

/**
 * Configurations made twice for one device: two carrying its marker, or a new one without a
 * marker holding what another configuration holds (a create repeats the device's values, so only
 * the link tells the two apart). `named` are the identities these differences already name.
 */
function duplicates(
	reference: TenantSnapshot,
	actual: TenantSnapshot,
): { differences: Difference[]; named: Set<string> } {
	const differences: Difference[] = [];
	const named = new Set<string>();
	const report = (subject: string, identities: string[]) => {
		differences.push({ kind: 'duplicate', subject, actual: identities.join(', ') });
		for (const identity of identities) named.add(identity);
	};
	for (const [marker, identities] of actual.sharedMarkers) report(marker, identities);

	const unmarkedExtras = [...actual.configurations.keys()].filter(
		(identity) => identity.startsWith(UNMARKED_IDENTITY) && !reference.configurations.has(identity),
	);
	if (unmarkedExtras.length === 0) return { differences, named };
	const identitiesByContent = new Map<string, string[]>();
	for (const [identity, record] of actual.configurations) {
		const content = contentWithoutLink(record);
		identitiesByContent.set(content, [...(identitiesByContent.get(content) ?? []), identity]);
	}
	for (const extra of unmarkedExtras) {
		if (named.has(extra)) continue;
		const twins =
			identitiesByContent.get(contentWithoutLink(actual.configurations.get(extra)!)) ?? [];
		if (twins.length < 2) continue;
		const original = twins.find((identity) => !identity.startsWith(UNMARKED_IDENTITY)) ?? twins[0];
		report(actual.configurations.get(original)![MARKER_FIELD] ?? original, twins);
	}
	return { differences, named };
}

/** Every way `actual` differs from `reference`; empty when the two tenants are the same. */
export function compareSnapshots(reference: TenantSnapshot, actual: TenantSnapshot): Difference[] {
	const { differences, named } = duplicates(reference, actual);
	for (const [identity, expected] of reference.configurations) {
		const found = actual.configurations.get(identity);
		if (!found) {
			differences.push({
				kind: identity.startsWith('#') ? 'deleted' : 'missing',
				subject: identity,
			});
			continue;
		}
		differences.push(
			...compareRecords(identity, expected, found, (field) =>
				field === MARKER_FIELD ? 'link' : 'field',
			),
		);
	}
	for (const identity of actual.configurations.keys()) {
		if (!reference.configurations.has(identity) && !named.has(identity))
			differences.push({ kind: 'extra', subject: identity });
	}
	for (const [key, expected] of reference.devices) {
		const found = actual.devices.get(key);
		if (!found) {
			differences.push({ kind: 'device', subject: key, field: '(device)' });
			continue;
		}
		differences.push(
			...compareRecords(`device ${key}`, expected, found, (field) =>
				field === 'mirror' ? 'mirror' : 'device',
			),
		);
	}
	for (const site of new Set([...reference.sites.keys(), ...actual.sites.keys()])) {
		const [expected, found] = [reference.sites.get(site), actual.sites.get(site)];
		if (expected && found) {
			differences.push(...compareRecords(site, expected, found, () => 'site'));
			continue;
		}
		const [want, got] = [expected?.name ?? null, found?.name ?? null];
		differences.push({ kind: 'site', subject: site, field: '(site)', expected: want, actual: got });
	}
	// By count: a ticket's text carries its run's random token, so no two runs leave the same text.
	for (const company of new Set([...reference.leaseNotes.keys(), ...actual.leaseNotes.keys()])) {
		const [want, got] = [reference.leaseNotes.get(company), actual.leaseNotes.get(company)];
		if (want?.length === got?.length) continue;
		differences.push({
			kind: 'lease',
			subject: company,
			field: 'lease notes',
			expected: want?.join('\n') ?? null,
			actual: got?.join('\n') ?? null,
		});
	}
	for (const table of Object.keys(reference.setup) as Array<keyof TenantSnapshot['setup']>) {
		const [want, got] = [reference.setup[table].join(', '), actual.setup[table].join(', ')];
		if (want !== got)
			differences.push({ kind: 'setup', subject: table, expected: want, actual: got });
	}
	return differences;
}

/** Differences counted by a label, for the figures. */
export function tallyBy(
	differences: readonly Difference[],
	labelOf: (difference: Difference) => string,
): Record<string, number> {
	const tally: Record<string, number> = {};
	for (const difference of differences) {
		const label = labelOf(difference);
		tally[label] = (tally[label] ?? 0) + 1;
	}
	return tally;
}
