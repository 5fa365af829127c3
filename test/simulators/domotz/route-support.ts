import type { SimResponse } from '../common/http-simulator';
import type { AgentRecord, DeviceRecord, DomotzState } from './state';
import type { Clock } from './time';
import type { AgentBase, AgentDetail, DomotzQuirks } from './types';

/** What every route handler works on. */
export interface RouteContext {
	state: DomotzState;
	quirks: DomotzQuirks;
	clock: Clock;
}

type Params = Record<string, string>;

export function errorResponse(status: number, message: string): SimResponse {
	return { status, body: { message } };
}

export const NO_CONTENT: SimResponse = { status: 204 };

/** Path ids are integers; anything else names no agent or device. */
export function idParam(raw: string): number {
	return /^\d+$/.test(raw) ? Number(raw) : Number.NaN;
}

export function withAgent(
	state: DomotzState,
	params: Params,
	handle: (agent: AgentRecord) => SimResponse,
): SimResponse {
	const record = state.agentRecord(idParam(params.agentId));
	if (!record) return errorResponse(404, 'Agent not found');
	if (record.agent.access_right?.api_enabled === false) {
		return errorResponse(403, "The agent's plan does not allow API access");
	}
	return handle(record);
}

export function withDevice(
	state: DomotzState,
	params: Params,
	handle: (device: DeviceRecord, agent: AgentRecord) => SimResponse,
): SimResponse {
	return withAgent(state, params, (agent) => {
		const record = agent.devices.get(idParam(params.deviceId));
		return record ? handle(record, agent) : errorResponse(404, 'Device not found');
	});
}

/** The list serves AgentBase: the detail-only `listen_on` is left out. */
export function agentBase(agent: AgentDetail): AgentBase {
	const base: AgentDetail = { ...agent };
	delete base.listen_on;
	return base;
}
