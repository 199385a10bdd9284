import { ref } from 'vue';

/**
 * The header's page title when a page knows better than its route: the editor is 编辑方案 for an author's draft
 * but 查看方案 for a published version or a reader. Holds an i18n key; the page clears it when it leaves.
 */
export const pageTitleKey = ref<string | null>(null);
