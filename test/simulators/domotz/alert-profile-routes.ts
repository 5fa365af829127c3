import type { Route, SimResponse } from '../common/http-simulator';
import {
	errorResponse,
	idParam,
	NO_CONTENT,
	withAgent,
	withDevice,
	type RouteContext,
} from './route-support';

type Params = Record<string, string>;

/**
 * The "alert profiles" operations of domotz/slate:source/index.html.md: `getAlertProfiles2`,
 * `getAgentAlertProfile`, `getDevicesAlertProfile`, `bindAlertProfileToAgent`,
 * `unbindAlertProfileFromAgent`, `bindAlertProfileToDevice` and `unbindAlertProfileFromDevice`.
 * The reference documents only their 200 and 204 answers. Refusals follow the other agent and
 * device routes: 404 for an unknown profile, agent or device, 403 for an agent whose plan allows no
 * API access. Binding what is already bound answers 204 and leaves one binding; removing what is
 * not bound answers as `quirks.absentBindingRemoval` says.
 */
export function alertProfileRoutes(context: RouteContext): Route[] {
	const { state, quirks } = context;
	const book = state.alertProfiles;
	const agentBinding = '/alert-profile/:profileId/binding/agent/:agentId';
	const deviceBinding = `${agentBinding}/device/:deviceId`;

	const withProfile = (params: Params, handle: (profileId: number) => SimResponse) => {
		const profileId = idParam(params.profileId);
		return book.profile(profileId)
			? handle(profileId)
			: errorResponse(404, 'Alert profile not found');
	};
	const removal = (removed: boolean): SimResponse =>
		removed || quirks.absentBindingRemoval === 'noContent'
			? NO_CONTENT
			: errorResponse(404, 'Alert profile binding not found');

	return [
		{
			// getAlertProfiles2: "Returns the list of configured alert profiles".
			method: 'GET',
			pattern: '/alert-profile',
			name: 'alertProfile.list',
			handler: () => ({ status: 200, body: book.list() }),
		},
		{
			// getAgentAlertProfile: "Get the alert profile bindings of an agent".
			method: 'GET',
			pattern: '/alert-profile/binding/agent/:agentId',
			name: 'alertProfile.agentBindings',
			handler: (_request, params) =>
				withAgent(state, params, ({ agent }) => ({
					status: 200,
					body: book.agentBindingsOf(agent.id),
				})),
		},
		{
			// getDevicesAlertProfile: "Get the alert profile bindings of the devices of an agent".
			method: 'GET',
			pattern: '/alert-profile/binding/agent/:agentId/device',
			name: 'alertProfile.deviceBindings',
			handler: (_request, params) =>
				withAgent(state, params, ({ agent }) => ({
					status: 200,
					body: book.deviceBindingsOf(agent.id),
				})),
		},
		{
			// bindAlertProfileToAgent: 204.
			method: 'POST',
			pattern: agentBinding,
			name: 'alertProfile.bindAgent',
			handler: (_request, params) =>
				withProfile(params, (profileId) =>
					withAgent(state, params, ({ agent }) => {
						book.bindAgent(profileId, agent.id);
						return NO_CONTENT;
					}),
				),
		},
		{
			// unbindAlertProfileFromAgent: 204.
			method: 'DELETE',
			pattern: agentBinding,
			name: 'alertProfile.unbindAgent',
			handler: (_request, params) =>
				withProfile(params, (profileId) =>
					withAgent(state, params, ({ agent }) => removal(book.unbindAgent(profileId, agent.id))),
				),
		},
		{
			// bindAlertProfileToDevice: 204.
			method: 'POST',
			pattern: deviceBinding,
			name: 'alertProfile.bindDevice',
			handler: (_request, params) =>
				withProfile(params, (profileId) =>
					withDevice(state, params, ({ device }, { agent }) => {
						book.bindDevice(profileId, agent.id, device.id);
						return NO_CONTENT;
					}),
				),
		},
		{
			// unbindAlertProfileFromDevice: 204.
			method: 'DELETE',
			pattern: deviceBinding,
			name: 'alertProfile.unbindDevice',
			handler: (_request, params) =>
				withProfile(params, (profileId) =>
					withDevice(state, params, ({ device }, { agent }) =>
						removal(book.unbindDevice(profileId, agent.id, device.id)),
					),
				),
		},
	];
}
