import {
	updateDisplayOptions,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeProperties,
} from 'n8n-workflow';

import { createSyncClients } from '../../../shared/clients';
import {
	deviceReferenceProperties,
	dryRunProperty,
	linkStorageOptions,
	saveApiTranscriptOption,
	syncModeProperties,
	syncPolicyOptions,
} from '../common.descriptions';
import {
	fieldSyncKey,
	readLastSuccessfulSync,
	recordSuccessfulSync,
} from '../../helpers/last-sync';
import { awaitRun, pairedWithEveryInput, toOutputItems } from '../../helpers/outputs/items';
import { countSyncOutcomes, describeSync } from '../../helpers/outputs/sync';
import {
	readDeviceRefs,
	readLinkOptions,
	readSyncPolicy,
	type PolicyOptions,
} from '../../helpers/parameters';
import { withApiTranscript } from '../../helpers/transcript';
import { runSyncFields } from '../../../../lib/sync/sync-fields';

const properties: INodeProperties[] = [
	...deviceReferenceProperties,
	...syncModeProperties,
	dryRunProperty,
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [...syncPolicyOptions, ...linkStorageOptions, saveApiTranscriptOption],
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['device'], operation: ['syncFields'] } },
	properties,
);

/**
 * Devices on the first output, a summary with the last successful sync on the second; the API
 * transcript goes on the summary.
 */
export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	return await withApiTranscript(
		this,
		{ operation: 'syncFields', output: 1 },
		async (transcript) => {
			const requests = readDeviceRefs(this);
			const options = this.getNodeParameter('options', 0, {}) as PolicyOptions & {
				createManufacturers?: boolean;
			};
			const dryRun = this.getNodeParameter('dryRun', 0, false) as boolean;
			const startedAt = new Date().toISOString();
			const results = await awaitRun(
				this,
				runSyncFields(await createSyncClients(this, transcript), requests.valid, {
					policy: readSyncPolicy(this, options),
					...readLinkOptions(this),
					dryRun,
					createMissingManufacturers: options.createManufacturers ?? false,
				}),
			);
			const devices = toOutputItems(this, requests.invalid, results, describeSync);
			const counts = countSyncOutcomes(results, requests.invalid.length);
			if (!dryRun && counts.failed === 0) recordSuccessfulSync(this, fieldSyncKey, startedAt);
			const summary = {
				dryRun,
				...counts,
				lastSuccessfulSync: readLastSuccessfulSync(this, fieldSyncKey),
			};
			return [devices, [{ json: summary, pairedItem: pairedWithEveryInput(this) }]];
		},
	);
}
