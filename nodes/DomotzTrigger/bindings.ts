import { NodeOperationError, type IHookFunctions } from 'n8n-workflow';

import {
	activateTrigger,
	deactivateTrigger,
	triggerBindingsInPlace,
} from '../../lib/trigger/activation';
import { createDomotzClient } from '../shared/clients';
import { toNodeError } from '../shared/errors';
import { forgetPassed } from './repeat-memory';
import { readRecord, readSetup, writeRecord } from './setup';

/**
 * n8n's webhook lifecycle for the trigger. `checkExists` answers whether every binding it needs
 * is in place; `create` makes the missing ones and records them, with those that were there
 * before; `delete` removes its own, and only those.
 */
export const webhookMethods = {
	default: {
		async checkExists(this: IHookFunctions): Promise<boolean> {
			const setup = readSetup(this);
			return await withNodeErrors(this, async () =>
				triggerBindingsInPlace(await createDomotzClient(this), setup, readRecord(this)),
			);
		},

		async create(this: IHookFunctions): Promise<boolean> {
			const setup = readSetup(this);
			const credentials = await this.getCredentials<{ webhookSecret?: string }>('domotzApi');
			if (!credentials.webhookSecret) {
				throw new NodeOperationError(
					this.getNode(),
					'The Domotz credential has no Webhook Secret',
					{
						description:
							"Set a long random Webhook Secret in the Domotz credential and add it to the profile's webhook URL as ?token=…",
					},
				);
			}
			const record = await withNodeErrors(this, async () =>
				activateTrigger(await createDomotzClient(this), setup, readRecord(this)),
			);
			writeRecord(this, record);
			return true;
		},

		async delete(this: IHookFunctions): Promise<boolean> {
			forgetPassed(this);
			const record = readRecord(this);
			if (!record) return true;
			const { left, error } = await withNodeErrors(this, async () =>
				deactivateTrigger(await createDomotzClient(this), record),
			);
			writeRecord(this, left);
			if (error !== undefined) throw toNodeError(this.getNode(), error);
			return true;
		},
	},
};

async function withNodeErrors<T>(context: IHookFunctions, run: () => Promise<T>): Promise<T> {
	try {
		return await run();
	} catch (error) {
		throw toNodeError(context.getNode(), error);
	}
}
