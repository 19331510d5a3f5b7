export * from './lib/graduation.service';
export * from './lib/graduation.controller';
export * from './lib/dto';
export * from './lib/graduation-import.service';
export * from './lib/graduation-import-rows';
