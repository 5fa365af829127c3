import type { IHookFunctions, IWebhookFunctions } from 'n8n-workflow';

import type { RecentEvents } from '../../lib/trigger/repeats';

/**
 * What each trigger passed on lately, in this process. n8n hands every webhook call the static data
 * as the database held it when the call came in and saves all of it back afterwards, so calls that
 * overlap never see each other's entries there (the last to save wins): a burst of repeats would
 * all pass. Kept here as well, the calls one process receives see each other at once; static data
 * carries the window over a restart and to the other processes of queue mode.
 */
const passedInProcess = new Map<string, RecentEvents>();

function triggerKey(context: IHookFunctions | IWebhookFunctions): string {
	return `${context.getWorkflow().id ?? ''}/${context.getNode().id}`;
}

export function passedInThisProcess(context: IWebhookFunctions): RecentEvents {
	return passedInProcess.get(triggerKey(context)) ?? {};
}

export function rememberPassed(context: IWebhookFunctions, recent: RecentEvents): void {
	passedInProcess.set(triggerKey(context), recent);
}

/** On deactivation: the next activation starts from what static data holds. */
export function forgetPassed(context: IHookFunctions): void {
	passedInProcess.delete(triggerKey(context));
}
