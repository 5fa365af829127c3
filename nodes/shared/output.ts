import type { IDataObject } from 'n8n-workflow';

/** Parsed API objects are plain JSON data; this states it once for n8n's item type. */
export function toJson(value: object): IDataObject {
	return value as IDataObject;
}

export function toJsonList(values: readonly object[]): IDataObject[] {
	return values as IDataObject[];
}
