import { NodeOperationError, type IDataObject, type IExecuteFunctions } from 'n8n-workflow';

import {
	resolveDirections,
	syncFields,
	type FieldDirection,
	type SyncFieldKey,
	type SyncMode,
} from '../../../lib/fields/sync-fields';
import type { TypeMapping } from '../../../lib/sync/create-run';
import type { SyncPolicy } from '../../../lib/sync/plan';
import { toNodeError } from '../../shared/errors';
import { parseNumericId } from '../../shared/parameters';

export interface CreateSettings {
	typeMap: TypeMapping[];
	defaultTypeId?: number;
	statusId?: number;
}

/** The type map, default type and status of new configurations. */
export function readCreateSettings(context: IExecuteFunctions): CreateSettings {
	const rows = context.getNodeParameter('typeMap.mappings', 0, []) as IDataObject[];
	const typeMap = rows.map((row, rowIndex) => {
		const domotzTypeId = parseNumericId(row.domotzType);
		const configurationTypeId = parseNumericId(row.configurationType);
		if (domotzTypeId === undefined || configurationTypeId === undefined) {
			throw new NodeOperationError(
				context.getNode(),
				`Row ${rowIndex + 1} of "Type Map" needs a Domotz device type and a configuration type`,
			);
		}
		return { domotzTypeId, configurationTypeId };
	});
	return {
		typeMap,
		defaultTypeId: parseNumericId(context.getNodeParameter('defaultType', 0, '')),
		statusId: parseNumericId(context.getNodeParameter('status', 0, '')),
	};
}

export interface PolicyOptions {
	allowBlanking?: boolean;
	truncate?: SyncFieldKey[];
}

/** The mode and, in Custom mode, the direction of each field, checked against the field table. */
export function readSyncPolicy(context: IExecuteFunctions, options: PolicyOptions): SyncPolicy {
	const mode = context.getNodeParameter('syncMode', 0, 'domotzToConnectWise') as SyncMode;
	const custom: Partial<Record<SyncFieldKey, FieldDirection>> = {};
	if (mode === 'custom') {
		for (const field of syncFields) {
			custom[field.key] = context.getNodeParameter(
				`direction_${field.key}`,
				0,
				field.defaultDirection,
			) as FieldDirection;
		}
	}
	const directions = attemptResolve(context, mode, custom);
	return {
		directions,
		allowBlanking: options.allowBlanking ?? false,
		truncate: new Set(options.truncate ?? []),
	};
}

function attemptResolve(
	context: IExecuteFunctions,
	mode: SyncMode,
	custom: Partial<Record<SyncFieldKey, FieldDirection>>,
): Record<SyncFieldKey, FieldDirection> {
	try {
		return resolveDirections(mode, custom);
	} catch (error) {
		throw toNodeError(context.getNode(), error);
	}
}
