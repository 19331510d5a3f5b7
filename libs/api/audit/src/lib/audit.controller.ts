import { Controller, Get, Module, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsISO8601, IsOptional, IsString, IsUUID, Length } from 'class-validator';
import { maskIdCardNumber, maskPhone, maskPhonesInText, maskUsername } from '@zhtj/domain';
import { AppError, Page, PageQuery, RequestContext } from '@zhtj/api/core';
import { ScopedDb } from '@zhtj/api/db';
import { AuditEntity } from './audit.entity';

class AuditQuery extends PageQuery {
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @Length(1, 64)
  entityId?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsUUID()
  actorId?: string;

  @ApiPropertyOptional({ description: 'ISO-8601 instant' })
  @IsOptional()
  @IsISO8601({ strict: true })
  from?: string;

  @ApiPropertyOptional({ description: 'ISO-8601 instant' })
  @IsOptional()
  @IsISO8601({ strict: true })
  to?: string;
}

/** An entry as the API answers it: the row without its org path, its time as ISO-8601 text. */
type AuditView = Omit<AuditEntity, 'at' | 'orgPath'> & { at: string };

/**
 * Personal data is masked in every list (DOMAIN.md §2), the audit log included — as a class, at
 * any depth: ID numbers, usernames that are ID numbers, every field named like a phone
 * (`phone`, `contactPhone`, `abroadContactPhone`, `domesticContactPhone`, …) and phone-like digit
 * runs in the emergency contact.
 */
function masked(v: Record<string, unknown> | null): Record<string, unknown> | null {
  if (!v) return v;
  return maskValue(v, 0) as Record<string, unknown>;
}

function maskValue(v: unknown, depth: number): unknown {
  if (depth > 8 || v === null || typeof v !== 'object') return v;
  if (Array.isArray(v)) return v.map((x) => maskValue(x, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(v as Record<string, unknown>)) {
    if (typeof value !== 'string') out[key] = maskValue(value, depth + 1);
    else if (key === 'idCardNumber') out[key] = maskIdCardNumber(value);
    else if (/phone$/i.test(key)) out[key] = maskPhone(value);
    else if (key === 'username') out[key] = maskUsername(value);
    else if (key === 'emergencyContact') out[key] = maskPhonesInText(value);
    else out[key] = value;
  }
  return out;
}

const view = (a: AuditEntity): AuditView => ({
  id: a.id,
  at: a.at.toISOString(),
  actorId: a.actorId,
  actorUsername: maskUsername(a.actorUsername),
  action: a.action,
  entityType: a.entityType,
  entityId: a.entityId,
  before: masked(a.before),
  after: masked(a.after),
});

/** The append-only audit log, scoped like everything else (entries about orgs in scope). */
@ApiTags('audit')
@ApiBearerAuth()
@Controller('audit')
export class AuditController {
  constructor(private readonly db: ScopedDb) {}

  @Get()
  async list(@Query() q: AuditQuery): Promise<Page<AuditView>> {
    RequestContext.admin();
    const qb = this.db.query('audit', 'a').orderBy('a.at', 'DESC').addOrderBy('a.id', 'DESC');
    if (q.entityId) qb.andWhere('a.entityId = :entityId', { entityId: q.entityId });
    if (q.actorId) qb.andWhere('a.actorId = :actorId', { actorId: q.actorId });
    const from = q.from ? new Date(q.from) : null;
    const to = q.to ? new Date(q.to) : null;
    if ((from && Number.isNaN(from.getTime())) || (to && Number.isNaN(to.getTime()))) {
      throw new AppError('VALIDATION_FAILED', {
        errors: [{ field: from && Number.isNaN(from.getTime()) ? 'from' : 'to', message: '不是有效的时间' }],
      });
    }
    if (from) qb.andWhere('a.at >= :from', { from });
    if (to) qb.andWhere('a.at <= :to', { to });
    const [rows, total] = await qb
      .skip((q.page - 1) * q.pageSize)
      .take(q.pageSize)
      .getManyAndCount();
    return { items: rows.map(view), total };
  }
}

@Module({ controllers: [AuditController] })
export class AuditModule {}
