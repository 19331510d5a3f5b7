import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { AuthController, UsersController } from './auth.controller';
import { AuthGuard, TOKEN_ALGORITHM } from './auth.guard';
import { AuthService } from './auth.service';
import { AdminContactController, AdminContactService } from './contact';
import { CaptchaService } from './captcha';
import { JWT_KEY } from './jwt-key';

export { JWT_KEY };

@Module({
  imports: [JwtModule.register({ secret: JWT_KEY, signOptions: { algorithm: TOKEN_ALGORITHM }, verifyOptions: { algorithms: [TOKEN_ALGORITHM] } })],
  controllers: [AuthController, UsersController, AdminContactController],
  providers: [AuthService, CaptchaService, AdminContactService, AuthGuard, { provide: APP_GUARD, useExisting: AuthGuard }],
  exports: [AuthService],
})
export class AuthModule {}
