import { TRANSFER_ROUTES } from '@zhtj/domain';
import type { MemberImportRow } from '@zhtj/shared/contract';
import { SETTABLE_DESTINATIONS } from '@zhtj/admin/data-access';

export interface ImportColumn {
  key: keyof MemberImportRow;
  /** Header in the template (Chinese, as admins expect); English headers are accepted too. */
  header: string;
  aliases: readonly string[];
  required: boolean;
  width: number;
  /** Stored as text, so Excel keeps all 18 digits of an ID number and leading zeros. */
  text?: boolean;
  /** A drop-down list in the template. */
  list?: readonly string[];
  note: string;
  /** What a filled-in row looks like (the template's 示例 sheet). */
  example: string;
}

/** 毕业去向 in the template's drop-down: the guide's Chinese names (the template is Chinese in either language). */
const DESTINATION_LIST: readonly string[] = SETTABLE_DESTINATIONS.map((d) => TRANSFER_ROUTES[d].zh);

/** The columns of the member import template, in order. */
export const IMPORT_COLUMNS: readonly ImportColumn[] = [
  { key: 'name', header: '姓名', aliases: ['name'], required: true, width: 12, note: '必填', example: '张三' },
  {
    key: 'idCardNumber',
    header: '身份证号',
    aliases: ['idcardnumber', 'id number', '身份证号码'],
    required: true,
    width: 22,
    text: true,
    note: '必填，18 位，校验位须正确',
    example: '11010120040101001X',
  },
  {
    key: 'gender',
    header: '性别',
    aliases: ['gender'],
    required: false,
    width: 8,
    list: ['男', '女'],
    note: '男 / 女；不填则按身份证号',
    example: '男',
  },
  {
    key: 'phone',
    header: '手机号',
    aliases: ['phone', '手机号码', '联系电话'],
    required: false,
    width: 15,
    text: true,
    note: '选填，11 位手机号，或带区号的固定电话（如 028-85551234）',
    example: '13812345678',
  },
  {
    key: 'joinDate',
    header: '入团时间',
    aliases: ['joindate', 'join date'],
    required: false,
    width: 12,
    note: '选填，YYYY-MM-DD',
    example: '2018-05-04',
  },
  {
    key: 'partyMember',
    header: '是否党员',
    aliases: ['partymember', 'party member'],
    required: false,
    width: 10,
    list: ['是', '否'],
    note: '是 / 否；不填为否',
    example: '否',
  },
  {
    key: 'emergencyContact',
    header: '紧急联系人',
    aliases: ['emergencycontact', 'emergency contact'],
    required: false,
    width: 24,
    note: '选填，姓名及电话',
    example: '母亲 13787654321',
  },
  {
    key: 'graduationDate',
    header: '毕业时间',
    aliases: ['graduationdate', 'graduation date'],
    required: false,
    width: 12,
    note: '选填，YYYY-MM-DD；混合型支部按人填写，其他支部留空或与支部毕业时间一致',
    example: '2026-06-30',
  },
  {
    key: 'destination',
    header: '毕业去向',
    aliases: ['destination'],
    required: false,
    width: 14,
    list: DESTINATION_LIST,
    note: '选填，从下拉列表中选择',
    example: '就业',
  },
];

/** A member import column, with what differs in another template (its note, whether required). */
function memberColumn(key: keyof MemberImportRow, change: Partial<ImportColumn>): ImportColumn {
  return { ...(IMPORT_COLUMNS.find((c) => c.key === key) as ImportColumn), ...change };
}

/**
 * The columns of the graduation update template (毕业信息更新): members already registered, found
 * by ID number in the admin's scope; a row sets 毕业时间 and/or 毕业去向 (API.md
 * `POST /api/members/graduation/import`).
 */
export const GRADUATION_IMPORT_COLUMNS: readonly ImportColumn[] = [
  memberColumn('idCardNumber', { note: '必填，本单位及下级组织已登记团员的身份证号' }),
  memberColumn('name', { required: false, note: '选填，用于核对：填写时须与登记的姓名一致' }),
  memberColumn('graduationDate', { note: '选填，YYYY-MM-DD；只有混合型支部可以逐人设置，其他支部的团员随支部毕业时间' }),
  memberColumn('destination', { note: '选填，从下拉列表中选择；延迟毕业请在“管理下级组织 → 团员标记”中标记' }),
];

/** One kind of import workbook: its data sheet (the first, the only one read), columns and template. */
export interface ImportSheet {
  sheetName: string;
  columns: readonly ImportColumn[];
  templateFile: string;
  /** A line of the template's notes sheet about the whole file. */
  note: string;
}

export const MEMBER_SHEET: ImportSheet = {
  sheetName: '团员信息',
  columns: IMPORT_COLUMNS,
  templateFile: '团员导入模板.xlsx',
  note: '新增团员到所选团支部。',
};
export const GRADUATION_SHEET: ImportSheet = {
  sheetName: '毕业信息',
  columns: GRADUATION_IMPORT_COLUMNS,
  templateFile: '毕业信息更新模板.xlsx',
  note: '按身份证号更新本单位及下级组织已登记团员的毕业时间和毕业去向；毕业时间和毕业去向至少填写一项，留空的项不修改。',
};

const normalise = (s: string): string => s.replace(/[*＊\s]/g, '').toLowerCase();

/** The column a header cell names, if any. */
export function columnForHeader(header: string, columns: readonly ImportColumn[] = IMPORT_COLUMNS): ImportColumn | undefined {
  const h = normalise(header);
  return columns.find((c) => normalise(c.header) === h || c.aliases.some((a) => normalise(a) === h));
}

export function columnHeader(key: keyof MemberImportRow, columns: readonly ImportColumn[] = IMPORT_COLUMNS): string {
  return columns.find((c) => c.key === key)?.header ?? key;
}
