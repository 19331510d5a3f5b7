import { Body, Controller, Get, HttpCode, Post, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { AllowsEnrolOnly, AppError, Public, RequiresSecondFactor } from '@zhtj/api/core';
import type { AuthenticatedRequest } from './auth.guard';
import { DEVICE_COOKIE, DEVICE_COOKIE_DAYS, DEVICE_COOKIE_PATH, cookieValue } from './device-cookie';
import { ChangePasswordDto, LoginDto, ResetCodeDto, ResetPasswordDto } from './dto';
import { LoginService } from './login.service';
import { PasswordService } from './password.service';
import { SessionService } from './session.service';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(
    private readonly logins: LoginService,
    private readonly sessions: SessionService,
    private readonly passwords: PasswordService,
  ) {}

  @Public()
  @Post('login')
  @HttpCode(200)
  @ApiOperation({
    summary: '登录（团员用身份证号）',
    description:
      'A successful login sets the device cookie `zhtj_device` (HttpOnly, SameSite=Strict, Secure over HTTPS, 180 days): later logins of this account from this browser go ahead of anonymous traffic and need no captcha. ' +
      'After failed logins from the client address, a login needs `captchaId` and `captchaAnswer` from `GET /api/auth/captcha`.',
  })
  @ApiOkResponse({ description: '`{accessToken, expiresIn, user}`, and `Set-Cookie: zhtj_device=…` (the device cookie)' })
  @ApiResponse({
    status: 401,
    description:
      '`LOGIN_FAILED`; `CAPTCHA_REQUIRED` (answer a challenge from GET /api/auth/captcha); `CAPTCHA_INVALID` (wrong, used or expired: get a new one); ' +
      '`OTP_REQUIRED` (an admin with two-factor authentication: send `otp`, a TOTP code or a recovery code); `OTP_INVALID` (wrong or used: a failed login). ' +
      'An admin whose org requires a second factor and who has none gets `enrolmentRequired: true` and a 10-minute token good only for /api/auth/2fa/*, /me and logout.',
  })
  @ApiResponse({ status: 429, description: '`TOO_MANY_REQUESTS`: the address or the password-hashing queue is full' })
  async login(@Body() dto: LoginDto, @Req() req: Request, @Res({ passthrough: true }) res: Response) {
    const { result, deviceCookie } = await this.logins.login(dto, {
      ip: req.ip ?? '',
      deviceCookie: cookieValue(req.headers.cookie, DEVICE_COOKIE),
    });
    res.cookie(DEVICE_COOKIE, deviceCookie, {
      httpOnly: true,
      secure: req.secure,
      sameSite: 'strict',
      path: DEVICE_COOKIE_PATH,
      maxAge: DEVICE_COOKIE_DAYS * 86_400_000,
    });
    return result;
  }

  @Public()
  @Get('captcha')
  @ApiOperation({
    summary: '登录图形验证码',
    description:
      'An image challenge, for a login the API answered with CAPTCHA_REQUIRED (failed logins from the address, or the queue for anonymous logins full): its answer is kept server-side, good once, for 2 minutes.',
  })
  @ApiOkResponse({ description: '`{captchaId, image (data:image/svg+xml URL), expiresAt}`' })
  captcha(@Req() req: Request) {
    return this.logins.captchaChallenge(req.ip ?? '');
  }

  @Post('logout')
  @HttpCode(204)
  @AllowsEnrolOnly()
  @ApiBearerAuth()
  @ApiOperation({ summary: '退出登录：本令牌在所有 API 实例上立即失效' })
  async logout(@Req() req: AuthenticatedRequest): Promise<void> {
    // The guard let the request through with a valid token, so its claims are here.
    if (!req.token) throw new AppError('UNAUTHORIZED');
    await this.sessions.logout(req.token);
  }

  @Get('me')
  @AllowsEnrolOnly()
  @ApiBearerAuth()
  me() {
    return this.sessions.me();
  }

  @Post('reset-codes')
  @RequiresSecondFactor()
  @ApiBearerAuth()
  @ApiOperation({ summary: '生成密码重置码（Q19）' })
  resetCode(@Body() dto: ResetCodeDto) {
    return this.passwords.createResetCode(dto.username);
  }

  @Public()
  @Post('reset-password')
  @HttpCode(200)
  @ApiOperation({ summary: '忘记密码：用重置码设置新密码' })
  async resetPassword(@Body() dto: ResetPasswordDto, @Req() req: Request) {
    await this.passwords.resetPassword(dto, req.ip ?? '');
    return { ok: true };
  }

  @Post('change-password')
  @HttpCode(200)
  @ApiBearerAuth()
  changePassword(@Body() dto: ChangePasswordDto, @Req() req: AuthenticatedRequest) {
    return this.passwords.changePassword(dto, req.token?.amr);
  }
}
