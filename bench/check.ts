import { isDeepStrictEqual } from 'node:util';
import { benchPack, periodOf } from './lib/packs';
import { contenders, CONTENDERS } from './lib/comparators';

const id = process.argv[2] ?? 'rehab-member-stars';
const version = process.argv[3] ?? '1.0.0';
const bp = benchPack(id, version);
const subjects = bp.subjects(20000, 7);
const period = periodOf(bp.pack);
const cs = contenders(bp.pack);
const base = cs.handwritten(subjects, period);
console.log(JSON.stringify(base.summary), JSON.stringify(base.results[0]));
for (const name of CONTENDERS) {
  const r = cs[name](subjects, period);
  let bad = 0;
  for (let i = 0; i < r.results.length; i++) {
    if (!isDeepStrictEqual(r.results[i], base.results[i])) {
      if (bad++ < 3) console.log(name, 'differs', JSON.stringify(r.results[i]), JSON.stringify(base.results[i]));
    }
  }
  console.log(name, 'differing', bad, 'summary equal', isDeepStrictEqual(r.summary, base.summary), bad || !isDeepStrictEqual(r.summary, base.summary) ? JSON.stringify(r.summary) : '');
}
