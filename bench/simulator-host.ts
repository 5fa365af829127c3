/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-dangerous-functions -- benchmark only, never shipped: each simulator runs in a child process of its own (forked from this file) so that the engine's process measures only the engine */
import { fork, type ChildProcess } from 'node:child_process';

import { decodeBody } from '../lib/http/port';
import { ConnectWiseSimulator } from '../test/simulators/connectwise';
import { DomotzSimulator } from '../test/simulators/domotz';
import type { IpDeviceFields } from '../test/simulators/domotz/types';
import { buildBenchTenant } from './msp-tenant';
import { limits, scenarios, type ScenarioName } from './scenarios';

export type ApiName = 'Domotz' | 'ConnectWise';

export interface RequestTally {
	api: ApiName;
	method: string;
	route: string;
	status: number | string;
	count: number;
}

/**
 * Every answer of a run decoded and parsed again, as the engine's HTTP port does, by the
 * simulator that sent it once the run is over: the same bytes and the same Node, kept out of the
 * engine's process, whose memory is measured.
 */
export interface ParseMeasurement {
	answers: number;
	bytes: number;
	/** The fastest of a few passes over the same bytes. */
	milliseconds: number;
}

export interface Endpoints {
	domotzApiBase: string;
	domotzApiKey: string;
	connectWiseBaseUrl: string;
	/** The tenant's codebase, as its login screen's company info gives it. */
	connectWiseCodebase: string;
	connectWise: { companyId: string; publicKey: string; privateKey: string; clientId: string };
}

/** A Domotz device as the benchmark's accounting reads it: what ConnectWise should hold of it. */
export interface DeviceState {
	agentId: number;
	deviceId: number;
	/** The user's name, else the discovered one. */
	name: string;
	model?: string;
	osInfo?: string;
	ip?: string;
}

/** A ConnectWise configuration's fields that the sync writes, as the simulator holds them. */
export interface ConfigurationState {
	id: number;
	companyId?: number;
	name: string;
	modelNumber?: string;
	osType?: string;
	osInfo?: string;
	ipAddress?: string;
}

/** What both simulators hold now: Domotz's devices and ConnectWise's configurations. */
export interface TenantState {
	devices: DeviceState[];
	configurations: ConfigurationState[];
}

export type Command =
	| { type: 'start'; scenario: ScenarioName; api: ApiName }
	| { type: 'requests' }
	/** Clears the request tallies and starts counting CPU time anew. */
	| { type: 'resetRequests' }
	/** Milliseconds of CPU the simulator's process used since the tallies were cleared. */
	| { type: 'cpu' }
	/** Times decoding and parsing the answers sent since the tallies were cleared. */
	| { type: 'parseAnswers' }
	/** Moves both simulators' clocks: a later run starts with a fresh ConnectWise minute. */
	| { type: 'advanceClock'; milliseconds: number }
	| { type: 'rename'; devices: Rename[] }
	/** The simulator's part of `TenantState`. */
	| { type: 'state' }
	| { type: 'stop' };

export interface Rename {
	agentId: number;
	deviceId: number;
	name: string;
}

/** Devices renamed in Domotz by their users, as between two syncs. */
export function renameDevices(domotz: DomotzSimulator, devices: readonly Rename[]): void {
	for (const { agentId, deviceId, name } of devices) {
		const record = domotz.state.deviceRecord(agentId, deviceId);
		if (!record) throw new Error(`no device ${deviceId} on agent ${agentId}`);
		record.device.user_data = { ...record.device.user_data, name };
	}
}

/** The requests each simulator answered, by method, route and status. */
export function tallyRequests(
	simulators: Partial<Record<ApiName, DomotzSimulator | ConnectWiseSimulator>>,
): RequestTally[] {
	const tallies = new Map<string, RequestTally>();
	for (const api of ['Domotz', 'ConnectWise'] as const) {
		for (const { method, route, status } of simulators[api]?.http.requests() ?? []) {
			const key = `${api} ${method} ${route} ${status}`;
			const tally = tallies.get(key) ?? { api, method, route, status, count: 0 };
			tally.count += 1;
			tallies.set(key, tally);
		}
	}
	return [...tallies.values()];
}

interface Envelope {
	id: number;
	command: Command;
}

interface Answer {
	id: number;
	ok: boolean;
	value?: unknown;
	error?: string;
}

/** Passes over a run's answers when timing their parsing: the fastest counts. */
const PARSE_PASSES = 3;

/**
 * One simulator with the benchmark's latency and limits, answering commands from the parent. Each
 * API has a process of its own, as each is a service of its own: building a page of ConnectWise
 * configurations never holds up a Domotz answer.
 */
class Host {
	private domotz?: DomotzSimulator;
	private connectwise?: ConnectWiseSimulator;
	private offset = 0;
	private cpuSince = process.cpuUsage();

	private readonly clock = () => Date.now() + this.offset;

	async handle(command: Command): Promise<unknown> {
		switch (command.type) {
			case 'start':
				return await this.start(command.scenario, command.api);
			case 'requests':
				return this.requests();
			case 'resetRequests':
				this.domotz?.http.resetCounts();
				this.connectwise?.http.resetCounts();
				this.cpuSince = process.cpuUsage();
				return undefined;
			case 'cpu': {
				const used = process.cpuUsage(this.cpuSince);
				return (used.user + used.system) / 1000;
			}
			case 'parseAnswers':
				return this.parseAnswers();
			case 'advanceClock':
				this.offset += command.milliseconds;
				return undefined;
			case 'rename':
				if (!this.domotz) throw new Error('the Domotz simulator has not started');
				renameDevices(this.domotz, command.devices);
				return undefined;
			case 'state':
				return this.state();
			case 'stop':
				await Promise.all([this.domotz?.close(), this.connectwise?.close()]);
				return undefined;
		}
	}

	private async start(name: ScenarioName, api: ApiName): Promise<Partial<Endpoints>> {
		const scenario = scenarios[name];
		const tenant = buildBenchTenant(scenario);
		const simulator = {
			latency: { minMs: limits.latencyMs, maxMs: limits.latencyMs },
			seed: scenario.seed,
			keepAnswers: true,
		};
		if (api === 'Domotz') {
			this.domotz = new DomotzSimulator({
				seed: tenant.domotz,
				clock: this.clock,
				limits: {
					concurrentAllowed: limits.domotzInFlight,
					concurrentAllowedMeaning: 'inFlight',
					daily: limits.domotzDailyCallsPerAgent * scenario.agents,
				},
				simulator,
			});
			await this.domotz.start();
			return { domotzApiBase: this.domotz.apiBaseUrl, domotzApiKey: this.domotz.apiKey };
		}
		this.connectwise = new ConnectWiseSimulator({
			seed: tenant.connectwise,
			clock: this.clock,
			requestsPerMinute: limits.connectWisePerMinute,
			simulator,
		});
		await this.connectwise.start();
		return {
			connectWiseBaseUrl: this.connectwise.baseUrl,
			connectWiseCodebase: this.connectwise.codebase,
			connectWise: this.connectwise.credentials,
		};
	}

	private state(): Partial<TenantState> {
		if (this.domotz) {
			const { state } = this.domotz;
			return {
				devices: state.agents().flatMap((agent) =>
					(state.devices(agent.id) ?? []).map((device) => {
						const ipFields: IpDeviceFields = device.protocol === 'DUMMY' ? {} : device;
						return {
							agentId: agent.id,
							deviceId: device.id,
							name: device.user_data?.name || device.display_name,
							model: device.user_data?.model || ipFields.model,
							osInfo: device.os?.version,
							ip: ipFields.ip_addresses?.[0],
						};
					}),
				),
			};
		}
		return {
			configurations: (this.connectwise?.state.configurations() ?? []).map((configuration) => ({
				id: configuration.id,
				companyId: configuration.company.id,
				name: configuration.name,
				modelNumber: configuration.modelNumber ?? undefined,
				osType: configuration.osType ?? undefined,
				osInfo: configuration.osInfo ?? undefined,
				ipAddress: configuration.ipAddress ?? undefined,
			})),
		};
	}

	private requests(): RequestTally[] {
		return tallyRequests({ Domotz: this.domotz, ConnectWise: this.connectwise });
	}

	/**
	 * The bytes the engine received, turned into values the way its HTTP port does (UTF-8 text,
	 * then `decodeBody`). The fastest pass counts: a bound takes the work at its cheapest.
	 */
	private parseAnswers(): ParseMeasurement {
		const sent = (this.domotz ?? this.connectwise)?.http.sentAnswers() ?? [];
		const bodies = sent.map((text) => Buffer.from(text, 'utf8'));
		let fastest = Number.POSITIVE_INFINITY;
		for (let pass = 0; pass < PARSE_PASSES; pass += 1) {
			const started = performance.now();
			for (const body of bodies) decodeBody(body.toString('utf8'));
			fastest = Math.min(fastest, performance.now() - started);
		}
		return {
			answers: bodies.length,
			bytes: bodies.reduce((total, body) => total + body.length, 0),
			milliseconds: fastest,
		};
	}
}

/** The parent's handle on one child: one promise per command. */
class HostProcess {
	private readonly child: ChildProcess;
	private nextId = 1;
	private readonly pending = new Map<number, (answer: Answer) => void>();

	constructor() {
		this.child = fork(__filename, ['--host'], {
			execArgv: ['-r', 'ts-node/register/transpile-only'],
			stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
		});
		this.child.on('message', (answer: Answer) => {
			this.pending.get(answer.id)?.(answer);
			this.pending.delete(answer.id);
		});
	}

	async call<Value>(command: Command): Promise<Value> {
		const id = this.nextId++;
		const answer = await new Promise<Answer>((resolve) => {
			this.pending.set(id, resolve);
			this.child.send({ id, command } satisfies Envelope);
		});
		if (!answer.ok) throw new Error(`simulator host: ${answer.error}`);
		return answer.value as Value;
	}

	disconnect(): void {
		this.child.disconnect();
	}
}

/** Both simulators, each in a child process of its own, behind one command interface. */
export class SimulatorProcess {
	private readonly hosts: Record<ApiName, HostProcess> = {
		Domotz: new HostProcess(),
		ConnectWise: new HostProcess(),
	};

	async start(scenario: ScenarioName): Promise<Endpoints> {
		const [domotz, connectwise] = await Promise.all(
			(['Domotz', 'ConnectWise'] as const).map((api) =>
				this.hosts[api].call<Partial<Endpoints>>({ type: 'start', scenario, api }),
			),
		);
		return { ...domotz, ...connectwise } as Endpoints;
	}

	/** Both simulators' answers since the tallies were cleared, parsed again one host at a time. */
	async parseAnswers(): Promise<ParseMeasurement> {
		const domotz = await this.hosts.Domotz.call<ParseMeasurement>({ type: 'parseAnswers' });
		const connectwise = await this.hosts.ConnectWise.call<ParseMeasurement>({
			type: 'parseAnswers',
		});
		return {
			answers: domotz.answers + connectwise.answers,
			bytes: domotz.bytes + connectwise.bytes,
			milliseconds: domotz.milliseconds + connectwise.milliseconds,
		};
	}

	/** CPU milliseconds each simulator's process used since the tallies were cleared. */
	async cpu(): Promise<Record<ApiName, number>> {
		const [Domotz, ConnectWise] = await Promise.all([
			this.hosts.Domotz.call<number>({ type: 'cpu' }),
			this.hosts.ConnectWise.call<number>({ type: 'cpu' }),
		]);
		return { Domotz, ConnectWise };
	}

	/** Domotz's devices and ConnectWise's configurations as they are now. */
	async state(): Promise<TenantState> {
		const [domotz, connectwise] = await Promise.all(
			(['Domotz', 'ConnectWise'] as const).map((api) =>
				this.hosts[api].call<Partial<TenantState>>({ type: 'state' }),
			),
		);
		return { devices: domotz.devices ?? [], configurations: connectwise.configurations ?? [] };
	}

	async call<Value>(
		command: Exclude<Command, { type: 'start' | 'cpu' | 'parseAnswers' | 'state' }>,
	): Promise<Value> {
		if (command.type === 'rename') return await this.hosts.Domotz.call<Value>(command);
		const [domotz, connectwise] = await Promise.all([
			this.hosts.Domotz.call<unknown>(command),
			this.hosts.ConnectWise.call<unknown>(command),
		]);
		return (
			command.type === 'requests'
				? [...(domotz as RequestTally[]), ...(connectwise as RequestTally[])]
				: undefined
		) as Value;
	}

	async stop(): Promise<void> {
		await this.call({ type: 'stop' });
		this.hosts.Domotz.disconnect();
		this.hosts.ConnectWise.disconnect();
	}
}

if (process.argv.includes('--host')) {
	const host = new Host();
	// A parent that dies (Ctrl-C, a timeout) takes its simulators with it.
	process.on('disconnect', () => process.exit(0));
	process.on('message', (envelope: Envelope) => {
		void host.handle(envelope.command).then(
			(value) => process.send?.({ id: envelope.id, ok: true, value } satisfies Answer),
			(error: unknown) =>
				process.send?.({
					id: envelope.id,
					ok: false,
					error: error instanceof Error ? error.message : String(error),
				} satisfies Answer),
		);
	});
}
