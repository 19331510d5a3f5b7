import { Injectable } from '@nestjs/common';
import { In, QueryFailedError } from 'typeorm';
import { canRemindTransfer, instantMs, reminderEscalation, reviewerPath, toShanghaiDate } from '@zhtj/domain';
import { AppError, Clock, RequestContext, assertAllowed, domainActor } from '@zhtj/api/core';
import { AuditService, ScopedDb } from '@zhtj/api/db';
import { OrgEntity } from '@zhtj/api/orgs';
import type { BulkRemindResult, ReminderInboxItem } from '@zhtj/shared/contract';
import { remindersSent } from '@zhtj/api/telemetry';
import { TransferReminderEntity } from './transfer-reminder.entity';
import { TransferEntity } from './transfer.entity';
import { type Names, type TransferView, facts, transferView, withContexts, withNames } from './transfer-view';

const DAY_MS = 24 * 60 * 60 * 1000;
/** A home page shows the most recent reminded transfers; more are reached through 转接管理. */
const INBOX_LIMIT = 200;

/**
 * 催办: the member, the initiator or the waiting side reminds the reviewing side of a pending
 * transfer (at most once a day); the reviewing org and its superior see it, and it climbs one
 * committee up every REMINDER_ESCALATION_DAYS unanswered. Rules in `libs/domain` (reminders.ts).
 */
@Injectable()
export class RemindersService {
  constructor(
    private readonly db: ScopedDb,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  async remind(id: string): Promise<TransferView> {
    const actor = RequestContext.actor();
    const now = this.clock.now();
    await this.db.transaction(async (tx) => {
      await tx.byId('transfer', id, true);
      const { entities, raw } = await withNames(tx.query('transfer', 't').andWhere('t.id = :id', { id })).getRawAndEntities<Names>();
      const t = entities[0] as TransferEntity;
      const n = raw[0] as Names;
      assertAllowed(canRemindTransfer(domainActor(actor), facts(t, n), n.last_reminded_at ?? null, now));
      const reminder = tx.create(TransferReminderEntity, {
        transferId: t.id,
        sentBy: actor.userId,
        senderRole: actor.role,
        sentAt: now,
        sentDay: toShanghaiDate(now) ?? '',
      });
      try {
        await tx.save(reminder);
      } catch (e) {
        // Two reminders racing on the same day: the unique key keeps one.
        if (e instanceof QueryFailedError && (e.driverError as { code?: string }).code === '23505')
          throw new AppError('REMINDER_ALREADY_TODAY');
        throw e;
      }
      // Both sides find the reminder in their audit log.
      for (const orgPath of [n.from_path, n.to_path]) {
        if (orgPath) {
          await this.audit.record(tx, {
            action: 'transfer.remind',
            entityType: 'transfer',
            entityId: t.id,
            before: null,
            after: { reminderId: reminder.id, sentDay: reminder.sentDay },
            orgPath,
          });
        }
      }
    });
    remindersSent.inc();
    const { entities, raw } = await withNames(this.db.query('transfer', 't').andWhere('t.id = :id', { id })).getRawAndEntities<Names>();
    return transferView(entities[0] as TransferEntity, raw[0] as Names, this.clock.now());
  }

  /** 催办 for many (issue 23): each as its own reminder would be, answered per transfer. */
  async remindMany(ids: readonly string[]): Promise<BulkRemindResult> {
    const reminded: string[] = [];
    const refused: BulkRemindResult['refused'] = [];
    for (const id of ids) {
      try {
        await this.remind(id);
        reminded.push(id);
      } catch (e) {
        if (!(e instanceof AppError)) throw e;
        const body = e.getResponse() as { code: string; message: string; messageEn: string };
        refused.push({ id, code: body.code, message: body.message, messageEn: body.messageEn });
      }
    }
    return { reminded, refused };
  }

  /** The reminded pending transfers whose audience (reviewing org, its superior, escalation) includes the caller's org; oldest first. */
  async inbox(): Promise<ReminderInboxItem[]> {
    const actor = RequestContext.actor();
    if (actor.role === 'member') return [];
    const now = this.clock.now();
    const { entities, raw } = await withNames(this.db.query('transfer', 't'))
      .andWhere(`t.status = 'pending'`)
      .andWhere('EXISTS (SELECT 1 FROM transfer_reminder rr WHERE rr.transfer_id = t.id)')
      .orderBy('t.initiatedAt', 'ASC')
      .limit(INBOX_LIMIT)
      .getRawAndEntities<Names>();
    const nowMs = instantMs(now) ?? 0;
    const rows = entities.flatMap((t, i) => {
      const n = raw[i] as Names;
      const reviewer = reviewerPath(facts(t, n));
      if (!reviewer || !n.first_reminded_at) return [];
      const esc = reminderEscalation(reviewer, n.first_reminded_at, now);
      if (!esc.audience.includes(actor.orgId)) return [];
      return [{ view: transferView(t, n, now), n, esc, ageDays: Math.max(0, Math.floor((nowMs - t.initiatedAt.getTime()) / DAY_MS)) }];
    });
    const views = await withContexts(this.db.unscoped('orgs.ancestors'), rows);
    const ids = [...new Set(rows.map((r) => r.esc.escalatedTo).filter((x): x is string => x !== null))];
    const names = new Map(
      (ids.length ? await this.db.unscoped('orgs.ancestors').findBy(OrgEntity, { id: In(ids) }) : []).map((o) => [o.id, o.name]),
    );
    return rows.map((r, i) => ({
      transfer: views[i] as TransferView,
      ageDays: r.ageDays,
      escalationLevel: r.esc.level,
      escalatedToOrgName: r.esc.escalatedTo ? (names.get(r.esc.escalatedTo) ?? null) : null,
    }));
  }
}
