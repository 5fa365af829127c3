/**
 * The records a sync needs before its first write: the link custom field, the Domotz inventory
 * field that mirrors links, and the manufacturers that devices name. Each is looked up first and
 * created only when missing.
 */

import type { CwConfiguration, CwManufacturer } from '../connectwise/schemas';
import { setupNameLimits } from '../connectwise/limits';
import type { DomotzInventoryField } from '../domotz/schemas';
import { UncertainWriteError } from '../http/errors';
import { domotzLinkInventoryField, findLinkField, type LinkStore } from '../links/marker';
import { lookupKey } from './plan';
import { settleAll } from './pool';
import type { SyncClients } from './workspace';

/** ConnectWise's screen pod of configurations, where the link field lives. */
const CONFIGURATION_POD = 24;

/**
 * The id of the link custom field, creating it on a fresh tenant. `undefined` when links are kept
 * in Device Identifier. A configuration already read shows the field without another request.
 */
export async function ensureLinkField(
	clients: SyncClients,
	store: LinkStore,
	knownConfiguration?: CwConfiguration,
): Promise<number | undefined> {
	if (store.kind !== 'customField') return undefined;
	const present = knownConfiguration ? findLinkField(knownConfiguration, store.caption) : undefined;
	if (present) return present.id;
	const wanted = normaliseName(store.caption);
	const existing = (await clients.connectwise.listUserDefinedFields()).find(
		(field) => normaliseName(field.caption) === wanted && field.podId === CONFIGURATION_POD,
	);
	if (existing) return existing.id;
	const created = await clients.connectwise.createUserDefinedField({
		caption: store.caption,
		podId: CONFIGURATION_POD,
		fieldTypeIdentifier: 'Text',
		entryTypeIdentifier: 'EntryField',
		displayOnScreenFlag: true,
		helpText:
			'Link to a Domotz device (domotz:AGENT/DEVICE) kept by the n8n Domotz ConnectWise Sync node',
	});
	return created.id;
}

export async function ensureMirrorField(clients: SyncClients): Promise<void> {
	const { key, label } = domotzLinkInventoryField;
	const find = async () =>
		(await clients.domotz.listInventoryFields()).find((field) => field.key === key);
	if (await find()) return;
	await createUnique(
		() =>
			clients.domotz
				.createInventoryField(key, label)
				.then((): DomotzInventoryField => ({ key, label })),
		find,
	);
}

export interface ManufacturerSetup {
	/** Every known manufacturer by normalised name, including the ones created here. */
	lookup: Map<string, { id: number; name: string }>;
	created: string[];
	failed: Array<{ name: string; reason: string }>;
}

/**
 * Indexes the tenant's manufacturers and, when allowed, creates the named ones that are missing
 * (names longer than ConnectWise accepts are never created).
 */
export async function prepareManufacturers(
	clients: SyncClients,
	known: readonly CwManufacturer[],
	wanted: readonly string[],
	createMissing: boolean,
): Promise<ManufacturerSetup> {
	const lookup = new Map<string, { id: number; name: string }>();
	for (const manufacturer of known) {
		const key = normaliseName(manufacturer.name);
		if (!lookup.has(key)) lookup.set(key, { id: manufacturer.id, name: manufacturer.name });
	}
	const missing = new Map<string, string>();
	for (const name of wanted) {
		const key = normaliseName(name);
		if (key !== '' && !lookup.has(key) && !missing.has(key)) missing.set(key, name.trim());
	}
	const setup: ManufacturerSetup = { lookup, created: [], failed: [] };
	if (!createMissing || missing.size === 0) return setup;
	const names = [...missing.values()].filter((name) => {
		if (name.length <= setupNameLimits.manufacturer) return true;
		setup.failed.push({
			name,
			reason: `longer than the ${setupNameLimits.manufacturer} characters ConnectWise allows for a manufacturer`,
		});
		return false;
	});
	const outcomes = await settleAll(names, 2, (name) =>
		createUnique(
			() => clients.connectwise.createManufacturer(name),
			async () => (await clients.connectwise.listManufacturers({ name }))[0],
		),
	);
	outcomes.forEach((outcome, index) => {
		if (outcome.ok) {
			lookup.set(normaliseName(outcome.value.name), {
				id: outcome.value.id,
				name: outcome.value.name,
			});
			setup.created.push(outcome.value.name);
		} else {
			setup.failed.push({ name: names[index], reason: describeError(outcome.error) });
		}
	});
	return setup;
}

/** Creates sent in all for one setup record, the first included. */
const SETUP_CREATE_ATTEMPTS = 3;

/**
 * Creates a record that its name or key identifies (a manufacturer, an inventory field): the API
 * refuses a second one, so sending the create again can never make two. After a failure the record
 * is looked for (the answer was lost, or another run made it); missing after an uncertain create,
 * it is sent again.
 */
async function createUnique<Created>(
	create: () => Promise<Created>,
	find: () => Promise<Created | undefined>,
): Promise<Created> {
	for (let sent = 1; ; sent += 1) {
		const created = await create().then(
			(record) => ({ ok: true as const, record }),
			(error: unknown) => ({ ok: false as const, error }),
		);
		if (created.ok) return created.record;
		const found = await find().then(
			(record) => record,
			() => undefined,
		);
		if (found !== undefined) return found;
		if (!(created.error instanceof UncertainWriteError) || sent >= SETUP_CREATE_ATTEMPTS) {
			throw created.error;
		}
	}
}

/** The planners' lookup key, so that names found here are found there. */
export function normaliseName(name: string | null | undefined): string {
	return lookupKey(name ?? '');
}

export function describeError(error: unknown): string {
	return error instanceof Error ? error.message : String(error);
}
