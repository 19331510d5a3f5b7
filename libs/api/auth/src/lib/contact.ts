import { Body, Controller, HttpCode, Injectable, Param, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { IsPhoneText, RequestContext, RequiresSecondFactor, TrimmedLength, notFound } from '@zhtj/api/core';
import { AuditService, ScopedDb } from '@zhtj/api/db';

export class AdminContactDto {
  @ApiProperty({ description: 'Q16: the person to contact for this admin account' })
  @TrimmedLength(1, 50)
  contactName!: string;

  @ApiProperty({ description: 'Q16: their phone' })
  @IsPhoneText('contactPhone')
  contactPhone!: string;
}

/**
 * Q16: the approval view shows the org admins' contacts, so an admin account carries a contact
 * name and phone. The account's holder or an admin of its org's ancestors sets them.
 */
@Injectable()
export class AdminContactService {
  constructor(
    private readonly db: ScopedDb,
    private readonly audit: AuditService,
  ) {}

  async set(userId: string, dto: AdminContactDto): Promise<{ id: string; contactName: string; contactPhone: string }> {
    RequestContext.admin();
    return this.db.transaction(async (tx) => {
      const user = await tx.byId('user', userId, true);
      if (!user.orgId) throw notFound();
      const org = await tx.byId('org', user.orgId);
      const before = { contactName: user.contactName, contactPhone: user.contactPhone };
      user.contactName = dto.contactName;
      user.contactPhone = dto.contactPhone;
      await tx.save(user);
      await this.audit.record(tx, {
        action: 'user.contact',
        entityType: 'user',
        entityId: user.id,
        before,
        after: { contactName: user.contactName, contactPhone: user.contactPhone },
        orgPath: org.path,
      });
      return { id: user.id, contactName: dto.contactName, contactPhone: dto.contactPhone };
    });
  }
}

@ApiTags('auth')
@ApiBearerAuth()
@Controller('users')
export class AdminContactController {
  constructor(private readonly contacts: AdminContactService) {}

  @Put(':id/contact')
  @RequiresSecondFactor()
  @HttpCode(200)
  @ApiOperation({ summary: '设置管理员账号的联系人与电话（审批页面显示，Q16）' })
  set(@Param('id') id: string, @Body() dto: AdminContactDto) {
    return this.contacts.set(id, dto);
  }
}
