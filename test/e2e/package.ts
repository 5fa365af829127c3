/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals -- test-only e2e harness: builds and packs the package as n8n users get it */
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import type { ProcessGroup } from './processes';

export const REPO_ROOT = join(__dirname, '..', '..');
export const PACKAGE = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as {
	name: string;
	n8n: { nodes: string[] };
};

const OUTPUT_TAIL_LINES = 25;
const ESCAPE = String.fromCharCode(27);
/** The build's spinner moves the cursor back to redraw a line: only the last drawing shows. */
const CURSOR_BACK = new RegExp(`${ESCAPE}\\[\\d*D`);
const TERMINAL_CONTROL = new RegExp(`${ESCAPE}\\[[0-9;?]*[A-Za-z]`, 'g');

/** `npm <args>` in the repository; its stdout, or an error with the output's last lines. */
export async function npm(processes: ProcessGroup, args: string[]): Promise<string> {
	const result = await processes.run('npm', args, { cwd: REPO_ROOT });
	if (result.code !== 0) {
		const output = `${result.stdout}\n${result.stderr}`
			.split('\n')
			.map((line) => (line.split(CURSOR_BACK).at(-1) ?? '').replace(TERMINAL_CONTROL, ''))
			.filter((line) => line.trim() !== '')
			.slice(-OUTPUT_TAIL_LINES)
			.join('\n');
		throw new Error(`npm ${args.join(' ')} exited ${result.code}\n${output}`);
	}
	return result.stdout;
}

/**
 * What n8n does when installing a community package: `npm pack`, then the tarball's files in
 * `<nodeModules>/<package name>`, without node_modules (n8n supplies n8n-workflow, zod and luxon).
 */
export async function packInto(
	processes: ProcessGroup,
	workDir: string,
	nodeModules: string,
): Promise<void> {
	const packed = JSON.parse(
		await npm(processes, ['pack', '--json', '--pack-destination', workDir]),
	) as Array<{ filename: string }>;
	const target = join(nodeModules, PACKAGE.name);
	mkdirSync(target, { recursive: true });
	const untar = await processes.run('tar', [
		'-xzf',
		join(workDir, packed[0].filename),
		'-C',
		target,
		'--strip-components=1',
	]);
	if (untar.code !== 0) throw new Error(`tar exited ${untar.code}: ${untar.stderr}`);
}
