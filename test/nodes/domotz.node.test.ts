import { AGENTS, DEVICES, NORTHWIND_LISTED, connectWiseTenant, domotzTenant } from './fixtures';
import { SimulatedTenant, byId, jsonOf, pairedItemsOf } from './support';

const tenant = new SimulatedTenant();

beforeAll(async () => {
	await tenant.start();
});
afterAll(async () => {
	await tenant.close();
});
beforeEach(() => {
	tenant.load(domotzTenant(), connectWiseTenant({ linkField: true }));
});

const getDevices = (parameters: Record<string, unknown> = {}) => ({
	resource: 'device',
	operation: 'getAll',
	agent: byId(AGENTS.northwind),
	returnAll: true,
	...parameters,
});

describe('Domotz › Agent', () => {
	it('gets one agent by ID', async () => {
		const result = await tenant.run(
			'domotz',
			{ resource: 'agent', operation: 'get', agent: byId(AGENTS.northwind) },
			[{}],
		);
		expect(result.error).toBeUndefined();
		expect(jsonOf(result.output('Node'))).toEqual([
			expect.objectContaining({ id: AGENTS.northwind, display_name: 'Northwind HQ' }),
		]);
	});

	it('lists every agent with its API access flag', async () => {
		const result = await tenant.run('domotz', { resource: 'agent', operation: 'getAll' }, [{}]);
		expect(jsonOf(result.output('Node')).map((agent) => [agent.id, agent.apiAccess])).toEqual([
			[AGENTS.northwind, true],
			[AGENTS.contoso, true],
			[AGENTS.basicPlan, false],
			[AGENTS.orphan, true],
		]);
	});

	it('leaves out agents without API access when asked', async () => {
		const result = await tenant.run(
			'domotz',
			{ resource: 'agent', operation: 'getAll', filters: { onlyApiEnabled: true } },
			[{}],
		);
		expect(jsonOf(result.output('Node')).map((agent) => agent.id)).toEqual([
			AGENTS.northwind,
			AGENTS.contoso,
			AGENTS.orphan,
		]);
	});
});

describe('Domotz › Get devices', () => {
	it.each([
		['no filter (hidden and excluded devices left out)', {}, NORTHWIND_LISTED],
		['status Offline', { statuses: ['OFFLINE'] }, [DEVICES.mac]],
		[
			'status Down or Offline',
			{ statuses: ['DOWN', 'OFFLINE'] },
			[DEVICES.mac, DEVICES.ambiguousSerial],
		],
		[
			'type Server (the user-set type wins over the detected one)',
			{ typeIds: ['5'] },
			[DEVICES.serial, DEVICES.ip, DEVICES.unmatched, DEVICES.inactiveMatch],
		],
		['hidden devices included', { includeHidden: true }, [...NORTHWIND_LISTED, DEVICES.hidden]],
		[
			'excluded devices included',
			{ includeExcluded: true },
			[...NORTHWIND_LISTED, DEVICES.excluded],
		],
		[
			'only with a usable serial (placeholders and MACs as serials left out)',
			{ withSerial: true },
			[
				DEVICES.linked,
				DEVICES.serial,
				DEVICES.ambiguousSerial,
				DEVICES.unmatched,
				DEVICES.inactiveMatch,
			],
		],
		[
			'only with a MAC (routed and external devices left out)',
			{ withMac: true },
			NORTHWIND_LISTED.filter((id) => id !== DEVICES.ip && id !== DEVICES.external),
		],
	])('filters by %s', async (_case, filters, expected) => {
		const result = await tenant.run('domotz', getDevices({ filters }), [{}]);
		expect(result.error).toBeUndefined();
		expect(jsonOf(result.output('Node')).map((device) => device.id)).toEqual(
			[...expected].sort((a, b) => a - b),
		);
	});

	it('returns at most Limit devices', async () => {
		const result = await tenant.run('domotz', getDevices({ returnAll: false, limit: 3 }), [{}]);
		expect(jsonOf(result.output('Node')).map((device) => device.id)).toEqual(
			NORTHWIND_LISTED.slice(0, 3),
		);
	});

	it('says so when Limit cuts the list: a warning hint, and truncated with the count on the last item', async () => {
		const result = await tenant.run('domotz', getDevices({ returnAll: false, limit: 3 }), [{}]);
		const devices = jsonOf(result.output('Node'));
		expect(devices.map((device) => [device.truncated, device.agentDeviceCount])).toEqual([
			[undefined, undefined],
			[undefined, undefined],
			[true, NORTHWIND_LISTED.length],
		]);
		const [hint] = result.run.data.resultData.runData.Node[0].hints ?? [];
		expect(hint).toMatchObject({ type: 'warning', location: 'outputPane' });
		expect(hint.message).toContain(
			`Agent ${AGENTS.northwind} has ${NORTHWIND_LISTED.length} devices`,
		);
		expect(hint.message).toContain('Return All');
	});

	it('marks nothing when the whole list fits within Limit', async () => {
		const result = await tenant.run(
			'domotz',
			getDevices({ returnAll: false, limit: NORTHWIND_LISTED.length }),
			[{}],
		);
		expect(jsonOf(result.output('Node')).filter((device) => 'truncated' in device)).toEqual([]);
		expect(result.run.data.resultData.runData.Node[0].hints ?? []).toEqual([]);
	});

	it('outputs one item per device carrying agent_id, paired to its input item', async () => {
		const result = await tenant.run('domotz', getDevices(), [{}]);
		const items = result.output('Node');
		expect(items).toHaveLength(NORTHWIND_LISTED.length);
		expect(new Set(jsonOf(items).map((device) => device.agent_id))).toEqual(
			new Set([AGENTS.northwind]),
		);
		expect(pairedItemsOf(items)).toEqual(NORTHWIND_LISTED.map(() => 0));
	});

	it('reads the device list once for two input items of the same agent', async () => {
		const result = await tenant.run('domotz', getDevices(), [{ run: 1 }, { run: 2 }]);
		expect(result.output('Node')).toHaveLength(2 * NORTHWIND_LISTED.length);
		expect(pairedItemsOf(result.output('Node'))).toEqual([
			...NORTHWIND_LISTED.map(() => 0),
			...NORTHWIND_LISTED.map(() => 1),
		]);
		expect(tenant.domotz.http.count('GET', 'device.list')).toBe(1);
	});

	it('explains that an agent without API access needs another plan', async () => {
		const result = await tenant.run('domotz', getDevices({ agent: byId(AGENTS.basicPlan) }), [{}]);
		expect(result.error?.message).toMatch(/plan/);
		expect(result.error?.message).toContain(String(AGENTS.basicPlan));
	});

	it('with Continue on Fail, turns a bad agent into an error item paired to its input', async () => {
		const result = await tenant.run(
			'domotz',
			getDevices({ agent: '={{ $json.agent }}' }),
			[{ agent: byId(AGENTS.contoso) }, { agent: byId(999_999) }],
			'continueRegularOutput',
		);
		expect(result.error).toBeUndefined();
		const items = result.output('Node');
		expect(pairedItemsOf(items)).toEqual([0, 1]);
		expect(items[0].json).toMatchObject({ id: DEVICES.contosoSerial, agent_id: AGENTS.contoso });
		expect(items[1].json.error).toEqual(expect.any(String));
		expect(items[1].json).not.toHaveProperty('id');
	});
});

describe('Domotz › Update field', () => {
	const updateField = (deviceId: number, field: string, value: string) => ({
		resource: 'device',
		operation: 'updateField',
		agent: byId(AGENTS.northwind),
		device: byId(deviceId),
		field,
		value,
	});

	it('sets the field in Domotz', async () => {
		const result = await tenant.run(
			'domotz',
			updateField(DEVICES.mac, 'details/zone', 'Front desk'),
			[{}],
		);
		expect(jsonOf(result.output('Node'))).toEqual([
			{
				agent_id: AGENTS.northwind,
				device_id: DEVICES.mac,
				field: 'details/zone',
				value: 'Front desk',
				status: 'updated',
			},
		]);
		expect(tenant.domotz.state.device(AGENTS.northwind, DEVICES.mac)?.details?.zone).toBe(
			'Front desk',
		);
	});

	it('reports a locked device as locked and leaves it unchanged', async () => {
		const result = await tenant.run(
			'domotz',
			updateField(DEVICES.serial, 'details/zone', 'Front desk'),
			[{}],
		);
		expect(result.error).toBeUndefined();
		expect(result.output('Node')[0].json.status).toBe('locked');
		expect(
			tenant.domotz.state.device(AGENTS.northwind, DEVICES.serial)?.details?.zone,
		).toBeUndefined();
	});
});
