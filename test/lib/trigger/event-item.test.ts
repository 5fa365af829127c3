import { domotzWebhookEventNames } from '../../../lib/domotz/webhook-events';
import { judgeEvent, type TriggerWatch } from '../../../lib/trigger/event-item';
import {
	DEFAULT_IDS,
	DEFAULT_LIMITS,
	DomotzState,
	defaultSeed,
	type LocalIpDevice,
} from '../../simulators/domotz';
import {
	WEBHOOK_EVENTS,
	applyEvent,
	type EventInput,
	type WebhookEventName,
} from '../../simulators/domotz/webhook-events';

const { agents, devices } = DEFAULT_IDS;
const now = Date.parse('2025-06-01T10:00:00Z');

const discovered: LocalIpDevice = {
	id: 550,
	display_name: 'New laptop',
	protocol: 'IP',
	ip_addresses: ['192.168.10.77'],
	hw_address: 'AA:BB:CC:00:11:22',
	status: 'ONLINE',
};

/** A payload exactly as the simulator posts it for this event. */
function payloadOf(event: WebhookEventName, extra: Partial<EventInput> = {}): unknown {
	const state = new DomotzState(() => now, DEFAULT_LIMITS);
	state.load(defaultSeed());
	const input: EventInput = {
		event,
		agentId: agents.acme,
		deviceId: devices.coreSwitch,
		...(event === 'agent_device_discovery' ? { device: discovered } : {}),
		...(event === 'device_ip_change' ? { ipAddresses: ['192.168.10.250'] } : {}),
		...(event === 'agent_feature_discovery_mib'
			? { data: { feature: 'mib_discovery', value: { data: { mib: ['IF-MIB'] } } } }
			: {}),
		...extra,
	};
	return JSON.parse(JSON.stringify(applyEvent(state, () => now, input)));
}

const watchAll = (events = domotzWebhookEventNames): TriggerWatch => ({
	events: new Set(events),
	agents: 'all',
});

describe('judgeEvent', () => {
	it('knows the same events as the simulator, which lists the reference tables', () => {
		expect([...domotzWebhookEventNames].sort()).toEqual(Object.keys(WEBHOOK_EVENTS).sort());
	});

	it.each(Object.keys(WEBHOOK_EVENTS) as WebhookEventName[])(
		'reads a %s payload back as that event, for its agent',
		(event) => {
			const verdict = judgeEvent(payloadOf(event), watchAll());

			expect(verdict.kind).toBe('emit');
			if (verdict.kind !== 'emit') return;
			expect(verdict.item.event).toBe(event);
			expect(verdict.item.agent_id).toBe(agents.acme);
			expect(verdict.item.timestamp).toBe('2025-06-01T10:00:00+00:00');
		},
	);

	it('makes a discovery an item the sync node takes as it is: the device, agent_id and id', () => {
		const payload = payloadOf('agent_device_discovery');

		const verdict = judgeEvent(payload, watchAll());

		expect(verdict.kind === 'emit' && verdict.item).toEqual({
			event: 'agent_device_discovery',
			timestamp: '2025-06-01T10:00:00+00:00',
			agent_id: agents.acme,
			...discovered,
			id: discovered.id,
			agent: expect.objectContaining({ id: agents.acme, display_name: 'Acme HQ' }),
			payload,
		});
	});

	it('gives an IP change the device with its new address, and the raw payload with the old one', () => {
		const verdict = judgeEvent(payloadOf('device_ip_change'), watchAll());

		expect(verdict.kind === 'emit' && verdict.item).toMatchObject({
			event: 'device_ip_change',
			id: devices.coreSwitch,
			ip_addresses: ['192.168.10.250'],
			payload: { data: { old_ip_addresses: ['192.168.10.2'], value: ['192.168.10.250'] } },
		});
	});

	it('gives an agent event no device id', () => {
		const verdict = judgeEvent(payloadOf('agent_wan_change'), watchAll());

		expect(verdict.kind === 'emit' && verdict.item).not.toHaveProperty('id');
	});

	it('drops an event of an agent it does not watch, naming the reason', () => {
		const verdict = judgeEvent(payloadOf('device_ip_change'), {
			events: new Set(['device_ip_change']),
			agents: new Set([agents.globex]),
		});

		expect(verdict).toMatchObject({ kind: 'ignore', reason: 'agentNotWatched' });
	});

	it('drops an event it was not asked for', () => {
		const verdict = judgeEvent(payloadOf('device_status_up'), watchAll(['device_status_down']));

		expect(verdict).toMatchObject({ kind: 'ignore', reason: 'eventNotWatched' });
	});

	it.each([
		['a body that is not an object', 'agent_device_discovery'],
		['no name', { timestamp: '2025-06-01T10:00:00Z', data: { agent_id: 1 } }],
		['an unknown name', { name: 'device_renamed', timestamp: 'x', data: { agent_id: 1 } }],
		[
			'a status that is neither UP nor DOWN',
			{
				name: 'device_status',
				timestamp: 'x',
				data: { agent_id: 1, device_id: 2, value: 'SLEEPING' },
			},
		],
		['no agent', { name: 'agent_wan_change', timestamp: 'x', data: {} }],
		[
			'a device event without a device',
			{ name: 'device_ip_change', timestamp: 'x', data: { agent_id: 1 } },
		],
		[
			'an agent id that is not a number',
			{ name: 'agent_wan_change', timestamp: 'x', data: { agent_id: '1' } },
		],
	])('refuses %s', (_case, body) => {
		expect(judgeEvent(body, watchAll())).toMatchObject({
			kind: 'invalid',
			problem: expect.any(String),
		});
	});

	it('gives a repeat the same key, whatever its time or incidental device fields', () => {
		const first = payloadOf('agent_device_discovery') as {
			timestamp: string;
			data: { device: object };
		};
		const repeat = {
			...first,
			timestamp: '2025-06-01T10:00:07+00:00',
			data: { ...first.data, device: { ...first.data.device, status: 'OFFLINE' } },
		};

		const [one, two] = [first, repeat].map((body) => judgeEvent(body, watchAll()));

		expect(one.kind === 'emit' && two.kind === 'emit' && one.repeatKey === two.repeatKey).toBe(
			true,
		);
	});

	it('gives different changes of one device different keys', () => {
		const keys = ['192.168.10.250', '192.168.10.251'].map((address) => {
			const verdict = judgeEvent(
				payloadOf('device_ip_change', { ipAddresses: [address] }),
				watchAll(),
			);
			return verdict.kind === 'emit' ? verdict.repeatKey : undefined;
		});

		expect(new Set(keys).size).toBe(2);
		expect(keys).not.toContain(undefined);
	});
});
