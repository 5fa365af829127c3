import type { Route, SimRequest, SimResponse } from '../common/http-simulator';
import { alertProfileRoutes } from './alert-profile-routes';
import { EDITABLE_DEVICE_FIELDS, type EditContext } from './device-edits';
import {
	agentBase,
	errorResponse,
	NO_CONTENT,
	withAgent,
	withDevice,
	type RouteContext,
} from './route-support';
import type { DomotzState } from './state';
import { formatTimestamp } from './time';
import type {
	AgentDetail,
	Device,
	DeviceBaseType,
	DomotzQuirks,
	DomotzUser,
	InventoryField,
} from './types';

type Params = Record<string, string>;
type Parsed<T> = { ok: true; value: T } | { ok: false; message: string };

const AGENT_PAGE_SIZE = { default: 10, max: 100 };

function integerParam(
	query: URLSearchParams,
	name: string,
	fallback: number,
	min: number,
): Parsed<number> {
	const raw = query.get(name);
	if (raw === null) return { ok: true, value: fallback };
	const value = /^-?\d+$/.test(raw) ? Number(raw) : Number.NaN;
	return value >= min
		? { ok: true, value }
		: { ok: false, message: `${name} must be an integer of at least ${min}` };
}

function booleanParam(query: URLSearchParams, name: string, fallback: boolean): Parsed<boolean> {
	const raw = query.get(name)?.toLowerCase();
	if (raw === undefined) return { ok: true, value: fallback };
	if (raw === 'true' || raw === 'false') return { ok: true, value: raw === 'true' };
	return { ok: false, message: `${name} must be true or false` };
}

function agentPage(
	query: URLSearchParams,
	quirks: DomotzQuirks,
): Parsed<{ size: number; number: number }> {
	const size = integerParam(query, 'page_size', AGENT_PAGE_SIZE.default, 1);
	if (!size.ok) return size;
	if (size.value > AGENT_PAGE_SIZE.max && quirks.oversizedAgentPage === 'reject') {
		return { ok: false, message: `page_size must be at most ${AGENT_PAGE_SIZE.max}` };
	}
	const number = integerParam(query, 'page_number', 0, 0);
	if (!number.ok) return number;
	return {
		ok: true,
		value: { size: Math.min(size.value, AGENT_PAGE_SIZE.max), number: number.value },
	};
}

function matchingAgents(state: DomotzState, query: URLSearchParams): AgentDetail[] {
	const name = query.get('display_name')?.toLowerCase();
	const team = query.get('team_name')?.toLowerCase();
	return state
		.agentRecords()
		.map((record) => record.agent)
		.filter(
			(agent) =>
				(!name || agent.display_name.toLowerCase().includes(name)) &&
				(!team || agent.team?.name?.toLowerCase() === team),
		);
}

function isHidden(device: Device): boolean {
	return 'status' in device && device.status === 'HIDDEN';
}

function listDevices(context: RouteContext, request: SimRequest, params: Params): SimResponse {
	return withAgent(context.state, params, (agent) => {
		const showHidden = booleanParam(request.query, 'show_hidden', false);
		if (!showHidden.ok) return errorResponse(400, showHidden.message);
		const showExcluded = booleanParam(request.query, 'show_excluded', true);
		if (!showExcluded.ok) return errorResponse(400, showExcluded.message);
		const devices = [...agent.devices.values()]
			.filter((record) => record.managed)
			.map((record) => record.device)
			.filter(
				(device) =>
					(showHidden.value || !isHidden(device)) && (showExcluded.value || !device.is_excluded),
			);
		if (devices.length > 0) return { status: 200, body: devices };
		return { status: 200, body: context.quirks.emptyDeviceList === 'null' ? null : [] };
	});
}

function editDeviceField(
	context: RouteContext,
	request: SimRequest,
	params: Params,
	field: string,
): SimResponse {
	const { state, quirks } = context;
	return withDevice(state, params, (record) => {
		const edit = EDITABLE_DEVICE_FIELDS.get(field);
		if (!edit) return errorResponse(400, `"${field}" is not an editable device field`);
		const editContext: EditContext = {
			isKnownBaseType: (typeId) => state.isKnownBaseType(typeId),
			deviceTypeBody: quirks.deviceTypeBody,
		};
		const write =
			request.bodyIsInvalidJson || request.body === undefined
				? undefined
				: edit.parse(request.body, editContext);
		if (!write) return errorResponse(400, `${field} expects ${edit.expects(editContext)}`);
		if (record.locked) return errorResponse(423, 'The device is locked');
		write(record);
		return NO_CONTENT;
	});
}

function isLabelBody(body: unknown): body is { label: string } {
	return (
		typeof body === 'object' &&
		body !== null &&
		typeof (body as { label?: unknown }).label === 'string'
	);
}

function withOwnInventoryField(
	state: DomotzState,
	key: string,
	handle: (field: InventoryField) => SimResponse,
): SimResponse {
	const field = state.inventoryField(key);
	if (!field) return errorResponse(404, 'Inventory field not found');
	if (field.defined_by_user !== undefined && field.defined_by_user !== state.user.id) {
		return errorResponse(403, 'The inventory field was defined by another user');
	}
	return handle(field);
}

function setInventoryValue(state: DomotzState, request: SimRequest, params: Params): SimResponse {
	return withDevice(state, params, (record) => {
		if (!state.inventoryField(params.key)) return errorResponse(404, 'Inventory field not found');
		if (typeof request.body !== 'string') {
			return errorResponse(400, 'The value must be a JSON string and cannot be null');
		}
		record.inventory.set(params.key, request.body);
		return NO_CONTENT;
	});
}

/**
 * `DeviceBaseType` and `User` declare every property optional. `omitted` serves the first base type
 * without `label` and one more type without `id`, and the user without any field.
 */
const optionalPropertyViews: Record<
	DomotzQuirks['optionalProperties'],
	{
		baseTypes: (types: readonly DeviceBaseType[]) => Array<Partial<DeviceBaseType>>;
		user: (user: DomotzUser) => Partial<DomotzUser>;
	}
> = {
	filled: { baseTypes: (types) => [...types], user: (user) => user },
	omitted: {
		baseTypes: ([first, ...rest]) => [
			...(first ? [{ id: first.id, identifier: first.identifier, vital: first.vital }] : []),
			...rest,
			{ identifier: 'UNNUMBERED', label: 'Unnumbered type', vital: false },
		],
		user: () => ({}),
	},
};

/**
 * The simulated part of Domotz Public API v1, mounted under `/public-api/v1`. Route names are
 * stable: request counts and fault rules refer to them.
 */
export function domotzRoutes(context: RouteContext): Route[] {
	const { state, quirks, clock } = context;
	const devicePath = '/agent/:agentId/device/:deviceId';
	return [
		{
			method: 'GET',
			pattern: '/agent',
			name: 'agent.list',
			handler: (request) => {
				const page = agentPage(request.query, quirks);
				if (!page.ok) return errorResponse(400, page.message);
				const start = page.value.number * page.value.size;
				const agents = matchingAgents(state, request.query).slice(start, start + page.value.size);
				return { status: 200, body: agents.map(agentBase) };
			},
		},
		{
			method: 'HEAD',
			pattern: '/agent',
			name: 'agent.count',
			handler: (request) => ({
				status: 204,
				headers: { 'X-Entities-Count': String(matchingAgents(state, request.query).length) },
			}),
		},
		{
			method: 'GET',
			pattern: '/agent/:agentId',
			name: 'agent.get',
			handler: (_request, params) =>
				withAgent(state, params, (agent) => ({ status: 200, body: agent.agent })),
		},
		{
			method: 'GET',
			pattern: '/agent/:agentId/device',
			name: 'device.list',
			handler: (request, params) => listDevices(context, request, params),
		},
		{
			// The device list is not paginated and cannot be counted.
			method: 'HEAD',
			pattern: '/agent/:agentId/device',
			name: 'device.count',
			handler: () => ({ status: 405, headers: { Allow: 'GET' } }),
		},
		{
			method: 'GET',
			pattern: devicePath,
			name: 'device.get',
			handler: (_request, params) =>
				withDevice(state, params, (record) => ({ status: 200, body: record.device })),
		},
		{
			method: 'GET',
			pattern: `${devicePath}/inventory`,
			name: 'inventory.getValues',
			handler: (_request, params) =>
				withDevice(state, params, (record, agent) => ({
					status: 200,
					body: state.deviceInventory(agent.agent.id, record.device.id),
				})),
		},
		// Listed before the two-segment device field edit, which would otherwise match.
		{
			method: 'PUT',
			pattern: `${devicePath}/inventory/:key`,
			name: 'inventory.setValue',
			handler: (request, params) => setInventoryValue(state, request, params),
		},
		{
			method: 'DELETE',
			pattern: `${devicePath}/inventory/:key`,
			name: 'inventory.clearValue',
			handler: (_request, params) =>
				withDevice(state, params, (record) => {
					if (!state.inventoryField(params.key))
						return errorResponse(404, 'Inventory field not found');
					record.inventory.delete(params.key);
					return NO_CONTENT;
				}),
		},
		{
			method: 'PUT',
			pattern: `${devicePath}/:field`,
			name: 'device.editField',
			handler: (request, params) => editDeviceField(context, request, params, params.field),
		},
		{
			method: 'PUT',
			pattern: `${devicePath}/:group/:field`,
			name: 'device.editField',
			handler: (request, params) =>
				editDeviceField(context, request, params, `${params.group}/${params.field}`),
		},
		{
			method: 'GET',
			pattern: '/inventory',
			name: 'inventory.listFields',
			handler: () => ({ status: 200, body: state.inventoryFields() }),
		},
		{
			method: 'POST',
			pattern: '/inventory/:key',
			name: 'inventory.createField',
			handler: (request, params) => {
				if (state.inventoryField(params.key)) {
					return errorResponse(409, 'An inventory field with this key already exists');
				}
				if (!isLabelBody(request.body))
					return errorResponse(400, 'The body must be {"label": string}');
				state.defineInventoryField({
					key: params.key,
					label: request.body.label,
					creation_time: formatTimestamp(clock()),
					defined_by_user: state.user.id,
				});
				return { status: 201 };
			},
		},
		{
			method: 'PUT',
			pattern: '/inventory/:key',
			name: 'inventory.updateField',
			handler: (request, params) =>
				withOwnInventoryField(state, params.key, (field) => {
					const body = request.body;
					if (!isLabelBody(body)) return errorResponse(400, 'The body must be {"label": string}');
					state.defineInventoryField({ ...field, label: body.label });
					return NO_CONTENT;
				}),
		},
		{
			method: 'DELETE',
			pattern: '/inventory/:key',
			name: 'inventory.deleteField',
			handler: (_request, params) =>
				withOwnInventoryField(state, params.key, () => {
					state.deleteInventoryField(params.key);
					return NO_CONTENT;
				}),
		},
		{
			method: 'GET',
			pattern: '/type/device/base',
			name: 'type.base',
			handler: () => ({
				status: 200,
				body: optionalPropertyViews[quirks.optionalProperties].baseTypes(state.baseTypes),
			}),
		},
		{
			method: 'GET',
			pattern: '/type/device/detected',
			name: 'type.detected',
			handler: () => ({ status: 200, body: state.detectedTypes }),
		},
		{
			method: 'GET',
			pattern: '/user',
			name: 'user.get',
			handler: () => ({
				status: 200,
				body: optionalPropertyViews[quirks.optionalProperties].user(state.user),
			}),
		},
		{
			method: 'GET',
			pattern: '/meta/usage',
			name: 'meta.usage',
			handler: () => ({ status: 200, body: state.usage() }),
		},
		...alertProfileRoutes(context),
	];
}
