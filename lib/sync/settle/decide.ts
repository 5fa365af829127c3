/**
 * The third step: what each matched device needs. Linked devices are settled; a matched one is
 * linked (or, when its link is saved later, would be); an unmatched one whose marker sits in
 * another company is linked there; the rest is left to be created, or reported with the reason.
 */

import type { LinkStore } from '../../links/marker';
import { mayCreateConfiguration } from '../../match';
import type { SyncWorkspace } from '../workspace';
import type { FailedItem } from './devices';
import { markersInOtherCompanies } from './markers';
import type { MatchedItem } from './match-devices';
import { alreadyLinked, resultOf, type SettledItem, type Settlement } from './settlement';

export interface DecideOptions {
	linkStore: LinkStore;
	/** Matched devices' links were saved by the step before (`linkSave`); else they would be. */
	linksSaved: boolean;
	/** Unmatched devices are to be created; otherwise they are reported as unmatched. */
	createUnmatched: boolean;
	/** Creation will look for the markers of the devices it creates under the company's lease. */
	markersCheckedAtCreation: boolean;
}

export interface Decisions {
	settled: SettledItem[];
	toCreate: MatchedItem[];
}

export async function decideSettlements(
	workspace: SyncWorkspace,
	items: readonly MatchedItem[],
	failures: readonly FailedItem[],
	options: DecideOptions,
): Promise<Decisions> {
	const linkedElsewhere = await markersInOtherCompanies(
		workspace,
		items.filter((item) => !(options.markersCheckedAtCreation && isCreatable(item))),
		options.linkStore,
	);
	const settled: SettledItem[] = failures.map(({ itemIndex, agentId, deviceId, error }) => ({
		itemIndex,
		agentId,
		deviceId,
		outcome: { status: 'failed', error },
	}));
	const toCreate: MatchedItem[] = [];
	for (const item of items) {
		const elsewhere = linkedElsewhere.get(item.itemIndex);
		const settlement = elsewhere
			? alreadyLinked(elsewhere)
			: settlementOfMatch(item, options.linksSaved);
		if (settlement) settled.push(resultOf(item, settlement));
		else if (!options.createUnmatched) settled.push(resultOf(item, { status: 'unmatched' }));
		else toCreate.push(item);
	}
	return { settled, toCreate };
}

/** Whether matching leaves the device to be created: unmatched, safely, in a known company. */
function isCreatable(item: MatchedItem): boolean {
	return item.company !== undefined && mayCreateConfiguration(item.match);
}

/** The outcome of a device that matching already settled, or undefined when it needs a create. */
function settlementOfMatch(item: MatchedItem, linksSaved: boolean): Settlement | undefined {
	const { match } = item;
	if (match.status === 'linked') {
		return {
			status: 'alreadyLinked',
			configurationId: match.configurationId,
			configurationName: match.configurationName,
		};
	}
	if (match.status === 'matched' && !linksSaved) {
		return {
			status: 'wouldLink',
			configurationId: match.configurationId,
			configurationName: match.configurationName,
			matchedBy: match.matchedBy,
		};
	}
	if (match.status === 'matched') {
		return {
			status: 'linkedExisting',
			configurationId: match.configurationId,
			configurationName: match.configurationName,
			matchedBy: match.matchedBy,
			link: item.linkSave ?? { status: 'notSaved', reason: 'the link was not saved' },
		};
	}
	if (!item.company) {
		return {
			status: 'skipped',
			reason: item.companyProblem ?? 'the agent is not linked to a ConnectWise company',
			matchStatus: match.status,
		};
	}
	if (!mayCreateConfiguration(match)) {
		const why = match.notes.map((note) => note.message).join('; ');
		return {
			status: 'skipped',
			reason: `matching says a configuration may already exist (${match.status}${why ? `: ${why}` : ''}); link it by hand or resolve the ambiguity`,
			matchStatus: match.status,
		};
	}
	return undefined;
}
