/** Policy simulation: a dataset under a baseline and variants, compared subject by subject. Pure TypeScript. */
export * from './types';
export { prepare, type Prepared, type PreparedSide, type SimulationPlan } from './plan';
export { SimulationRun, mergePartials, finalize, simulate, simulateColumnar, unitPointer, UNIT_TARGET, type PartialState } from './run';
export { toColumnUnit, columnPeriod, columnUnitSubjects, columnUnitBytes, columnUnitBuffers, materialize, type ColumnUnit, type ColumnPeriod } from './columnar';
export { encodeTable, decodeTable, rowDecoder, type Table, type Column } from './columns';
export { partition, partitionMode, idBucket, type Unit, type PartitionMode } from './partition';
export { expandOverrides, parseSweep, sweepValues, sweepVariants, variantName } from './variants';
export { traceChanged, traceSubject } from './trace';
export { ExactSum } from '../exact-sum';
export { valueKey } from './values';
