import { compilePack, evaluate } from '../server/src/engine';
import { benchPack, periodOf } from './lib/packs';
import { HANDWRITTEN, HANDWRITTEN_PERIODS } from './handwritten';
import { interleave, median } from './lib/timing';

/**
 * Engine ÷ hand-written on one pack, quickly: `node --expose-gc --import tsx bench/ratio.ts <pack> <version> [subjects] [rounds]`.
 * The two run interleaved after a warm-up round; the ratio is the median of per-round CPU-time ratios.
 * History packs run over 4 periods of subjects ÷ 4.
 */
const [id = 'yongxi-red-flag', version = '2.0.0', nArg = '400000', roundsArg = '3'] = process.argv.slice(2);
const n = Number(nArg);
const bp = benchPack(id, version);
const history = !!HANDWRITTEN_PERIODS[id];
const periods = history ? bp.periods(n / 4, 4, 20261123) : [{ period: periodOf(bp.pack), subjects: bp.subjects(n, 20261123) }];
const c = compilePack(bp.pack);
const tasks = {
  engine: () => evaluate(c, { periods }, { validate: false }),
  handwritten: () => (history ? HANDWRITTEN_PERIODS[id](periods, bp.params) : HANDWRITTEN[id](periods[0].subjects, periods[0].period, bp.params)),
};
const cpu: Record<string, number[]> = {};
const wall = interleave(tasks, Number(roundsArg), 1, undefined, true, cpu);
const r = cpu.engine.map((x, i) => x / cpu.handwritten[i]);
const w = wall.engine.map((x, i) => x / wall.handwritten[i]);
console.log(
  `${id}@${version} ${n.toLocaleString('en')} subjects: engine ÷ hand-written ${median(r).toFixed(2)}× CPU (rounds ${r.map((x) => x.toFixed(2)).join(' ')}), ${median(w).toFixed(2)}× wall; CPU ms engine ${median(cpu.engine).toFixed(0)}, hand-written ${median(cpu.handwritten).toFixed(0)}`,
);
