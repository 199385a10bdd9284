import { ExactSum } from './exact-sum';

describe(ExactSum.name, () => {
  it('adds a million tenths to exactly 100000', () => {
    const s = new ExactSum();
    for (let i = 0; i < 1_000_000; i++) s.add(0.1);
    expect(s.toDecimal()).toBe('100000');
    expect(s.value()).toBe(100000);
    let naive = 0;
    for (let i = 0; i < 1_000_000; i++) naive += 0.1;
    expect(naive).not.toBe(100000);
  });

  it('mixes decimals and integers and negative values exactly', () => {
    const s = new ExactSum();
    [1800, 2400.5, 0.35, -0.05, 1.3].forEach((v) => s.add(v));
    expect(s.toDecimal()).toBe('4202.1');
  });

  it('spills past 2^53 into BigInt without losing units', () => {
    const s = new ExactSum();
    for (let i = 0; i < 4; i++) s.add(2 ** 52);
    s.add(1);
    expect(s.toDecimal()).toBe((4n * 2n ** 52n + 1n).toString());
  });

  it('merges states from shards to the same sum', () => {
    const a = new ExactSum();
    const b = new ExactSum();
    for (let i = 0; i < 1000; i++) (i % 2 ? a : b).add(0.01 * (i % 7));
    const whole = new ExactSum();
    for (let i = 0; i < 1000; i++) whole.add(0.01 * (i % 7));
    const merged = ExactSum.from(a.state());
    merged.mergeState(JSON.parse(JSON.stringify(b.state())));
    expect(merged.toDecimal()).toBe(whole.toDecimal());
    expect(merged.count).toBe(1000);
  });
});
