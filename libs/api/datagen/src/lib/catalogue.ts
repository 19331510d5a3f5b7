// What the generated data is made of: names, the school stages, the graduates' destinations, the
// separate systems' places and the columns each table is written with (a data catalogue).
import type { Destination } from '@zhtj/domain';

export const SURNAMES =
  '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤'.split(
    '',
  );
export const GIVEN =
  '子涵欣怡浩然梓萱宇轩诗琪俊杰雨桐思远嘉怡志强晓燕明轩佳琪一诺若曦博文静怡天佑雅婷国栋丽华建军海燕文博晨阳紫萱梦洁家豪秀英伟峰'.split('');
export const COMPANY = [
  '科技',
  '电子',
  '建设',
  '食品',
  '物流',
  '能源',
  '医药',
  '机械',
  '信息',
  '文化',
  '农业',
  '汽车',
  '材料',
  '通信',
  '环保',
];
export const COMPANY_KIND = ['有限公司', '股份有限公司', '集团有限公司'];
export const INSTITUTION = ['人民医院', '中心医院', '疾控中心', '税务局', '自然资源局', '教育局', '图书馆', '气象局', '公安局', '水务局'];
export const COLLEGE = [
  '计算机学院',
  '机械工程学院',
  '经济管理学院',
  '外国语学院',
  '化学化工学院',
  '土木工程学院',
  '文学院',
  '医学院',
  '电气工程学院',
  '数学学院',
];
export const EXTERNAL_PROVINCES = ['110000', '440000', '350000'] as const;
export const EXTERNAL_NAME: Record<string, string> = { '110000': '北京市', '440000': '广东省', '350000': '福建省' };
/** Places inside each separate-system province, for the external org's full name: a place belongs to its province. */
export const EXTERNAL_PLACES: Record<string, readonly string[]> = {
  '110000': ['海淀区', '朝阳区', '东城区', '西城区', '丰台区', '昌平区'],
  '440000': ['广州市', '深圳市', '珠海市', '佛山市', '东莞市', '惠州市'],
  '350000': ['福州市', '厦门市', '泉州市', '漳州市', '莆田市', '龙岩市'],
};

export type SchoolIndustry = 'university' | 'higher_vocational' | 'high_school' | 'vocational' | 'junior_high';

/** School-stage ages at graduation, and each stage's usual graduation day. */
export const STAGE: Record<SchoolIndustry, { age: number; day: string; zh: string }> = {
  university: { age: 22, day: '06-30', zh: '大学' },
  higher_vocational: { age: 21, day: '06-30', zh: '职业技术学院' },
  high_school: { age: 18, day: '06-10', zh: '中学' },
  vocational: { age: 18, day: '07-01', zh: '职业中学' },
  junior_high: { age: 15, day: '06-20', zh: '初级中学' },
};

/** Destinations of a stage's graduates (weights). */
export const DESTINATION_WEIGHTS: Record<SchoolIndustry, Partial<Record<Destination, number>>> = {
  high_school: {
    further_study: 86,
    employment: 4,
    unemployed: 3,
    special_unit: 2,
    abroad_study: 3,
    abroad_private: 1,
    delayed_graduation: 1,
  },
  vocational: {
    further_study: 35,
    employment: 48,
    unemployed: 8,
    special_unit: 3,
    abroad_official: 1,
    abroad_private: 2,
    abroad_study: 1,
    delayed_graduation: 2,
  },
  junior_high: { further_study: 96, employment: 1, unemployed: 2, delayed_graduation: 1 },
  university: {
    further_study: 24,
    employment: 54,
    unemployed: 10,
    special_unit: 2,
    abroad_study: 4,
    abroad_official: 2,
    abroad_private: 2,
    delayed_graduation: 2,
  },
  higher_vocational: {
    further_study: 18,
    employment: 62,
    unemployed: 10,
    special_unit: 3,
    abroad_study: 2,
    abroad_official: 1,
    abroad_private: 2,
    delayed_graduation: 2,
  },
};

export const REJECT_REASONS = [
  '该团员不在本单位工作，请核实接收组织',
  '请转至单位所在地乡镇街道团组织',
  '信息有误，请核对后重新发起',
  '该团员尚未报到，请联系本人确认',
];

export const ORG_COLUMNS = [
  'id',
  'parent_id',
  'name',
  'kind',
  'level',
  'industry',
  'region_code',
  'purpose',
  'path',
  'graduation_date',
  'mixed',
] as const;
export const USER_COLUMNS = ['id', 'username', 'password_hash', 'role', 'org_id', 'member_id', 'username_skeleton'] as const;
// prettier-ignore
export const MEMBER_COLUMNS = [
  'id', 'org_id', 'name', 'id_card_number', 'gender', 'birth_date', 'phone', 'join_date', 'party_member', 'education_stage',
  'emergency_contact', 'graduation_date', 'school_org_id', 'destination', 'status', 'left_reason', 'graduation_mark', 'province_code',
  'graduation_org_id', 'left_at',
] as const;
// prettier-ignore
export const TRANSFER_COLUMNS = [
  'id', 'member_id', 'type', 'status', 'from_org_id', 'to_org_id', 'external_province_code', 'external_org_name', 'initiated_by',
  'initiator_role', 'initiated_at', 'decided_by', 'decided_at', 'reason', 'note', 'initiator_side', 'from_org_name', 'to_org_name', 'province_code',
  'decided_by_marking',
] as const;

export const GENERATED_TABLES = { org: ORG_COLUMNS, app_user: USER_COLUMNS, member: MEMBER_COLUMNS, transfer: TRANSFER_COLUMNS } as const;
