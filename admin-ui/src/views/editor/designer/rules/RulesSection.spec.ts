import { flushPromises, mount } from '@vue/test-utils';
import ElementPlus from 'element-plus';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { reactive } from 'vue';
import { i18n } from '@/locales';
import memberStars from '../../../../../../rule-packs/rehab-member-stars/1.0.0.json';
import RulesSection from './RulesSection.vue';

const mounted: { unmount(): void }[] = [];
function render(doc: Record<string, any>, readOnly = false) {
  const w = mount(RulesSection, { props: { doc, readOnly }, global: { plugins: [ElementPlus, i18n] }, attachTo: document.body });
  mounted.push(w);
  return w;
}
const fresh = () => reactive(structuredClone(memberStars) as Record<string, any>);
/** score, stars, vetoed, commended of rehab-member-stars: a smaller document for the tests that edit. */
const small = () => {
  const d = fresh();
  d.rules = d.rules.filter((r: any) => ['score', 'stars', 'vetoed', 'commended'].includes(r.name));
  return d;
};
const inputOf = (w: ReturnType<typeof render>, test: string) => w.find(`[data-test="${test}"]`).element as HTMLInputElement;

// mounting a dozen Element Plus cards in jsdom takes seconds on a busy machine
vi.setConfig({ testTimeout: 120_000, hookTimeout: 120_000 });

afterEach(() => {
  vi.useRealTimers();
});
afterAll(() => {
  mounted.forEach((w) => w.unmount());
});

describe('RulesSection on rehab-member-stars (display)', () => {
  let w: ReturnType<typeof render>;
  beforeAll(() => {
    w = render(fresh());
  });

  it('shows one card per rule with its Chinese label, English name and kind in Chinese', () => {
    expect(w.findAll('[data-test^="rule-card-"]').length).toBe(8);
    expect(w.find('[data-test="rule-3-title"]').text()).toBe('星级');
    expect(w.find('[data-test="rule-3-kind"]').text()).toBe('分档');
    expect(w.find('[data-test="rule-4-kind"]').text()).toBe('一票否决');
    expect(inputOf(w, 'rule-3-name').value).toBe('stars');
  });

  it('reads the star bands from the starBands parameter in 分 and 星', () => {
    const card = w.find('[data-test="rule-card-3"]');
    expect(card.find('[data-test="band-below-text"]').text()).toBe('不足 60 分 → 0 星');
    expect(card.find('[data-test="band-row-0-text"]').text()).toBe('60 分以上、不足 70 分 → 1 星');
    expect(card.find('[data-test="band-row-4-text"]').text()).toBe('96 分以上 → 5 星');
    expect(card.find('[data-test="band-row-4-bound"]').text()).toBe('96');
  });

  it('reads the veto as a sentence naming its target by label', () => {
    expect(w.find('[data-test="rule-4-veto-sentence"]').text()).toBe('如果 群众测评满意度 <= 群众满意度否决线 或 发生重大监管改造事故 或 存在违法违纪行为，则 星级 定为 0');
  });

  it('shows the formula text of each slot in its bar', () => {
    expect((w.find('[data-test="rule-2-formula-expr"] input').element as HTMLInputElement).value).toBe('weights.peers * peersMean + weights.branch * branchTotal');
  });
});

describe('RulesSection edits (score, stars, vetoed, commended)', () => {

  it('a formula typed in the bar is compiled after the pause and both are written to the rule', async () => {
    vi.useFakeTimers();
    const doc = small();
    const w = render(doc);
    await w.find('[data-test="rule-3-formula-expr"] input').setValue('stars >= 4');
    expect(doc.rules[3].formula.expr).toBe('stars >= 3');
    vi.advanceTimersByTime(200);
    await flushPromises();
    expect(doc.rules[3].formula.expr).toBe('stars >= 4');
    expect(doc.rules[3].expr).toEqual({ '>=': [{ var: 'stars' }, 4] });
  });

  it('the score retyped with Chinese labels compiles to the shipped JSON Logic', async () => {
    vi.useFakeTimers();
    const doc = small();
    const w = render(doc);
    await w.find('[data-test="rule-0-formula-expr"] input').setValue('党员互评权重 * 党员互评平均分 + 支部总评权重 * 支部总评总分');
    vi.advanceTimersByTime(200);
    await flushPromises();
    expect(doc.rules[0].formula.expr).toBe('党员互评权重 * 党员互评平均分 + 支部总评权重 * 支部总评总分');
    expect(doc.rules[0].expr).toEqual(memberStars.rules[2].expr);
  });

  it('a formula that does not compile keeps the last good logic and shows the problem in Chinese', async () => {
    vi.useFakeTimers();
    const doc = small();
    const w = render(doc);
    await w.find('[data-test="rule-3-formula-expr"] input').setValue('stars >=');
    vi.advanceTimersByTime(200);
    await flushPromises();
    expect(doc.rules[3].formula.expr).toBe('stars >=');
    expect(doc.rules[3].expr).toEqual({ '>=': [{ var: 'stars' }, 3] });
    const err = w.find('[data-test="rule-card-3"] [data-test="formula-error"]');
    expect(err.exists()).toBe(true);
    expect(err.text()).toContain('第 9 个字符处');
  });

  it('moving a rule down swaps it with the next one', async () => {
    const doc = small();
    const w = render(doc);
    await w.find('[data-test="rule-0-down"]').trigger('click');
    expect(doc.rules.map((r: any) => r.name)).toEqual(['stars', 'score', 'vetoed', 'commended']);
  });

  it('renaming stars updates the veto target and the outputs; an invalid name is not written', async () => {
    const doc = small();
    const w = render(doc);
    await w.find('[data-test="rule-1-name"]').setValue('1stars');
    await flushPromises();
    expect(doc.rules[1].name).toBe('stars');
    expect(w.find('[data-test="rule-1-name-error"]').text()).toBe('须以英文字母或下划线开头，只含字母、数字和下划线');
    await w.find('[data-test="rule-1-name"]').setValue('starLevel');
    expect(doc.rules[1].name).toBe('starLevel');
    expect(doc.rules[2].target).toBe('starLevel');
    expect(doc.outputs).toContain('starLevel');
    expect(doc.outputs).not.toContain('stars');
  });

  it('a taken name is refused', async () => {
    const doc = small();
    const w = render(doc);
    await w.find('[data-test="rule-1-name"]').setValue('score');
    await flushPromises();
    expect(doc.rules[1].name).toBe('stars');
    expect(w.find('[data-test="rule-1-name-error"]').text()).toBe('“score”已被使用');
  });

  it('单位: a rule shows its unit; 元 says it is money (totalled in simulations); clearing it removes the key', async () => {
    const doc = small();
    doc.rules[0].unit = '分';
    const w = render(doc);
    expect(w.find('[data-test="rule-0-unit-money"]').exists()).toBe(false);
    const select = w.findAllComponents({ name: 'ElSelect' }).find((c) => c.attributes('data-test') === 'rule-0-unit')!;
    select.vm.$emit('update:modelValue', ' 元 ');
    await flushPromises();
    expect(doc.rules[0].unit).toBe('元');
    expect(w.find('[data-test="rule-0-unit-money"]').text()).toBe('金额，模拟时合计');
    select.vm.$emit('update:modelValue', '');
    await flushPromises();
    expect('unit' in doc.rules[0]).toBe(false);
  });

  it('read-only: no add, move or remove buttons and disabled inputs', () => {
    const w = render(small(), true);
    expect(w.find('[data-test="rules-add"]').exists()).toBe(false);
    expect(w.find('[data-test="rule-0-remove"]').exists()).toBe(false);
    expect(w.find('[data-test="rule-0-label"]').attributes('disabled')).toBeDefined();
  });

  it('adds a rule of the chosen kind from the menu with a unique name and an empty formula', async () => {
    const doc = small();
    const w = render(doc);
    await w.find('[data-test="rules-add"]').trigger('click');
    await new Promise((r) => setTimeout(r, 300));
    await flushPromises();
    // each mounted section has its own (teleported) menu: this wrapper's is the last one
    const item = [...document.querySelectorAll<HTMLElement>('[data-test="rules-add-value"]')].at(-1)!;
    expect(item.textContent).toContain('计算');
    item.click();
    await flushPromises();
    expect(doc.rules.length).toBe(5);
    expect(doc.rules[4]).toEqual({ name: 'value', kind: 'value', label: { 'zh-CN': '新计算', en: 'value' }, cite: '', formula: { expr: '' }, expr: null });
    expect(w.find('[data-test="rule-4-kind"]').text()).toBe('计算');
    expect(w.find('[data-test="rule-card-4"] [data-test="formula-error"]').text()).toContain('公式为空');
  });

  it('removing stars asks first and names the rules that read it; confirming removes it and its output', async () => {
    const doc = small();
    const w = render(doc);
    await w.find('[data-test="rule-1-remove"]').trigger('click');
    await flushPromises();
    const box = document.querySelector('.rule-remove-confirm')!;
    expect([...box.querySelectorAll('.remove-line')].map((p) => p.textContent)).toEqual([
      '确定删除规则“星级”？',
      '以下规则读取它的结果，删除后它们会出错：一票否决（撤星摘牌）（vetoed）、表彰奖励并授星挂牌（commended）。',
      '它也会从输出项中移除。',
    ]);
    (box.querySelector('.el-message-box__btns .el-button--primary') as HTMLButtonElement).click();
    await flushPromises();
    await new Promise((r) => setTimeout(r, 400));
    expect(doc.rules.map((r: any) => r.name)).toEqual(['score', 'vetoed', 'commended']);
    expect(doc.outputs).not.toContain('stars');
  });
});
