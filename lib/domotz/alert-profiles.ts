/**
 * The Domotz calls about Shared Alert Profiles and their bindings, which the Domotz Trigger makes:
 * a part of `DomotzClient`, which sends them as it sends every other call.
 */

import type { z } from 'zod';

import type { ApiAnswer, ApiRequest } from '../http/executor';
import type { HttpMethod } from '../http/port';
import { idSegment } from '../http/url';
import {
	domotzAgentBindingSchema,
	domotzAlertProfileSchema,
	domotzDeviceBindingSchema,
	type DomotzAgentBinding,
	type DomotzAlertProfile,
	type DomotzDeviceBinding,
} from './schemas';
import type { BindingTarget } from './webhook-events';

/** `absent`: Domotz answered 404, the binding (or its agent, device or profile) is not there. */
export type UnbindOutcome = { status: 'removed' } | { status: 'absent' };

export abstract class DomotzAlertProfileCalls {
	/** The account's Shared Alert Profiles (`getAlertProfiles2`). */
	async listAlertProfiles(): Promise<DomotzAlertProfile[]> {
		return await this.readList(
			this.request('GET', '/alert-profile'),
			domotzAlertProfileSchema,
			'alert profile list',
		);
	}

	/** The profiles bound to the agent itself (`getAgentAlertProfile`). */
	async listAgentAlertProfileBindings(agentId: number): Promise<DomotzAgentBinding[]> {
		return await this.readList(
			this.bindingRequest(
				'GET',
				`/alert-profile/binding/agent/${idSegment(agentId, 'The agent ID')}`,
				agentId,
			),
			domotzAgentBindingSchema,
			'agent alert profile bindings',
		);
	}

	/** The profiles bound to each device of the agent (`getDevicesAlertProfile`). */
	async listDeviceAlertProfileBindings(agentId: number): Promise<DomotzDeviceBinding[]> {
		return await this.readList(
			this.bindingRequest(
				'GET',
				`/alert-profile/binding/agent/${idSegment(agentId, 'The agent ID')}/device`,
				agentId,
			),
			domotzDeviceBindingSchema,
			'device alert profile bindings',
		);
	}

	/**
	 * Binds a profile to an agent or a device (`bindAlertProfileToAgent`, `bindAlertProfileToDevice`).
	 * Binding what is bound leaves one binding, so the POST may be repeated.
	 */
	async bindAlertProfile(profileId: number, target: BindingTarget): Promise<void> {
		await this.send(
			this.bindingRequest('POST', this.bindingPath(profileId, target), target.agentId, {
				idempotent: true,
			}),
		);
	}

	/** Removes a binding (`unbindAlertProfileFromAgent`, `unbindAlertProfileFromDevice`). */
	async unbindAlertProfile(profileId: number, target: BindingTarget): Promise<UnbindOutcome> {
		const answer = await this.send(
			this.bindingRequest('DELETE', this.bindingPath(profileId, target), target.agentId, {
				expectedStatuses: [404],
			}),
		);
		return answer.status === 404 ? { status: 'absent' } : { status: 'removed' };
	}

	private bindingPath(profileId: number, target: BindingTarget): string {
		const agentPath = `/alert-profile/${idSegment(profileId, 'The alert profile ID')}/binding/agent/${idSegment(target.agentId, 'The agent ID')}`;
		return target.deviceId === undefined
			? agentPath
			: `${agentPath}${this.devicePath(target.deviceId)}`;
	}

	/** Binding requests name an agent: a 403 there means what it means on the agent's own paths. */
	private bindingRequest(
		method: HttpMethod,
		path: string,
		agentId: number,
		extra: Omit<ApiRequest, 'method' | 'url'> = {},
	): ApiRequest {
		return this.request(method, path, { ...extra, messageByStatus: agentAccessMessages(agentId) });
	}

	protected abstract send(request: ApiRequest): Promise<ApiAnswer>;

	protected abstract readList<Item extends z.ZodTypeAny>(
		request: ApiRequest,
		item: Item,
		expected: string,
	): Promise<Array<z.output<Item>>>;

	protected abstract request(
		method: HttpMethod,
		path: string,
		extra?: Omit<ApiRequest, 'method' | 'url'>,
	): ApiRequest;

	protected abstract devicePath(deviceId: number): string;
}

export function agentAccessMessages(agentId: number): Partial<Record<number, string>> {
	return {
		403: `Domotz refused access to agent ${agentId}: the agent's plan does not allow API access (an Advanced plan or higher is needed), or the API key is an Agent Activation key`,
	};
}
