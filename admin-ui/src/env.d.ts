/// <reference types="vite/client" />
declare module '*.vue' {
  import type { DefineComponent } from 'vue';
  const component: DefineComponent<object, object, unknown>;
  export default component;
}

// monaco-editor ships no typings for its per-language entry points; this one is the `json` namespace of the API.
declare module 'monaco-editor/language/json/monaco.contribution' {
  export const jsonDefaults: typeof import('monaco-editor').json.jsonDefaults;
}
