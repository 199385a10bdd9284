import type { KpError } from '../../engine/errors';
import type { Pack } from '../../engine/types';

/** What the server asks an evaluation worker to do. Answers are JSON text, ready to send. */
export type EvalTask =
  | { kind: 'test'; document: Pack }
  | {
      kind: 'evaluate';
      document: Pack;
      /** Content hash of the document: the worker's compile cache key (with the parameters). */
      hash: string;
      parameters?: Record<string, unknown>;
      envelope: unknown;
      trace: boolean;
    };

export type EvalRequest = EvalTask & { id: number; maxSteps: number; maxChars: number; maxResponseBytes: number };

export type EvalReply =
  | { id: number; ok: true; json: string }
  | { id: number; ok: false; type: 'validation'; errors: KpError[]; target: 'pack' | 'input' | 'parameters' }
  | { id: number; ok: false; type: 'budget'; error: KpError }
  | { id: number; ok: false; type: 'too-large'; limit: number }
  | { id: number; ok: false; type: 'crash'; message: string };
