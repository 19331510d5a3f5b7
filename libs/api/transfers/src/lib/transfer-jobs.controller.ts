import { Controller, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { TransferExpiryService } from './transfer-expiry.service';

@ApiTags('transfers')
@ApiBearerAuth()
@Controller('jobs')
export class JobsController {
  constructor(private readonly expiry: TransferExpiryService) {}

  @Post('expire-transfers')
  @HttpCode(200)
  @ApiOperation({ summary: '团中央管理员：立即执行 10 天超时退回（§3.2.3；也按计划自动执行）' })
  expire() {
    return this.expiry.expireDueAsNational();
  }
}
