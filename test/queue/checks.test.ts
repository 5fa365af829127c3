import {
	duplicateGroups,
	linkProblems,
	overlapSeconds,
	surplusConfigurations,
	syncReport,
	type ConfigurationFacts,
	type DeviceFacts,
	type ExecutionRecord,
} from './checks';

const configuration = (
	id: number,
	fields: Partial<ConfigurationFacts> = {},
): ConfigurationFacts => ({ id, companyId: 7, link: null, ...fields });

const execution = (startedAt: number | null, stoppedAt: number | null): ExecutionRecord => ({
	id: '1',
	status: 'success',
	startedAt,
	stoppedAt,
});

describe('overlapSeconds', () => {
	it.each([
		['two runs sharing 3 s', [execution(0, 5_000), execution(2_000, 9_000)], 3],
		['one inside the other', [execution(0, 10_000), execution(1_000, 2_500)], 1.5],
		['one after the other', [execution(0, 1_000), execution(3_000, 4_000)], -2],
		['one never started', [execution(0, 1_000), execution(null, null)], -Infinity],
	])('%s', (_title, records, seconds) => {
		expect(overlapSeconds(records)).toBe(seconds);
	});
});

describe('duplicateGroups', () => {
	it.each<[string, ConfigurationFacts[], number[], string[]]>([
		[
			'two configurations with one link',
			[configuration(1, { link: 'domotz:5/9' }), configuration(2, { link: ' domotz:5/9 ' })],
			[],
			['link domotz:5/9'],
		],
		[
			'two new ones with one serial in a company, written differently',
			[
				configuration(1, { serialNumber: 'ab-1234x' }),
				configuration(2, { serialNumber: ' AB-1234X' }),
			],
			[1, 2],
			['serial AB-1234X in company 7'],
		],
		[
			'two new ones with one MAC in different forms',
			[
				configuration(1, { macAddress: 'aa:bb:cc:00:11:22' }),
				configuration(2, { macAddress: 'AABB.CC00.1122' }),
			],
			[1, 2],
			['MAC AA:BB:CC:00:11:22 in company 7'],
		],
		[
			'an old and a new one with one serial (an inactive record, say)',
			[
				configuration(1, { serialNumber: 'AB-1234X' }),
				configuration(2, { serialNumber: 'AB-1234X' }),
			],
			[2],
			[],
		],
		[
			'one serial in two companies',
			[
				configuration(1, { serialNumber: 'AB-1234X' }),
				configuration(2, { serialNumber: 'AB-1234X', companyId: 8 }),
			],
			[1, 2],
			[],
		],
		[
			'placeholder serials and foreign link values',
			[
				configuration(1, { serialNumber: 'To be filled by O.E.M.', link: 'RMM-1' }),
				configuration(2, { serialNumber: 'To be filled by O.E.M.', link: 'RMM-1' }),
			],
			[1, 2],
			[],
		],
	])('%s', (_title, configurations, created, keys) => {
		expect(duplicateGroups(configurations, new Set(created)).map((group) => group.key)).toEqual(
			keys,
		);
	});
});

describe('surplusConfigurations', () => {
	it('counts each configuration beyond the first of its groups once', () => {
		expect(
			surplusConfigurations([
				{ key: 'link domotz:5/9', configurationIds: [12, 4] },
				{ key: 'serial AB-1234X in company 7', configurationIds: [4, 12] },
				{ key: 'MAC AA:BB:CC:00:11:22 in company 7', configurationIds: [6, 3, 9] },
			]),
		).toEqual([6, 9, 12]);
	});
});

describe('linkProblems', () => {
	const scope = { syncedAgentIds: new Set([5]), newLinks: new Set([1, 2, 3, 4]) };
	const device = (deviceId: number, mirror: string | null): DeviceFacts => ({
		agentId: 5,
		deviceId,
		mirror,
	});

	it.each<[string, ConfigurationFacts[], DeviceFacts[], string[]]>([
		[
			'links that agree, an old link without mirror, a collector, another agent',
			[
				configuration(1, { link: 'domotz:5/1' }),
				configuration(10, { link: 'domotz:5/2' }),
				configuration(2, { link: 'domotz:5/0' }),
				configuration(3, { link: 'domotz:6/1' }),
			],
			[device(1, '1'), device(2, null)],
			[],
		],
		[
			'a new link whose device mirrors its duplicate',
			[configuration(1, { link: 'domotz:5/1' }), configuration(2, { link: 'domotz:5/1' })],
			[device(1, '2')],
			['configuration 1 links domotz:5/1, whose mirror is 2'],
		],
		[
			'a new link to a device Domotz does not have',
			[configuration(1, { link: 'domotz:5/3' })],
			[],
			['configuration 1 links domotz:5/3, which Domotz does not have'],
		],
		[
			'mirrors naming a missing configuration and one with another link',
			[configuration(10, { link: 'domotz:5/2' })],
			[device(1, '99'), device(3, '10')],
			[
				'domotz:5/1 mirrors configuration 99, which does not exist',
				'domotz:5/3 mirrors configuration 10, whose link is domotz:5/2',
			],
		],
	])('%s', (_title, configurations, devices, problems) => {
		expect(linkProblems(configurations, devices, scope)).toEqual(problems);
	});
});

describe('syncReport', () => {
	it('reads the Sync Agents items and counts Failed Sync items', () => {
		const execution = {
			data: {
				resultData: {
					runData: {
						'Sync Agents': [
							{
								data: {
									main: [[{ json: { agentId: 1, status: 'synced' } }], [], [{ json: {} }]],
								},
							},
						],
						'Failed Sync': [{ data: { main: [[{ json: { failedSync: 'x' } }]] } }],
					},
				},
			},
		};
		expect(syncReport(execution)).toEqual({ agents: [[1, 'synced']], failedSyncItems: 1 });
	});

	it('refuses an execution without run data', () => {
		expect(() => syncReport({ data: {} })).toThrow('the execution has no run data');
	});
});
