/**
 * What a link needs before it is written: the link custom field in ConnectWise and, when links
 * are mirrored, the Domotz inventory field. Each is looked up first and created only when missing.
 */

import type { SyncClients } from '../clients';
import type { ConnectWiseClient } from '../connectwise/client';
import { lookupKey } from '../connectwise/names';
import type { CwConfiguration, CwUserDefinedField } from '../connectwise/schemas';
import type { DomotzInventoryField } from '../domotz/schemas';
import { describeError, SetupError } from '../http/errors';
import { createUnique } from '../writes/create-unique';
import {
	domotzLinkInventoryField,
	findLinkField,
	linkCaptionProblem,
	type LinkStore,
} from './marker';

/** Where links are kept, and whether they are mirrored on the Domotz device. */
export interface LinkSettings {
	linkStore: LinkStore;
	mirrorInDomotz: boolean;
}

/** The pod ConnectWise usually gives the configuration screen; no document names it. */
export const USUAL_CONFIGURATION_POD = 24;

/** The pod of the configuration screen, and how it was found. */
export type ConfigurationPod =
	| { kind: 'found'; podId: number; from: 'fieldDefinition' | 'configuration' }
	| { kind: 'assumed'; podId: typeof USUAL_CONFIGURATION_POD };

export type PodSource = Pick<ConnectWiseClient, 'listUserDefinedFields' | 'listConfigurations'>;

/** Pod descriptions of the configuration screen: `Configuration`, `Configurations`, … */
const configurationPodDescription = /configuration/i;

function podNumber(value: unknown): number | undefined {
	const number = typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value;
	return typeof number === 'number' && Number.isInteger(number) && number > 0 ? number : undefined;
}

/**
 * Where the configuration screen's custom fields live: the pod of a user-defined field described
 * as configurations; else the pod of a field a configuration carries (named there, or through its
 * definition); else the usual 24, assumed.
 */
export async function findConfigurationPod(
	connectwise: PodSource,
	knownFields?: readonly CwUserDefinedField[],
): Promise<ConfigurationPod> {
	const fields = knownFields ?? (await connectwise.listUserDefinedFields());
	const describedPod = fields
		.filter((field) => configurationPodDescription.test(field.podDescription ?? ''))
		.map((field) => podNumber(field.podId))
		.find((podId) => podId !== undefined);
	if (describedPod !== undefined) {
		return { kind: 'found', podId: describedPod, from: 'fieldDefinition' };
	}
	const [configuration] = await connectwise.listConfigurations({
		fields: ['customFields'],
		limit: 1,
	});
	for (const entry of configuration?.customFields ?? []) {
		const definitionId = podNumber(entry.userDefinedFieldRecId) ?? entry.id;
		const definition = fields.find((field) => field.id === definitionId);
		const podId = podNumber(entry.podId) ?? podNumber(definition?.podId);
		if (podId !== undefined) return { kind: 'found', podId, from: 'configuration' };
	}
	return { kind: 'assumed', podId: USUAL_CONFIGURATION_POD };
}

/** ConnectWise orders a pod's fields by sequence number, 1 to 500. */
const LAST_SEQUENCE_NUMBER = 500;

/** The first number after the pod's fields, or the first one free when those run to 500. */
function freeSequenceNumber(fields: readonly CwUserDefinedField[], podId: number): number {
	const taken = new Set(
		fields.filter((field) => field.podId === podId).map((field) => field.sequenceNumber ?? 0),
	);
	const next = Math.max(0, ...taken) + 1;
	if (next <= LAST_SEQUENCE_NUMBER) return next;
	for (let candidate = 1; candidate <= LAST_SEQUENCE_NUMBER; candidate += 1) {
		if (!taken.has(candidate)) return candidate;
	}
	throw new SetupError(
		`Pod ${podId} of ConnectWise already has ${LAST_SEQUENCE_NUMBER} custom fields, so the link field cannot be added`,
		'Delete an unused configuration custom field in ConnectWise, or keep links in Device Identifier.',
	);
}

const LINK_FIELD_HELP =
	'Link to a Domotz device (domotz:AGENT/DEVICE) kept by the n8n Domotz ConnectWise Sync node';

/** The definition of the link field among `fields`: its caption on the configuration pod. */
export function linkFieldDefinition(
	fields: readonly CwUserDefinedField[],
	caption: string,
	podId: number,
): CwUserDefinedField | undefined {
	const wanted = lookupKey(caption);
	return fields.find((field) => lookupKey(field.caption) === wanted && field.podId === podId);
}

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
	const captionProblem = linkCaptionProblem(store.caption);
	if (captionProblem) {
		throw new SetupError(
			`The link field caption ${captionProblem}`,
			'Choose another Link Field Caption.',
		);
	}
	const present = knownConfiguration ? findLinkField(knownConfiguration, store.caption) : undefined;
	if (present) return present.id;
	const { connectwise } = clients;
	const fields = await connectwise.listUserDefinedFields();
	const pod = await findConfigurationPod(connectwise, fields);
	const existing = linkFieldDefinition(fields, store.caption, pod.podId);
	if (existing) return existing.id;
	const created = await connectwise.createUserDefinedField({
		caption: store.caption,
		podId: pod.podId,
		sequenceNumber: freeSequenceNumber(fields, pod.podId),
		fieldTypeIdentifier: 'Text',
		entryTypeIdentifier: 'EntryField',
		displayOnScreenFlag: true,
		helpText: LINK_FIELD_HELP,
	});
	if (pod.kind === 'assumed') await checkOnConfigurations(connectwise, created);
	return created.id;
}

/** A field made on an assumed pod is checked on a configuration, when the tenant has one. */
async function checkOnConfigurations(
	connectwise: PodSource,
	created: CwUserDefinedField,
): Promise<void> {
	const [configuration] = await connectwise.listConfigurations({
		fields: ['customFields'],
		limit: 1,
	});
	if (!configuration) return;
	if ((configuration.customFields ?? []).some((field) => field.id === created.id)) return;
	throw new SetupError(
		`The link field "${created.caption}" (ID ${created.id}) was created on pod ${USUAL_CONFIGURATION_POD}, ConnectWise's usual configuration pod, but configuration ${configuration.id} does not show it, so this tenant keeps configuration fields elsewhere: delete that field and create a Text field "${created.caption}" on the configuration screen in ConnectWise (System › Setup Tables › Custom Fields), then run again.`,
		'Or keep links in Device Identifier.',
	);
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
