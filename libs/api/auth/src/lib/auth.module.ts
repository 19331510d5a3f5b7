import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { randomBytes } from 'node:crypto';
import { AuthController, UsersController } from './auth.controller';
import { AuthGuard } from './auth.guard';
import { AuthService } from './auth.service';
import { AdminContactController, AdminContactService } from './contact';

@Module({
  imports: [JwtModule.register({ secret: process.env['JWT_SECRET'] || randomBytes(32).toString('hex') })],
  controllers: [AuthController, UsersController, AdminContactController],
  providers: [AuthService, AdminContactService, AuthGuard, { provide: APP_GUARD, useExisting: AuthGuard }],
  exports: [AuthService],
})
export class AuthModule {}
