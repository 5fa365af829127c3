import { NodeOperationError, type IExecuteFunctions, type INodeProperties } from 'n8n-workflow';

import type { GoneDeviceRule } from '../../../lib/sync/options';
import type { AgentSyncReport } from '../../../lib/sync/sync-agent';
import { parseNumericId } from '../../shared/parameters';
import { agentSyncKey, forgetSuccessfulSync } from './last-sync';

export const goneDeviceProperties: INodeProperties[] = [
	{
		displayName: 'When a Linked Device Is Gone',
		name: 'whenDeviceGone',
		type: 'options',
		noDataExpression: true,
		options: [
			{
				name: 'Report',
				value: 'report',
				description:
					'List it on the agent (and, with Output Device Details, on the second output); change nothing',
			},
			{
				name: 'Set Configuration Status',
				value: 'setStatus',
				description:
					'Give its configuration the status chosen below (e.g. Inactive) and keep the link',
			},
			{
				name: 'Unlink',
				value: 'unlink',
				description:
					"Clear the link on its configuration; the device's Domotz mirror went with the device",
			},
		],
		default: 'report',
		description:
			'What to do with a linked configuration whose device its agent no longer lists (hidden and excluded devices are still listed), and with the collector of an agent gone from the account. Configurations are never deleted.',
	},
	{
		displayName: 'Status for Gone Devices Name or ID',
		name: 'goneDeviceStatus',
		type: 'options',
		typeOptions: { loadOptionsMethod: 'getConfigurationStatuses' },
		required: true,
		default: '',
		displayOptions: { show: { whenDeviceGone: ['setStatus'] } },
		description:
			'Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>',
	},
];

export function readGoneDeviceRule(context: IExecuteFunctions): GoneDeviceRule {
	const action = context.getNodeParameter(
		'whenDeviceGone',
		0,
		'report',
	) as GoneDeviceRule['action'];
	if (action !== 'setStatus') return { action };
	const statusId = parseNumericId(context.getNodeParameter('goneDeviceStatus', 0, ''));
	if (statusId === undefined) {
		throw new NodeOperationError(context.getNode(), 'No status is chosen for gone devices', {
			description:
				'Choose a configuration status in "Status for Gone Devices", or another choice in "When a Linked Device Is Gone".',
		});
	}
	return { action, statusId };
}

/**
 * A former agent that a run over all agents did not report is gone from the account with nothing
 * linked to it any more: later runs need not look for it.
 */
export function forgetAgentsGoneForGood(
	context: IExecuteFunctions,
	formerAgentIds: readonly number[],
	reports: readonly AgentSyncReport[],
): void {
	const reported = new Set(reports.map((report) => report.agentId));
	for (const agentId of formerAgentIds) {
		if (!reported.has(agentId)) forgetSuccessfulSync(context, agentSyncKey(agentId));
	}
}
