/**
 * Monaco's own menus, hovers and messages in Chinese: its zh-cn message table, bundled (nothing is fetched at run
 * time). Monaco 0.5x reads `globalThis._VSCODE_NLS_MESSAGES` when each of its modules runs, so this module must run
 * before any of them: it is the first import of ./setup, the one place the app loads Monaco from.
 * An English UI (chosen before Monaco loads) keeps Monaco's built-in English.
 */
import 'monaco-editor/nls/lang/zh-cn';

const g = globalThis as { _VSCODE_NLS_MESSAGES?: unknown; _VSCODE_NLS_LANGUAGE?: unknown };
let english = false;
try {
  english = localStorage.getItem('kaoping.locale') === 'en';
} catch {
  english = false;
}
if (english) {
  delete g._VSCODE_NLS_MESSAGES;
  delete g._VSCODE_NLS_LANGUAGE;
}

export const MONACO_LANGUAGE = english ? 'en' : 'zh-cn';
