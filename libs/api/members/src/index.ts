export * from './lib/member.entity';
export * from './lib/persistence';
export * from './lib/members.service';
export * from './lib/members.controller';
export * from './lib/dto';
export * from './lib/member-import.service';
export * from './lib/member-export.service';
export * from './lib/import-rows';
