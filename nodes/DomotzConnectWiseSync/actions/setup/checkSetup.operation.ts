import {
	updateDisplayOptions,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeProperties,
} from 'n8n-workflow';

import { runCheckSetup, type CheckSetupOptions } from '../../../../lib/check-setup/check-setup';
import { readNumericId } from '../../../shared/parameters';
import { companyLocator } from '../../../shared/descriptions';
import {
	companyLinkProperties,
	createSettingsProperties,
	linkStorageOptions,
	saveApiTranscriptOption,
} from '../common.descriptions';
import { awaitRun, pairedWithEveryInput } from '../../helpers/outputs/items';
import { withApiTranscript } from '../../helpers/transcript';
import { readCompanyLink, readCreateSettings, readLinkOptions } from '../../helpers/parameters';
import { createSyncClients, readDomotzEndpoint } from '../../../shared/clients';

const properties: INodeProperties[] = [
	...companyLinkProperties,
	{
		displayName: 'Check Create Settings',
		name: 'checkCreateSettings',
		type: 'boolean',
		default: false,
		description:
			'Whether to check the type map, default type and status that new configurations would get',
	},
	...createSettingsProperties.map((property) => ({
		...property,
		displayOptions: { show: { checkCreateSettings: [true] } },
	})),
	{
		displayName: 'Probe Writes',
		name: 'probeWrites',
		type: 'boolean',
		default: false,
		description:
			'Whether to prove the write rights without touching a customer record: create and delete one note on the company chosen below, and create the link field if it is missing',
	},
	{
		...companyLocator,
		name: 'probeCompany',
		displayName: 'Probe Company',
		description: 'The company that gets the probe note (created and deleted at once)',
		displayOptions: { show: { probeWrites: [true] } },
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [...linkStorageOptions, saveApiTranscriptOption],
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['setup'], operation: ['checkSetup'] } },
	properties,
);

/** One item per check: `check`, `status` (ok, warning, failed), `found`, `fix` and `details`. */
export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	return await withApiTranscript(this, { operation: 'checkSetup' }, async (transcript) => {
		const options = await readCheckSetupOptions(this);
		const clients = await createSyncClients(this, transcript);
		const checks = await awaitRun(this, runCheckSetup(clients, options));
		const pairedItem = pairedWithEveryInput(this);
		return [checks.map((check) => ({ json: { ...check }, pairedItem }))];
	});
}

async function readCheckSetupOptions(context: IExecuteFunctions): Promise<CheckSetupOptions> {
	const probeWrites = context.getNodeParameter('probeWrites', 0, false) as boolean;
	const checkCreate = context.getNodeParameter('checkCreateSettings', 0, false) as boolean;
	const create = checkCreate ? readCreateSettings(context, {}) : undefined;
	return {
		domotzEndpoint: await readDomotzEndpoint(context),
		companyLink: readCompanyLink(context, 0),
		...readLinkOptions(context),
		...(create
			? {
					create: {
						typeIds: [
							...create.typeMap.map((row) => row.configurationTypeId),
							...(create.defaultTypeId === undefined ? [] : [create.defaultTypeId]),
						],
						statusId: create.statusId,
					},
				}
			: {}),
		...(probeWrites
			? { probeWrites: { companyId: readNumericId(context, 'probeCompany', 0, 'Probe Company') } }
			: {}),
	};
}
