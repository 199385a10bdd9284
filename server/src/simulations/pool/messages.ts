import type { Envelope, KpError, Pack } from '../../engine';
import type { ColumnUnit, PartialState, SimulationPlan, Unit } from '../../engine/simulate';
import type { SyntheticSpec } from '../../datasets/synthetic';

/** A slice of a synthetic dataset: these periods, subjects [from, to) of each. */
export interface SyntheticUnit {
  periods: number[];
  from: number;
  to: number;
}

export type ToWorker =
  | { type: 'load-units'; units: Unit[]; validated: boolean }
  /** Units already encoded as columns (their buffers transferred, not copied). */
  | { type: 'load-columns'; units: ColumnUnit[]; validated: boolean }
  | { type: 'load-synthetic'; pack: Pack; demo: Envelope | null; spec: SyntheticSpec; units: SyntheticUnit[] }
  | { type: 'run'; plan: SimulationPlan; sides: number[] | null; cancel: SharedArrayBuffer }
  | { type: 'clear' };

export type FromWorker =
  | { type: 'loaded'; subjects: number; ms: number }
  | { type: 'progress'; units: number }
  | { type: 'done'; state: PartialState }
  | { type: 'cancelled' }
  | { type: 'error'; message: string; errors?: KpError[]; target?: 'pack' | 'input' | 'parameters' };
