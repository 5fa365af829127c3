import type { IDataObject, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';

import { followNewDevice } from '../../lib/trigger/activation';
import { judgeEvent, type EventVerdict, type TriggerWatch } from '../../lib/trigger/event-item';
import { admitOnce, DEFAULT_REPEAT_OPTIONS, readRecentEvents } from '../../lib/trigger/repeats';
import { secretMatches } from '../../lib/trigger/secret';
import { domotzWebhookEvents } from '../../lib/domotz/webhook-events';
import { createDomotzClient } from '../shared/clients';
import { readOptions, readRecord, readWatch, staticData, writeRecord } from './setup';

/** The query parameter the Portal's webhook URL carries the secret in. */
export const TOKEN_PARAMETER = 'token';

/**
 * One POST from Domotz. A wrong or missing secret is refused with 401 and nothing runs; a body
 * that is no Domotz event with 400. An event of an agent or kind the trigger does not watch, or a
 * repeat, is acknowledged with the 201 Domotz expects and dropped; any other becomes one item.
 */
export async function handleWebhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
	const credentials = await this.getCredentials<{ webhookSecret?: string }>('domotzApi');
	const options = readOptions(this);
	if (!secretMatches(credentials.webhookSecret ?? '', presentedSecret(this, options.headerName))) {
		return refuse(this, 401, 'The webhook secret is missing or wrong');
	}
	const watch = readWatch(this);
	const verdict = judgeEvent(this.getBodyData(), watch);
	if (verdict.kind === 'invalid') {
		return refuse(this, 400, `Not a Domotz event: ${verdict.problem}`);
	}
	await followDiscoveredDevice(this, watch, verdict);
	if (verdict.kind === 'ignore') return acknowledge(verdict.reason);
	const windowMs = (options.repeatWindowSeconds ?? DEFAULT_REPEAT_OPTIONS.windowMs / 1000) * 1000;
	if (windowMs > 0) {
		// Kept in static data, which n8n loads before and saves after each call: requests that
		// overlap may both pass a repeat on, and the sync's own guards keep that from duplicating.
		const data = staticData(this);
		const { admitted, recent } = admitOnce(
			readRecentEvents(data.recentEvents),
			verdict.repeatKey,
			Date.now(),
			{ ...DEFAULT_REPEAT_OPTIONS, windowMs },
		);
		data.recentEvents = recent;
		if (!admitted) return acknowledge('repeat');
	}
	return { workflowData: [[{ json: verdict.item as unknown as IDataObject }]] };
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
 * A device discovered on a watched agent is bound to the profile when the trigger watches device
 * events, so that they reach it from the first. A failure is logged: the event itself still runs.
 */
async function followDiscoveredDevice(
	context: IWebhookFunctions,
	watch: TriggerWatch,
	verdict: Exclude<EventVerdict, { kind: 'invalid' }>,
): Promise<void> {
	const { event } = verdict;
	const watchesDevices = [...watch.events].some((name) => domotzWebhookEvents[name] === 'device');
	const record = readRecord(context);
	if (
		event.name !== 'agent_device_discovery' ||
		event.deviceId === undefined ||
		!watchesDevices ||
		!record ||
		(verdict.kind === 'ignore' && verdict.reason === 'agentNotWatched')
	) {
		return;
	}
	try {
		const domotz = await createDomotzClient(context);
		const target = { agentId: event.agentId, deviceId: event.deviceId };
		const followed = await followNewDevice(domotz, record, target);
		if (followed !== record) writeRecord(context, followed);
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
