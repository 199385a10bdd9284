import { flushPromises, mount } from '@vue/test-utils';
import ElementPlus from 'element-plus';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { i18n } from '@/locales';
import FormulaBar from './FormulaBar.vue';
import type { FormulaScope } from './formulaApi';

const scope: FormulaScope = {
  names: [
    { name: 'organisation', label: '组织建设', kind: 'input', pointer: '/input/properties/organisation', unit: '分' },
    { name: 'education', label: '教育管理', kind: 'input', pointer: '/input/properties/education', unit: '分' },
    { name: 'stars', label: '星级', kind: 'rule', pointer: '/rules/1' },
  ],
};
vi.setConfig({ testTimeout: 60_000 });

function render(modelValue: string, optional = false) {
  return mount(FormulaBar, { props: { modelValue, scope, optional }, global: { plugins: [ElementPlus, i18n] }, attachTo: document.body });
}

afterEach(() => {
  vi.useRealTimers();
  document.body.innerHTML = '';
});

describe('FormulaBar', () => {
  it('compiles Chinese names to English vars after the pause, once', async () => {
    vi.useFakeTimers();
    const w = render('');
    const input = w.find('[data-test="formula-bar"]');
    await input.setValue('组织建设 + 教育管理');
    expect(w.emitted('compiled')).toBeUndefined();
    vi.advanceTimersByTime(160);
    await flushPromises();
    expect(w.emitted('update:modelValue')!.at(-1)).toEqual(['组织建设 + 教育管理']);
    expect(w.emitted('compiled')).toEqual([[{ '+': [{ var: 'organisation' }, { var: 'education' }] }, null]]);
  });

  it('shows the problem in Chinese under the bar and marks its place', async () => {
    vi.useFakeTimers();
    const w = render('');
    await w.find('[data-test="formula-bar"]').setValue('星级 >= ');
    vi.advanceTimersByTime(160);
    await flushPromises();
    const [logic, err] = w.emitted('compiled')!.at(-1) as [unknown, { offset: number; messageZh: string }];
    expect(logic).toBeNull();
    expect(err.offset).toBe(6);
    expect(w.find('[data-test="formula-error"]').text()).toContain(err.messageZh);
    expect(w.find('[data-test="formula-error-mark"]').text()).toBe('');
  });

  it('an existing text with a problem shows it at once without emitting', () => {
    const w = render('(组织建设');
    expect(w.find('[data-test="formula-error"]').exists()).toBe(true);
    expect(w.emitted('compiled')).toBeUndefined();
  });

  it('an optional bar left empty is no error and compiles to nothing', async () => {
    vi.useFakeTimers();
    const w = render('x', true);
    await w.find('[data-test="formula-bar"]').setValue('');
    vi.advanceTimersByTime(160);
    await flushPromises();
    expect(w.emitted('compiled')!.at(-1)).toEqual([null, null]);
    expect(w.find('[data-test="formula-error"]').exists()).toBe(false);
  });

  it('an ASCII name the document does not define is a warning under the bar; the JSON Logic is still written', async () => {
    vi.useFakeTimers();
    const w = render('');
    await w.find('[data-test="formula-bar"]').setValue('points + 组织建设 + period');
    vi.advanceTimersByTime(160);
    await flushPromises();
    expect(w.emitted('compiled')!.at(-1)).toEqual([{ '+': [{ var: 'points' }, { var: 'organisation' }, { var: 'period' }] }, null]);
    expect(w.find('[data-test="formula-error"]').exists()).toBe(false);
    expect(w.find('[data-test="formula-warning"]').text()).toBe('未知的名称“points”：输入项、参数或规则中没有它');
    await w.find('[data-test="formula-bar"]').setValue('stars + 组织建设');
    vi.advanceTimersByTime(160);
    await flushPromises();
    expect(w.find('[data-test="formula-warning"]').exists()).toBe(false);
  });

  it('typing 组 offers 组织建设 with its unit and kind; choosing it completes the word', async () => {
    const w = render('');
    const el = w.find('[data-test="formula-bar"]').element as HTMLInputElement;
    el.focus();
    el.value = '1 + 组';
    el.setSelectionRange(5, 5);
    await w.find('[data-test="formula-bar"]').trigger('input');
    await new Promise((r) => setTimeout(r, 300));
    await flushPromises();
    const item = document.querySelector('[data-test="formula-suggestion-组织建设"]') as HTMLElement;
    expect(item).not.toBeNull();
    expect([...item.children].map((c) => c.textContent!.trim())).toEqual(['输入项', '组织建设', 'organisation · 单位：分']);
    (item.closest('li') as HTMLElement).click();
    await flushPromises();
    expect(w.emitted('update:modelValue')!.at(-1)).toEqual(['1 + 组织建设']);
  });
});
