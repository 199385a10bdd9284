import { HttpStatus, Injectable } from '@nestjs/common';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { InjectRepository } from '@nestjs/typeorm';
import type { EntityManager, Repository } from 'typeorm';
import { inScope } from '../auth/access';
import type { Principal } from '../auth/principal';
import { ApiError, notFound } from '../common/api-error';
import { inputError } from '../common/body';
import { compilePack, KpValidationError, validateEnvelope, type Envelope, type Pack } from '../engine';
import { AuditService } from '../audit/audit.service';
import { PacksService } from '../packs/packs.service';
import { importTable } from './import';
import type { ColumnMapping } from './mapping';
import { DatasetChunkEntity } from './dataset-chunk.entity';
import { DatasetEntity, type DatasetSource } from './dataset.entity';
import { datasetEnvelope, datasetsUnder, datasetWithOrgPath, insertDataset } from './store';
import { readTable } from './table';
import { UploadLimitError, UPLOADS } from './xlsx-limits';
import { schemaPeriods } from './schema-synthetic';
import { templateXlsx } from './template';
import { SyntheticGenerator, type SyntheticRecipe } from './synthetic';

/** At most this many generated subject-periods per dataset (they are generated where they run, not stored). */
const MAX_SYNTHETIC = 10_000_000;

export interface NewDataset {
  packId: string;
  version: string;
  name: string;
}

/** Datasets of an organisation's subtree: imported rows (stored in chunks) or synthetic recipes. */
@Injectable()
export class DatasetsService {
  constructor(
    @InjectRepository(DatasetEntity) private readonly datasets: Repository<DatasetEntity>,
    @InjectRepository(DatasetChunkEntity) private readonly chunks: Repository<DatasetChunkEntity>,
    private readonly packs: PacksService,
    private readonly audit: AuditService,
  ) {}

  private async pack(p: Principal, packId: string, version: string): Promise<Pack> {
    return (await this.packs.getVersion(p, packId, version)).document;
  }

  list(p: Principal): Promise<DatasetEntity[]> {
    return datasetsUnder(this.datasets, p.orgPath);
  }

  /** A dataset the user may see (its organisation is theirs or below). */
  async get(p: Principal, id: string): Promise<DatasetEntity> {
    const d = await datasetWithOrgPath(this.datasets, id);
    if (!d || !inScope(p, d.orgPath)) throw notFound('数据集不存在。', `Dataset ${id} not found.`);
    const { orgPath: _orgPath, ...row } = d;
    return row;
  }

  async envelope(p: Principal, id: string): Promise<Envelope> {
    await this.get(p, id);
    return datasetEnvelope(this.chunks, id);
  }

  /** The fill-in workbook of a pack version the user may read: Chinese headers, exactly what the upload reads back. */
  async template(p: Principal, packId: string, version: string): Promise<{ file: Buffer; filename: string }> {
    const pack = await this.pack(p, packId, version);
    return { file: await templateXlsx(pack), filename: `${pack.id}-${pack.version}-template.xlsx` };
  }

  /** An envelope given as JSON: validated whole, stored whole or not at all (422 with every pointer). */
  async createFromEnvelope(p: Principal, body: NewDataset & { envelope: unknown }) {
    const pack = await this.pack(p, body.packId, body.version);
    const errors = validateEnvelope(compilePack(pack), body.envelope);
    if (errors.length) throw new KpValidationError(errors.map((e) => ({ ...e, path: `/envelope${e.path}` })), 'input');
    return this.store(p, body, 'json', body.envelope as Envelope);
  }

  /** An uploaded sheet: every bad cell is reported by row, column and pointer (422), and nothing is stored. */
  async upload(p: Principal, body: NewDataset & { format: 'xlsx' | 'csv'; mapping: ColumnMapping }, data: Buffer) {
    const pack = await this.pack(p, body.packId, body.version);
    // uploads share a memory budget: a few are read at once, the others wait their turn (503 past the wait)
    return UPLOADS.run(() => this.readAndStore(p, body, data, pack));
  }

  private async readAndStore(p: Principal, body: NewDataset & { format: 'xlsx' | 'csv'; mapping: ColumnMapping }, data: Buffer, pack: Pack) {
    let table;
    try {
      table = await readTable(data, body.format);
    } catch (e) {
      if (e instanceof UploadLimitError) throw e;
      throw inputError('/file', '无法读取文件', `the file cannot be read as ${body.format}: ${(e as Error).message}`);
    }
    const t = performance.now();
    const res = importTable(pack, table, body.mapping);
    if (!res.envelope) {
      // every error, each with its row, column and pointer (also as `path`, which every error list of the API has)
      throw new ApiError(HttpStatus.UNPROCESSABLE_ENTITY, 'InvalidDataset', `导入失败：${res.errors.length} 处错误，未导入任何数据。`, `Import failed with ${res.errors.length} errors; nothing was imported.`, {
        target: 'input',
        total: res.errors.length,
        errors: res.errors,
      });
    }
    const stored = await this.store(p, body, body.format, res.envelope);
    return { ...stored, importMs: Math.round(performance.now() - t), fields: res.fields };
  }

  /**
   * A synthetic dataset: a recipe (n, seed) over the pack's demo data, or over its input schema alone when it
   * has none (a scheme just made in the designer) or `from: 'schema'` asks so; generated by the workers that run it.
   */
  async generate(p: Principal, body: NewDataset & { n: number; seed?: number; from?: 'demo' | 'schema' }, packsDir: string) {
    const pack = await this.pack(p, body.packId, body.version);
    if (!Number.isInteger(body.n) || body.n < 1 || body.n > MAX_SYNTHETIC) throw inputError('/n', `n 必须是 1 到 ${MAX_SYNTHETIC} 的整数`, `n must be an integer from 1 to ${MAX_SYNTHETIC}`);
    const seed = body.seed ?? 1;
    const demoFile = join(packsDir, pack.id, 'demo.json');
    const hasDemo = existsSync(demoFile);
    if (body.from === 'demo' && !hasDemo) throw inputError('/from', '该方案没有演示数据，请按输入项定义随机生成', `pack ${pack.id} has no demo data; generate from the input schema instead`);
    let recipe: SyntheticRecipe;
    let periods: string[];
    if (hasDemo && body.from !== 'schema') {
      const demo = JSON.parse(readFileSync(demoFile, 'utf8')) as Envelope;
      recipe = { n: body.n, seed };
      periods = demo.periods.map((x) => x.period);
    } else {
      periods = schemaPeriods(pack);
      recipe = { n: body.n, seed, from: 'schema', periods };
      checkSchemaSample(pack, recipe);
    }
    const id = await this.datasets.manager.transaction(async (m) => {
      const id = await insertDataset(m, { orgId: p.orgId, packId: pack.id, version: pack.version, name: body.name, source: 'synthetic', createdBy: p.username, recipe, periods });
      await this.audited(m, p, id, { packId: pack.id, version: pack.version, name: body.name, source: 'synthetic', recipe });
      return id;
    });
    return this.get(p, id);
  }

  private async store(p: Principal, body: NewDataset, source: DatasetSource, envelope: Envelope) {
    const id = await this.datasets.manager.transaction(async (m) => {
      const id = await insertDataset(m, { orgId: p.orgId, packId: body.packId, version: body.version, name: body.name, source, createdBy: p.username, envelope });
      const subjects = envelope.periods.reduce((n, x) => n + x.subjects.length, 0);
      await this.audited(m, p, id, { packId: body.packId, version: body.version, name: body.name, source, subjects });
      return id;
    });
    return this.get(p, id);
  }

  /** The audit row goes in the dataset's own transaction. */
  private audited(m: EntityManager, p: Principal, id: string, after: Record<string, unknown>): Promise<void> {
    return this.audit.record(m, p, { action: 'dataset.create', entity: 'dataset', entityId: id, orgId: p.orgId, after: { id, ...after } });
  }
}

/** Subjects checked when a dataset is made from the input schema: a schema the generator cannot satisfy is refused now, not in a worker. */
const SCHEMA_SAMPLE = 200;

/** Generates the first subjects of a schema-only recipe and refuses it (422, with the pointers) if any is invalid. */
function checkSchemaSample(pack: Pack, recipe: SyntheticRecipe): void {
  const g = new SyntheticGenerator(pack, null, { n: Math.min(recipe.n, SCHEMA_SAMPLE), seed: recipe.seed, periods: recipe.periods });
  const errors = validateEnvelope(compilePack(pack), g.envelope());
  if (errors.length) {
    throw new ApiError(HttpStatus.UNPROCESSABLE_ENTITY, 'InvalidDataset', `无法按输入项定义生成有效数据：${errors.length} 处错误。`, `The input schema cannot be satisfied by generated data: ${errors.length} errors.`, { errors: errors.slice(0, 20) });
  }
}
