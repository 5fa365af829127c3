/**
 * The companies earlier runs found by the agents' Customer IDs, kept between runs (the node keeps
 * them in the workflow's static data) so that a re-sync need not look them up again.
 *
 * A kept company never sends devices into the wrong company: it stands for a Customer ID only as
 * far as the run's own sweep vouches for it.
 * - A batch of Customer IDs is looked up as before unless every one of them is kept.
 * - The sweep asks for the configurations of the companies whose identifier is one of the batch's
 *   Customer IDs, each with its company's id, identifier and name. A kept company stands for a
 *   Customer ID only when the sweep served configurations of that company and every one of them
 *   names the Customer ID as its company's identifier: ConnectWise keeps identifiers unique, so
 *   the Customer ID names that company now. Those rows are the configurations the agent is synced
 *   with, and its writes wait until the sweep is known to be complete, as they always do.
 * - Otherwise (the company was deleted or emptied, its identifier changed, or the Customer ID now
 *   names another company) the Customer ID is looked up as if nothing were kept, and the agent is
 *   synced with what the lookup finds: nothing is planned from the kept company.
 * - Ids kept for another ConnectWise tenant (a changed credential) are vouched for by this
 *   tenant's sweep, or not at all.
 * An identifier changed after the sweep is the race a lookup has too.
 */

import { z } from 'zod';

import type { CwConfiguration } from '../connectwise/schemas';
import type { CompanySummary } from './company-link';

/** Companies by Customer ID, in the form `identifierKey` gives. */
export type KnownCompanies = Readonly<Record<string, CompanySummary>>;

/** Identifiers compare as ConnectWise compares them: without case or outer spaces. */
export function identifierKey(identifier: string): string {
	return identifier.trim().toLowerCase();
}

const knownCompaniesSchema = z.record(
	z.object({ id: z.number().int(), identifier: z.string(), name: z.string() }),
);

/** The companies as stored; anything unreadable counts as none kept, which only costs a lookup. */
export function parseKnownCompanies(stored: unknown): KnownCompanies {
	const parsed = knownCompaniesSchema.safeParse(stored);
	return parsed.success ? parsed.data : {};
}

/**
 * The company the sweep's configurations of a kept company vouch for, as they name it now; none
 * when there are none or one names another identifier.
 */
export function vouchedCompany(
	customerId: string,
	configurations: readonly CwConfiguration[],
): CompanySummary | undefined {
	const first = configurations[0]?.company;
	if (!first?.identifier || identifierKey(first.identifier) !== identifierKey(customerId)) {
		return undefined;
	}
	const { id, identifier } = first;
	const same = configurations.every(
		({ company }) => company?.id === id && company.identifier === identifier,
	);
	return same ? { id, identifier, name: first.name ?? '' } : undefined;
}

/**
 * What a run keeps: the companies it found by Customer ID that have configurations. The next
 * sweep can vouch only for those; one without would be looked up on its own every run, where its
 * batch's lookup costs one query for up to 100.
 */
export function companiesToKeep(
	found: ReadonlyArray<{ company: CompanySummary; hasConfigurations: boolean }>,
): KnownCompanies {
	return Object.fromEntries(
		found.flatMap(({ company, hasConfigurations }) =>
			hasConfigurations ? [[identifierKey(company.identifier), company]] : [],
		),
	);
}
