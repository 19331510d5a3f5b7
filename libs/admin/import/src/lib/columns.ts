import type { MemberImportRow } from '@zhtj/shared/contract';

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

/** The columns of the member import template, in order. */
export const IMPORT_COLUMNS: readonly ImportColumn[] = [
  { key: 'name', header: '姓名', aliases: ['name'], required: true, width: 12, note: '必填', example: '张三' },
  { key: 'idCardNumber', header: '身份证号', aliases: ['idcardnumber', 'id number', '身份证号码'], required: true, width: 22, text: true, note: '必填，18 位，校验位须正确', example: '11010120040101001X' },
  { key: 'gender', header: '性别', aliases: ['gender'], required: false, width: 8, list: ['男', '女'], note: '男 / 女；不填则按身份证号', example: '男' },
  { key: 'phone', header: '手机号', aliases: ['phone', '手机号码', '联系电话'], required: false, width: 15, text: true, note: '选填，11 位手机号，或带区号的固定电话（如 028-85551234）', example: '13812345678' },
  { key: 'joinDate', header: '入团时间', aliases: ['joindate', 'join date'], required: false, width: 12, note: '选填，YYYY-MM-DD', example: '2018-05-04' },
  { key: 'partyMember', header: '是否党员', aliases: ['partymember', 'party member'], required: false, width: 10, list: ['是', '否'], note: '是 / 否；不填为否', example: '否' },
  { key: 'emergencyContact', header: '紧急联系人', aliases: ['emergencycontact', 'emergency contact'], required: false, width: 24, note: '选填，姓名及电话', example: '母亲 13787654321' },
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
    list: ['就业', '升学', '参军/涉密', '未就业', '出国（境）留学', '因公出国（境）', '因私出国（境）'],
    note: '选填，从下拉列表中选择',
    example: '就业',
  },
];

const normalise = (s: string): string => s.replace(/[*＊\s]/g, '').toLowerCase();

/** The column a header cell names, if any. */
export function columnForHeader(header: string): ImportColumn | undefined {
  const h = normalise(header);
  return IMPORT_COLUMNS.find((c) => normalise(c.header) === h || c.aliases.some((a) => normalise(a) === h));
}

export function columnHeader(key: keyof MemberImportRow): string {
  return IMPORT_COLUMNS.find((c) => c.key === key)?.header ?? key;
}
