/**
 * With Probe Writes on, Check Setup proves the write rights it can prove without touching a
 * customer's record: a note created and deleted on a company the user chose (the creation lease
 * is made of such notes), and the link field created when it is missing.
 */

import type { SyncClients } from '../clients';
import { describeError } from '../http/errors';
import { ensureLinkField } from '../links/setup';
import type { LinkStore } from '../links/marker';
import { settle } from '../pool';
import { connectWiseChecks } from './connectwise';
import { failed, passed, warned, type SetupCheck } from './report';

export const leaseProbeCheck = 'ConnectWise lease note write';

/** Never starts with the lease's prefix, so no run takes the probe for a lease ticket. */
const probeNoteText =
	'n8n Domotz ConnectWise Sync: Check Setup write probe. Safe to delete if it is still here.';

export async function probeLeaseNote(clients: SyncClients, companyId: number): Promise<SetupCheck> {
	const created = await settle(
		clients.connectwise.createCompanyNote(companyId, { text: probeNoteText, flagged: false }),
	);
	if (!created.ok) {
		return failed(
			leaseProbeCheck,
			`A note could not be created on company ${companyId}: ${describeError(created.error)}`,
			"Give the API member's security role Notes add/edit/delete (Companies module); the creation lease needs them.",
		);
	}
	const deleted = await settle(clients.connectwise.deleteCompanyNote(companyId, created.value.id));
	if (!deleted.ok) {
		return failed(
			leaseProbeCheck,
			`Note ${created.value.id} was created on company ${companyId} but could not be deleted: ${describeError(deleted.error)}`,
			"Give the API member's security role Notes delete, then delete the probe note by hand.",
		);
	}
	return passed(
		leaseProbeCheck,
		`A note was created and deleted on company ${companyId}: the creation lease can be taken.`,
	);
}

export async function createMissingLinkField(
	clients: SyncClients,
	store: LinkStore,
): Promise<SetupCheck> {
	const created = await settle(ensureLinkField(clients, store));
	if (!created.ok) {
		return failed(
			connectWiseChecks.linkField,
			`The link field could not be created: ${describeError(created.error)}`,
			"Give the API member's security role Table Setup add, or create the custom field on the configuration screen by hand.",
		);
	}
	return created.value === undefined
		? warned(connectWiseChecks.linkField, 'No link field was needed.', 'Nothing to do.')
		: passed(
				connectWiseChecks.linkField,
				`The custom field "${store.kind === 'customField' ? store.caption : ''}" was created (ID ${created.value}).`,
				{ fieldId: created.value },
			);
}
