export * from './lib/members.service';
export * from './lib/members.controller';
export * from './lib/dto';
