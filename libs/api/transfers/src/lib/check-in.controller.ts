import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CheckInDto } from './dto';
import { CheckInService } from './check-in.service';

@ApiTags('transfers')
@ApiBearerAuth()
@Controller('members')
export class CheckInController {
  constructor(private readonly checkIns: CheckInService) {}

  @Post(':id/check-in')
  @HttpCode(200)
  @ApiOperation({ summary: '登记线下报到（转入组织或其上级，转接审核通过后，Q10/Q16）' })
  checkIn(@Param('id') id: string, @Body() dto: CheckInDto) {
    return this.checkIns.checkIn(id, dto);
  }
}
