import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ExternalOutcomeDto } from './dto';
import { ExternalOutcomeService } from './external-outcome.service';

@ApiTags('transfers')
@ApiBearerAuth()
@Controller('transfers')
export class ExternalOutcomeController {
  constructor(private readonly outcomes: ExternalOutcomeService) {}

  @Post(':id/external-outcome')
  @HttpCode(200)
  @ApiOperation({ summary: '转出方登记北京、广东、福建系统的审核结果：通过，或退回及理由（Q17）' })
  externalOutcome(@Param('id') id: string, @Body() dto: ExternalOutcomeDto) {
    return this.outcomes.externalOutcome(id, dto);
  }
}
