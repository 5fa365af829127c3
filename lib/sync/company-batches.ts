/**
 * The values the agents' companies are looked up by, in batches of what one `in (…)` query may
 * carry: the workspace's lookup and sweep filter by the same values.
 */

import { isQueryableText } from '../connectwise/conditions';
import type { DomotzAgent } from '../domotz/schemas';
import type { CompanyLink } from './company-link';
import { identifierKey } from './known-companies';

/** Values per `in (…)` query: a few kilobytes of URL at most. */
export const VALUES_PER_QUERY = 100;

export type CompanyKey = 'identifier' | 'name' | 'id';

/**
 * What a link looks companies up by, and the value of each agent; a value no condition can hold is
 * left out (its agent is told why when resolved).
 */
export function companyLookups(
	link: CompanyLink,
	agents: readonly DomotzAgent[],
): { key: CompanyKey; values: Array<string | number> } {
	switch (link.kind) {
		case 'customerId':
			return {
				key: 'identifier',
				values: agents
					.flatMap((agent) => agent.installation_info?.customer_id?.trim() || [])
					.filter(isQueryableText),
			};
		case 'agentName':
			return {
				key: 'name',
				values: agents.flatMap((agent) => agent.display_name.trim() || []).filter(isQueryableText),
			};
		case 'mapping': {
			const agentIds = new Set(agents.map((agent) => agent.id));
			return {
				key: 'id',
				values: link.links.filter((row) => agentIds.has(row.agentId)).map((row) => row.companyId),
			};
		}
		case 'company':
			return { key: 'id', values: [link.companyId] };
	}
}

/** The distinct lookup values of the agents, in batches of what one query may carry. */
export function companyBatches(
	link: CompanyLink,
	agents: readonly DomotzAgent[],
): { key: CompanyKey; batches: Array<Array<string | number>> } {
	const { key, values } = companyLookups(link, agents);
	const distinct = [...new Map(values.map((value) => [companyValueKey(value), value])).values()];
	return { key, batches: chunks(distinct, VALUES_PER_QUERY) };
}

/** Device lists asked for before the company lookup answers: what Domotz serves at once. */
const EARLY_DEVICE_LISTS = 4;

/**
 * The agents whose devices are listed before the lookup answers: the leading ones that have a
 * value to be looked up by, so that the lists go out in the order they would after the lookup.
 * Should the lookup not resolve one of them, one read was spent on it.
 */
export function firstToList(agents: readonly DomotzAgent[], link: CompanyLink): DomotzAgent[] {
	const early: DomotzAgent[] = [];
	for (const agent of agents) {
		if (early.length === EARLY_DEVICE_LISTS || companyLookups(link, [agent]).values.length === 0) {
			break;
		}
		early.push(agent);
	}
	return early;
}

/** Identifiers and names compare as ConnectWise compares them: without case or outer spaces. */
export function companyValueKey(value: string | number): string {
	return typeof value === 'number' ? String(value) : identifierKey(value);
}

function chunks<Item>(items: readonly Item[], size: number): Item[][] {
	const result: Item[][] = [];
	for (let start = 0; start < items.length; start += size) {
		result.push(items.slice(start, start + size));
	}
	return result;
}
