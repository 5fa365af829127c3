import {
	followsDiscoveries,
	missingProfileEvents,
	planBindings,
	readBindingRecord,
	splitExisting,
	wantedBindings,
	type BindingRecord,
} from '../../../lib/trigger/bindings';

const devicesByAgent = new Map([
	[10, [101, 102]],
	[20, [201]],
]);

describe('wantedBindings', () => {
	it('binds the agents for agent events only', () => {
		expect(
			wantedBindings({ events: ['agent_device_discovery'], profileEvents: [], devicesByAgent }),
		).toEqual([{ agentId: 10 }, { agentId: 20 }]);
	});

	it('binds every device for device events, and not the agent when the profile sends no discoveries', () => {
		expect(
			wantedBindings({
				events: ['device_ip_change'],
				profileEvents: ['device_ip_change'],
				devicesByAgent,
			}),
		).toEqual([
			{ agentId: 10, deviceId: 101 },
			{ agentId: 10, deviceId: 102 },
			{ agentId: 20, deviceId: 201 },
		]);
	});

	it('binds the agent as well when the profile sends discoveries, to follow new devices', () => {
		expect(
			wantedBindings({
				events: ['device_ip_change'],
				profileEvents: ['device_ip_change', 'agent_device_discovery'],
				devicesByAgent: new Map([[10, [101]]]),
			}),
		).toEqual([{ agentId: 10 }, { agentId: 10, deviceId: 101 }]);
	});
});

describe('planBindings', () => {
	it('binds what is wanted and missing, and leaves what exists alone', () => {
		const plan = planBindings({
			wanted: [{ agentId: 10 }, { agentId: 20 }, { agentId: 10, deviceId: 101 }],
			existing: [{ agentId: 20 }],
			own: [],
		});

		expect(plan).toEqual({
			toBind: [{ agentId: 10 }, { agentId: 10, deviceId: 101 }],
			toUnbind: [],
			keptOwn: [],
		});
	});

	it('keeps its own bindings that are still there, forgets those someone removed', () => {
		const plan = planBindings({
			wanted: [{ agentId: 10 }, { agentId: 20 }],
			existing: [{ agentId: 10 }],
			own: [{ agentId: 10 }, { agentId: 20 }],
		});

		expect(plan).toEqual({ toBind: [{ agentId: 20 }], toUnbind: [], keptOwn: [{ agentId: 10 }] });
	});

	it('removes only its own bindings that are no longer wanted, never one it did not make', () => {
		const plan = planBindings({
			wanted: [],
			existing: [{ agentId: 10 }, { agentId: 20 }, { agentId: 20, deviceId: 201 }],
			own: [{ agentId: 10 }, { agentId: 20, deviceId: 201 }],
		});

		expect(plan.toUnbind).toEqual([{ agentId: 10 }, { agentId: 20, deviceId: 201 }]);
		expect(plan.keptOwn).toEqual([]);
	});

	it('tells an agent binding from a device binding of the same agent', () => {
		const plan = planBindings({
			wanted: [{ agentId: 10, deviceId: 101 }],
			existing: [{ agentId: 10 }],
			own: [],
		});

		expect(plan.toBind).toEqual([{ agentId: 10, deviceId: 101 }]);
	});

	it('plans each binding once however often it is listed', () => {
		const plan = planBindings({
			wanted: [{ agentId: 10 }, { agentId: 10 }],
			existing: [],
			own: [],
		});

		expect(plan.toBind).toEqual([{ agentId: 10 }]);
	});
});

describe('splitExisting', () => {
	const record: BindingRecord = {
		profileId: 7,
		bindings: [{ agentId: 10 }, { agentId: 10, deviceId: 101 }],
		followedAgents: [10],
		foreign: [{ agentId: 10, deviceId: 102 }],
	};

	it("counts every binding as someone else's without a record", () => {
		const existing = [{ agentId: 10 }, { agentId: 10, deviceId: 101 }];

		expect(splitExisting(existing, undefined)).toEqual({ own: [], foreign: existing });
	});

	it('owns what it made and the devices of followed agents that were not bound before it', () => {
		const split = splitExisting(
			[
				{ agentId: 10 },
				{ agentId: 10, deviceId: 101 },
				{ agentId: 10, deviceId: 102 },
				{ agentId: 10, deviceId: 150 },
				{ agentId: 20 },
				{ agentId: 20, deviceId: 201 },
			],
			record,
		);

		expect(split).toEqual({
			own: [{ agentId: 10 }, { agentId: 10, deviceId: 101 }, { agentId: 10, deviceId: 150 }],
			foreign: [{ agentId: 10, deviceId: 102 }, { agentId: 20 }, { agentId: 20, deviceId: 201 }],
		});
	});

	it('never owns an agent binding it did not make, even on a followed agent', () => {
		expect(splitExisting([{ agentId: 10 }], { ...record, bindings: [] }).foreign).toEqual([
			{ agentId: 10 },
		]);
	});
});

describe('followsDiscoveries', () => {
	it.each([
		[['device_ip_change'], ['device_ip_change', 'agent_device_discovery'], true],
		[['device_ip_change'], ['device_ip_change'], false],
		[['agent_device_discovery'], ['agent_device_discovery'], false],
	] as const)('events %j, profile sending %j: %s', (events, profileEvents, follows) => {
		expect(followsDiscoveries(events, profileEvents)).toBe(follows);
	});
});

describe('readBindingRecord', () => {
	it('reads a record kept before it named followed agents and earlier bindings', () => {
		expect(readBindingRecord({ profileId: 7, bindings: [{ agentId: 10 }] })).toEqual({
			profileId: 7,
			bindings: [{ agentId: 10 }],
			followedAgents: [],
			foreign: [],
		});
	});

	it('counts anything unreadable as no record', () => {
		expect(readBindingRecord({ profileId: 'seven' })).toBeUndefined();
	});
});

describe('missingProfileEvents', () => {
	it('names the chosen events the profile does not send', () => {
		expect(
			missingProfileEvents(
				['agent_device_discovery', 'device_ip_change', 'device_status_down'],
				['device_ip_change'],
			),
		).toEqual(['agent_device_discovery', 'device_status_down']);
	});
});
