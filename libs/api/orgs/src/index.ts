export * from './lib/orgs.service';
export * from './lib/orgs.controller';
export * from './lib/dto';
