import { Body, Controller, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ArrivalDto } from './dto';
import { ArrivalsService } from './arrivals.service';

@ApiTags('transfers')
@ApiBearerAuth()
@Controller('transfers')
export class ArrivalsController {
  constructor(private readonly arrivals: ArrivalsService) {}

  @Post('arrivals')
  @ApiOperation({ summary: '登记从北京、广东、福建转入的团员（转入组织，记为已通过的转入，§5/Q17）' })
  arrival(@Body() dto: ArrivalDto) {
    return this.arrivals.recordArrival(dto);
  }
}
