import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { AccountsService } from './accounts.service';
import { Argon2Gate, argon2GateFromEnv } from './argon2-gate';
import { AuthController } from './auth.controller';
import { AuthGuard, TOKEN_ALGORITHM } from './auth.guard';
import { AdminContactController, AdminContactService } from './contact';
import { CaptchaService } from './captcha';
import { JWT_KEY } from './jwt-key';
import { LoginService } from './login.service';
import { PasswordService } from './password.service';
import { OrgSecurityController, SecondFactorController, SecondFactorResetController } from './second-factor.controller';
import { SecondFactorGuard } from './second-factor.guard';
import { SecondFactorService } from './second-factor.service';
import { SessionService } from './session.service';
import { UsersController } from './users.controller';

export { JWT_KEY };

@Module({
  imports: [
    JwtModule.register({ secret: JWT_KEY, signOptions: { algorithm: TOKEN_ALGORITHM }, verifyOptions: { algorithms: [TOKEN_ALGORITHM] } }),
  ],
  controllers: [
    AuthController,
    UsersController,
    AdminContactController,
    SecondFactorController,
    SecondFactorResetController,
    OrgSecurityController,
  ],
  providers: [
    LoginService,
    SessionService,
    PasswordService,
    AccountsService,
    // One password-hashing gate per process, shared by every service that hashes.
    { provide: Argon2Gate, useFactory: argon2GateFromEnv },
    CaptchaService,
    AdminContactService,
    SecondFactorService,
    AuthGuard,
    SecondFactorGuard,
    // In this order: the second-factor guard reads the token the auth guard verified.
    { provide: APP_GUARD, useExisting: AuthGuard },
    { provide: APP_GUARD, useExisting: SecondFactorGuard },
  ],
  exports: [LoginService, SessionService, PasswordService, AccountsService, Argon2Gate],
})
export class AuthModule {}
