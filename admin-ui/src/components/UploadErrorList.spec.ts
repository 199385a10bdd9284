import { mount } from '@vue/test-utils';
import ElementPlus from 'element-plus';
import { describe, expect, it, vi } from 'vitest';
import { nextTick } from 'vue';
import { i18n } from '@/locales';
import UploadErrorList from './UploadErrorList.vue';

vi.setConfig({ testTimeout: 60_000 });

const errors = Array.from({ length: 1500 }, (_, k) => ({ row: k + 2, column: '自评·班子建设', pointer: `/periods/0/subjects/${k}/input/selfAssessment/leadership`, message: { 'zh-CN': '不能大于 20', en: 'must be at most 20' } }));

describe('UploadErrorList', () => {
  it('says how many there are, shows a page of them by row and column, and pages through all', async () => {
    const w = mount(UploadErrorList, { props: { errors, total: 1500, summary: '共 1500 处错误，文件未保存' }, global: { plugins: [ElementPlus, i18n] } });
    expect(w.find('[data-test=upload-errors-count]').text()).toBe('共 1500 处错误，文件未保存');
    let lines = w.findAll('[data-test=upload-error]').map((l) => l.text());
    expect(lines).toHaveLength(20);
    expect(lines[0]).toBe('第 2 行 · 自评·班子建设：不能大于 20');
    expect(w.find('.el-pagination').exists()).toBe(true);
    expect(w.find('.el-pagination__total').text()).toContain('1500');
    // the last page holds the last error: nothing is capped
    const pager = w.findAll('.el-pager li');
    await pager[pager.length - 1].trigger('click');
    await nextTick();
    lines = w.findAll('[data-test=upload-error]').map((l) => l.text());
    expect(lines.at(-1)).toBe('第 1501 行 · 自评·班子建设：不能大于 20');
    expect(w.find('ol').attributes('start')).toBe('1481');
  });

  it('counts by the server’s total when it is given, and has no pages for a short list', () => {
    const w = mount(UploadErrorList, { props: { errors: errors.slice(0, 2), total: 2 }, global: { plugins: [ElementPlus, i18n] } });
    expect(w.find('[data-test=upload-errors-count]').text()).toBe('共 2 处错误');
    expect(w.find('.el-pagination').exists()).toBe(false);
  });
});
