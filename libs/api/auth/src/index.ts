export * from './lib/auth.module';
export * from './lib/auth.service';
export * from './lib/auth.guard';
export * from './lib/public.decorator';
export * from './lib/password-policy';
export * from './lib/argon2-gate';
export * from './lib/device-cookie';
export * from './lib/captcha';
