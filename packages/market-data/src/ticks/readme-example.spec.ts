import { runReadmeExample } from '../test-support/readme-example.test-helpers';

// The tick-data example of the package README, run as written (its printed values are pinned).
describe('README tick-data example', () => {
  it('prints what the README says', async () => {
    const { code, printed } = await runReadmeExample('## Tick data:');
    expect(code).toContain('readBinanceCapture');
    const expected = [...code.matchAll(/\/\/ (.+)$/gm)].map((m) => m[1]).filter((c) => /^[\w.]+( [\w./]+)+$/.test(c));
    expect(printed).toEqual(expected);
  });
});
