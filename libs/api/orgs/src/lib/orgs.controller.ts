import { Body, Controller, Delete, Get, HttpCode, Module, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ChildrenQuery, CreateOrgDto, OrgListQuery, UpdateOrgDto } from './dto';
import { OrgsService } from './orgs.service';

@ApiTags('orgs')
@ApiBearerAuth()
@Controller('orgs')
export class OrgsController {
  constructor(private readonly orgs: OrgsService) {}

  @Get()
  @ApiOperation({ summary: '本范围内的组织（按名称、行政区划、专门用途筛选）' })
  list(@Query() q: OrgListQuery) {
    return this.orgs.list(q);
  }

  @Get(':id')
  get(@Param('id') id: string) {
    return this.orgs.get(id);
  }

  @Get(':id/children')
  children(@Param('id') id: string, @Query() q: ChildrenQuery) {
    return this.orgs.children(id, q);
  }

  @Post()
  @ApiOperation({ summary: '新建下级组织' })
  create(@Body() dto: CreateOrgDto) {
    return this.orgs.create(dto);
  }

  @Patch(':id')
  @ApiOperation({ summary: '编辑组织；改 parentId 即整棵子树迁移' })
  update(@Param('id') id: string, @Body() dto: UpdateOrgDto) {
    return this.orgs.update(id, dto);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: '删除空组织（无下级组织、团员、账号）' })
  async remove(@Param('id') id: string) {
    await this.orgs.remove(id);
  }
}

@Module({ controllers: [OrgsController], providers: [OrgsService], exports: [OrgsService] })
export class OrgsModule {}
