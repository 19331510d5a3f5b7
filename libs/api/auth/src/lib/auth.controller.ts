import { Body, Controller, Get, HttpCode, Post, Query, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { AppError } from '@zhtj/api/core';
import type { AuthenticatedRequest } from './auth.guard';
import { AuthService } from './auth.service';
import { ChangePasswordDto, CreateUserDto, LoginDto, ResetCodeDto, ResetPasswordDto, UserListQuery } from './dto';
import { Public } from './public.decorator';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  @Public()
  @Post('login')
  @HttpCode(200)
  @ApiOperation({ summary: '登录（团员用身份证号）' })
  login(@Body() dto: LoginDto, @Req() req: Request) {
    return this.auth.login(dto.username, dto.password, req.ip ?? '');
  }

  @Post('logout')
  @HttpCode(204)
  @ApiBearerAuth()
  @ApiOperation({ summary: '退出登录：本令牌在所有 API 实例上立即失效' })
  async logout(@Req() req: AuthenticatedRequest): Promise<void> {
    // The guard let the request through with a valid token, so its claims are here.
    if (!req.token) throw new AppError('UNAUTHORIZED');
    await this.auth.logout(req.token);
  }

  @Get('me')
  @ApiBearerAuth()
  me() {
    return this.auth.me();
  }

  @Post('reset-codes')
  @ApiBearerAuth()
  @ApiOperation({ summary: '生成密码重置码（Q19）' })
  resetCode(@Body() dto: ResetCodeDto) {
    return this.auth.createResetCode(dto.username);
  }

  @Public()
  @Post('reset-password')
  @HttpCode(200)
  @ApiOperation({ summary: '忘记密码：用重置码设置新密码' })
  async resetPassword(@Body() dto: ResetPasswordDto, @Req() req: Request) {
    await this.auth.resetPassword(dto, req.ip ?? '');
    return { ok: true };
  }

  @Post('change-password')
  @HttpCode(200)
  @ApiBearerAuth()
  changePassword(@Body() dto: ChangePasswordDto) {
    return this.auth.changePassword(dto);
  }
}

@ApiTags('users')
@ApiBearerAuth()
@Controller('users')
export class UsersController {
  constructor(private readonly auth: AuthService) {}

  @Post()
  @ApiOperation({ summary: '为本范围内的组织创建管理员账号或为团员创建账号' })
  create(@Body() dto: CreateUserDto) {
    return this.auth.createUser(dto);
  }

  @Get()
  list(@Query() q: UserListQuery) {
    return this.auth.listUsers(q.orgId);
  }
}
