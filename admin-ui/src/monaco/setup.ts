/**
 * Monaco, bundled locally: the editor core, the contributions the pack editor uses, the JSON language and its
 * worker. Workers come from Vite `?worker` imports so nothing is loaded from a CDN.
 */
// first: Monaco's messages must be in place before any of its modules runs
import './nls';
import * as monaco from 'monaco-editor/editor/editor.api';
import 'monaco-esm/base/browser/ui/codicons/codicon/codicon.css';
import 'monaco-esm/base/browser/ui/codicons/codicon/codicon-modifiers.css';
import 'monaco-editor/editor/browser/coreCommands';
import 'monaco-editor/editor/browser/widget/codeEditor/codeEditorWidget';
import 'monaco-editor/editor/browser/widget/diffEditor/diffEditor.contribution';
import 'monaco-editor/editor/contrib/bracketMatching/browser/bracketMatching';
import 'monaco-editor/editor/contrib/clipboard/browser/clipboard';
import 'monaco-editor/editor/contrib/comment/browser/comment';
import 'monaco-editor/editor/contrib/contextmenu/browser/contextmenu';
import 'monaco-editor/editor/contrib/cursorUndo/browser/cursorUndo';
import 'monaco-editor/editor/contrib/find/browser/findController';
import 'monaco-editor/editor/contrib/folding/browser/folding';
import 'monaco-editor/editor/contrib/format/browser/formatActions';
import 'monaco-editor/editor/contrib/gotoError/browser/gotoError';
import 'monaco-editor/editor/contrib/hover/browser/hoverContribution';
import 'monaco-editor/editor/contrib/indentation/browser/indentation';
import 'monaco-editor/editor/contrib/linesOperations/browser/linesOperations';
import 'monaco-editor/editor/contrib/multicursor/browser/multicursor';
import 'monaco-editor/editor/contrib/snippet/browser/snippetController2';
import 'monaco-editor/editor/contrib/suggest/browser/suggestController';
import 'monaco-editor/editor/contrib/wordHighlighter/browser/wordHighlighter';
import 'monaco-editor/editor/contrib/wordOperations/browser/wordOperations';
import 'monaco-editor/editor/common/standaloneStrings';
// services that the JSON language features ask for even when their own contributions are not loaded
import 'monaco-editor/editor/contrib/documentSymbols/browser/outlineModel';
import 'monaco-editor/editor/contrib/codelens/browser/codeLensCache';
import 'monaco-editor/editor/common/services/treeViewsDndService';
import { jsonDefaults } from 'monaco-editor/language/json/monaco.contribution';
import EditorWorker from 'monaco-editor/editor/editor.worker?worker';
import JsonWorker from 'monaco-editor/language/json/json.worker?worker';
import packSchema from '@schemas/rule-pack.schema.json';

(self as unknown as { MonacoEnvironment: monaco.Environment }).MonacoEnvironment = {
  getWorker(_id: string, label: string) {
    return label === 'json' ? new JsonWorker() : new EditorWorker();
  },
};

/**
 * Pack documents open as file:///kaoping/rule-packs/<id>/<version>.json, mirroring the repository, so that their
 * own "$schema": "../../schemas/rule-pack.schema.json" resolves to the URI the bundled schema is registered under
 * (the JSON service prefers a document's $schema to file associations).
 */
export const PACK_URI_PREFIX = 'file:///kaoping/rule-packs/';
const SCHEMA_URI = 'file:///kaoping/schemas/rule-pack.schema.json';

jsonDefaults.setDiagnosticsOptions({
  validate: true,
  allowComments: false,
  trailingCommas: 'error',
  enableSchemaRequest: false,
  // packs carry "$schema": "../../schemas/…" for other editors; here the schema is attached by URI instead
  schemaRequest: 'ignore',
  schemaValidation: 'error',
  schemas: [{ uri: SCHEMA_URI, fileMatch: [`${PACK_URI_PREFIX}**`], schema: packSchema }],
});

export { monaco };
