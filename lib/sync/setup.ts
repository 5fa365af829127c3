/**
 * The records a sync needs before its first write: the link custom field, the Domotz inventory
 * field that mirrors links, and the manufacturers that devices name. Each is looked up first and
 * created only when missing.
 */

import type { CwConfiguration, CwManufacturer } from '../connectwise/schemas';
import { setupNameLimits } from '../connectwise/limits';
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
	const fields = await clients.domotz.listInventoryFields();
	if (fields.some((field) => field.key === domotzLinkInventoryField.key)) return;
	await clients.domotz.createInventoryField(
		domotzLinkInventoryField.key,
		domotzLinkInventoryField.label,
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
		clients.connectwise.createManufacturer(name),
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

/** The planners' lookup key, so that names found here are found there. */
export function normaliseName(name: string | null | undefined): string {
	return lookupKey(name ?? '');
}

export function describeError(error: unknown): string {
	return error instanceof Error ? error.message : String(error);
}
