import { canonicalJson, type Pack, type SubjectResult } from '../engine';
import { nameLabel, outputText } from '../engine/explain';
import type { OutputChange } from '../api-types';

export type { OutputChange } from '../api-types';

export interface SubjectChange {
  id: string;
  outputs: OutputChange[];
}

export interface ResultChanges {
  changed: SubjectChange[];
  added: string[];
  removed: string[];
}

const same = (a: unknown, b: unknown) => a === b || canonicalJson(a ?? null) === canonicalJson(b ?? null);

/**
 * What changed between two runs of the same period: subjects in both whose outputs differ (each differing output,
 * in the pack's output order), subjects only in the new run, subjects only in the old one. Labels in Chinese.
 */
export function resultChanges(pack: Pack, before: SubjectResult[], after: SubjectResult[]): ResultChanges {
  const old = new Map(before.map((r) => [r.id, r]));
  const now = new Set(after.map((r) => r.id));
  const changed: SubjectChange[] = [];
  const added: string[] = [];
  for (const r of after) {
    const o = old.get(r.id);
    if (!o) {
      added.push(r.id);
      continue;
    }
    const names = [...new Set([...pack.outputs, ...Object.keys(r.outputs), ...Object.keys(o.outputs)])];
    const outputs = names
      .filter((n) => !same(o.outputs[n], r.outputs[n]))
      .map((n) => ({
        output: n,
        label: nameLabel(pack, n, 'zh-CN'),
        before: o.outputs[n] ?? null,
        after: r.outputs[n] ?? null,
        beforeLabel: outputText(pack, n, o.outputs[n] ?? null, 'zh-CN', o.outputs),
        afterLabel: outputText(pack, n, r.outputs[n] ?? null, 'zh-CN', r.outputs),
      }));
    if (outputs.length) changed.push({ id: r.id, outputs });
  }
  const removed = before.filter((r) => !now.has(r.id)).map((r) => r.id);
  return { changed, added, removed };
}

/** How many subjects of both runs have different outputs. */
export function changedCount(before: SubjectResult[], after: SubjectResult[]): number {
  const old = new Map(before.map((r) => [r.id, r.outputs]));
  return after.filter((r) => old.has(r.id) && !same(old.get(r.id), r.outputs)).length;
}
