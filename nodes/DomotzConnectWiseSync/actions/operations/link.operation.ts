import {
	updateDisplayOptions,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeProperties,
} from 'n8n-workflow';

import { runLink, type LinkRequest, type LinkRunItem } from '../../../../lib/sync/link-run';
import { createConnectWiseClient, createDomotzClient } from '../../../shared/clients';
import { companyLocator, configurationLocator } from '../../../shared/descriptions';
import { toNodeError } from '../../../shared/errors';
import { toJson } from '../../../shared/output';
import { readNumericId, readOptionalNumericId } from '../../../shared/parameters';
import { deviceReferenceProperties, linkStorageOptions } from '../common.descriptions';
import { readItemRequests, readLinkSettings, toOutputItems } from '../../helpers/requests';

const properties: INodeProperties[] = [
	...deviceReferenceProperties,
	{
		...companyLocator,
		name: 'onlyCompany',
		displayName: 'Company',
		required: false,
		description:
			"Optional: lists only this company's configurations, and refuses a configuration of another company",
	},
	configurationLocator,
	{
		displayName: 'Move Link',
		name: 'moveLink',
		type: 'boolean',
		default: false,
		description:
			'Whether to take the configuration over when it is linked to another device (that device is unlinked). Otherwise such an item fails with an error naming the other device.',
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: linkStorageOptions,
	},
];

export const description = updateDisplayOptions({ show: { operation: ['link'] } }, properties);

export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const settings = readLinkSettings(this);
	const requests = readItemRequests(
		this,
		(itemIndex): LinkRequest => ({
			itemIndex,
			agentId: readNumericId(this, 'agentId', itemIndex, 'Agent ID'),
			deviceId: readNumericId(this, 'deviceId', itemIndex, 'Device ID'),
			configurationId: readNumericId(this, 'configuration', itemIndex, 'Configuration'),
			companyId: readOptionalNumericId(this, 'onlyCompany', itemIndex, 'Company'),
		}),
	);
	const results = await runLink(
		{ domotz: await createDomotzClient(this), connectwise: await createConnectWiseClient(this) },
		requests.valid,
		{ ...settings, moveLink: this.getNodeParameter('moveLink', 0, false) as boolean },
	).catch((error: unknown) => {
		throw toNodeError(this.getNode(), error);
	});
	return [
		toOutputItems(
			this,
			requests.invalid,
			results.map((result) => {
				const { outcome } = result;
				if (outcome.status === 'failed')
					return { itemIndex: result.itemIndex, error: outcome.error };
				if (outcome.status === 'refused') {
					return {
						itemIndex: result.itemIndex,
						error: new Error(
							`Item ${result.itemIndex}: Domotz device ${result.deviceId} was not linked: ${outcome.reason}`,
						),
					};
				}
				return { itemIndex: result.itemIndex, json: describeLink(result) };
			}),
		),
	];
}

function describeLink(result: LinkRunItem): IDataObject {
	const { outcome } = result;
	const base: IDataObject = {
		agentId: result.agentId,
		deviceId: result.deviceId,
		deviceName: result.device ? result.device.user_data?.name || result.device.display_name : null,
		status: outcome.status,
	};
	if (outcome.status === 'linked') {
		return {
			...base,
			configurationId: outcome.configuration.id,
			configurationName: outcome.configuration.name ?? null,
			companyId: outcome.configuration.company?.id ?? null,
			replacedConfigurationIds: outcome.replaced,
			...(outcome.movedFrom ? { movedFrom: toJson(outcome.movedFrom) } : {}),
			link: toJson(outcome.link),
			...(outcome.problems.length > 0 ? { problems: outcome.problems } : {}),
		};
	}
	if (outcome.status === 'alreadyLinked') {
		return {
			...base,
			configurationId: outcome.configuration.id,
			configurationName: outcome.configuration.name ?? null,
			companyId: outcome.configuration.company?.id ?? null,
		};
	}
	return base;
}
