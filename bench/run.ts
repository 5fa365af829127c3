/* eslint-disable @n8n/community-nodes/no-restricted-globals, no-console -- benchmark script, never shipped: reads process.memoryUsage/resourceUsage and prints its table to stdout */
import { matchDevices, type MatchResult } from '../lib/match';
import { generateTenant, type Tenant } from './generate';

/** Sizes to measure, with enough runs each for a stable median. */
const runsBySize: ReadonlyArray<[number, number]> = [
	[1_000, 51],
	[10_000, 11],
	[100_000, 5],
];
const megabyte = 1024 * 1024;

interface Measurement {
	size: number;
	runs: number;
	medianMs: number;
	baselineMs: number;
	heapMb: number;
	peakRssMb: number;
	result: MatchResult;
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

function measure([size, runs]: [number, number]): Measurement {
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
		result,
	};
}

/** Warms the JIT on a mid-sized input, so that the smallest size is not measured cold. */
function warmUp(): void {
	const tenant = generateTenant(10_000);
	matchDevices(tenant.devices, tenant.configurations);
	matchDevices(tenant.devices, tenant.configurations);
}

warmUp();
const measurements = runsBySize.map(measure);
const perDeviceUs = (milliseconds: number, size: number) => (milliseconds * 1000) / size;

console.log('matchDevices: n Domotz devices against n ConnectWise configurations (seeded data)\n');
console.log('n         runs   median ms   µs/device   baseline µs/device   heap MB*   peak RSS MB');
for (const { size, runs, medianMs, baselineMs, heapMb, peakRssMb } of measurements) {
	console.log(
		[
			String(size).padEnd(9),
			String(runs).padStart(4),
			medianMs.toFixed(1).padStart(11),
			perDeviceUs(medianMs, size).toFixed(2).padStart(11),
			perDeviceUs(baselineMs, size).toFixed(2).padStart(20),
			heapMb.toFixed(0).padStart(10),
			peakRssMb.toFixed(0).padStart(13),
		].join(' '),
	);
}
console.log('* largest heapUsed right after a run: inputs, result and not yet collected garbage');

const smallest = measurements[0];
const largest = measurements[measurements.length - 1];
const growth = (pick: (measurement: Measurement) => number) =>
	(perDeviceUs(pick(largest), largest.size) / perDeviceUs(pick(smallest), smallest.size)).toFixed(
		2,
	);
console.log(
	`\ntime per device at ${largest.size} vs ${smallest.size}: matchDevices ×${growth((m) => m.medianMs)}, ` +
		`baseline ×${growth((m) => m.baselineMs)} (×1.00 = linear)`,
);
console.log(`statuses at ${largest.size}: ${JSON.stringify(largest.result.counts)}`);
console.log(
	`configurations at ${largest.size}: ${largest.result.unmatchedConfigurations.length} unmatched, ` +
		`${largest.result.linkedElsewhere.length} linked elsewhere`,
);
