import { decodeBody } from '../../lib/http/port';
import { createMemo } from '../../lib/memo';

describe('createMemo', () => {
	it('computes once per key and shares the result', async () => {
		const memo = createMemo();
		let calls = 0;
		const load = async () => ++calls;
		expect(await Promise.all([memo('a', load), memo('a', load), memo('b', load)])).toEqual([
			1, 1, 2,
		]);
		expect(calls).toBe(2);
	});

	it('shares a failure instead of retrying it within the same memo', async () => {
		const memo = createMemo();
		let calls = 0;
		const failing = async () => {
			calls++;
			throw new Error('refused');
		};
		await expect(memo('a', failing)).rejects.toThrow('refused');
		await expect(memo('a', failing)).rejects.toThrow('refused');
		expect(calls).toBe(1);
	});
});

describe('decodeBody', () => {
	it.each([
		['{"id":1}', { id: 1 }],
		['null', null],
		['', undefined],
		['  ', undefined],
		['<html>Bad gateway</html>', '<html>Bad gateway</html>'],
		[{ already: 'parsed' }, { already: 'parsed' }],
		[undefined, undefined],
	])('decodes %p', (raw, expected) => {
		expect(decodeBody(raw)).toEqual(expected);
	});
});
