import { SetMetadata } from '@nestjs/common';

export const IS_PUBLIC = 'isPublic';
/**
 * Marks a route that needs no token (login, reset-password, health, regions). Read by the auth
 * guard (libs/api/auth); here, like `RequiresSecondFactor`, so a context marks its routes without
 * depending on auth.
 */
export const Public = (): MethodDecorator & ClassDecorator => SetMetadata(IS_PUBLIC, true);
