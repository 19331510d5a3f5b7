export * from './lib/transfers.service';
export * from './lib/transfers.controller';
export * from './lib/dto';
export * from './lib/follow-up';
export * from './lib/auto-return';
