import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsOptional, IsString, IsUUID, Length, MaxLength, MinLength } from 'class-validator';
import type {
  ChangePasswordRequest,
  CreateUserRequest,
  LoginRequest,
  OrgSecurityRequest,
  ResetCodeRequest,
  ResetPasswordRequest,
} from '@zhtj/shared/contract';
import { IsPhoneText } from '@zhtj/api/core';

export class LoginDto implements LoginRequest {
  @ApiProperty({ description: '用户名；团员用身份证号登录' })
  @IsString()
  @Length(1, 64)
  username!: string;

  @ApiProperty()
  @IsString()
  @Length(1, 128)
  password!: string;

  @ApiPropertyOptional({ description: '图形验证码编号（GET /api/auth/captcha）；同一地址登录失败多次后必填' })
  @IsOptional()
  @IsUUID()
  captchaId?: string;

  @ApiPropertyOptional({ description: '图形验证码上的字符（不区分大小写）' })
  @IsOptional()
  @IsString()
  @Length(1, 16)
  captchaAnswer?: string;

  @ApiPropertyOptional({ description: '两步验证：认证器应用的 6 位动态验证码，或一个未使用的恢复码' })
  @IsOptional()
  @IsString()
  @Length(1, 32)
  otp?: string;
}

export class CreateUserDto implements CreateUserRequest {
  @ApiProperty({ description: 'Login name (members may also log in with their ID number)' })
  @IsString()
  @Length(2, 64)
  username!: string;

  @ApiProperty({ description: '8–64 characters with letters and digits' })
  @IsString()
  @MaxLength(128)
  password!: string;

  @ApiPropertyOptional({ description: 'Admin account bound to this org' })
  @IsOptional()
  @IsUUID()
  orgId?: string;

  @ApiPropertyOptional({ description: 'Member account for this member' })
  @IsOptional()
  @IsUUID()
  memberId?: string;

  @ApiPropertyOptional({ description: 'Admin accounts: contact name shown on the approval view (Q16)' })
  @IsOptional()
  @IsString()
  @Length(1, 50)
  contactName?: string;

  @ApiPropertyOptional({ description: 'Admin accounts: contact phone shown on the approval view (Q16)' })
  @IsOptional()
  @IsPhoneText('contactPhone')
  contactPhone?: string;
}

export class ResetCodeDto implements ResetCodeRequest {
  @ApiProperty()
  @IsString()
  @Length(1, 64)
  username!: string;
}

export class ResetPasswordDto implements ResetPasswordRequest {
  @ApiProperty()
  @IsString()
  @Length(1, 64)
  username!: string;

  @ApiProperty()
  @IsString()
  @Length(1, 32)
  code!: string;

  @ApiProperty()
  @IsString()
  @MaxLength(128)
  newPassword!: string;
}

export class ChangePasswordDto implements ChangePasswordRequest {
  @ApiProperty()
  @IsString()
  @MinLength(1)
  @MaxLength(128)
  oldPassword!: string;

  @ApiProperty()
  @IsString()
  @MaxLength(128)
  newPassword!: string;
}

export class UserListQuery {
  @ApiPropertyOptional()
  @IsOptional()
  @IsUUID()
  orgId?: string;
}

export class SecondFactorConfirmDto {
  @ApiProperty({ description: '认证器应用当前显示的 6 位动态验证码' })
  @IsString()
  @Length(1, 32)
  code!: string;
}

export class OrgSecurityDto implements OrgSecurityRequest {
  @ApiProperty({ description: '本组织及全部下级组织的管理员账号须使用两步验证' })
  @IsBoolean()
  require2fa!: boolean;
}
