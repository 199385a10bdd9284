/**
 * Golden explanations for every rule kind on the seed packs' own test cases, in Chinese and English.
 * Reviewed against the source documents: the numbers, bounds, directions and cites are those of the case.
 */
import * as fs from 'fs';
import * as path from 'path';
import { compilePack } from '../compile/pack';
import { evaluate } from '../evaluate/evaluate';
import type { Pack } from '../types';
import { explainName, explainSubject } from './explain';

const ROOT = path.join(__dirname, '../../../../rule-packs');

function run(ref: string, test: string, period: string, id: string) {
  const pack = JSON.parse(fs.readFileSync(path.join(ROOT, `${ref}.json`), 'utf8')) as Pack;
  const t = pack.tests!.find((x) => x.name.startsWith(test))!;
  const out = evaluate(compilePack(pack, t.parameters), t.input, { trace: true });
  const p = out.periods.find((x) => x.period === period)!;
  return { pack, p, r: p.results.find((x) => x.id === id)! };
}

const GOLDEN: [string, string, string, string, string, Record<string, Record<'zh-CN' | 'en', string>>][] = [
  ["veto fires: satisfaction of exactly 0.80 withdraws four stars", "rehab-branch-stars/1.0.0", "satisfaction of exactly", "2024", "at80", {
    "stars": {
      "zh-CN": "综合评价得分 91.5 分（自评权重 0.1 × 支部自评总分 90 分 + 互评权重 0.3 × 其他支部互评平均分 85 分 + 所党委总评权重 0.6 × 所党委总评总分 95 分），达到四星级标准（90 分以上、不足 96 分），但群众测评满意度 0.8，在群众满意度否决线 0.8 以下，一票否决，星级定为未评上星级。依据：“星级”党组织和党员分为五个档次，综合考评得分60—69分为“一星级”、70—79分为“二星级”、80—89分为“三星级”、90—95分“四星级”、96分以上为“五星级”。 对党支部或党员年度工作群众测评满意度80%以下、发生重大监管改造事故、队伍存在违法违纪行为等“一票否决”现象的，立即撤星摘牌。",
      "en": "Overall score 91.5 points meets the 4 stars band (90 points or more, under 96 points), but Masses’ satisfaction 0.8 is at or below Satisfaction veto line 0.8: vetoed, Stars is No star. Source: “星级”党组织和党员分为五个档次，综合考评得分60—69分为“一星级”、70—79分为“二星级”、80—89分为“三星级”、90—95分“四星级”、96分以上为“五星级”。 对党支部或党员年度工作群众测评满意度80%以下、发生重大监管改造事故、队伍存在违法违纪行为等“一票否决”现象的，立即撤星摘牌。"
    },
    "vetoed": {
      "zh-CN": "群众测评满意度 0.8，在群众满意度否决线 0.8 以下，一票否决，星级由四星级改为未评上星级。依据：对党支部或党员年度工作群众测评满意度80%以下、发生重大监管改造事故、队伍存在违法违纪行为等“一票否决”现象的，立即撤星摘牌。",
      "en": "Masses’ satisfaction 0.8 is at or below Satisfaction veto line 0.8: vetoed; Stars goes from 4 stars to No star. Source: 对党支部或党员年度工作群众测评满意度80%以下、发生重大监管改造事故、队伍存在违法违纪行为等“一票否决”现象的，立即撤星摘牌。"
    }
  }],
  ["veto does not fire at 0.81", "rehab-branch-stars/1.0.0", "satisfaction of exactly", "2024", "at81", {
    "vetoed": {
      "zh-CN": "群众测评满意度 0.81，高于群众满意度否决线 0.8，且发生重大监管改造事故：否，且队伍存在违法违纪行为：否，未触发一票否决。依据：对党支部或党员年度工作群众测评满意度80%以下、发生重大监管改造事故、队伍存在违法违纪行为等“一票否决”现象的，立即撤星摘牌。",
      "en": "Masses’ satisfaction 0.81 is above Satisfaction veto line 0.8, and Major custody incident: no, and Breach of law or discipline in the team: no: no veto. Source: 对党支部或党员年度工作群众测评满意度80%以下、发生重大监管改造事故、队伍存在违法违纪行为等“一票否决”现象的，立即撤星摘牌。"
    }
  }],
  ["value: the weighted score with its parts", "rehab-branch-stars/1.0.0", "SCHEMES example", "2024", "b1", {
    "score": {
      "zh-CN": "综合评价得分 91.5 分 = 自评权重 0.1 × 支部自评总分 90 分 + 互评权重 0.3 × 其他支部互评平均分 85 分 + 所党委总评权重 0.6 × 所党委总评总分 95 分。依据：党支部考核评价由所党委负责，分为党支部自评、其他党支部互评和所党委总评，年终按10%、30%、60%的比例核算出各支部的综合评价得分。",
      "en": "Overall score 91.5 points = Weight of the self-assessment 0.1 × Self-assessment total 90 points + Weight of the peer assessment 0.3 × Mean of the other branches’ totals 85 points + Weight of the centre committee’s assessment 0.6 × Centre committee total 95 points. Source: 党支部考核评价由所党委负责，分为党支部自评、其他党支部互评和所党委总评，年终按10%、30%、60%的比例核算出各支部的综合评价得分。"
    },
    "commended": {
      "zh-CN": "星级为四星级，达到三星级，表彰奖励并授星挂牌：是。依据：对“三星级”以上的党支部、党员进行表彰奖励并授星挂牌，“四星级”以上的拥有评先树优的资格。",
      "en": "Stars (4 stars) reaches 3 stars; Commended, star plaque awarded: Yes. Source: 对“三星级”以上的党支部、党员进行表彰奖励并授星挂牌，“四星级”以上的拥有评先树优的资格。"
    }
  }],
  ["ladder: the first failing check of the next level", "keqiao-community-stars/1.0.0", "each 4-star check", "2024", "civilizedCity", {
    "stars": {
      "zh-CN": "三星级及以下各级条件全部满足；四星级的条件中“市级以上文明社区”未满足（文明社区创建级别为县级，不属于（市级、省级、国家级）），星级定为三星级。依据：附:绍兴县城市社区党组织“评星晋级”考评标准",
      "en": "every condition up to 3 stars holds; for 4 stars: \"Civilised community, city level or above\" fails (Civilised community level (county) is not one of (city, province, national)), so Stars is 3 stars. Source: 附:绍兴县城市社区党组织“评星晋级”考评标准"
    }
  }],
  ["ladder capped by a veto", "keqiao-community-stars/1.0.0", "a veto caps", "2024", "five", {
    "stars": {
      "zh-CN": "五星级及以下各级条件全部满足；已达最高等级，但违反计划生育有关规定：是，且星级为五星级，超过三星级，一票否决，星级定为三星级。依据：附:绍兴县城市社区党组织“评星晋级”考评标准 其中,四、五星级基层党组织实行一票否决制,主要包括:1、违反计划生育有关规定;2、受到上级党委通报批评及以上组织措施;3、存在其他不符合条件的情形。",
      "en": "every condition up to 5 stars holds; the highest level is reached, but Family-planning violation: yes, and Stars (5 stars) exceeds 3 stars: vetoed, Stars is 3 stars. Source: 附:绍兴县城市社区党组织“评星晋级”考评标准 其中,四、五星级基层党组织实行一票否决制,主要包括:1、违反计划生育有关规定;2、受到上级党委通报批评及以上组织措施;3、存在其他不符合条件的情形。"
    },
    "vetoApplied": {
      "zh-CN": "违反计划生育有关规定：是，且星级为五星级，超过三星级，一票否决，星级由五星级改为三星级。依据：其中,四、五星级基层党组织实行一票否决制,主要包括:1、违反计划生育有关规定;2、受到上级党委通报批评及以上组织措施;3、存在其他不符合条件的情形。",
      "en": "Family-planning violation: yes, and Stars (5 stars) exceeds 3 stars: vetoed; Stars goes from 5 stars to 3 stars. Source: 其中,四、五星级基层党组织实行一票否决制,主要包括:1、违反计划生育有关规定;2、受到上级党委通报批评及以上组织措施;3、存在其他不符合条件的情形。"
    }
  }],
  ["movement against last year", "keqiao-community-stars/1.0.0", "movement against last year", "2024", "faller", {
    "movement": {
      "zh-CN": "星级由上一年（2023）的五星级变为三星级，升降级：降级。依据：星级评定实行动态管理,不搞“终身制”,每年考评一次,能上能下,对达不到相应星级标准的予以降级处理,对工作成效明显、符合升级标准的按照程序予以晋级。",
      "en": "Stars went from 5 stars (2023) to 3 stars; Up or down: Down. Source: 星级评定实行动态管理,不搞“终身制”,每年考评一次,能上能下,对达不到相应星级标准的予以降级处理,对工作成效明显、符合升级标准的按照程序予以晋级。"
    }
  }],
  ["rank with a tie broken by the second key, then by id", "yongxi-red-flag/2.0.0", "ties go", "2024-Q1", "village10", {
    "rank": {
      "zh-CN": "总分 90，按总分从高到低，在 4 个村党支部中排第 2 名；总分与 village2、village3 相同，再按十项考核指标得分·党组织建设从高到低排定（本村党支部 9；village2 9，village3 10）；与 village2 两项都相同，按编号顺序排定，名次：2。依据：按時每2個月(20xx年根據實際情況調整為季度檢查)對村支部實行一次量化動態考核評比。每次考核95分以上前3名分別獎勵600元,500元,400元。",
      "en": "Total 90; ranked by Total (highest first), 2nd of 4; Total ties with village2, village3, broken by Scores of the ten indicators: Party organisation building (highest first): 9 here; village2 9, village3 10; fully tied with village2, ordered by id; Rank: 2. Source: 按時每2個月(20xx年根據實際情況調整為季度檢查)對村支部實行一次量化動態考核評比。每次考核95分以上前3名分別獎勵600元,500元,400元。"
    }
  }],
  ["standard rank shared by a tie", "chengzhuang-checklist-steps/1.0.0", "ranks are standard", "2024-Q1", "c", {
    "rank": {
      "zh-CN": "考核总分 90，按考核总分从高到低，在 4 个基层党支部中排第 2 名，与 b 并列，全矿排名：2。依据：“面子掛鈎”,就是在清單管理檢查中,排名系統末尾的和考核總分低於最低標準分的,支部書記要在政工例會上做反思檢查,並在全礦進行通報;",
      "en": "Total 90; ranked by Total (highest first), 2nd of 4, tied with b; Rank in the mine: 2. Source: “面子掛鈎”,就是在清單管理檢查中,排名系統末尾的和考核總分低於最低標準分的,支部書記要在政工例會上做反思檢查,並在全礦進行通報;"
    }
  }],
  ["quota refusal: the 21st collective", "ouhai-commendation/1.0.0", "collective quota", "2024", "c21", {
    "granted": {
      "zh-CN": "按优先顺序排第 21 位，集体嘉奖全区每年总量名额 20 个已用满（已用 20 个，尚余 0 个），名额不足，总量控制内授予：不授予。依据：党内嘉奖实行总量控制，基层党组织集体嘉奖全区每年一般不超过20个，党员个人嘉奖的总人次每年一般不超过所在基层党（工）委党员总数的3%，其中一级嘉奖全区每年一般不超过50人次。 … 同一党组织或党员一年内的嘉奖次数不受限制",
      "en": "21st in order of precedence; Collective awards, district-wide has 20 places, all 20 used, none left; Granted within the quotas: Not granted. Source: 党内嘉奖实行总量控制，基层党组织集体嘉奖全区每年一般不超过20个，党员个人嘉奖的总人次每年一般不超过所在基层党（工）委党员总数的3%，其中一级嘉奖全区每年一般不超过50人次。 … 同一党组织或党员一年内的嘉奖次数不受限制"
    },
    "quotaBlocked": {
      "zh-CN": "按优先顺序排第 21 位，集体嘉奖全区每年总量名额 20 个已用满（已用 20 个，尚余 0 个），名额不足，受限名额：集体嘉奖全区总量已满。依据：党内嘉奖实行总量控制，基层党组织集体嘉奖全区每年一般不超过20个，党员个人嘉奖的总人次每年一般不超过所在基层党（工）委党员总数的3%，其中一级嘉奖全区每年一般不超过50人次。 … 同一党组织或党员一年内的嘉奖次数不受限制",
      "en": "21st in order of precedence; Collective awards, district-wide has 20 places, all 20 used, none left; Quota that refused: District-wide collective quota full. Source: 党内嘉奖实行总量控制，基层党组织集体嘉奖全区每年一般不超过20个，党员个人嘉奖的总人次每年一般不超过所在基层党（工）委党员总数的3%，其中一级嘉奖全区每年一般不超过50人次。 … 同一党组织或党员一年内的嘉奖次数不受限制"
    }
  }],
  ["quota grant: the 20th collective takes the last place", "ouhai-commendation/1.0.0", "collective quota", "2024", "c20", {
    "granted": {
      "zh-CN": "按优先顺序排第 20 位，集体嘉奖全区每年总量名额 20 个，授予后已用 20 个、尚余 0 个，总量控制内授予：授予。依据：党内嘉奖实行总量控制，基层党组织集体嘉奖全区每年一般不超过20个，党员个人嘉奖的总人次每年一般不超过所在基层党（工）委党员总数的3%，其中一级嘉奖全区每年一般不超过50人次。 … 同一党组织或党员一年内的嘉奖次数不受限制",
      "en": "20th in order of precedence; Collective awards, district-wide: 20 places, 20 used with this one, 0 left; Granted within the quotas: Granted. Source: 党内嘉奖实行总量控制，基层党组织集体嘉奖全区每年一般不超过20个，党员个人嘉奖的总人次每年一般不超过所在基层党（工）委党员总数的3%，其中一级嘉奖全区每年一般不超过50人次。 … 同一党组织或党员一年内的嘉奖次数不受限制"
    }
  }],
  ["escalation: three level-3 awards add a level-2 award", "ouhai-commendation/1.0.0", "escalation", "2024", "m3-24a", {
    "extraAwards": {
      "zh-CN": "2024-12-31 追加二级嘉奖，追加嘉奖：是。依据：党员个人在3年内获得3次以上三级嘉奖的，可追加1次二级嘉奖；3年内获得2次以上二级嘉奖的，可追加1次一级嘉奖。",
      "en": "extra level-2 award on 2024-12-31; Escalation (extra awards): yes. Source: 党员个人在3年内获得3次以上三级嘉奖的，可追加1次二级嘉奖；3年内获得2次以上二级嘉奖的，可追加1次一级嘉奖。"
    }
  }],
  ["consecutive years at four stars", "rehab-branch-stars/1.0.0", "three years", "2024", "b1", {
    "fourStarYears": {
      "zh-CN": "星级为四星级，达到四星级，已连续 3 年（2022、2023、2024），连续四星级以上年数：3。依据：连续三年被评为“四星级”以上的，再增加10%",
      "en": "Stars (4 stars) reaches 4 stars: 3 years in a row (2022, 2023, 2024); Consecutive years at four stars or more: 3. Source: 连续三年被评为“四星级”以上的，再增加10%"
    }
  }],
  ["consecutive severe quarters across the new year, and the action they bring", "chengzhuang-checklist-steps/1.0.0", "severe quarters", "2023-Q4", "b1", {
    "severeQuarters": {
      "zh-CN": "“严重不达标”，已连续 2 个季度（2023-Q3、2023-Q4），连续严重不达标季度数：2。依据：支部季度考核總分低於60分或重點項得分低於35分,礦黨委對支部書記進行誡勉談話;連續兩個季度總分低於60分或重點項得分低於35分,對支部書記進行免職處理;連續三個季度總分低於60分或重點項得分低於35分,重點工作出現重大失誤,造成較大負面影響的,對支部書記進行撤職處理。",
      "en": "Severe shortfall: 2 quarters in a row (2023-Q3, 2023-Q4); Consecutive quarters with a severe shortfall: 2. Source: 支部季度考核總分低於60分或重點項得分低於35分,礦黨委對支部書記進行誡勉談話;連續兩個季度總分低於60分或重點項得分低於35分,對支部書記進行免職處理;連續三個季度總分低於60分或重點項得分低於35分,重點工作出現重大失誤,造成較大負面影響的,對支部書記進行撤職處理。"
    },
    "action": {
      "zh-CN": "连续严重不达标季度数 2，达到免职标准（2 以上、不足 3），对支部书记的处理定为免职。依据：支部季度考核總分低於60分或重點項得分低於35分,礦黨委對支部書記進行誡勉談話;連續兩個季度總分低於60分或重點項得分低於35分,對支部書記進行免職處理;連續三個季度總分低於60分或重點項得分低於35分,重點工作出現重大失誤,造成較大負面影響的,對支部書記進行撤職處理。",
      "en": "Consecutive quarters with a severe shortfall 2 meets the Removal from post band (2 or more, under 3), so Action on the branch secretary is Removal from post. Source: 支部季度考核總分低於60分或重點項得分低於35分,礦黨委對支部書記進行誡勉談話;連續兩個季度總分低於60分或重點項得分低於35分,對支部書記進行免職處理;連續三個季度總分低於60分或重點項得分低於35分,重點工作出現重大失誤,造成較大負面影響的,對支部書記進行撤職處理。"
    }
  }],
  ["window count: the second last place of the year", "yongxi-red-flag/2.0.0", "last places count", "2024-Q3", "y", {
    "lastPlaceCount": {
      "zh-CN": "本年度第 2 次排名最后且85分以下（2024-Q1、2024-Q3），本年末位次数：2。依据：考核排名最後且分數85分以下1次作表態發言,2次取消年終參評資格,3 次以上鄉紀委問責。",
      "en": "Last, below 85 for the 2nd time this year (2024-Q1, 2024-Q3); Last places this year: 2. Source: 考核排名最後且分數85分以下1次作表態發言,2次取消年終參評資格,3 次以上鄉紀委問責。"
    },
    "penalty": {
      "zh-CN": "排名最后且85分以下：是，取本年末位次数 2，达到取消年终参评资格标准（2 以上、不足 3），末位处理定为取消年终参评资格。依据：考核排名最後且分數85分以下1次作表態發言,2次取消年終參評資格,3 次以上鄉紀委問責。",
      "en": "Last, below 85: Yes, so Last places this year 2 meets the Loses year-end eligibility band (2 or more, under 3), so Last-place measure is Loses year-end eligibility. Source: 考核排名最後且分數85分以下1次作表態發言,2次取消年終參評資格,3 次以上鄉紀委問責。"
    }
  }],
  ["window count when this period does not count", "yongxi-red-flag/2.0.0", "last places count", "2024-Q2", "y", {
    "lastPlaceCount": {
      "zh-CN": "本年度共 1 次排名最后且85分以下（2024-Q1），本季度不是，本年末位次数：1。依据：考核排名最後且分數85分以下1次作表態發言,2次取消年終參評資格,3 次以上鄉紀委問責。",
      "en": "1 time this year (2024-Q1), not this quarter; Last places this year: 1. Source: 考核排名最後且分數85分以下1次作表態發言,2次取消年終參評資格,3 次以上鄉紀委問責。"
    }
  }],
  [
    "an assumption's branch (tiesAtCut break): only the comparison that applied, the setting not quoted",
    "central-upgrade-classification/1.1.0",
    "n = 10",
    "2024",
    "c10",
    {
      "level": {
        "zh-CN": "综合得分 62，未达到先进分数线 85 分；领域内排名 10，高于领域先进名额 3；领域内排名 10，超过（领域内组织数 10 - 领域后进最低名额 1） = 9，等次：后进。依据：采取基层党组织自评、党员群众评议、上级党组织评定相结合的方式,对照基层党组织评价指标体系,按照“ 先进、一般、后进”三个等次进行分类定级。 … 要严格标准,不回避矛盾和问题,先进比例不能过高,确保有一定后进比例。",
        "en": "Score 62 is below Score line for advanced 85 points; Rank within the field 10 is above Advanced places in the field 3; Rank within the field 10 exceeds (Organisations in the field 10 - Backward places at the bottom of the field 1) = 9; Level: Backward. Source: 采取基层党组织自评、党员群众评议、上级党组织评定相结合的方式,对照基层党组织评价指标体系,按照“ 先进、一般、后进”三个等次进行分类定级。 … 要严格标准,不回避矛盾和问题,先进比例不能过高,确保有一定后进比例。"
      }
    }
  ],
  [
    "the other branch of the assumption (tiesAtCut share)",
    "central-upgrade-classification/1.1.0",
    "tiesAtCut share",
    "2024",
    "v10",
    {
      "level": {
        "zh-CN": "综合得分 65，未达到先进分数线 85 分；（领域内组织数 10 - 本领域倒数名次 1 + 1） = 10，高于领域先进名额 3；本领域倒数名次 1，在领域后进最低名额 1 以下，等次：后进。依据：采取基层党组织自评、党员群众评议、上级党组织评定相结合的方式,对照基层党组织评价指标体系,按照“ 先进、一般、后进”三个等次进行分类定级。 … 要严格标准,不回避矛盾和问题,先进比例不能过高,确保有一定后进比例。",
        "en": "Score 65 is below Score line for advanced 85 points; (Organisations in the field 10 - Rank from the bottom in the field 1 + 1) = 10 is above Advanced places in the field 3; Rank from the bottom in the field 1 is at or below Backward places at the bottom of the field 1; Level: Backward. Source: 采取基层党组织自评、党员群众评议、上级党组织评定相结合的方式,对照基层党组织评价指标体系,按照“ 先进、一般、后进”三个等次进行分类定级。 … 要严格标准,不回避矛盾和问题,先进比例不能过高,确保有一定后进比例。"
      }
    }
  ],
];

describe('golden explanations', () => {
  it.each(GOLDEN)('%s', (_title, ref, test, period, id, expected) => {
    const { pack, p, r } = run(ref, test, period, id);
    for (const [name, byLocale] of Object.entries(expected)) {
      for (const locale of ['zh-CN', 'en'] as const) {
        expect([name, locale, explainName(pack, r, name, { locale, period, peers: p.results })]).toEqual([name, locale, byLocale[locale]]);
      }
    }
  });

  it('explains every output of a subject, and only outputs', () => {
    const { pack, p, r } = run('rehab-branch-stars/1.0.0', 'SCHEMES example', '2024', 'b1');
    const ex = explainSubject(pack, r, { locale: 'zh-CN', period: p.period });
    expect(Object.keys(ex)).toEqual(pack.outputs);
    expect(ex.stars).toMatch(/^综合评价得分 91.5 分（.*），达到四星级标准（90 分以上、不足 96 分），星级定为四星级。依据：“星级”党组织和党员分为五个档次/);
  });

  it('without a trace it still names the value in words', () => {
    const { pack } = run('rehab-branch-stars/1.0.0', 'SCHEMES example', '2024', 'b1');
    const ex = explainSubject(pack, { id: 'b1', outputs: { stars: 0, vetoed: true } }, { locale: 'zh-CN' });
    expect(ex).toEqual({ stars: '星级：未评上星级。依据：“星级”党组织和党员分为五个档次，综合考评得分60—69分为“一星级”、70—79分为“二星级”、80—89分为“三星级”、90—95分“四星级”、96分以上为“五星级”。', vetoed: '一票否决（撤星摘牌）：是。依据：对党支部或党员年度工作群众测评满意度80%以下、发生重大监管改造事故、队伍存在违法违纪行为等“一票否决”现象的，立即撤星摘牌。' });
  });
});
