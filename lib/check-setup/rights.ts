/**
 * The ConnectWise security-role rights the package needs, as a table, and what the API member's
 * own settings (`GET /system/mySecurity`) say about each.
 */

import type { CwMySecurity } from '../connectwise/schemas';

export type RightLevel = 'inquire' | 'add' | 'edit' | 'delete';

export interface NeededRight {
	/** The module function as a security role names it. */
	functionName: string;
	level: RightLevel;
	/** Needed by every sync, or only where configurations are created. */
	neededBy: 'everySync' | 'creating';
	why: string;
}

const neededRights: readonly NeededRight[] = [
	{
		functionName: 'Company Maintenance',
		level: 'inquire',
		neededBy: 'everySync',
		why: "to find each agent's company",
	},
	{
		functionName: 'Configurations',
		level: 'inquire',
		neededBy: 'everySync',
		why: 'to match devices to configurations',
	},
	{
		functionName: 'Configurations',
		level: 'edit',
		neededBy: 'everySync',
		why: 'to write links and fields',
	},
	{
		functionName: 'Table Setup',
		level: 'inquire',
		neededBy: 'everySync',
		why: 'to read configuration types, statuses and the link field',
	},
	{
		functionName: 'Configurations',
		level: 'add',
		neededBy: 'creating',
		why: 'to create configurations',
	},
	{
		functionName: 'Table Setup',
		level: 'add',
		neededBy: 'creating',
		why: 'to create the link field and missing manufacturers',
	},
	...(['inquire', 'add', 'edit', 'delete'] as const).map(
		(level): NeededRight => ({
			functionName: 'Notes',
			level,
			neededBy: 'creating',
			why: 'for the creation lease, a company note held while configurations are created',
		}),
	),
];

const levelField: Record<RightLevel, keyof CwMySecurity> = {
	inquire: 'inquireLevel',
	add: 'addLevel',
	edit: 'editLevel',
	delete: 'deleteLevel',
};

/** A level other than `None` (or empty) grants the right, whatever its scope. */
function grants(level: unknown): boolean {
	return typeof level === 'string' && level.trim() !== '' && level.trim().toLowerCase() !== 'none';
}

export function missingRights(settings: readonly CwMySecurity[]): NeededRight[] {
	const byFunction = new Map(
		settings.map((setting) => [(setting.moduleFunctionName ?? '').trim().toLowerCase(), setting]),
	);
	return neededRights.filter((right) => {
		const setting = byFunction.get(right.functionName.toLowerCase());
		return !setting || !grants(setting[levelField[right.level]]);
	});
}

/** "Configurations add, Notes inquire": one phrase for a list of rights. */
export function describeRights(rights: readonly NeededRight[]): string {
	const byFunction = new Map<string, RightLevel[]>();
	for (const right of rights) {
		byFunction.set(right.functionName, [
			...(byFunction.get(right.functionName) ?? []),
			right.level,
		]);
	}
	return [...byFunction].map(([name, levels]) => `${name} ${levels.join('/')}`).join(', ');
}
