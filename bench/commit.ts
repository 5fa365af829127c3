/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-dangerous-functions -- benchmark only, never shipped: asks git which commit the figures ran on */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

/** HEAD, marked when the engine, the nodes or the benchmark differ from it. */
export function engineCommit(): string {
	const git = (...args: string[]) =>
		execFileSync('git', args, { cwd: join(__dirname, '..'), encoding: 'utf8' }).trim();
	const head = git('rev-parse', '--short', 'HEAD');
	const changed = git('status', '--porcelain', '--', 'lib', 'nodes', 'bench', ':!bench/results');
	return changed === '' ? head : `${head} with uncommitted changes`;
}
