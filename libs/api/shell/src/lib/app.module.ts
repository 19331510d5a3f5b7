import { DynamicModule, Module } from '@nestjs/common';
import { AuditModule } from '@zhtj/api/audit';
import { AuthModule } from '@zhtj/api/auth';
import { API_PERSISTENCE } from '@zhtj/api/bootstrap';
import { CoreModule } from '@zhtj/api/core';
import { DbModule } from '@zhtj/api/db';
import type { ReplicaOptions } from '@zhtj/api/db';
import { GraduationModule } from '@zhtj/api/graduation';
import { MembersModule } from '@zhtj/api/members';
import { MetricsModule } from '@zhtj/api/metrics';
import { OrgsModule } from '@zhtj/api/orgs';
import { RegionsModule } from '@zhtj/api/regions';
import { TelemetryModule } from '@zhtj/api/telemetry';
import { TransfersModule } from '@zhtj/api/transfers';
import { HealthController, TestClockController } from './system.controller';

export interface AppOptions {
  databaseUrl: string;
  embedded: boolean;
  controllableClock: boolean;
  /** Hot standbys for lag-tolerant reads (`DATABASE_REPLICA_URLS`, `REPLICA_MAX_LAG_MS`); none when absent. */
  replicas?: ReplicaOptions;
}

@Module({})
export class AppModule {
  static forRoot(opts: AppOptions): DynamicModule {
    return {
      module: AppModule,
      imports: [
        CoreModule,
        DbModule.forRoot(opts.databaseUrl, opts.embedded, API_PERSISTENCE, opts.replicas),
        AuthModule,
        RegionsModule,
        OrgsModule,
        MembersModule,
        GraduationModule,
        TransfersModule,
        MetricsModule,
        AuditModule,
        TelemetryModule,
      ],
      controllers: [HealthController, ...(opts.controllableClock ? [TestClockController] : [])],
    };
  }
}
