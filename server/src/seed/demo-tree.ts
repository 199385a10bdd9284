import type { Json } from '../engine/types';
import type { OrgSeed, UserSeed } from './seed-db';

/** The root every installation has: imported packs without a known locality belong to it. */
export const ROOT_ORG: OrgSeed = { id: 'prov', parentId: null, nameZh: '示范省委组织部', nameEn: 'Demo Province Organisation Department', level: 'province' };

/**
 * An illustrative province holding the localities of the seed schemes (the real places sit in several provinces;
 * the demo gathers them under one root so that scoping shows at every level).
 */
export const DEMO_ORGS: OrgSeed[] = [
  ROOT_ORG,
  { id: 'shaoxing', parentId: 'prov', nameZh: '绍兴市', nameEn: 'Shaoxing', level: 'city' },
  { id: 'keqiao', parentId: 'shaoxing', nameZh: '柯桥区', nameEn: 'Keqiao District', level: 'county' },
  { id: 'keqiao-street', parentId: 'keqiao', nameZh: '柯桥街道', nameEn: 'Keqiao Subdistrict', level: 'township' },
  { id: 'keqiao-hudong', parentId: 'keqiao-street', nameZh: '湖东社区党支部', nameEn: 'Hudong Community Branch', level: 'basic' },
  { id: 'keqiao-huxi', parentId: 'keqiao-street', nameZh: '湖西社区党支部', nameEn: 'Huxi Community Branch', level: 'basic' },
  { id: 'wenzhou', parentId: 'prov', nameZh: '温州市', nameEn: 'Wenzhou', level: 'city' },
  { id: 'ouhai', parentId: 'wenzhou', nameZh: '瓯海区', nameEn: 'Ouhai District', level: 'county' },
  { id: 'ouhai-louqiao', parentId: 'ouhai', nameZh: '娄桥街道', nameEn: 'Louqiao Subdistrict', level: 'township' },
  { id: 'ouhai-louqiao-village', parentId: 'ouhai-louqiao', nameZh: '娄桥村党支部', nameEn: 'Louqiao Village Branch', level: 'basic' },
  { id: 'huzhou', parentId: 'prov', nameZh: '湖州市', nameEn: 'Huzhou', level: 'city' },
  { id: 'wuxing', parentId: 'huzhou', nameZh: '吴兴区', nameEn: 'Wuxing District', level: 'county' },
  { id: 'xuancheng', parentId: 'prov', nameZh: '宣城市', nameEn: 'Xuancheng', level: 'city' },
  { id: 'jingxian', parentId: 'xuancheng', nameZh: '泾县', nameEn: 'Jing County', level: 'county' },
  { id: 'yongxi', parentId: 'jingxian', nameZh: '湧溪乡', nameEn: 'Yongxi Township', level: 'township' },
  { id: 'yongxi-village', parentId: 'yongxi', nameZh: '湧溪村党支部', nameEn: 'Yongxi Village Branch', level: 'basic' },
  { id: 'jincheng', parentId: 'prov', nameZh: '晋城市', nameEn: 'Jincheng', level: 'city' },
  { id: 'zezhou', parentId: 'jincheng', nameZh: '泽州县', nameEn: 'Zezhou County', level: 'county' },
  { id: 'chengzhuang', parentId: 'zezhou', nameZh: '成庄矿党委', nameEn: 'Chengzhuang Mine Party Committee', level: 'township' },
  { id: 'chengzhuang-team1', parentId: 'chengzhuang', nameZh: '综采一队党支部', nameEn: 'Fully-mechanised Team 1 Branch', level: 'basic' },
  { id: 'baiyin', parentId: 'prov', nameZh: '白银市', nameEn: 'Baiyin', level: 'city' },
  { id: 'jingyuan-county', parentId: 'baiyin', nameZh: '靖远县', nameEn: 'Jingyuan County', level: 'county' },
  { id: 'jingyuan', parentId: 'jingyuan-county', nameZh: '国电靖远发电公司党委', nameEn: 'Guodian Jingyuan Power Party Committee', level: 'township' },
  { id: 'anhe', parentId: 'prov', nameZh: '安和市', nameEn: 'Anhe', level: 'city' },
  { id: 'anhe-district', parentId: 'anhe', nameZh: '安和区', nameEn: 'Anhe District', level: 'county' },
  { id: 'college', parentId: 'anhe-district', nameZh: '经济与管理学院党委', nameEn: 'College of Economics and Management Party Committee', level: 'township' },
  { id: 'college-students1', parentId: 'college', nameZh: '学生第一党支部', nameEn: 'Student Branch 1', level: 'basic' },
  { id: 'rehab-centre', parentId: 'anhe-district', nameZh: '强制隔离戒毒所党委', nameEn: 'Compulsory Drug Rehabilitation Centre Party Committee', level: 'township' },
  { id: 'rehab-branch1', parentId: 'rehab-centre', nameZh: '戒毒所第一党支部', nameEn: 'Rehabilitation Centre Branch 1', level: 'basic' },
  { id: 'prison', parentId: 'anhe-district', nameZh: '安和监狱党委', nameEn: 'Anhe Prison Party Committee', level: 'township' },
];

/** Which organisation authors (owns) each seed pack; packs not listed belong to the root. */
export const PACK_OWNERS: Record<string, string> = {
  'rehab-branch-stars': 'rehab-centre',
  'rehab-member-stars': 'rehab-centre',
  'prison-dedication-points': 'prison',
  'chengzhuang-checklist-steps': 'chengzhuang',
  'yongxi-red-flag': 'yongxi',
  'college-member-points': 'college',
  'keqiao-community-stars': 'keqiao-street',
  'keqiao-member-review': 'keqiao-street',
  'keqiao-five-good': 'keqiao-street',
  'ouhai-commendation': 'ouhai',
  'central-upgrade-classification': 'prov',
  'wuxing-benchmarking': 'wuxing',
  'jingyuan-branch-grades': 'jingyuan',
};

/**
 * Demo deployments that differ from the schedule demo-data.ts derives, by pack and version: from when, and the
 * locality's own values of local parameters. Keqiao runs 1.2.0 for 2012 with its own pay step (1.2.0 lets a
 * locality set it within 0–0.1), so the 2012 results and their 公示 show a local value.
 */
export const DEMO_DEPLOYMENTS: Record<string, Record<string, { effectiveFrom?: string; parameters?: Record<string, Json> }>> = {
  'keqiao-community-stars': {
    '1.1.0': { effectiveFrom: '2011-01-01' },
    '1.2.0': { effectiveFrom: '2012-01-01', parameters: { payStep: 0.06 } },
  },
};

/** Demo accounts (documented in server/SEED.md); one per role at the province, and two locality accounts. */
export const DEMO_PASSWORD = 'Kaoping@2024';
export const DEMO_USERS: UserSeed[] = [
  { username: 'admin', password: DEMO_PASSWORD, roles: ['admin'], orgId: 'prov', displayName: '系统管理员' },
  { username: 'author', password: DEMO_PASSWORD, roles: ['author'], orgId: 'prov', displayName: '方案编写员' },
  { username: 'publisher', password: DEMO_PASSWORD, roles: ['publisher'], orgId: 'prov', displayName: '方案发布员' },
  { username: 'deployer', password: DEMO_PASSWORD, roles: ['deployer'], orgId: 'prov', displayName: '部署管理员' },
  { username: 'analyst', password: DEMO_PASSWORD, roles: ['analyst'], orgId: 'prov', displayName: '政策分析员' },
  { username: 'viewer', password: DEMO_PASSWORD, roles: ['viewer'], orgId: 'prov', displayName: '查看员' },
  { username: 'keqiao', password: DEMO_PASSWORD, roles: ['deployer', 'viewer'], orgId: 'keqiao-street', displayName: '柯桥街道部署管理员' },
  { username: 'yongxi', password: DEMO_PASSWORD, roles: ['author', 'publisher', 'deployer', 'analyst', 'viewer'], orgId: 'yongxi', displayName: '湧溪乡组织委员' },
];
