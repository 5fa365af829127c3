import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { parsePauseBook, type PauseBook } from '../../../lib/sync/paused-agents';

/** How Sync Agent keys an agent's last successful sync. */
export const agentSyncKey = (agentId: number) => `agent:${agentId}`;
const agentSyncKeyPattern = /^agent:(\d+)$/;

/** How Sync Fields keys its last successful sync. */
export const fieldSyncKey = 'syncFields';

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

/** The agents an earlier run of this workflow synced: those the account lost are looked for. */
export function readFormerAgentIds(context: IExecuteFunctions): number[] {
	const data = context.getWorkflowStaticData('node') as IDataObject;
	return Object.keys((data.lastSuccessfulSync ?? {}) as IDataObject).flatMap((key) => {
		const found = agentSyncKeyPattern.exec(key);
		return found ? [Number(found[1])] : [];
	});
}

/** Forgets a key's last successful sync: what it named is gone and nothing is left of it. */
export function forgetSuccessfulSync(context: IExecuteFunctions, key: string): void {
	const data = context.getWorkflowStaticData('node') as IDataObject;
	const times = { ...((data.lastSuccessfulSync ?? {}) as IDataObject) };
	delete times[key];
	data.lastSuccessfulSync = times;
}

/** The agents paused after a failed sync, kept beside their last successful syncs. */
export function readPauseBook(context: IExecuteFunctions): PauseBook {
	const data = context.getWorkflowStaticData('node') as IDataObject;
	return parsePauseBook(data.pausedAgents);
}

export function savePauseBook(context: IExecuteFunctions, book: PauseBook): void {
	const data = context.getWorkflowStaticData('node') as IDataObject;
	if (book.pauses.length === 0 && book.resumeSeen.length === 0) delete data.pausedAgents;
	else data.pausedAgents = book as unknown as IDataObject;
}
