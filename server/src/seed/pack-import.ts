import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { Logger } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { SYSTEM } from '../auth/principal';
import type { AuditService } from '../audit/audit.service';
import { compareSemver, isSemver } from '../common/semver';
import type { Pack } from '../engine/types';
import type { PackRunner } from '../packs/pack-runner.service';
import { contentHash } from '../packs/pack-runner.service';
import { findPack, insertPack, insertVersion, listVersions, updatePackMeta } from '../packs/pack-versions.repo';

export interface ImportReport {
  imported: string[];
  skipped: { ref: string; reason: string }[];
}

/**
 * rule-packs/<id>/<version>.json → published versions. Each version must pass the same gate as publishing
 * (valid, its own tests pass, newer than what is published); one that does not is logged and skipped, so a broken
 * file never stops the server. Versions already stored are left alone: published versions never change.
 */
export async function importPacks(db: DataSource, runner: PackRunner, audit: AuditService, dir: string, ownerOf: (packId: string) => Promise<string>): Promise<ImportReport> {
  const log = new Logger('PackImport');
  const report: ImportReport = { imported: [], skipped: [] };
  if (!existsSync(dir)) return report;
  const skip = (ref: string, reason: string) => {
    report.skipped.push({ ref, reason });
    log.warn(`skipped ${ref}: ${reason}`);
  };
  for (const packId of readdirSync(dir).sort()) {
    const folder = join(dir, packId);
    if (!statSync(folder).isDirectory()) continue;
    const versions = readdirSync(folder)
      .filter((f) => f.endsWith('.json') && isSemver(f.slice(0, -5)))
      .map((f) => f.slice(0, -5))
      .sort(compareSemver);
    for (const version of versions) {
      const ref = `${packId}@${version}`;
      let doc: Pack;
      try {
        doc = JSON.parse(readFileSync(join(folder, `${version}.json`), 'utf8')) as Pack;
      } catch (e) {
        skip(ref, `not JSON (${(e as Error).message})`);
        continue;
      }
      if (doc.id !== packId || doc.version !== version) {
        skip(ref, `the document says ${String(doc.id)}@${String(doc.version)}`);
        continue;
      }
      const hash = contentHash(doc);
      const stored = await listVersions(db.manager, packId);
      const same = stored.find((v) => v.version === version);
      if (same) {
        if (same.contentHash !== hash) log.warn(`${ref} differs from the stored version, which stays as published (make a new version)`);
        continue;
      }
      const newer = stored.filter((v) => v.status === 'published' && compareSemver(v.version, version) >= 0);
      if (newer.length) {
        skip(ref, `not newer than the published ${newer.map((v) => v.version).join(', ')}`);
        continue;
      }
      let problems: string | null = null;
      try {
        const errors = runner.validate(doc);
        if (errors.length) problems = `${errors.length} validation error(s), first ${errors[0].path}: ${errors[0].message.en}`;
        else {
          const tests = runner.test(doc);
          if (tests.failed > 0) problems = `${tests.failed} of its tests fail (${tests.cases.filter((c) => !c.ok).map((c) => c.name).join('; ')})`;
        }
      } catch (e) {
        problems = `the engine failed on it (${(e as Error).message})`;
      }
      if (problems) {
        skip(ref, problems);
        continue;
      }
      const owner = await ownerOf(packId);
      await db.transaction(async (m) => {
        if (!(await findPack(m, packId))) {
          await insertPack(m, { id: packId, ownerOrgId: owner, title: doc.title, locality: doc.locality, createdBy: SYSTEM.username });
          await audit.record(m, SYSTEM, { action: 'pack.import', entity: 'pack', entityId: packId, orgId: owner, after: { id: packId, ownerOrgId: owner } });
        }
        await insertVersion(m, { packId, version, status: 'published', document: doc, contentHash: hash, createdBy: SYSTEM.username });
        await updatePackMeta(m, packId, doc);
        const packRow = (await findPack(m, packId))!;
        await audit.record(m, SYSTEM, {
          action: 'pack_version.import',
          entity: 'pack_version',
          entityId: ref,
          orgId: packRow.ownerOrgId,
          after: { status: 'published', contentHash: hash, file: `rule-packs/${packId}/${version}.json` },
        });
      });
      report.imported.push(ref);
    }
  }
  log.log(`imported ${report.imported.length} pack version(s)${report.skipped.length ? `, skipped ${report.skipped.length}` : ''}`);
  return report;
}
