import { DynamicModule, Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditService } from './audit.service';
import { DataScope } from './data-scope';
import { dataSourceOptions } from './database';
import { ThrottleStore } from './throttle';
import { LoginChallengeStore } from './login-challenge';
import { IdLookupRation } from './id-lookup-ration';
import { PERSISTENCE } from './persistence';
import type { Persistence } from './persistence';
import { NO_REPLICAS, REPLICA_OPTIONS, ReadReplicas, ReplicaOptions } from './read-replicas';
import { ScopedDb } from './scoped-db';

@Global()
@Module({})
export class DbModule {
  /**
   * `persistence`: every context's entities and scope rules (`composePersistence`, the composition
   * root's `API_PERSISTENCE`); `replicas`: hot standbys for lag-tolerant reads
   * (`DATABASE_REPLICA_URLS`), none by default.
   */
  static forRoot(url: string, embedded: boolean, persistence: Persistence, replicas: ReplicaOptions = NO_REPLICAS): DynamicModule {
    return {
      module: DbModule,
      imports: [TypeOrmModule.forRoot(dataSourceOptions(url, embedded, persistence.entities))],
      providers: [
        { provide: PERSISTENCE, useValue: persistence },
        { provide: REPLICA_OPTIONS, useValue: replicas },
        ReadReplicas,
        DataScope,
        AuditService,
        ThrottleStore,
        LoginChallengeStore,
        IdLookupRation,
        ScopedDb,
      ],
      exports: [ReadReplicas, DataScope, AuditService, ThrottleStore, LoginChallengeStore, IdLookupRation, ScopedDb],
    };
  }
}
