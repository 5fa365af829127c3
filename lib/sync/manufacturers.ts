import type { SyncClients } from '../clients';
import { setupNameLimits } from '../connectwise/limits';
import { lookupKey } from '../connectwise/names';
import type { CwManufacturer } from '../connectwise/schemas';
import { describeError } from '../http/errors';
import { settleAll } from '../pool';
import { createUnique } from '../writes/create-unique';

export interface ManufacturerSetup {
	/** Every known manufacturer by lookup key, including the ones created here. */
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
		const key = lookupKey(manufacturer.name);
		if (!lookup.has(key)) lookup.set(key, { id: manufacturer.id, name: manufacturer.name });
	}
	const missing = new Map<string, string>();
	for (const name of wanted) {
		const key = lookupKey(name);
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
			lookup.set(lookupKey(outcome.value.name), {
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
