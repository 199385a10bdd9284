import type { EntityManager } from 'typeorm';
import type { Json } from '../engine/types';

export interface Deployment {
  id: string;
  orgId: string;
  packId: string;
  version: string;
  /** YYYY-MM-DD: the version is in force for periods starting on or after this date. */
  effectiveFrom: string;
  createdBy: string;
  createdAt: Date;
  /** The locality's own values of the version's local parameters ({} = the pack's values). */
  parameters: Record<string, Json>;
}

export const DEPLOYMENT_COLUMNS = `d.id, d.org_id AS "orgId", d.pack_id AS "packId", d.version, d.effective_from::text AS "effectiveFrom",
  d.created_by AS "createdBy", d.created_at AS "createdAt", d.parameters`;

/** The deployment in force for a period starting on `periodStart`: the latest one that took effect by then. */
export async function deploymentInForce(m: EntityManager, orgId: string, packId: string, periodStart: string): Promise<Deployment | null> {
  const rows: Deployment[] = await m.query(
    `SELECT ${DEPLOYMENT_COLUMNS} FROM deployments d
      WHERE d.org_id = $1 AND d.pack_id = $2 AND d.effective_from <= $3::date
      ORDER BY d.effective_from DESC LIMIT 1`,
    [orgId, packId, periodStart],
  );
  return rows[0] ?? null;
}

/** The start of the latest period already evaluated for this organisation and pack (null when none). */
export async function lastEvaluatedStart(m: EntityManager, orgId: string, packId: string): Promise<string | null> {
  const rows: { start: string | null }[] = await m.query(
    `SELECT max(period_start)::text AS start FROM evaluations WHERE org_id = $1 AND pack_id = $2`,
    [orgId, packId],
  );
  return rows[0]?.start ?? null;
}
