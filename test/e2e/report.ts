/* eslint-disable no-console -- test-only e2e harness: its report is terminal output */

/** Timed progress lines, PASS/FAIL/SKIP lines and the closing count line. */
export class Reporter {
	private readonly started = Date.now();
	private passed = 0;
	private failed = 0;
	private skipped = 0;
	/** The phase that started and has not finished: where a setup failure happened. */
	private unfinishedPhase: string | undefined;

	/** @param suite names the closing line, e.g. `queue: 3 passed, …` */
	constructor(private readonly suite = 'e2e') {}

	get failures(): number {
		return this.failed;
	}

	get interruptedPhase(): string | undefined {
		return this.unfinishedPhase;
	}

	progress(text: string): void {
		console.log(`[${seconds(Date.now() - this.started).padStart(7)}] ${text}`);
	}

	async phase<T>(title: string, action: () => Promise<T>): Promise<T> {
		const started = Date.now();
		this.progress(`${title} …`);
		this.unfinishedPhase = title;
		const result = await action();
		this.unfinishedPhase = undefined;
		this.progress(`${title}: done in ${seconds(Date.now() - started)}`);
		return result;
	}

	/** Runs one named assertion and records its outcome; never throws. */
	async check(name: string, verify: () => void | Promise<void>): Promise<void> {
		const outcome = await Promise.resolve()
			.then(verify)
			.then(
				() => undefined,
				(error: unknown) => error,
			);
		if (outcome === undefined) this.pass(name);
		else this.fail(name, outcome);
	}

	pass(name: string): void {
		this.passed += 1;
		console.log(`PASS  ${name}`);
	}

	fail(name: string, error: unknown): void {
		this.failed += 1;
		const message = error instanceof Error ? error.message : String(error);
		console.log(`FAIL  ${name}\n${indent(message)}`);
	}

	skip(name: string, reason: string): void {
		this.skipped += 1;
		console.log(`SKIP  ${name} (${reason})`);
	}

	/** Ends with the closing line CI reads: `<suite>: N passed, N failed, N skipped`. */
	finish(): void {
		console.log(`Finished in ${seconds(Date.now() - this.started)}.`);
		console.log(
			`${this.suite}: ${this.passed} passed, ${this.failed} failed, ${this.skipped} skipped`,
		);
	}
}

function seconds(milliseconds: number): string {
	return `${(milliseconds / 1000).toFixed(1)} s`;
}

function indent(text: string): string {
	return text
		.split('\n')
		.map((line) => `      ${line}`)
		.join('\n');
}
