import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

/**
 * The time of the last successful synchronisation, as Domotz shows it beside a failed sync. It
 * lives in the workflow's static data, which n8n saves after production executions (trigger or
 * webhook), not after manual test runs.
 */
export function readLastSuccessfulSync(context: IExecuteFunctions, key: string): string | null {
	const data = context.getWorkflowStaticData('node') as IDataObject;
	const times = (data.lastSuccessfulSync ?? {}) as IDataObject;
	const value = times[key];
	return typeof value === 'string' ? value : null;
}

export function recordSuccessfulSync(context: IExecuteFunctions, key: string, at: string): void {
	const data = context.getWorkflowStaticData('node') as IDataObject;
	data.lastSuccessfulSync = { ...((data.lastSuccessfulSync ?? {}) as IDataObject), [key]: at };
}
