import { Body, Controller, Get, Module, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CreateMemberDto, LeaveDto, MemberListQuery, UpdateMemberDto } from './dto';
import { MembersService } from './members.service';

@ApiTags('members')
@ApiBearerAuth()
@Controller('members')
export class MembersController {
  constructor(private readonly members: MembersService) {}

  @Get()
  @ApiOperation({ summary: '本范围内的团员（身份证号、手机号脱敏）' })
  list(@Query() q: MemberListQuery) {
    return this.members.list(q);
  }

  @Get(':id')
  get(@Param('id') id: string) {
    return this.members.get(id);
  }

  @Post()
  create(@Body() dto: CreateMemberDto) {
    return this.members.create(dto);
  }

  @Patch(':id')
  @ApiOperation({ summary: '编辑团员信息；orgId 不可修改（只能通过转接）' })
  update(@Param('id') id: string, @Body() dto: UpdateMemberDto) {
    return this.members.update(id, dto);
  }

  @Post(':id/leave')
  @ApiOperation({ summary: '离团（不物理删除）' })
  leave(@Param('id') id: string, @Body() dto: LeaveDto) {
    return this.members.leave(id, dto.reason);
  }
}

@Module({ controllers: [MembersController], providers: [MembersService], exports: [MembersService] })
export class MembersModule {}
