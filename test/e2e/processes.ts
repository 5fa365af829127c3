/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-dangerous-functions -- test-only e2e harness: starts and stops the real n8n and npm processes */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';

export interface CommandResult {
	code: number;
	stdout: string;
	stderr: string;
}

export interface CommandOptions {
	cwd?: string;
	env?: NodeJS.ProcessEnv;
	/** Killed (whole process group) after this long; a hung n8n must not hang the run. */
	timeoutMs?: number;
}

const STOP_GRACE_MS = 5_000;

/**
 * Every process the harness starts leads its own process group, so stopping one also stops what
 * it spawned (npm's shells, n8n's task runners). `stopAll` runs on success, failure and signals.
 */
export class ProcessGroup {
	private readonly running = new Set<ChildProcess>();

	/** Runs a command to its end and collects its output. */
	async run(command: string, args: string[], options: CommandOptions = {}): Promise<CommandResult> {
		const child = this.spawnLeader(command, args, options);
		const stdout: Buffer[] = [];
		const stderr: Buffer[] = [];
		child.stdout?.on('data', (chunk: Buffer) => stdout.push(chunk));
		child.stderr?.on('data', (chunk: Buffer) => stderr.push(chunk));
		const timer =
			options.timeoutMs === undefined
				? undefined
				: setTimeout(() => void this.stop(child), options.timeoutMs);
		const code = await exitCodeOf(child);
		clearTimeout(timer);
		return {
			code,
			stdout: Buffer.concat(stdout).toString('utf8'),
			stderr: Buffer.concat(stderr).toString('utf8'),
		};
	}

	/** Starts a long-running command whose output goes to the given sink. */
	start(
		command: string,
		args: string[],
		options: CommandOptions & { onOutput: (text: string) => void },
	): ChildProcess {
		const child = this.spawnLeader(command, args, options);
		child.stdout?.on('data', (chunk: Buffer) => options.onOutput(chunk.toString('utf8')));
		child.stderr?.on('data', (chunk: Buffer) => options.onOutput(chunk.toString('utf8')));
		return child;
	}

	/** SIGTERM to the group, SIGKILL after a grace period. */
	async stop(child: ChildProcess): Promise<void> {
		if (!this.running.has(child)) return;
		const exited = exitCodeOf(child);
		signalGroup(child, 'SIGTERM');
		const killer = setTimeout(() => signalGroup(child, 'SIGKILL'), STOP_GRACE_MS);
		await exited;
		clearTimeout(killer);
	}

	async stopAll(): Promise<void> {
		await Promise.all([...this.running].map(async (child) => await this.stop(child)));
	}

	/** For signal handlers, which cannot wait: SIGKILL every group now. */
	killAllNow(): void {
		for (const child of this.running) signalGroup(child, 'SIGKILL');
	}

	private spawnLeader(command: string, args: string[], options: CommandOptions): ChildProcess {
		const child = spawn(command, args, {
			cwd: options.cwd,
			env: options.env,
			detached: true,
			stdio: ['ignore', 'pipe', 'pipe'],
		});
		this.running.add(child);
		child.on('exit', () => this.running.delete(child));
		child.on('error', () => this.running.delete(child));
		return child;
	}
}

function signalGroup(child: ChildProcess, signal: NodeJS.Signals): void {
	if (child.pid === undefined) return;
	try {
		process.kill(-child.pid, signal);
	} catch {
		// The group is already gone.
	}
}

function exitCodeOf(child: ChildProcess): Promise<number> {
	if (child.exitCode !== null) return Promise.resolve(child.exitCode);
	if (child.signalCode !== null) return Promise.resolve(128);
	return new Promise((resolve) => {
		child.once('error', () => resolve(127));
		child.once('exit', (code, signal) => resolve(code ?? (signal ? 128 : 1)));
	});
}

/** A port the kernel just handed out on loopback; free unless someone grabs it in between. */
export async function freePort(): Promise<number> {
	return await new Promise((resolve, reject) => {
		const server = createServer();
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const address = server.address();
			server.close(() =>
				typeof address === 'object' && address
					? resolve(address.port)
					: reject(new Error('no port')),
			);
		});
	});
}

/** The preferred port when nothing listens on it on loopback, else a free one. */
export async function preferredPort(port: number): Promise<number> {
	const free = await new Promise<boolean>((resolve) => {
		const server = createServer();
		server.once('error', () => resolve(false));
		server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
	});
	return free ? port : await freePort();
}
