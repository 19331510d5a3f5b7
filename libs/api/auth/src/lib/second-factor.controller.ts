import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AllowsEnrolOnly, RequiresSecondFactor } from '@zhtj/api/core';
import { OrgSecurityDto, SecondFactorConfirmDto } from './dto';
import { SecondFactorService } from './second-factor.service';

/** Issue 24: the caller's own second factor (also with a token limited to enrolment). */
@ApiTags('auth')
@ApiBearerAuth()
@Controller('auth/2fa')
export class SecondFactorController {
  constructor(private readonly factors: SecondFactorService) {}

  @Get()
  @AllowsEnrolOnly()
  @ApiOperation({ summary: '本账号的两步验证状态（是否启用、本组织是否要求、剩余恢复码）' })
  status() {
    return this.factors.status();
  }

  @Post('enrol')
  @HttpCode(200)
  @AllowsEnrolOnly()
  @ApiOperation({ summary: '开始绑定两步验证（TOTP，RFC 6238）：返回密钥、otpauth 地址（二维码）和 10 个一次性恢复码，仅此一次' })
  @ApiOkResponse({ description: '`{secret, otpauthUrl, recoveryCodes[]}`' })
  enrol() {
    return this.factors.enrol();
  }

  @Post('confirm')
  @HttpCode(200)
  @AllowsEnrolOnly()
  @ApiOperation({ summary: '输入认证器当前的动态验证码，启用两步验证；之后每次登录都须输入动态验证码或恢复码' })
  async confirm(@Body() dto: SecondFactorConfirmDto) {
    await this.factors.confirm(dto.code);
    return { ok: true };
  }
}

/** Issue 24: a superior resets a lost second factor. */
@ApiTags('users')
@ApiBearerAuth()
@Controller('users')
export class SecondFactorResetController {
  constructor(private readonly factors: SecondFactorService) {}

  @Delete(':id/2fa')
  @HttpCode(204)
  @RequiresSecondFactor()
  @ApiOperation({ summary: '重置下级管理员账号的两步验证（手机丢失）：仅上级组织管理员，记入审计日志' })
  async reset(@Param('id') id: string): Promise<void> {
    await this.factors.reset(id);
  }
}

/** Issue 24: a national or provincial admin requires a second factor for a subtree. */
@ApiTags('orgs')
@ApiBearerAuth()
@Controller('orgs')
export class OrgSecurityController {
  constructor(private readonly factors: SecondFactorService) {}

  @Get(':id/security')
  @ApiOperation({ summary: '组织的两步验证要求（本级设置，以及上级组织是否已要求）' })
  get(@Param('id') id: string) {
    return this.factors.orgSecurity(id);
  }

  @Put(':id/security')
  @HttpCode(200)
  @RequiresSecondFactor()
  @ApiOperation({ summary: '要求本组织及全部下级组织的管理员使用两步验证（仅全国、省级团委管理员；记入审计日志）' })
  set(@Param('id') id: string, @Body() dto: OrgSecurityDto) {
    return this.factors.setOrgSecurity(id, dto.require2fa);
  }
}
