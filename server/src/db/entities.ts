import { AuditEntryEntity } from '../audit/audit-entry.entity';
import { SettingEntity } from '../auth/setting.entity';
import { DatasetChunkEntity } from '../datasets/dataset-chunk.entity';
import { DatasetEntity } from '../datasets/dataset.entity';
import { OrgEntity } from '../orgs/org.entity';
import { PeriodJobEntity } from '../periods/period-job.entity';
import { PeriodUploadEntity } from '../periods/period-upload.entity';
import { UserEntity } from '../users/user.entity';
import { SimulationJobEntity } from '../simulations/simulation-job.entity';
import { SimulationJobRunEntity } from '../simulations/simulation-job-run.entity';
import { SimulationPartitionEntity } from '../simulations/simulation-partition.entity';
import { SimulationPartitionRunEntity } from '../simulations/simulation-partition-run.entity';
import { PackEntity } from '../packs/pack.entity';
import { PackVersionEntity } from '../packs/pack-version.entity';
import { DeploymentEntity } from '../deployments/deployment.entity';
import { EvaluationEntity } from '../evaluations/evaluation.entity';

/**
 * Every TypeORM entity, one per table. Each module keeps its entities beside its code
 * (`<module>/<name>.entity.ts`); this list is what the data source registers and what the schema test
 * (test/api/entities.spec.ts) compares with the migrated database.
 */
export const ENTITIES: Function[] = [
  SettingEntity,
  OrgEntity,
  UserEntity,
  AuditEntryEntity,
  DatasetEntity,
  DatasetChunkEntity,
  PackEntity,
  PackVersionEntity,
  DeploymentEntity,
  EvaluationEntity,
  PeriodUploadEntity,
  PeriodJobEntity,
  SimulationJobEntity,
  SimulationJobRunEntity,
  SimulationPartitionEntity,
  SimulationPartitionRunEntity,
];
