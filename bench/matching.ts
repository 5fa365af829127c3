/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-dangerous-functions -- benchmark only, never shipped: reads process.memoryUsage/resourceUsage and runs in a child process */
import { fork } from 'node:child_process';

import { matchDevices, type MatchResult } from '../lib/match';
import { generateTenant, type Tenant } from './generate';
import { collectEarlierGarbage } from './measure';

/** Sizes to measure, with enough runs each for a stable median. */
const runsBySize: ReadonlyArray<[number, number]> = [
	[1_000, 51],
	[10_000, 11],
	[100_000, 5],
];
const megabyte = 1024 * 1024;

export interface MatchingMeasurement {
	size: number;
	runs: number;
	medianMs: number;
	baselineMs: number;
	heapMb: number;
	peakRssMb: number;
	counts: MatchResult['counts'];
}

function median(values: number[]): number {
	const sorted = [...values].sort((a, b) => a - b);
	return sorted[Math.floor(sorted.length / 2)];
}

function medianTime(runs: number, work: () => void): number {
	const timings: number[] = [];
	for (let run = 0; run < runs; run += 1) {
		const started = performance.now();
		work();
		timings.push(performance.now() - started);
	}
	return median(timings);
}

/**
 * A control with no matching logic: one Map build and one lookup per device over the same
 * shuffled objects. Its growth per device is what the memory hierarchy and the garbage collector
 * add on their own as the data outgrows the caches.
 */
function baseline({ devices, configurations }: Tenant): number {
	const byName = new Map(
		configurations.map((configuration) => [configuration.name, configuration]),
	);
	return devices.filter((device) => byName.get(`config-${device.deviceId}`)?.active).length;
}

function measure([size, runs]: [number, number]): MatchingMeasurement {
	collectEarlierGarbage();
	const tenant = generateTenant(size);
	let result = matchDevices(tenant.devices, tenant.configurations);
	let heapUsed = 0;
	const medianMs = medianTime(runs, () => {
		result = matchDevices(tenant.devices, tenant.configurations);
		heapUsed = Math.max(heapUsed, process.memoryUsage().heapUsed);
	});
	baseline(tenant);
	return {
		size,
		runs,
		medianMs,
		baselineMs: medianTime(runs, () => baseline(tenant)),
		heapMb: heapUsed / megabyte,
		peakRssMb: (process.resourceUsage().maxRSS * 1024) / megabyte,
		counts: result.counts,
	};
}

/** Warms the JIT on a mid-sized input, so that the smallest size is not measured cold. */
function warmUp(): void {
	const tenant = generateTenant(10_000);
	matchDevices(tenant.devices, tenant.configurations);
	matchDevices(tenant.devices, tenant.configurations);
}

/** matchDevices: n Domotz devices against n ConnectWise configurations (seeded data), in memory. */
function measureMatching(): MatchingMeasurement[] {
	warmUp();
	return runsBySize.map(measure);
}

/**
 * The measurements, taken in a process of their own (this file, forked with the runner's Node
 * flags): its peak RSS is then the matching's, not that of the sync runs measured before it.
 */
export async function measureMatchingApart(): Promise<MatchingMeasurement[]> {
	const child = fork(__filename, [], { execArgv: process.execArgv });
	return await new Promise((resolve, reject) => {
		child.once('message', (measurements) => resolve(measurements as MatchingMeasurement[]));
		child.once('error', reject);
		child.once('exit', (code) => {
			if (code !== 0) reject(new Error(`the matching benchmark's process exited with ${code}`));
		});
	});
}

if (require.main === module && process.send) {
	process.send(measureMatching(), () => process.disconnect());
}

const perDeviceUs = (milliseconds: number, size: number) => (milliseconds * 1000) / size;

export function matchingTable(measurements: readonly MatchingMeasurement[]): string[] {
	const smallest = measurements[0];
	const largest = measurements[measurements.length - 1];
	const growth = (pick: (measurement: MatchingMeasurement) => number) =>
		(perDeviceUs(pick(largest), largest.size) / perDeviceUs(pick(smallest), smallest.size)).toFixed(
			2,
		);
	return [
		'| n | runs | median ms | µs/device | control µs/device | heap MB¹ | peak RSS MB² |',
		'| ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
		...measurements.map(
			({ size, runs, medianMs, baselineMs, heapMb, peakRssMb }) =>
				`| ${size.toLocaleString('en-US')} | ${runs} | ${medianMs.toFixed(1)} | ${perDeviceUs(medianMs, size).toFixed(2)} | ${perDeviceUs(baselineMs, size).toFixed(2)} | ${heapMb.toFixed(0)} | ${peakRssMb.toFixed(0)} |`,
		),
		'',
		`¹ largest heapUsed right after a run: inputs, result and not yet collected garbage. ² the peak resident memory of the process that measures matching alone (Node and the modules included), up to that size: sizes run smallest first. Time per device at ${largest.size.toLocaleString('en-US')} vs ${smallest.size.toLocaleString('en-US')}: matchDevices ×${growth((m) => m.medianMs)}, control ×${growth((m) => m.baselineMs)} (×1.00 = linear). Statuses at ${largest.size.toLocaleString('en-US')}: ${JSON.stringify(largest.counts)}.`,
	];
}
