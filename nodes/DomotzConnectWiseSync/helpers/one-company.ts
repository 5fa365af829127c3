import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { agentsSharingOneCompany, type CompanyLink } from '../../../lib/sync/company-link';

/**
 * Names the agents that Company Link › One Company sent to the same company. A hint above the
 * output, once per company and run: the items already carry each device's agent and company, and a
 * field repeated on every item would only add noise to what downstream nodes read.
 */
export function noteAgentsSharingOneCompany(
	context: IExecuteFunctions,
	requests: ReadonlyArray<{ agentId: number; companyLink: CompanyLink }>,
	items: readonly INodeExecutionData[],
): void {
	for (const { companyId, agentIds } of agentsSharingOneCompany(requests)) {
		const companyName = items.find((item) => item.json.companyId === companyId)?.json.companyName;
		const company =
			typeof companyName === 'string' ? `"${companyName}" (${companyId})` : String(companyId);
		context.addExecutionHints({
			type: 'info',
			location: 'outputPane',
			message: `Company Link › One Company sent the devices of ${agentIds.length} agents (${agentIds.join(', ')}) to company ${company}. If they are not all this customer's, use Agent Customer ID Is the Company Identifier or the Table of Agents and Companies.`,
		});
	}
}
