export * from './lib/org.entity';
export * from './lib/org-chain';
export * from './lib/persistence';
export * from './lib/orgs.service';
export * from './lib/orgs.controller';
export * from './lib/dto';
