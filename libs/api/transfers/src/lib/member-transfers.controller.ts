import { Controller, Get, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { TransferReadingService } from './transfer-reading.service';

@ApiTags('transfers')
@ApiBearerAuth()
@Controller('members')
export class MemberTransfersController {
  constructor(private readonly reading: TransferReadingService) {}

  @Get(':id/transfers')
  @ApiOperation({ summary: '团员的组织关系转接历史（Q21）' })
  history(@Param('id') id: string) {
    return this.reading.history(id);
  }
}
