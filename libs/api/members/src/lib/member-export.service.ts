import { Injectable } from '@nestjs/common';
import { TRANSFER_ROUTES } from '@zhtj/domain';
import type { MemberFilter, MemberListItem } from '@zhtj/shared/contract';
import { AppError, RequestContext, forbidden } from '@zhtj/api/core';
import { MembersService, listItem } from './members.service';

/** Most rows one export writes; beyond that the caller narrows the filters. */
export const MEMBER_EXPORT_MAX_ROWS = 50_000;


const GENDER_ZH = { male: '男', female: '女' } as const;
const STATUS_ZH = { active: '在团', left: '已离团' } as const;

/** `GET /api/members/export`: the filtered member list as .xlsx, ID number and phone masked (DOMAIN.md §2). */
@Injectable()
export class MemberExportService {
  constructor(private readonly members: MembersService) {}

  async xlsx(q: MemberFilter): Promise<Buffer> {
    if (RequestContext.actor().role === 'member') throw forbidden();
    const qb = await this.members.filtered(q);
    const total = await qb.getCount();
    if (total > MEMBER_EXPORT_MAX_ROWS) throw new AppError('EXPORT_TOO_LARGE', { details: { total, max: MEMBER_EXPORT_MAX_ROWS } });
    const { entities, raw } = await qb.orderBy('o.name', 'ASC').addOrderBy('m.name', 'ASC').addOrderBy('m.id', 'ASC').getRawAndEntities();
    const rows = entities.map((m, i) => listItem(m, raw[i]?.org_name ?? ''));
    return buildWorkbook(rows);
  }
}

async function buildWorkbook(rows: readonly MemberListItem[]): Promise<Buffer> {
  // Loaded on first export only: keeps the API's start-up lean.
  const { default: ExcelJS } = await import('exceljs');
  const wb = new ExcelJS.Workbook();
  wb.creator = '团关系转接与监测平台';
  const ws = wb.addWorksheet('团员名单', { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = [
    { header: '序号', key: 'n', width: 7 },
    { header: '姓名', key: 'name', width: 12 },
    { header: '性别', key: 'gender', width: 6 },
    { header: '身份证号', key: 'idCardNumber', width: 22 },
    { header: '出生日期', key: 'birthDate', width: 12 },
    { header: '手机号', key: 'phone', width: 14 },
    { header: '入团时间', key: 'joinDate', width: 12 },
    { header: '是否党员', key: 'partyMember', width: 9 },
    { header: '所在团组织', key: 'orgName', width: 30 },
    { header: '毕业时间', key: 'graduationDate', width: 12 },
    { header: '毕业去向', key: 'destination', width: 14 },
    { header: '状态', key: 'status', width: 8 },
  ];
  ws.getRow(1).font = { bold: true };
  rows.forEach((r, i) =>
    ws.addRow({
      n: i + 1,
      name: r.name,
      gender: GENDER_ZH[r.gender],
      idCardNumber: r.idCardNumber,
      birthDate: r.birthDate,
      phone: r.phone ?? '',
      joinDate: r.joinDate ?? '',
      partyMember: r.partyMember ? '是' : '否',
      orgName: r.orgName,
      graduationDate: r.graduationDate ?? '',
      destination: r.destination ? TRANSFER_ROUTES[r.destination].zh : '',
      status: STATUS_ZH[r.status],
    }),
  );
  return Buffer.from(await wb.xlsx.writeBuffer());
}
