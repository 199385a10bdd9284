/** mulberry32: a tiny seeded PRNG, so every run (and the correctness guard) sees the same subjects. The one the demo data uses. */
export { mulberry32 as prng } from '../../rule-packs/demo-random';
