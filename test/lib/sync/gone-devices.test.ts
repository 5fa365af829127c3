import type { CwConfiguration } from '../../../lib/connectwise/schemas';
import { formatMarker, type LinkStore } from '../../../lib/links/marker';
import { placeGoneAgents, type GoneAgentReport } from '../../../lib/sync/gone-agents';
import { findGoneLinks, planGoneLink, type GoneLink } from '../../../lib/sync/gone-devices';

const store: LinkStore = { kind: 'customField', caption: 'Domotz Link' };
const AGENT = 12;
const INACTIVE = 2;

function linked(
	id: number,
	marker: string | null,
	extra: Partial<CwConfiguration> = {},
): CwConfiguration {
	return {
		id,
		name: `configuration ${id}`,
		company: { id: 5 },
		customFields: [
			{ id: 41, caption: 'Domotz Link', value: marker },
			{ id: 42, caption: 'Asset tag', value: `tag-${id}` },
		],
		...extra,
	};
}

const device = (deviceId: number, agentId = AGENT) => formatMarker({ agentId, deviceId });

describe('findGoneLinks', () => {
	const configurations = [
		linked(1, device(100)),
		linked(2, device(101)),
		linked(3, formatMarker({ agentId: AGENT, deviceId: 102 }, 'pending')),
		linked(4, device(0)),
		linked(5, device(100, 99)),
		linked(6, 'written by another tool'),
		linked(7, null),
	];

	it("keeps only the agent's links to devices its list does not hold, a pending marker too", () => {
		const listed = new Set([0, 101]);
		const gone = findGoneLinks(AGENT, (deviceId) => listed.has(deviceId), configurations, store);
		expect(gone.map((link) => [link.deviceId, link.configuration.id])).toEqual([
			[100, 1],
			[102, 3],
		]);
	});

	it('for an agent gone from the account, takes every link of it, its collector included', () => {
		const gone = findGoneLinks(AGENT, () => false, configurations, store);
		expect(gone.map((link) => [link.deviceId, link.configuration.id])).toEqual([
			[100, 1],
			[101, 2],
			[102, 3],
			[0, 4],
		]);
	});
});

describe('planGoneLink', () => {
	const link = (extra: Partial<CwConfiguration> = {}): GoneLink => ({
		deviceId: 100,
		configuration: linked(1, device(100), extra),
	});

	it('reports without writing', () => {
		expect(planGoneLink(link(), { action: 'report' }, store)).toEqual({
			kind: 'none',
			outcome: { status: 'reported' },
		});
	});

	it('patches the status alone, and says what it was', () => {
		const plan = planGoneLink(
			link({ status: { id: 1, name: 'Active' } }),
			{ action: 'setStatus', statusId: INACTIVE },
			store,
		);
		expect(plan).toEqual({
			kind: 'write',
			plan: {
				steps: [
					{
						kind: 'patchConfiguration',
						configurationId: 1,
						operations: [{ op: 'replace', path: 'status', value: { id: INACTIVE } }],
					},
				],
			},
			done: { status: 'statusSet', statusId: INACTIVE, previousStatus: { id: 1, name: 'Active' } },
			planned: {
				status: 'wouldSetStatus',
				statusId: INACTIVE,
				previousStatus: { id: 1, name: 'Active' },
			},
		});
	});

	it('writes nothing when the configuration already has the status', () => {
		expect(
			planGoneLink(
				link({ status: { id: INACTIVE, name: 'Inactive' } }),
				{ action: 'setStatus', statusId: INACTIVE },
				store,
			),
		).toEqual({ kind: 'none', outcome: { status: 'statusAlreadySet', statusId: INACTIVE } });
	});

	it('unlinks by clearing the marker alone, other custom fields sent back as they are, no Domotz write', () => {
		const plan = planGoneLink(link(), { action: 'unlink' }, store);
		expect(plan.kind).toBe('write');
		if (plan.kind !== 'write') return;
		expect(plan.plan.steps).toEqual([
			{
				kind: 'patchConfiguration',
				configurationId: 1,
				operations: [
					{
						op: 'replace',
						path: 'customFields',
						value: [
							{ id: 41, caption: 'Domotz Link', value: null },
							{ id: 42, caption: 'Asset tag', value: 'tag-1' },
						],
					},
				],
			},
		]);
		expect(plan.done).toEqual({
			status: 'unlinked',
			note: expect.stringMatching(/Domotz mirror .* cannot be cleared: Domotz no longer lists/),
		});
		expect(plan.planned).toEqual({ ...plan.done, status: 'wouldUnlink' });
	});

	it('unlinks a marker kept in Device Identifier by emptying it', () => {
		const identifierStore: LinkStore = { kind: 'deviceIdentifier' };
		const plan = planGoneLink(
			{ deviceId: 0, configuration: { id: 9, deviceIdentifier: device(0) } },
			{ action: 'unlink' },
			identifierStore,
		);
		expect(plan).toMatchObject({
			kind: 'write',
			plan: {
				steps: [
					{
						kind: 'patchConfiguration',
						configurationId: 9,
						operations: [{ op: 'replace', path: 'deviceIdentifier', value: '' }],
					},
				],
			},
			done: { status: 'unlinked', note: expect.stringMatching(/agent is gone/) },
		});
	});
});

describe('placeGoneAgents', () => {
	const gone = (agentId: number): GoneAgentReport => ({
		status: 'gone',
		agentId,
		agentName: `agent ${agentId}`,
		goneDevices: [],
	});

	it("puts a chosen agent's gone report in its place and any other after the run's agents", () => {
		const reports = [
			{ agentId: 1, status: 'synced' },
			{ agentId: 2, status: 'skipped' },
		];
		expect(placeGoneAgents(reports, [gone(7), gone(2)])).toEqual([
			{ agentId: 1, status: 'synced' },
			gone(2),
			gone(7),
		]);
	});
});
