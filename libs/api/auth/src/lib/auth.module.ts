import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { AuthController, UsersController } from './auth.controller';
import { AuthGuard, TOKEN_ALGORITHM } from './auth.guard';
import { AuthService } from './auth.service';
import { AdminContactController, AdminContactService } from './contact';
import { CaptchaService } from './captcha';
import { JWT_KEY } from './jwt-key';
import { OrgSecurityController, SecondFactorController, SecondFactorResetController } from './second-factor.controller';
import { SecondFactorGuard } from './second-factor.guard';
import { SecondFactorService } from './second-factor.service';

export { JWT_KEY };

@Module({
  imports: [JwtModule.register({ secret: JWT_KEY, signOptions: { algorithm: TOKEN_ALGORITHM }, verifyOptions: { algorithms: [TOKEN_ALGORITHM] } })],
  controllers: [AuthController, UsersController, AdminContactController, SecondFactorController, SecondFactorResetController, OrgSecurityController],
  providers: [
    AuthService,
    CaptchaService,
    AdminContactService,
    SecondFactorService,
    AuthGuard,
    SecondFactorGuard,
    // In this order: the second-factor guard reads the token the auth guard verified.
    { provide: APP_GUARD, useExisting: AuthGuard },
    { provide: APP_GUARD, useExisting: SecondFactorGuard },
  ],
  exports: [AuthService],
})
export class AuthModule {}
