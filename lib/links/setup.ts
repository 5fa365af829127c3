/**
 * What a link needs before it is written: the link custom field in ConnectWise and, when links
 * are mirrored, the Domotz inventory field. Each is looked up first and created only when missing.
 */

import type { SyncClients } from '../clients';
import { lookupKey } from '../connectwise/names';
import type { CwConfiguration } from '../connectwise/schemas';
import type { DomotzInventoryField } from '../domotz/schemas';
import { describeError } from '../http/errors';
import { createUnique } from '../writes/create-unique';
import { domotzLinkInventoryField, findLinkField, type LinkStore } from './marker';

/** Where links are kept, and whether they are mirrored on the Domotz device. */
export interface LinkSettings {
	linkStore: LinkStore;
	mirrorInDomotz: boolean;
}

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
	const wanted = lookupKey(store.caption);
	const existing = (await clients.connectwise.listUserDefinedFields()).find(
		(field) => lookupKey(field.caption) === wanted && field.podId === CONFIGURATION_POD,
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

/** Where the link field and the mirror field come from: the workspace, once per execution. */
export interface LinkSetup {
	linkField(store: LinkStore, knownConfiguration?: CwConfiguration): Promise<number | undefined>;
	mirrorField(): Promise<void>;
}

export type PreparedLinks =
	| {
			ok: true;
			linkFieldId: number | undefined;
			mirror: boolean;
			/** Why links are not mirrored although the user asked for it. */
			mirrorProblem?: string;
	  }
	| { ok: false; reason: string };

/** Makes sure the link field (and, when asked, the Domotz mirror field) exists. */
export async function prepareLinkWrites(
	setup: LinkSetup,
	settings: LinkSettings,
	knownConfiguration?: CwConfiguration,
): Promise<PreparedLinks> {
	const [linkField, mirrorField] = await Promise.all([
		setup.linkField(settings.linkStore, knownConfiguration).then(
			(id) => ({ ok: true as const, id }),
			(error: unknown) => ({ ok: false as const, reason: describeError(error) }),
		),
		settings.mirrorInDomotz
			? setup.mirrorField().then(
					() => undefined,
					(error: unknown) => describeError(error),
				)
			: Promise.resolve(undefined),
	]);
	if (!linkField.ok) {
		return { ok: false, reason: `the link field could not be prepared: ${linkField.reason}` };
	}
	return {
		ok: true,
		linkFieldId: linkField.id,
		mirror: settings.mirrorInDomotz && mirrorField === undefined,
		...(mirrorField === undefined
			? {}
			: { mirrorProblem: `the Domotz inventory field could not be prepared: ${mirrorField}` }),
	};
}
