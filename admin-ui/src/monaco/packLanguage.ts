/**
 * What the pack editor adds to Monaco's JSON support: completion of the pack's own names and of operators,
 * server problems as markers at their JSON Pointer, and highlighted formula strings.
 */
import { pick, type PointerProblem } from '@/api/http';
import { formulaNodes, offsetToPosition, parseWithPositions, pointersToRanges } from '@/utils/jsonPositions';
import { OPERATORS, packNames, type PackName } from '@/utils/packNames';
import { monaco, PACK_URI_PREFIX } from './setup';

export const SERVER_MARKER_OWNER = 'kaoping-server';

const lastGood = new WeakMap<monaco.editor.ITextModel, unknown>();

function currentDoc(model: monaco.editor.ITextModel): unknown {
  try {
    const doc = JSON.parse(model.getValue());
    lastGood.set(model, doc);
    return doc;
  } catch {
    // mid-edit the text is often not JSON; the names of the last parsable state are still the right ones
    return lastGood.get(model);
  }
}

/** Where the cursor is: inside a key string, a value string, or outside strings. */
export function stringContext(lineBefore: string): { inString: boolean; isKey: boolean; quoteCol: number } {
  let inString = false;
  let quote = -1;
  for (let k = 0; k < lineBefore.length; k++) {
    const c = lineBefore[k];
    if (c === '\\' && inString) {
      k++;
      continue;
    }
    if (c === '"') {
      inString = !inString;
      if (inString) quote = k;
    }
  }
  if (!inString) return { inString: false, isKey: false, quoteCol: -1 };
  const before = lineBefore.slice(0, quote).trimEnd();
  const prev = before[before.length - 1];
  return { inString: true, isKey: prev === '{' || prev === ',' || prev === undefined, quoteCol: quote };
}

const KIND_ORDER: Record<PackName['kind'], string> = { input: '1', parameter: '2', rule: '3', operator: '4' };

let registered = false;

export function registerPackLanguage(): void {
  if (registered) return;
  registered = true;
  monaco.languages.registerCompletionItemProvider('json', {
    triggerCharacters: ['"', '.', '('],
    provideCompletionItems(model, position) {
      if (!model.uri.toString().startsWith(PACK_URI_PREFIX)) return { suggestions: [] };
      const line = model.getLineContent(position.lineNumber);
      const before = line.slice(0, position.column - 1);
      const ctx = stringContext(before);
      if (!ctx.inString) return { suggestions: [] };
      const word = /[\w.$\u4e00-\u9fa5]*$/.exec(before)![0];
      const range = new monaco.Range(position.lineNumber, position.column - word.length, position.lineNumber, position.column);
      if (ctx.isKey) {
        return {
          suggestions: OPERATORS.map((op) => ({
            label: op,
            kind: monaco.languages.CompletionItemKind.Operator,
            detail: 'JSON Logic',
            insertText: op,
            range,
            sortText: `9${op}`,
          })),
        };
      }
      const names = packNames(currentDoc(model));
      const kinds = { input: monaco.languages.CompletionItemKind.Field, parameter: monaco.languages.CompletionItemKind.Constant, rule: monaco.languages.CompletionItemKind.Variable, operator: monaco.languages.CompletionItemKind.Operator };
      return {
        suggestions: names.map((n) => ({
          label: n.label,
          kind: kinds[n.kind],
          detail: n.detail,
          insertText: n.label,
          range,
          sortText: `${KIND_ORDER[n.kind]}${n.label}`,
        })),
      };
    },
  });
}

/** Put the server's problems on the model as error markers at their pointers. */
export function setServerMarkers(model: monaco.editor.ITextModel, problems: PointerProblem[], locale: string): void {
  const text = model.getValue();
  const ranges = pointersToRanges(text, problems.map((p) => p.path ?? ''));
  monaco.editor.setModelMarkers(
    model,
    SERVER_MARKER_OWNER,
    problems.map((p, k) => ({
      severity: monaco.MarkerSeverity.Error,
      message: `${pick(p.message, locale)}${ranges[k].exact ? '' : locale === 'en' ? ' (missing here)' : '（此处缺少）'}`,
      source: p.kind ? `${p.kind} ${p.path}` : p.path,
      ...ranges[k],
    })),
  );
}

export function clearServerMarkers(model: monaco.editor.ITextModel): void {
  monaco.editor.setModelMarkers(model, SERVER_MARKER_OWNER, []);
}

/** Highlight every formula string; returns a disposer. */
export function highlightFormulas(editor: monaco.editor.IStandaloneCodeEditor, hover: string): () => void {
  const collection = editor.createDecorationsCollection([]);
  let timer: ReturnType<typeof setTimeout> | undefined;
  const update = () => {
    const model = editor.getModel();
    if (!model) return;
    const text = model.getValue();
    let nodes;
    try {
      nodes = formulaNodes(parseWithPositions(text));
    } catch {
      return; // keep the previous highlights while the text is not JSON
    }
    collection.set(
      nodes.map((n) => {
        const a = offsetToPosition(text, n.start);
        const b = offsetToPosition(text, n.end);
        return {
          range: new monaco.Range(a.lineNumber, a.column, b.lineNumber, b.column),
          options: { inlineClassName: 'formula-highlight', hoverMessage: { value: hover }, overviewRuler: { color: '#409eff80', position: monaco.editor.OverviewRulerLane.Center } },
        };
      }),
    );
  };
  update();
  const sub = editor.onDidChangeModelContent(() => {
    clearTimeout(timer);
    timer = setTimeout(update, 250);
  });
  return () => {
    clearTimeout(timer);
    sub.dispose();
    collection.clear();
  };
}
