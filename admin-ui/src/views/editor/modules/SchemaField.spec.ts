import { mount } from '@vue/test-utils';
import ElementPlus from 'element-plus';
import { describe, expect, it } from 'vitest';
import { defaultSubject, subjectFields } from '@/utils/schemaForm';
import { i18n } from '@/locales';
import SchemaField from './SchemaField.vue';

const rater = { type: 'object', properties: { a: { type: 'number', minimum: 0, maximum: 20, title: '甲 / A' }, b: { type: 'number', minimum: 0, maximum: 20, title: '乙 / B' } } };
const schema = { type: 'object', properties: { peers: { type: 'array', minItems: 1, items: rater, title: '互评 / Peers' }, ok: { type: 'boolean', title: '合格 / OK' }, line: { enum: ['front', 'surface'] } } };

function render(field: ReturnType<typeof subjectFields>[number], value: unknown) {
  return mount(SchemaField, { props: { field, modelValue: value, path: `/${field.key}` }, global: { plugins: [ElementPlus, i18n] } });
}

describe('SchemaField', () => {
  const fields = subjectFields(schema, {}, 'zh-CN');
  const start = defaultSubject(fields);

  it('renders one number input per field of each array item, with its bounds', () => {
    const w = render(fields[0], start.peers);
    expect(w.findAll('input').length).toBe(2);
    expect(w.text()).toContain('甲');
    expect(w.text()).toContain('0–20');
  });

  it('adds an item from the item schema defaults', async () => {
    const w = render(fields[0], start.peers);
    await w.find('[data-test="field-peers-add"]').trigger('click');
    expect(w.emitted('update:modelValue')![0][0]).toEqual([{ a: 0, b: 0 }, { a: 0, b: 0 }]);
  });

  it('keeps the minimum number of items: the only peer cannot be removed', () => {
    const w = render(fields[0], start.peers);
    const remove = w.findAll('button').find((b) => b.text() === '删除')!;
    expect(remove.attributes('disabled')).toBeDefined();
  });

  it('renders a switch for a boolean and a select for an enum', () => {
    expect(render(fields[1], false).find('.el-switch').exists()).toBe(true);
    expect(render(fields[2], 'front').find('.el-select').exists()).toBe(true);
  });
});
