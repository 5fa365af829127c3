/** Which agents find a ConnectWise company under the chosen Company Link, and why the others do not. */

import { describeError } from '../http/errors';
import type { CompanyLink } from '../sync/company-link';
import type { SyncWorkspace } from '../sync/workspace';
import { settleAll } from '../pool';
import type { DomotzAgentAccess } from './domotz';
import { failed, nameList, passed, warned, type SetupCheck } from './report';

export const companyLinksCheck = 'Company links';

/** Company lookups at once; each is one small ConnectWise query. */
const lookupsAtOnce = 8;

export async function checkCompanyLinks(
	workspace: SyncWorkspace,
	agents: readonly DomotzAgentAccess[],
	link: CompanyLink,
): Promise<SetupCheck> {
	// One lookup per hundred agents (a failed one falls back per agent); `company` is served from it.
	await workspace.prefetchCompanies(
		agents.map(({ agent }) => agent),
		link,
	);
	const outcomes = await settleAll(agents, lookupsAtOnce, ({ agent }) =>
		workspace.company(agent.id, link),
	);
	const rows = agents.map(({ agent }, index) => {
		const outcome = outcomes[index];
		const name = `${agent.display_name ?? 'unnamed'} (${agent.id})`;
		if (!outcome.ok) {
			return {
				agentId: agent.id,
				name,
				found: false,
				why: `${name}: ${describeError(outcome.error)}`,
			};
		}
		const resolved = outcome.value;
		return resolved.kind === 'resolved'
			? {
					agentId: agent.id,
					name,
					found: true,
					companyId: resolved.company.id,
					company: `${resolved.company.name} (${resolved.company.identifier})`,
				}
			: { agentId: agent.id, name, found: false, why: resolved.reason };
	});
	const unlinked = rows.filter((row) => !row.found);
	const details = { agents: rows };
	const fix =
		link.kind === 'customerId'
			? "Set each agent's Customer ID in Domotz to its ConnectWise company identifier, or link those agents in the Agent Links table."
			: 'Link those agents to their companies in the Agent Links table, or choose another Company Link.';
	if (agents.length === 0) {
		return warned(
			companyLinksCheck,
			'No agent with API access to link.',
			'Fix the Domotz agents check first.',
			details,
		);
	}
	if (unlinked.length === 0) {
		return passed(companyLinksCheck, `All ${rows.length} agents find their company.`, details);
	}
	const reasons = nameList(
		unlinked.map((row) => row.why ?? row.name),
		3,
	);
	return unlinked.length === rows.length
		? failed(companyLinksCheck, `No agent finds a company: ${reasons}.`, fix, details)
		: warned(
				companyLinksCheck,
				`${rows.length - unlinked.length} of ${rows.length} agents find their company; not found: ${reasons}.`,
				fix,
				details,
			);
}
