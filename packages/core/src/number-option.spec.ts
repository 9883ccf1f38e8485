import { UsageError } from './errors';
import { parseNumberOption } from './number-option';

describe('parseNumberOption', () => {
  it('accepts decimal text and numbers within the range', () => {
    expect(parseNumberOption('days', '30', { min: 0, exclusiveMin: true, max: 3650 })).toBe(30);
    expect(parseNumberOption('threshold', 0.5, { min: 0, max: 1 })).toBe(0.5);
    expect(parseNumberOption('budget', '1e5', { min: 0, exclusiveMin: true })).toBe(100000);
  });

  it.each([
    ['max-attempts', '0', { min: 1, max: 100, integer: true }, '--max-attempts must be an integer in [1, 100], got "0"'],
    ['max-attempts', 'abc', { min: 1, max: 100, integer: true }, '--max-attempts must be an integer in [1, 100], got "abc"'],
    ['backoff-ms', '-100', { min: 1, max: 3_600_000, integer: true }, '--backoff-ms must be an integer in [1, 3600000], got "-100"'],
    ['days', '1e6', { min: 0, exclusiveMin: true, max: 3650 }, '--days must be a number in (0, 3650], got "1e6"'],
    ['days', '0x10', { min: 0, exclusiveMin: true }, '--days must be a number > 0, got "0x10"'],
    ['seed', '1.5', { integer: true }, '--seed must be an integer, got "1.5"'],
    ['days', '', { min: 0 }, '--days must be a number >= 0, got ""'],
    ['days', ['1', '2'], { min: 0 }, '--days must be a number >= 0, got "1", "2"'],
  ])('refuses --%s %j naming the option and the allowed range', (option, raw, range, message) => {
    expect(() => parseNumberOption(option, raw, range)).toThrow(UsageError);
    expect(() => parseNumberOption(option, raw, range)).toThrow(message);
  });
});
