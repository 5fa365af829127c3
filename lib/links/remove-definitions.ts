/**
 * The last step of removing the integration: the ConnectWise link field definition and the
 * Domotz mirror field definition are deleted, each only once a read made after the clears shows
 * that no value is left in it, since deleting a definition takes every value it holds with it.
 * These are setup writes, like the creation of the same fields (setup.ts), not link writes.
 */

import type { SyncClients } from '../clients';
import { and, eq, like } from '../connectwise/conditions';
import { ApiError, describeError } from '../http/errors';
import { settleAll } from '../pool';
import { domotzLinkInventoryField, findLinkField, type DeviceRef, type LinkStore } from './marker';
import { readMirror, type MirrorScan } from './mirror-scan';
import { findConfigurationPod, linkFieldDefinition } from './setup';

export type DefinitionRemoval =
	| { status: 'removed' | 'wouldBeRemoved' | 'notAsked' }
	/** Left in place: a value may remain, or the API refused. */
	| { status: 'kept'; reason: string }
	| { status: 'absent'; reason: string };

export interface DefinitionRemovals {
	linkField: DefinitionRemoval;
	mirrorField: DefinitionRemoval;
}

export interface DefinitionCheck {
	store: LinkStore;
	dryRun: boolean;
	concurrency: number;
	/** A dry run's configurations whose marker would have been cleared: they count as empty. */
	plannedClears: ReadonlySet<number>;
	scan: MirrorScan;
	/** Every device whose mirror was (or would have been) cleared: read again before deleting. */
	clearedMirrors: readonly DeviceRef[];
}

export async function removeFieldDefinitions(
	clients: SyncClients,
	check: DefinitionCheck,
): Promise<DefinitionRemovals> {
	const kept = (error: unknown): DefinitionRemoval => ({
		status: 'kept',
		reason: describeError(error),
	});
	const [linkField, mirrorField] = await Promise.all([
		removeLinkField(clients, check).catch(kept),
		removeMirrorField(clients, check).catch(kept),
	]);
	return { linkField, mirrorField };
}

async function removeLinkField(
	{ connectwise }: SyncClients,
	{ store, dryRun, plannedClears }: DefinitionCheck,
): Promise<DefinitionRemoval> {
	if (store.kind !== 'customField') {
		return { status: 'absent', reason: 'links are kept in Device Identifier, a built-in field' };
	}
	const fields = await connectwise.listUserDefinedFields();
	const pod = await findConfigurationPod(connectwise, fields);
	const definition = linkFieldDefinition(fields, store.caption, pod.podId);
	if (!definition) {
		return {
			status: 'absent',
			reason: `ConnectWise has no configuration field "${store.caption}"`,
		};
	}
	const holding = (
		await connectwise.listConfigurations({
			customFieldConditions: and(eq('caption', store.caption), like('value', '*')),
			fields: ['customFields'],
		})
	).filter(
		(configuration) =>
			!plannedClears.has(configuration.id) &&
			holdsValue(findLinkField(configuration, store.caption)?.value),
	);
	if (holding.length > 0) {
		const [first] = holding;
		return {
			status: 'kept',
			reason: `${holding.length} configuration(s) still hold a value in "${store.caption}", e.g. configuration ${first.id}: "${String(findLinkField(first, store.caption)?.value)}"`,
		};
	}
	if (dryRun) return { status: 'wouldBeRemoved' };
	if (
		(await deleteDefinition(() => connectwise.deleteUserDefinedField(definition.id))) === 'refused'
	) {
		return {
			status: 'kept',
			reason: `ConnectWise refused to delete the field "${store.caption}": the API member's security role needs Table Setup delete (Domotz's own integration role has none); it is empty, so it can also be deleted in ConnectWise (System › Setup Tables › Custom Fields)`,
		};
	}
	return { status: 'removed' };
}

function holdsValue(value: unknown): boolean {
	return value !== null && value !== undefined && String(value).trim() !== '';
}

async function removeMirrorField(
	{ domotz }: SyncClients,
	{ dryRun, concurrency, scan, clearedMirrors }: DefinitionCheck,
): Promise<DefinitionRemoval> {
	const { key } = domotzLinkInventoryField;
	if (!scan.fieldDefined) {
		return { status: 'absent', reason: `Domotz has no inventory field "${key}"` };
	}
	const unread = scan.agents.find((agent) => agent.apiEnabled && agent.unread);
	if (unread) {
		return {
			status: 'kept',
			reason: `agent ${unread.agent.id} (${unread.agent.display_name}): ${unread.unread}, so a value may remain`,
		};
	}
	if (dryRun) return { status: 'wouldBeRemoved' };
	const values = await settleAll(clearedMirrors, concurrency, (device) =>
		readMirror(domotz, device.agentId, device.deviceId),
	);
	const left = values.findIndex((outcome) => !outcome.ok || outcome.value !== null);
	if (left >= 0) {
		const { agentId, deviceId } = clearedMirrors[left];
		const outcome = values[left];
		return {
			status: 'kept',
			reason: outcome.ok
				? `device ${deviceId} of agent ${agentId} still holds "${outcome.value}"`
				: `device ${deviceId} of agent ${agentId} could not be read again: ${describeError(outcome.error)}`,
		};
	}
	if ((await deleteDefinition(() => domotz.deleteInventoryField(key))) === 'refused') {
		return {
			status: 'kept',
			reason: `Domotz refused to delete "${key}": another Domotz user defined it, and only that user can delete it`,
		};
	}
	return { status: 'removed' };
}

/**
 * A definition already gone (a repeated DELETE, another run) is deleted all the same; a refusal
 * for want of a right is told apart, to say which; any other failure goes on up.
 */
async function deleteDefinition(send: () => Promise<void>): Promise<'deleted' | 'refused'> {
	return await send().then(
		() => 'deleted' as const,
		(error: unknown) => {
			if (error instanceof ApiError && error.reason === 'notFound') return 'deleted' as const;
			if (error instanceof ApiError && error.reason === 'permission') return 'refused' as const;
			throw error;
		},
	);
}
