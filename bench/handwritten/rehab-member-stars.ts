import type { Json } from '../../server/src/engine';
import type { PeriodRun } from '../lib/comparators';
import { roundHalfAway } from './round';

interface Ratings {
  politics: number;
  duty: number;
  lawAbiding: number;
  study: number;
  overtime: number;
}
interface Member {
  id: string;
  branch: Ratings;
  peers: Ratings[];
  satisfaction: number;
  majorIncident: boolean;
  violation: boolean;
}

/** rehab-member-stars 1.0.0 written out by hand: the fastest plain TypeScript for the same contract. */
export function rehabMemberStars(subjects: Record<string, unknown>[], _period: string, params: Record<string, Json>): PeriodRun {
  const wPeers = params['weights.peers'] as number;
  const wBranch = params['weights.branch'] as number;
  const bands = params.starBands as number[];
  const vetoLine = params.satisfactionVeto as number;
  const n = subjects.length;
  const results = new Array<PeriodRun['results'][number]>(n);
  const starCounts = [0, 0, 0, 0, 0, 0];
  let vetoedCount = 0;
  let cents = 0;
  for (let i = 0; i < n; i++) {
    const m = subjects[i] as unknown as Member;
    const peers = m.peers;
    let peerSum = 0;
    for (let k = 0; k < peers.length; k++) {
      const p = peers[k];
      peerSum += p.politics + p.duty + p.lawAbiding + p.study + p.overtime;
    }
    const b = m.branch;
    const branchTotal = b.politics + b.duty + b.lawAbiding + b.study + b.overtime;
    const score = roundHalfAway(wPeers * (peerSum / peers.length) + wBranch * branchTotal, 2);
    let stars = score >= bands[4] ? 5 : score >= bands[3] ? 4 : score >= bands[2] ? 3 : score >= bands[1] ? 2 : score >= bands[0] ? 1 : 0;
    const vetoed = m.satisfaction <= vetoLine || m.majorIncident || m.violation;
    if (vetoed) {
      stars = 0;
      vetoedCount++;
    }
    starCounts[stars]++;
    cents += Math.round(score * 100);
    results[i] = {
      id: m.id,
      outputs: { score, stars, vetoed, commended: stars >= 3, eligibleCenterAwards: stars >= 4, eligibleBureauAwards: stars >= 5 },
    };
  }
  const counts: Record<string, number> = {};
  starCounts.forEach((c, s) => (counts[s] = c));
  return {
    results,
    summary: { starCounts: counts, vetoedCount, meanScore: n ? roundHalfAway(cents / n / 100, 2) : null },
  };
}
