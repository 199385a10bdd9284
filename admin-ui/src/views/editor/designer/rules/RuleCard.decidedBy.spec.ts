import { mount } from '@vue/test-utils';
import ElementPlus from 'element-plus';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { reactive } from 'vue';
import { i18n } from '@/locales';
import prison from '../../../../../../rule-packs/prison-dedication-points/1.1.0.json';
import RulesSection from './RulesSection.vue';

vi.setConfig({ testTimeout: 120_000, hookTimeout: 120_000 });
const mounted: { unmount(): void }[] = [];
afterAll(() => mounted.forEach((w) => w.unmount()));

describe('the rule card’s 决定权 (decidedBy)', () => {
  it('shows who decides and how the result will read, and writes both languages; clearing removes it', async () => {
    const doc = reactive(structuredClone(prison) as Record<string, any>);
    const w = mount(RulesSection, { props: { doc, readOnly: false }, global: { plugins: [ElementPlus, i18n] }, attachTo: document.body });
    mounted.push(w);
    const i = doc.rules.findIndex((r: any) => r.name === 'unqualified');
    const zh = w.find(`[data-test="rule-${i}-decided-zh"]`);
    expect((zh.element as HTMLInputElement).value).toBe('监狱党委');
    expect(w.find(`[data-test="rule-${i}-decided-preview"]`).text()).toBe('结果显示为：建议作为不合格党员处理，待监狱党委批准');
    // a rule without one: typing the Chinese fills the English too (the schema wants both)
    const j = doc.rules.findIndex((r: any) => r.name === 'warningTalk');
    await w.find(`[data-test="rule-${j}-decided-zh"]`).setValue('党支部');
    expect(doc.rules[j].decidedBy).toEqual({ 'zh-CN': '党支部', en: '党支部' });
    await w.find(`[data-test="rule-${j}-decided-en"]`).setValue('the party branch');
    expect(doc.rules[j].decidedBy).toEqual({ 'zh-CN': '党支部', en: 'the party branch' });
    // clearing the Chinese name clears the proposal (an English name alone decides nothing)
    await w.find(`[data-test="rule-${j}-decided-zh"]`).setValue('');
    expect(doc.rules[j].decidedBy).toBeUndefined();
    expect(w.find(`[data-test="rule-${j}-decided-preview"]`).exists()).toBe(false);
  });
});
