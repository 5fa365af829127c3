/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals -- test-only: reads the source tree to enforce the engine's import boundary */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
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
	const source = ts.createSourceFile(path, readFileSync(path, 'utf8'), ts.ScriptTarget.Latest, true);
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
		if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument) && ts.isStringLiteral(node.argument.literal)) {
			found.push(node.argument.literal.text);
		}
		ts.forEachChild(node, visit);
	};
	visit(source);
	return found;
}

function isAllowed(specifier: string): boolean {
	if (specifier.startsWith('.')) return true;
	const packageName = specifier.startsWith('@') ? specifier.split('/').slice(0, 2).join('/') : specifier.split('/')[0];
	return allowedPackages.has(packageName);
}

describe('lib/ import boundary', () => {
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
				.filter((specifier) => relative(join(repositoryRoot, 'lib'), join(file, '..', specifier)).startsWith('..'))
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
});
