import {
	NodeOperationError,
	updateDisplayOptions,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeProperties,
} from 'n8n-workflow';

import { domotzEditableFields, parseFieldInput } from '../../../../lib/fields/domotz-editable';
import { createDomotzClient } from '../../../shared/clients';
import { agentLocator, deviceLocator } from '../../../shared/descriptions';
import { mapItems } from '../../../shared/items';
import { readNumericId } from '../../../shared/parameters';
import type { DomotzEditableField } from '../../../../lib/domotz/field-values';

const properties: INodeProperties[] = [
	agentLocator,
	deviceLocator,
	{
		displayName: 'Field',
		name: 'field',
		type: 'options',
		options: domotzEditableFields.map((field) => ({
			name: field.label,
			value: field.path,
			description: field.description,
		})),
		default: 'user_data/name',
		description: 'The device field to set (the only fields the Domotz API can write)',
	},
	{
		displayName: 'Value',
		name: 'value',
		type: 'string',
		default: '',
		description:
			'The new value. For Type, a Domotz device type ID. For Importance, VITAL or FLOATING. An empty Serial Number restores the serial Domotz discovered.',
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['device'], operation: ['updateField'] } },
	properties,
);

export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	const domotz = await createDomotzClient(this);
	return await mapItems(this, async (itemIndex) => {
		const agentId = readNumericId(this, 'agent', itemIndex, 'Agent');
		const deviceId = readNumericId(this, 'device', itemIndex, 'Device');
		const field = this.getNodeParameter('field', itemIndex) as DomotzEditableField;
		const raw = String(this.getNodeParameter('value', itemIndex, '') ?? '');
		const parsed = parseFieldInput(field, raw);
		if (parsed.kind === 'invalid') {
			throw new NodeOperationError(
				this.getNode(),
				`Item ${itemIndex}: "Value" is not valid: ${parsed.reason}`,
				{
					itemIndex,
				},
			);
		}
		const outcome = await domotz.editDeviceField(agentId, deviceId, field, parsed.value);
		return {
			agent_id: agentId,
			device_id: deviceId,
			field,
			value: parsed.value,
			status: outcome.status,
		};
	});
}
