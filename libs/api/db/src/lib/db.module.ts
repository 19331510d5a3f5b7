import { DynamicModule, Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditService } from './audit.service';
import { DataScope } from './data-scope';
import { dataSourceOptions } from './database';
import { ThrottleStore } from './throttle';
import { LoginChallengeStore } from './login-challenge';
import { IdLookupRation } from './id-lookup-ration';
import { ScopedDb } from './scoped-db';

@Global()
@Module({})
export class DbModule {
  static forRoot(url: string, embedded: boolean): DynamicModule {
    return {
      module: DbModule,
      imports: [TypeOrmModule.forRoot(dataSourceOptions(url, embedded))],
      providers: [DataScope, AuditService, ThrottleStore, LoginChallengeStore, IdLookupRation, ScopedDb],
      exports: [DataScope, AuditService, ThrottleStore, LoginChallengeStore, IdLookupRation, ScopedDb],
    };
  }
}
