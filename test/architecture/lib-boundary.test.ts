/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals -- test-only: reads the source tree to enforce the engine's import boundary */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';

const repositoryRoot = join(__dirname, '..', '..');
const allowedPackages = new Set(['zod', 'luxon']);

function typescriptFiles(directory: string): string[] {
	return readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
		const path = join(directory, entry.name);
		if (entry.isDirectory()) return typescriptFiles(path);
		return entry.name.endsWith('.ts') ? [path] : [];
	});
}

/** Every module specifier a file imports, re-exports, requires or imports dynamically. */
function moduleSpecifiers(path: string): string[] {
	const source = ts.createSourceFile(
		path,
		readFileSync(path, 'utf8'),
		ts.ScriptTarget.Latest,
		true,
	);
	const found: string[] = [];
	const visit = (node: ts.Node): void => {
		if (
			(ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) &&
			node.moduleSpecifier &&
			ts.isStringLiteral(node.moduleSpecifier)
		) {
			found.push(node.moduleSpecifier.text);
		}
		if (
			ts.isCallExpression(node) &&
			(node.expression.kind === ts.SyntaxKind.ImportKeyword ||
				(ts.isIdentifier(node.expression) && node.expression.text === 'require')) &&
			node.arguments.length > 0 &&
			ts.isStringLiteral(node.arguments[0])
		) {
			found.push(node.arguments[0].text);
		}
		if (
			ts.isImportTypeNode(node) &&
			ts.isLiteralTypeNode(node.argument) &&
			ts.isStringLiteral(node.argument.literal)
		) {
			found.push(node.argument.literal.text);
		}
		ts.forEachChild(node, visit);
	};
	visit(source);
	return found;
}

function isAllowed(specifier: string): boolean {
	if (specifier.startsWith('.')) return true;
	const packageName = specifier.startsWith('@')
		? specifier.split('/').slice(0, 2).join('/')
		: specifier.split('/')[0];
	return allowedPackages.has(packageName);
}

/** The engine file a relative specifier names (`x.ts` or `x/index.ts`). */
function resolveRelative(from: string, specifier: string): string | undefined {
	const base = resolve(dirname(from), specifier);
	return [`${base}.ts`, join(base, 'index.ts')].find((candidate) => existsSync(candidate));
}

type ImportGraph = ReadonlyMap<string, readonly string[]>;

/** Each import loop once, as the files it passes through (Tarjan's strongly connected components). */
function importLoops(graph: ImportGraph): string[][] {
	const index = new Map<string, number>();
	const lowest = new Map<string, number>();
	const stack: string[] = [];
	const onStack = new Set<string>();
	const loops: string[][] = [];
	const visit = (file: string): void => {
		index.set(file, index.size);
		lowest.set(file, index.get(file)!);
		stack.push(file);
		onStack.add(file);
		for (const imported of graph.get(file) ?? []) {
			if (!index.has(imported)) {
				visit(imported);
				lowest.set(file, Math.min(lowest.get(file)!, lowest.get(imported)!));
			} else if (onStack.has(imported)) {
				lowest.set(file, Math.min(lowest.get(file)!, index.get(imported)!));
			}
		}
		if (lowest.get(file) !== index.get(file)) return;
		const component: string[] = [];
		let member: string;
		do {
			member = stack.pop()!;
			onStack.delete(member);
			component.push(member);
		} while (member !== file);
		const selfImport = (graph.get(file) ?? []).includes(file);
		if (component.length > 1 || selfImport) loops.push(component.sort());
	};
	for (const file of graph.keys()) if (!index.has(file)) visit(file);
	return loops;
}

const MAX_FILE_LINES = 500;
const MAX_FUNCTION_LINES = 80;

/** The functions of a source text longer than the limit, by name and first line. */
function longFunctions(path: string, text: string, limit: number): string[] {
	const source = ts.createSourceFile(path, text, ts.ScriptTarget.Latest, true);
	const found: string[] = [];
	const visit = (node: ts.Node): void => {
		if (ts.isFunctionLike(node) && 'body' in node && node.body) {
			const first = source.getLineAndCharacterOfPosition(node.getStart()).line;
			const last = source.getLineAndCharacterOfPosition(node.end).line;
			if (last - first + 1 > limit) {
				const name = node.name && ts.isIdentifier(node.name) ? node.name.text : '(anonymous)';
				found.push(`${name} at line ${first + 1}: ${last - first + 1} lines`);
			}
		}
		ts.forEachChild(node, visit);
	};
	visit(source);
	return found;
}

describe('lib/ architecture', () => {
	const files = typescriptFiles(join(repositoryRoot, 'lib'));

	it('has engine files to check', () => {
		expect(files.length).toBeGreaterThan(0);
	});

	it('imports only relative modules, zod and luxon (nothing from n8n, no Node built-ins)', () => {
		const violations = files.flatMap((file) =>
			moduleSpecifiers(file)
				.filter((specifier) => !isAllowed(specifier))
				.map((specifier) => `${relative(repositoryRoot, file)} imports ${specifier}`),
		);
		expect(violations).toEqual([]);
	});

	it('never reaches outside lib/ through a relative import', () => {
		const escapes = files.flatMap((file) =>
			moduleSpecifiers(file)
				.filter((specifier) => specifier.startsWith('.'))
				.filter((specifier) =>
					relative(join(repositoryRoot, 'lib'), join(file, '..', specifier)).startsWith('..'),
				)
				.map((specifier) => `${relative(repositoryRoot, file)} imports ${specifier}`),
		);
		expect(escapes).toEqual([]);
	});

	it('detects a forbidden import (the check itself can fail)', () => {
		expect(isAllowed('n8n-workflow')).toBe(false);
		expect(isAllowed('node:http')).toBe(false);
		expect(isAllowed('@n8n/backend-common')).toBe(false);
		expect(isAllowed('zod')).toBe(true);
		expect(isAllowed('../http/port')).toBe(true);
	});

	it('has no import loop, type-only imports included', () => {
		const graph = new Map(
			files.map((file) => [
				relative(repositoryRoot, file),
				moduleSpecifiers(file)
					.filter((specifier) => specifier.startsWith('.'))
					.flatMap((specifier) => resolveRelative(file, specifier) ?? [])
					.map((target) => relative(repositoryRoot, target)),
			]),
		);
		expect(graph.size).toBe(files.length);
		expect(importLoops(graph)).toEqual([]);
	});

	it('finds an import loop (the check itself can fail)', () => {
		const graph = new Map([
			['lib/a.ts', ['lib/b.ts']],
			['lib/b.ts', ['lib/c.ts', 'lib/d.ts']],
			['lib/c.ts', ['lib/a.ts']],
			['lib/d.ts', ['lib/d.ts']],
			['lib/e.ts', ['lib/a.ts']],
		]);
		expect(importLoops(graph)).toEqual([['lib/d.ts'], ['lib/a.ts', 'lib/b.ts', 'lib/c.ts']]);
	});

	it(`keeps files under ${MAX_FILE_LINES} lines and functions under ${MAX_FUNCTION_LINES}`, () => {
		const oversized = files.flatMap((file) => {
			const text = readFileSync(file, 'utf8');
			const lines = text.split('\n').length;
			return [
				...(lines > MAX_FILE_LINES ? [`${lines} lines`] : []),
				...longFunctions(file, text, MAX_FUNCTION_LINES),
			].map((problem) => `${relative(repositoryRoot, file)}: ${problem}`);
		});
		expect(oversized).toEqual([]);
	});

	it('finds a long function (the size check itself can fail)', () => {
		const body = Array.from({ length: 4 }, (_, index) => `\tconst v${index} = ${index};`).join(
			'\n',
		);
		const text = `export function long(): void {\n${body}\n}\nconst short = () => 1;\n`;
		expect(longFunctions('probe.ts', text, 5)).toEqual(['long at line 1: 6 lines']);
	});
});
