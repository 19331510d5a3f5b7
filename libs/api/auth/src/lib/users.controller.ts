import { Body, Controller, Get, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { RequiresSecondFactor } from '@zhtj/api/core';
import { AccountsService } from './accounts.service';
import { CreateUserDto, UserListQuery } from './dto';

@ApiTags('users')
@ApiBearerAuth()
@Controller('users')
export class UsersController {
  constructor(private readonly accounts: AccountsService) {}

  @Post()
  @RequiresSecondFactor()
  @ApiOperation({ summary: '为本范围内的组织创建管理员账号或为团员创建账号' })
  create(@Body() dto: CreateUserDto) {
    return this.accounts.createUser(dto);
  }

  @Get()
  list(@Query() q: UserListQuery) {
    return this.accounts.listUsers(q.orgId);
  }
}
