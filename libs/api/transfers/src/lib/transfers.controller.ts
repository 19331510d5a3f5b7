import { Controller, Get, Module, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { TransfersService } from './transfers.service';

@ApiTags('transfers')
@ApiBearerAuth()
@Controller('members')
export class MemberTransfersController {
  constructor(private readonly transfers: TransfersService) {}

  @Get(':id/transfers')
  @ApiOperation({ summary: '团员的组织关系转接历史（Q21）' })
  history(@Param('id') id: string) {
    return this.transfers.history(id);
  }
}

@Module({ controllers: [MemberTransfersController], providers: [TransfersService], exports: [TransfersService] })
export class TransfersModule {}
