import { describe, expect, it } from 'vitest';
import { clearSlot, formulaKey, formulaText, removeListItem, slotLogic, swapListItems, writeSlot } from './slots';

describe('slots', () => {
  it('writes text and logic of "by.1" into by[1].expr', () => {
    const rule: any = { by: [{ expr: { var: 'a' }, order: 'desc' }, { expr: null, order: 'asc' }] };
    writeSlot(rule, 'by.1', '总分', { var: 'total' }, true);
    expect(rule.formula).toEqual({ 'by.1': '总分' });
    expect(rule.by[1]).toEqual({ expr: { var: 'total' }, order: 'asc' });
  });

  it('a failed compile keeps the text and the last good logic', () => {
    const rule: any = { expr: { var: 'a' }, formula: { expr: 'a' } };
    writeSlot(rule, 'expr', 'a +', null, false);
    expect(rule).toEqual({ expr: { var: 'a' }, formula: { expr: 'a +' } });
  });

  it('keeps a pack\'s "order.0.expr" key', () => {
    const rule: any = { order: [{ expr: { var: 'merit' }, order: 'desc' }], formula: { 'order.0.expr': 'merit' } };
    expect(formulaKey(rule, 'order.0')).toBe('order.0.expr');
    expect(formulaText(rule, 'order.0')).toBe('merit');
    expect(slotLogic(rule, 'order.0')).toEqual({ var: 'merit' });
    writeSlot(rule, 'order.0', 'date', { var: 'date' }, true);
    expect(rule.formula).toEqual({ 'order.0.expr': 'date' });
  });

  it('removing by[0] renumbers the later formula keys and drops its own', () => {
    const rule: any = { by: [{ expr: 1 }, { expr: 2 }, { expr: 3 }], formula: { 'by.0': 'a', 'by.1': 'b', 'by.2': 'c', where: 'w' } };
    removeListItem(rule, 'by', 0);
    expect(rule.by).toEqual([{ expr: 2 }, { expr: 3 }]);
    expect(rule.formula).toEqual({ 'by.0': 'b', 'by.1': 'c', where: 'w' });
  });

  it('swapping quotas moves their "quotas.N.applies" texts with them', () => {
    const rule: any = { quotas: [{ id: 'a' }, { id: 'b' }], formula: { 'quotas.0.applies': 'x', 'quotas.1.limit': 'y' } };
    swapListItems(rule, 'quotas', 0, 1);
    expect(rule.quotas.map((q: any) => q.id)).toEqual(['b', 'a']);
    expect(rule.formula).toEqual({ 'quotas.1.applies': 'x', 'quotas.0.limit': 'y' });
  });

  it('clearing an optional slot removes text and logic', () => {
    const rule: any = { groupBy: { var: 'g' }, formula: { groupBy: 'g' } };
    clearSlot(rule, 'groupBy');
    expect(rule).toEqual({});
  });
});
