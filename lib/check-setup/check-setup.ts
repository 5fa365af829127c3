/**
 * Check Setup: the first thing a user runs against real accounts. It reads what a sync would read,
 * asks ConnectWise every form of query the package sends, and reports one check per line with
 * the fix in one sentence. It writes nothing unless Probe Writes is on.
 */

import type { SyncClients } from '../clients';
import type { LinkSettings } from '../links/setup';
import type { CompanyLink } from '../sync/company-link';
import { SyncWorkspace } from '../sync/workspace';
import { checkCompanyLinks, companyLinksCheck } from './company-links';
import {
	checkLinkField,
	checkQueryForms,
	checkRights,
	checkSite,
	checkTypesAndStatuses,
	connectWiseNotChecked,
	connectWiseChecks,
	type CreateChoices,
} from './connectwise';
import { checkDomotz } from './domotz';
import { createMissingLinkField, leaseProbeCheck, probeLeaseNote } from './probe-writes';
import { notChecked, type SetupCheck } from './report';

export interface CheckSetupOptions extends LinkSettings {
	/** The Domotz endpoint as the credential holds it, to name its region. */
	domotzEndpoint: string;
	companyLink: CompanyLink;
	/** The types and status new configurations would get, when they are to be checked too. */
	create?: CreateChoices;
	/** With a company, writes are proven on it: a note created and deleted, a missing link field created. */
	probeWrites?: { companyId: number };
}

export async function runCheckSetup(
	clients: SyncClients,
	options: CheckSetupOptions,
): Promise<SetupCheck[]> {
	const workspace = new SyncWorkspace(clients);
	const [domotz, connectwise] = await Promise.all([
		checkDomotz(workspace, options.domotzEndpoint, options.mirrorInDomotz),
		checkConnectWise(clients, options),
	]);
	const siteWorks = connectwise[0].status !== 'failed';
	const companyLinks =
		siteWorks && domotz.usable.length > 0
			? await checkCompanyLinks(workspace, domotz.usable, options.companyLink)
			: notChecked(
					companyLinksCheck,
					siteWorks
						? 'Domotz agents: no agent can be synced'
						: `${connectWiseChecks.site}: it cannot be reached`,
				);
	return [...domotz.checks, ...connectwise, companyLinks];
}

async function checkConnectWise(
	clients: SyncClients,
	options: CheckSetupOptions,
): Promise<SetupCheck[]> {
	const site = await checkSite(clients.connectwise);
	if (site.status === 'failed') {
		const skipped = connectWiseNotChecked(`${connectWiseChecks.site}: it cannot be reached`);
		return options.probeWrites
			? [
					site,
					...skipped,
					notChecked(leaseProbeCheck, `${connectWiseChecks.site}: it cannot be reached`),
				]
			: [site, ...skipped];
	}
	const [rights, linkField, typesAndStatuses, queryForms] = await Promise.all([
		checkRights(clients.connectwise),
		checkLinkField(clients.connectwise, options.linkStore),
		checkTypesAndStatuses(clients.connectwise, options.create),
		checkQueryForms(clients.connectwise, options.linkStore),
	]);
	const linkFieldCheck =
		linkField.missing && options.probeWrites
			? await createMissingLinkField(clients, options.linkStore)
			: linkField.check;
	const probes = options.probeWrites
		? [await probeLeaseNote(clients, options.probeWrites.companyId)]
		: [];
	return [site, rights, linkFieldCheck, typesAndStatuses, queryForms, ...probes];
}
