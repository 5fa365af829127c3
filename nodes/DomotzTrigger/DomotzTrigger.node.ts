import {
	NodeConnectionTypes,
	type INodeType,
	type INodeTypeDescription,
	type IWebhookFunctions,
	type IWebhookResponseData,
} from 'n8n-workflow';

import { getAgents, searchAlertProfiles } from '../shared/methods/domotz';
import { webhookMethods } from './bindings';
import { triggerProperties } from './description';
import { handleWebhook } from './webhook';

export class DomotzTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Domotz Trigger',
		name: 'domotzTrigger',
		icon: { light: 'file:../../icons/domotz.svg', dark: 'file:../../icons/domotz.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '={{ $parameter["events"].join(", ") }}',
		description:
			'Starts the workflow when Domotz reports an event: a device discovered, an IP address changed, a device down or up, and more',
		defaults: { name: 'Domotz Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'domotzApi', required: true }],
		webhooks: [
			{
				name: 'default',
				httpMethod: 'POST',
				// Domotz's "Expected Reply" to every webhook event.
				responseCode: '={{201}}',
				responseMode: 'onReceived',
				path: 'webhook',
			},
		],
		properties: triggerProperties,
	};

	methods = { listSearch: { searchAlertProfiles }, loadOptions: { getAgents } };

	webhookMethods = webhookMethods;

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		return await handleWebhook.call(this);
	}
}
