export * from './lib/graduation.service';
export * from './lib/graduation.controller';
export * from './lib/dto';
