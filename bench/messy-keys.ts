/**
 * How real inventories write the keys the engine matches on, for both benchmarks' tenants: MACs
 * in every notation, and the placeholder serials the engine's junk rule ignores.
 */
import { placeholderSerials } from '../lib/match';
import { MAC_WRITINGS, type MacWriting } from '../test/simulators/generator/identifiers';
import type { Random } from './random';

export { MAC_WRITINGS };

const macWritings = Object.keys(MAC_WRITINGS) as MacWriting[];

/** Twelve hex digits as `AA:BB:CC:DD:EE:FF`, the form `MAC_WRITINGS` rewrites. */
export function macOfHex(hex: string): string {
	return hex.replace(/(..)(?!$)/g, '$1:').toUpperCase();
}

/** The MAC in a notation drawn from every one the writings know. */
export function anyMacWriting(mac: string, random: Random): string {
	return MAC_WRITINGS[random.pick(macWritings)](mac);
}

/** A placeholder the engine's junk rule treats as no serial at all. */
export function placeholderSerial(random: Random): string {
	return random.pick(placeholderSerials);
}
