import type { IDataObject, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';

import { bindNewDevice } from '../../lib/trigger/activation';
import { judgeEvent, type EventVerdict } from '../../lib/trigger/event-item';
import {
	admitOnce,
	DEFAULT_REPEAT_OPTIONS,
	mergeRecentEvents,
	readRecentEvents,
} from '../../lib/trigger/repeats';
import { secretMatches } from '../../lib/trigger/secret';
import { createDomotzClient } from '../shared/clients';
import { passedInThisProcess, rememberPassed } from './repeat-memory';
import { readOptions, readRecord, readWatch, staticData } from './setup';

/** The query parameter the Portal's webhook URL carries the secret in. */
export const TOKEN_PARAMETER = 'token';

/**
 * One POST from Domotz. A wrong or missing secret is refused with 401 and nothing runs; a body
 * that is no Domotz event with 400. A repeat, or an event of an agent or kind the trigger does not
 * watch, is acknowledged with the 201 Domotz expects and dropped; any other becomes one item. A
 * device discovered on a followed agent is bound to the profile first, even when its discovery is
 * dropped, so that its device events reach the trigger.
 */
export async function handleWebhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
	const credentials = await this.getCredentials<{ webhookSecret?: string }>('domotzApi');
	const options = readOptions(this);
	if (!secretMatches(credentials.webhookSecret ?? '', presentedSecret(this, options.headerName))) {
		return refuse(this, 401, 'The webhook secret is missing or wrong');
	}
	const verdict = judgeEvent(this.getBodyData(), readWatch(this));
	if (verdict.kind === 'invalid') {
		return refuse(this, 400, `Not a Domotz event: ${verdict.problem}`);
	}
	if (verdict.kind === 'emit' && isRepeat(this, verdict.repeatKey, options.repeatWindowSeconds)) {
		return acknowledge('repeat');
	}
	await followDiscoveredDevice(this, verdict);
	if (verdict.kind === 'ignore') return acknowledge(verdict.reason);
	return { workflowData: [[{ json: verdict.item as unknown as IDataObject }]] };
}

/**
 * Whether the trigger passed this event on within the window, by what this process passed and what
 * static data holds; when not, it is noted in both. Nothing is awaited in between, so two calls in
 * one process never both pass; calls in two processes at once may, and the sync's own guards keep
 * that from duplicating anything.
 */
function isRepeat(
	context: IWebhookFunctions,
	repeatKey: string,
	windowSeconds = DEFAULT_REPEAT_OPTIONS.windowMs / 1000,
): boolean {
	const windowMs = windowSeconds * 1000;
	if (windowMs <= 0) return false;
	const data = staticData(context);
	const { admitted, recent } = admitOnce(
		mergeRecentEvents(readRecentEvents(data.recentEvents), passedInThisProcess(context)),
		repeatKey,
		Date.now(),
		{ ...DEFAULT_REPEAT_OPTIONS, windowMs },
	);
	rememberPassed(context, recent);
	if (admitted) data.recentEvents = recent;
	return !admitted;
}

function presentedSecret(
	context: IWebhookFunctions,
	header: string | undefined,
): string | undefined {
	const value = header?.trim()
		? context.getHeaderData()[header.trim().toLowerCase()]
		: (context.getQueryData() as IDataObject)[TOKEN_PARAMETER];
	return typeof value === 'string' ? value : undefined;
}

/**
 * A device discovered on an agent the trigger follows is bound to the profile. A failure is logged:
 * the event itself still runs.
 */
async function followDiscoveredDevice(
	context: IWebhookFunctions,
	verdict: Exclude<EventVerdict, { kind: 'invalid' }>,
): Promise<void> {
	const { event } = verdict;
	const record = readRecord(context);
	if (event.name !== 'agent_device_discovery' || event.deviceId === undefined || !record) return;
	try {
		const target = { agentId: event.agentId, deviceId: event.deviceId };
		await bindNewDevice(await createDomotzClient(context), record, target);
	} catch (error) {
		context.logger.warn(
			`Domotz Trigger could not bind its profile to device ${event.deviceId} of agent ${event.agentId}: ${
				error instanceof Error ? error.message : String(error)
			}`,
		);
	}
}

function refuse(context: IWebhookFunctions, status: number, message: string): IWebhookResponseData {
	context.getResponseObject().status(status).json({ message });
	return { noWebhookResponse: true };
}

function acknowledge(reason: string): IWebhookResponseData {
	return { webhookResponse: { received: true, ignored: reason } };
}
