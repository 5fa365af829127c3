import {
	updateDisplayOptions,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeProperties,
} from 'n8n-workflow';

import { filterDevices, type DeviceFilter } from '../../../../lib/devices/filter';
import { createDomotzClient } from '../../../shared/clients';
import { agentLocator } from '../../../shared/descriptions';
import type { DomotzDevice } from '../../../../lib/domotz/schemas';
import { createMemo } from '../../../../lib/memo';
import { mapItems } from '../../../shared/items';
import { toJson } from '../../../shared/output';
import { limitResults, readNumericId, returnAllOrLimit } from '../../../shared/parameters';

const properties: INodeProperties[] = [
	agentLocator,
	...returnAllOrLimit('devices'),
	{
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		options: [
			{
				displayName: 'Include Excluded Devices',
				name: 'includeExcluded',
				type: 'boolean',
				default: false,
				description:
					'Whether to include devices a user excluded from monitoring in Domotz (left out by default so they are not documented)',
			},
			{
				displayName: 'Include Hidden Devices',
				name: 'includeHidden',
				type: 'boolean',
				default: false,
				description: 'Whether to include devices hidden in Domotz',
			},
			{
				displayName: 'Only With MAC Address',
				name: 'withMac',
				type: 'boolean',
				default: false,
				description:
					'Whether to keep only devices with a valid MAC address (devices on routed subnets and external hosts have none)',
			},
			{
				displayName: 'Only With Serial Number',
				name: 'withSerial',
				type: 'boolean',
				default: false,
				description:
					'Whether to keep only devices with a usable serial number (placeholders such as "To be filled by O.E.M." and serials that are really MAC addresses do not count)',
			},
			{
				displayName: 'Status',
				name: 'statuses',
				type: 'multiOptions',
				options: [
					{ name: 'Down', value: 'DOWN' },
					{ name: 'Hidden', value: 'HIDDEN' },
					{ name: 'Offline', value: 'OFFLINE' },
					{ name: 'Online', value: 'ONLINE' },
				],
				default: [],
				description: 'Only devices in one of these states; none selected means any state',
			},
			{
				displayName: 'Type Names or IDs',
				name: 'typeIds',
				type: 'multiOptions',
				typeOptions: { loadOptionsMethod: 'getDeviceTypes' },
				default: [],
				description:
					'Only devices of these Domotz types (the type a user set, else the detected one). Choose from the list, or specify IDs using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
			},
		],
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['device'], operation: ['getAll'] } },
	properties,
);

interface FilterParameters {
	includeExcluded?: boolean;
	includeHidden?: boolean;
	withMac?: boolean;
	withSerial?: boolean;
	statuses?: string[];
	typeIds?: Array<string | number>;
}

export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	const domotz = await createDomotzClient(this);
	const deviceLists = createMemo();
	return await mapItems(this, async (itemIndex) => {
		const agentId = readNumericId(this, 'agent', itemIndex, 'Agent');
		const parameters = this.getNodeParameter('filters', itemIndex, {}) as FilterParameters;
		const showHidden = parameters.includeHidden === true;
		const showExcluded = parameters.includeExcluded === true;
		const devices = await deviceLists<DomotzDevice[]>(
			`${agentId}|${showHidden}|${showExcluded}`,
			async () => await domotz.listDevices(agentId, { showHidden, showExcluded }),
		);
		const filter: DeviceFilter = {
			statuses: parameters.statuses ?? [],
			typeIds: (parameters.typeIds ?? []).map(Number),
			withUsableSerial: parameters.withSerial === true,
			withMac: parameters.withMac === true,
			includeExcluded: showExcluded,
		};
		const kept = filterDevices(devices, filter).map((device) =>
			toJson({ ...device, agent_id: agentId }),
		);
		return markTruncation(this, agentId, kept, limitResults(this, itemIndex, kept));
	});
}

/**
 * A limit that cuts an agent's list must not pass for the whole list: the node warns, and the
 * last item says how many devices the agent has.
 */
function markTruncation(
	context: IExecuteFunctions,
	agentId: number,
	devices: IDataObject[],
	returned: IDataObject[],
): IDataObject[] {
	if (returned.length === devices.length) return returned;
	context.addExecutionHints({
		type: 'warning',
		location: 'outputPane',
		message: `Agent ${agentId} has ${devices.length} devices (after the filters); Limit returned only the first ${returned.length}. Turn on Return All to get every device.`,
	});
	const last = returned.length - 1;
	return returned.map((device, index) =>
		index === last ? { ...device, truncated: true, agentDeviceCount: devices.length } : device,
	);
}
