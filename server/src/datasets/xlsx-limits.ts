import { promisify } from 'node:util';
import * as zlib from 'node:zlib';
import { HttpStatus } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { ApiError } from '../common/api-error';

/**
 * Limits of an uploaded .xlsx, checked before anything is inflated and again while it is read (KP_XLSX_*):
 * a zip entry's uncompressed size, all entries together, the compression ratio of a large entry, and the rows,
 * cells and characters of one cell (Excel's own cell limit is 32,767 characters).
 */
export const XLSX_LIMITS = {
  entryBytes: Number(process.env.KP_XLSX_MAX_ENTRY_BYTES ?? 64 * 1024 * 1024),
  totalBytes: Number(process.env.KP_XLSX_MAX_TOTAL_BYTES ?? 160 * 1024 * 1024),
  /** Uncompressed ÷ compressed, for entries over 1 MB uncompressed (sheet XML compresses 5–30×). */
  ratio: Number(process.env.KP_XLSX_MAX_RATIO ?? 200),
  entries: 10_000,
  rows: Number(process.env.KP_XLSX_MAX_ROWS ?? 200_000),
  cells: Number(process.env.KP_XLSX_MAX_CELLS ?? 4_000_000),
  cellChars: Number(process.env.KP_XLSX_MAX_CELL_CHARS ?? 32_767),
};

const RATIO_FLOOR = 1024 * 1024;
const inflateRaw = promisify(zlib.inflateRaw) as (buf: Buffer, opts: zlib.ZlibOptions) => Promise<Buffer>;

/** An upload past one of the limits: 413 naming the limit (`limit`, its value, and what was found). */
export class UploadLimitError extends ApiError {
  constructor(limit: keyof typeof XLSX_LIMITS, zh: string, en: string, found?: number) {
    super(HttpStatus.PAYLOAD_TOO_LARGE, 'UploadLimitExceeded', zh, en, { limit, max: XLSX_LIMITS[limit], ...(found !== undefined ? { found } : {}), path: '/file' });
  }
}

/** A file that is not a zip this reader accepts (400 from the caller, like any unreadable file). */
export class NotAZipError extends Error {}

interface Entry {
  name: Buffer;
  method: number;
  crc: number;
  compressed: number;
  size: number;
  localOffset: number;
}

const mb = (n: number) => `${Math.round((n / 1024 / 1024) * 10) / 10} MB`;

/** The central directory of a zip held in memory: the entries as the file declares them. */
function centralDirectory(buf: Buffer): Entry[] {
  const from = Math.max(0, buf.length - 22 - 0xffff);
  let eocd = -1;
  for (let i = buf.length - 22; i >= from; i--) {
    if (buf.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new NotAZipError('no end of central directory');
  const count = buf.readUInt16LE(eocd + 10);
  const cdSize = buf.readUInt32LE(eocd + 12);
  const cdOffset = buf.readUInt32LE(eocd + 16);
  if (count === 0xffff || cdOffset === 0xffffffff) throw new NotAZipError('zip64 is not supported');
  if (count > XLSX_LIMITS.entries) throw new UploadLimitError('entries', `压缩包内文件过多（${count} 个，上限 ${XLSX_LIMITS.entries} 个）。`, `Too many entries in the file (${count}, at most ${XLSX_LIMITS.entries}).`, count);
  if (cdOffset + cdSize > eocd) throw new NotAZipError('central directory out of range');
  const entries: Entry[] = [];
  let p = cdOffset;
  for (let k = 0; k < count; k++) {
    if (p + 46 > buf.length || buf.readUInt32LE(p) !== 0x02014b50) throw new NotAZipError('bad central directory entry');
    const nameLen = buf.readUInt16LE(p + 28);
    const extraLen = buf.readUInt16LE(p + 30);
    const commentLen = buf.readUInt16LE(p + 32);
    entries.push({
      method: buf.readUInt16LE(p + 10),
      crc: buf.readUInt32LE(p + 16),
      compressed: buf.readUInt32LE(p + 20),
      size: buf.readUInt32LE(p + 24),
      localOffset: buf.readUInt32LE(p + 42),
      name: buf.subarray(p + 46, p + 46 + nameLen),
    });
    p += 46 + nameLen + extraLen + commentLen;
  }
  return entries;
}

function checkDeclared(entries: Entry[]): void {
  let total = 0;
  for (const e of entries) {
    const name = e.name.toString('utf8');
    if (e.size > XLSX_LIMITS.entryBytes) {
      throw new UploadLimitError('entryBytes', `文件内 ${name} 解压后 ${mb(e.size)}，超过单个条目上限 ${mb(XLSX_LIMITS.entryBytes)}。`, `${name} inflates to ${mb(e.size)}, over the limit of ${mb(XLSX_LIMITS.entryBytes)} per entry.`, e.size);
    }
    if (e.size > RATIO_FLOOR && e.size / Math.max(1, e.compressed) > XLSX_LIMITS.ratio) {
      const r = Math.round(e.size / Math.max(1, e.compressed));
      throw new UploadLimitError('ratio', `文件内 ${name} 的压缩比为 ${r}:1，超过上限 ${XLSX_LIMITS.ratio}:1（疑似压缩炸弹）。`, `${name} has a compression ratio of ${r}:1, over the limit of ${XLSX_LIMITS.ratio}:1 (a zip bomb?).`, r);
    }
    total += e.size;
    if (total > XLSX_LIMITS.totalBytes) {
      throw new UploadLimitError('totalBytes', `文件解压后超过 ${mb(XLSX_LIMITS.totalBytes)} 的上限。`, `The file inflates to more than the limit of ${mb(XLSX_LIMITS.totalBytes)}.`, total);
    }
  }
}

/**
 * The entries of an uploaded .xlsx, checked against the limits from the central directory, then each inflated with
 * its declared size as a hard cap (a zip that lies about a size is refused when the output passes it), and put
 * back as a zip whose entries are stored uncompressed: the reader then parses exactly the bytes checked here, never
 * an entry the central directory does not list.
 */
export async function boundedXlsx(buf: Buffer): Promise<Buffer> {
  const entries = centralDirectory(buf);
  checkDeclared(entries);
  const files: { name: Buffer; data: Buffer; crc: number }[] = [];
  for (const e of entries) {
    if (e.localOffset + 30 > buf.length || buf.readUInt32LE(e.localOffset) !== 0x04034b50) throw new NotAZipError('bad local header');
    const start = e.localOffset + 30 + buf.readUInt16LE(e.localOffset + 26) + buf.readUInt16LE(e.localOffset + 28);
    if (start + e.compressed > buf.length) throw new NotAZipError('entry out of range');
    const raw = buf.subarray(start, start + e.compressed);
    let data: Buffer;
    if (e.method === 0) data = raw;
    else if (e.method === 8) {
      try {
        // maxOutputLength: inflation stops at the declared size, however much the data would inflate to
        data = e.size === 0 ? Buffer.alloc(0) : await inflateRaw(raw, { maxOutputLength: e.size });
      } catch (err) {
        if (err instanceof RangeError || (err as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') {
          const name = e.name.toString('utf8');
          throw new UploadLimitError('entryBytes', `文件内 ${name} 解压后超过其声明的大小（${mb(e.size)}），已拒绝。`, `${name} inflates past its declared size (${mb(e.size)}); refused.`);
        }
        throw new NotAZipError(`cannot inflate ${e.name.toString('utf8')}: ${(err as Error).message}`);
      }
    } else throw new NotAZipError(`compression method ${e.method} is not supported`);
    if (data.length !== e.size) throw new NotAZipError(`${e.name.toString('utf8')}: size differs from the central directory`);
    files.push({ name: e.name, data, crc: e.crc });
  }
  // The streaming reader needs the workbook (sheet names) and the shared strings before the sheets; exceljs
  // itself writes the workbook last, and a second sheet then fails ("reading 'sheets'"): sheets go last,
  // every other entry keeps its order.
  const sheetsLast = (f: { name: Buffer }) => (f.name.toString('utf8').startsWith('xl/worksheets/') ? 1 : 0);
  files.sort((a, b) => sheetsLast(a) - sheetsLast(b));
  return storedZip(files);
}

/** A zip with every entry stored (method 0), UTF-8 names. */
function storedZip(files: { name: Buffer; data: Buffer; crc: number }[]): Buffer {
  const parts: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const f of files) {
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6);
    local.writeUInt16LE(0, 8);
    local.writeUInt32LE(f.crc >>> 0, 14);
    local.writeUInt32LE(f.data.length, 18);
    local.writeUInt32LE(f.data.length, 22);
    local.writeUInt16LE(f.name.length, 26);
    parts.push(local, f.name, f.data);
    const cd = Buffer.alloc(46);
    cd.writeUInt32LE(0x02014b50, 0);
    cd.writeUInt16LE(20, 4);
    cd.writeUInt16LE(20, 6);
    cd.writeUInt16LE(0x0800, 8);
    cd.writeUInt32LE(f.crc >>> 0, 16);
    cd.writeUInt32LE(f.data.length, 20);
    cd.writeUInt32LE(f.data.length, 24);
    cd.writeUInt16LE(f.name.length, 28);
    cd.writeUInt32LE(offset, 42);
    central.push(cd, f.name);
    offset += 30 + f.name.length + f.data.length;
  }
  const cdSize = central.reduce((n, b) => n + b.length, 0);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(files.length, 8);
  end.writeUInt16LE(files.length, 10);
  end.writeUInt32LE(cdSize, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...parts, ...central, end]);
}

/** Counts rows and cells while a sheet is read and refuses a cell longer than the limit. */
export class SheetBudget {
  private rows = 0;
  private cells = 0;

  row(sheet: string, rowNumber: number, values: unknown[]): void {
    if (++this.rows > XLSX_LIMITS.rows) {
      throw new UploadLimitError('rows', `表格行数超过上限 ${XLSX_LIMITS.rows} 行。`, `The file has more than ${XLSX_LIMITS.rows} rows.`);
    }
    for (let c = 0; c < values.length; c++) {
      const v = values[c];
      if (v === undefined || v === null) continue;
      if (++this.cells > XLSX_LIMITS.cells) {
        throw new UploadLimitError('cells', `单元格数量超过上限 ${XLSX_LIMITS.cells} 个。`, `The file has more than ${XLSX_LIMITS.cells} cells.`);
      }
      const len = cellLength(v);
      if (len > XLSX_LIMITS.cellChars) {
        throw new UploadLimitError('cellChars', `工作表「${sheet}」第 ${rowNumber} 行第 ${c + 1} 列的单元格有 ${len} 个字符，超过上限 ${XLSX_LIMITS.cellChars} 个。`, `The cell at sheet "${sheet}", row ${rowNumber}, column ${c + 1} has ${len} characters, over the limit of ${XLSX_LIMITS.cellChars}.`, len);
      }
    }
  }
}

function cellLength(v: unknown): number {
  if (typeof v === 'string') return v.length;
  if (typeof v !== 'object' || v === null) return 0;
  const o = v as { richText?: { text?: unknown }[]; text?: unknown; formula?: unknown; result?: unknown };
  if (Array.isArray(o.richText)) return o.richText.reduce((n, t) => n + (typeof t.text === 'string' ? t.text.length : 0), 0);
  return Math.max(typeof o.text === 'string' ? o.text.length : 0, typeof o.formula === 'string' ? o.formula.length : 0, typeof o.result === 'string' ? o.result.length : 0);
}

/** At most `max` uploads are read at once (KP_UPLOAD_CONCURRENCY); others wait their turn, a bounded while. */
export class Semaphore {
  private active = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(
    readonly max: number,
    private readonly maxWaiting: number,
    private readonly waitMs: number,
  ) {}

  /** Runs fn when a place is free; 503 with Retry-After when too many wait, or the wait is too long. */
  async run<T>(fn: () => Promise<T>): Promise<T> {
    if (this.active >= this.max) {
      if (this.waiting.length >= this.maxWaiting) throw busy();
      await new Promise<void>((resolve, reject) => {
        const go = () => {
          clearTimeout(timer);
          resolve();
        };
        const timer = setTimeout(() => {
          const i = this.waiting.indexOf(go);
          if (i >= 0) this.waiting.splice(i, 1);
          reject(busy());
        }, this.waitMs);
        this.waiting.push(go);
      });
    } else this.active++;
    try {
      return await fn();
    } finally {
      const next = this.waiting.shift();
      if (next) next();
      else this.active--;
    }
  }
}

const BUSY_RETRY_SECONDS = 10;
const busy = () =>
  new ApiError(HttpStatus.SERVICE_UNAVAILABLE, 'UploadsBusy', `正在处理的上传过多，请 ${BUSY_RETRY_SECONDS} 秒后重试。`, `Too many uploads are being read; try again in ${BUSY_RETRY_SECONDS} s.`, { retryAfter: BUSY_RETRY_SECONDS });

/** The uploads of this process share it: two read at once, eight wait at most 60 s. */
export const UPLOADS = new Semaphore(Number(process.env.KP_UPLOAD_CONCURRENCY ?? 2), 8, 60_000);

/**
 * Admission of upload bodies before they are buffered (express.raw holds a whole file in memory): the bodies being
 * received and read at once may together declare at most `budgetBytes` (KP_UPLOAD_MEMORY_MB, default 400); past it
 * 503 `UploadsBusy` with Retry-After. A body without Content-Length counts as `unknownBytes` (the raw limit).
 */
export function uploadAdmission(budgetBytes: number, unknownBytes: number) {
  let inFlight = 0;
  return (req: Request, res: Response, next: NextFunction): void => {
    const declared = Number(req.headers['content-length']);
    const bytes = Number.isFinite(declared) && declared >= 0 ? declared : unknownBytes;
    if (inFlight > 0 && inFlight + bytes > budgetBytes) {
      // answered here: the body is not read at all
      const body = busy().getResponse();
      res.setHeader('Retry-After', String(BUSY_RETRY_SECONDS));
      res.setHeader('Connection', 'close');
      res.status(HttpStatus.SERVICE_UNAVAILABLE).json(body);
      return;
    }
    inFlight += bytes;
    let released = false;
    const release = () => {
      if (released) return;
      released = true;
      inFlight -= bytes;
    };
    res.once('finish', release);
    res.once('close', release);
    next();
  };
}

/** Uploads are raw file bytes; the JSON body limit does not apply to them (KP_UPLOAD_LIMIT). */
export const UPLOAD_LIMIT = process.env.KP_UPLOAD_LIMIT ?? '200mb';

let shared: ReturnType<typeof uploadAdmission> | null = null;

/** The one admission of this process: every upload route (datasets, periods) shares KP_UPLOAD_MEMORY_MB. */
export function sharedUploadAdmission(): ReturnType<typeof uploadAdmission> {
  shared ??= uploadAdmission(Number(process.env.KP_UPLOAD_MEMORY_MB ?? 400) * 1024 * 1024, parseSize(UPLOAD_LIMIT));
  return shared;
}

/** '200mb', '512kb', '1gb' or a byte count, as express.raw takes its limit. */
export function parseSize(v: string | number): number {
  if (typeof v === 'number') return v;
  const m = /^\s*(\d+(?:\.\d+)?)\s*(b|kb|mb|gb)?\s*$/i.exec(v);
  if (!m) return 200 * 1024 * 1024;
  const unit = { b: 1, kb: 1024, mb: 1024 ** 2, gb: 1024 ** 3 }[(m[2] ?? 'b').toLowerCase() as 'b'];
  return Math.round(Number(m[1]) * unit);
}
