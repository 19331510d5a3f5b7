import { Body, Controller, Get, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AbroadReportDto } from './dto';
import { AbroadReportsService } from './abroad-reports.service';

@ApiTags('transfers')
@ApiBearerAuth()
@Controller('members')
export class AbroadReportsController {
  constructor(private readonly reports: AbroadReportsService) {}

  @Post(':id/abroad-reports')
  @ApiOperation({ summary: '登记出国（境）学习团员的定期报告（§2.5）' })
  addAbroadReport(@Param('id') id: string, @Body() dto: AbroadReportDto) {
    return this.reports.addAbroadReport(id, dto);
  }

  @Get(':id/abroad-reports')
  @ApiOperation({ summary: '出国（境）学习团员的定期报告记录（§2.5）' })
  abroadReports(@Param('id') id: string) {
    return this.reports.abroadReports(id);
  }
}
