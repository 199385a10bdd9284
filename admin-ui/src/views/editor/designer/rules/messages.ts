/** vue-i18n messages of the rule cards (designer.ruleCards.* in both locales). */
export const rulesZh = {
  title: '规则', count: '共 {n} 条规则', add: '添加规则', empty: '还没有规则；点“添加规则”开始。',
  stage: { subject: '逐个对象计算', population: '全体比较', history: '历史' },
  kind: {
    value: '计算', bands: '分档', veto: '一票否决', ladder: '逐级达标', rank: '排名', group: '分组统计', quota: '名额',
    consecutive: '连续', windowCount: '期内次数', previous: '上期', movement: '升降', escalation: '追加',
  },
  kindHint: {
    value: '用公式算出一个数或是否', bands: '按分数线划分档次（如星级）', veto: '满足条件时把另一条规则的结果改掉',
    ladder: '逐级检查标准，达到哪一级算哪一级', rank: '本期全体对象排名次', group: '同组对象的计数、合计、平均等',
    quota: '按先后顺序在名额内授予', consecutive: '连续多少期满足条件', windowCount: '一段时间内满足条件的次数',
    previous: '上一期的结果', movement: '与上一期相比升、降或持平', escalation: '多次奖励累计后追加更高一级',
  },
  up: '上移', down: '下移', remove: '删除', collapse: '收起', expand: '展开',
  labelZh: '中文名', labelEn: '英文名称', name: '英文标识', nameBad: '须以英文字母或下划线开头，只含字母、数字和下划线',
  nameTaken: '“{name}”已被使用', citeLabel: '依据原文', description: '说明',
  unit: '单位', unitNone: '无', unitMoney: '金额，模拟时合计', unitPlaceholder: '如 元、分、星、名',
  removeConfirm: '确定删除规则“{label}”？', removeReaders: '以下规则读取它的结果，删除后它们会出错：{list}。',
  removeOutput: '它也会从输出项中移除。', removeTitle: '删除规则',
  formula: {
    placeholder: '输入公式，如 组织建设 + 教育管理；输入中文名或函数名可自动提示', empty: '（未填写）', error: '公式有误',
    optional: '可不填', unknownName: '未知的名称“{name}”：输入项、参数或规则中没有它',
  },
  value: { expr: '计算公式', round: '保留小数位', roundNone: '不取整', roundHint: '四舍五入（0.5 进位）' },
  bands: {
    of: '依据', mode: '分数线', modeBounds: '固定分数线', modeParam: '使用参数', modeRanges: '区间',
    bound: '下限（含）', value: '结果', below: '不足最低分数线时', reads: '读作', addRow: '添加一档', param: '分数线参数',
    paramValues: '分数线取自参数“{label}”（{name}）：{values}；在“参数”中修改', noParam: '没有可用的参数（须是一组递增的数）',
    from: '从（含）', to: '到（不含）', open: '不限', sentences: '规则读作',
  },
  veto: { when: '如果', target: '则', becomes: '定为', value: '结果', sentence: '如果 {when}，则 {target} 定为 {value}', self: '本规则的值为“是否触发否决”' },
  ladder: {
    levels: '各级标准', level: '第 {n} 级', levelValue: '达到此级时的结果', levelLabel: '级别名称', checks: '须同时满足的标准',
    checkId: '标识', checkLabel: '标准', checkFormula: '条件', addLevel: '添加一级', addCheck: '添加标准', below: '一级也未达到时',
    hint: '达到某一级须满足本级和以下各级的全部标准',
  },
  order: { key: '排序依据', asc: '升序（小在前）', desc: '降序（大在前）', add: '添加排序依据', tie: '仍相同时按对象编号升序' },
  rank: { by: '按', method: '并列时', methods: { standard: '并列同名次，后面空位（1、2、2、4）', ordinal: '不并列（1、2、3、4）', dense: '并列同名次，不空位（1、2、2、3）' }, groupBy: '分组', groupByHint: '可不填：全体一起排名', where: '参加条件', whereHint: '可不填：全部参加' },
  group: { fn: '统计', fns: { count: '计数', sum: '求和', mean: '平均', min: '最小', max: '最大', countDistinct: '去重计数' }, of: '统计对象', ofHint: '计数时可不填', groupBy: '分组', groupByHint: '可不填：全体为一组', where: '条件', whereHint: '可不填：全部' },
  quota: {
    candidate: '可授予的条件', order: '授予先后', quotas: '名额', id: '标识', label: '名称', applies: '占用此名额的条件', groupBy: '分组', groupByHint: '可不填：全体共用一个名额',
    limit: '名额数', limitHint: '可使用 key（分组的值）、scope.<字段>（该组的范围数据）和参数', add: '添加名额', blockedName: '被拒原因的名称',
  },
  history: {
    when: '条件', sameYear: '只算本年内', window: '范围', calendarYear: '本自然年内（含本期）', periods: '最近几期（含本期）', periodsParam: '或使用参数',
    of: '哪一项结果', order: '由低到高的值（可不填：按数值大小）', orderHint: '用逗号分隔，如 0, 1, 2, 3',
    consecutiveHint: '截至本期连续满足条件的期数（本期不满足为 0；缺少某期即中断）', windowHint: '范围内满足条件的期数',
    previousHint: '上一期的值（没有则为空）', movementHint: '与上一期比：升（up）、降（down）、持平（same）、上期没有（new）',
  },
  escalation: {
    summary: '追加规则较复杂，这里只显示摘要', editJson: '在 JSON 中编辑（“高级（JSON）”页）', holder: '奖励归属', level: '奖励等级', granted: '授予依据', date: '日期',
    windowYears: '统计年限', steps: '追加', step: '{count} 次 {from} 级 → 追加 1 次 {to} 级', years: '{n} 年',
  },
  cite: { pick: '从原文选取', placeholder: '引用政策原文中的句子', search: '筛选句子', noText: '尚未粘贴政策原文（在“基本信息”中粘贴后可逐句选取）', none: '没有匹配的句子' },
};

export const rulesEn: typeof rulesZh = {
  title: 'Rules', count: '{n} rules', add: 'Add rule', empty: 'No rules yet; click “Add rule”.',
  stage: { subject: 'Per subject', population: 'Across subjects', history: 'History' },
  kind: {
    value: 'Value', bands: 'Bands', veto: 'Veto', ladder: 'Ladder', rank: 'Rank', group: 'Group fact', quota: 'Quota',
    consecutive: 'Consecutive', windowCount: 'Count in window', previous: 'Previous', movement: 'Movement', escalation: 'Escalation',
  },
  kindHint: {
    value: 'A number or yes/no from a formula', bands: 'Grades by thresholds (e.g. stars)', veto: 'Overrides another rule when a condition holds',
    ladder: 'Levels of checklists, the highest fully met', rank: 'Rank within the period', group: 'Count, sum, mean … of a group',
    quota: 'Grant in order within quotas', consecutive: 'Periods in a row a condition held', windowCount: 'Periods in a window a condition held',
    previous: 'The previous period’s value', movement: 'Up, down or same against the previous period', escalation: 'Award escalation',
  },
  up: 'Move up', down: 'Move down', remove: 'Remove', collapse: 'Collapse', expand: 'Expand',
  labelZh: 'Chinese name', labelEn: 'English name', name: 'Identifier', nameBad: 'Starts with a letter or underscore; letters, digits and underscores only',
  nameTaken: '“{name}” is taken', citeLabel: 'Source sentence', description: 'Description',
  unit: 'Unit', unitNone: 'none', unitMoney: 'money, totalled in simulations', unitPlaceholder: 'e.g. 元, 分, 星, 名',
  removeConfirm: 'Remove the rule “{label}”?', removeReaders: 'These rules read its value and will break: {list}.',
  removeOutput: 'It is also removed from the outputs.', removeTitle: 'Remove rule',
  formula: { placeholder: 'Type a formula, e.g. teamBuilding + education; names and functions complete as you type', empty: '(empty)', error: 'Formula error', optional: 'optional', unknownName: 'Unknown name "{name}": no input, parameter or rule has it' },
  value: { expr: 'Formula', round: 'Decimals', roundNone: 'Not rounded', roundHint: 'Half away from zero' },
  bands: {
    of: 'Of', mode: 'Thresholds', modeBounds: 'Fixed', modeParam: 'From a parameter', modeRanges: 'Ranges',
    bound: 'Lower bound (incl.)', value: 'Result', below: 'Below the lowest bound', reads: 'Reads', addRow: 'Add band', param: 'Parameter',
    paramValues: 'Thresholds from parameter “{label}” ({name}): {values}; change them under Parameters', noParam: 'No parameter holds an increasing list of numbers',
    from: 'From (incl.)', to: 'To (excl.)', open: 'open', sentences: 'Reads as',
  },
  veto: { when: 'If', target: 'then', becomes: 'becomes', value: 'Result', sentence: 'If {when}, then {target} becomes {value}', self: 'This rule’s own value: whether the veto fired' },
  ladder: {
    levels: 'Levels', level: 'Level {n}', levelValue: 'Result at this level', levelLabel: 'Level name', checks: 'Checks (all must hold)',
    checkId: 'Id', checkLabel: 'Check', checkFormula: 'Condition', addLevel: 'Add level', addCheck: 'Add check', below: 'When no level is reached',
    hint: 'A level needs its checks and every lower level’s',
  },
  order: { key: 'Order by', asc: 'Ascending', desc: 'Descending', add: 'Add key', tie: 'Remaining ties by id ascending' },
  rank: { by: 'By', method: 'Ties', methods: { standard: 'Shared, gaps (1, 2, 2, 4)', ordinal: 'Unique (1, 2, 3, 4)', dense: 'Shared, no gaps (1, 2, 2, 3)' }, groupBy: 'Group by', groupByHint: 'optional: one ranking for all', where: 'Only where', whereHint: 'optional: everyone' },
  group: { fn: 'Function', fns: { count: 'Count', sum: 'Sum', mean: 'Mean', min: 'Min', max: 'Max', countDistinct: 'Count distinct' }, of: 'Of', ofHint: 'optional for a count', groupBy: 'Group by', groupByHint: 'optional: one group', where: 'Where', whereHint: 'optional: everyone' },
  quota: {
    candidate: 'Who may be granted', order: 'Precedence', quotas: 'Quotas', id: 'Id', label: 'Name', applies: 'Counts against this quota when', groupBy: 'Bucket by', groupByHint: 'optional: one bucket',
    limit: 'Limit', limitHint: 'May read key, scope.<fact> and parameters', add: 'Add quota', blockedName: 'Name of the refusal reason',
  },
  history: {
    when: 'Condition', sameYear: 'Within the calendar year only', window: 'Window', calendarYear: 'This calendar year', periods: 'Last N periods', periodsParam: 'or a parameter',
    of: 'Of output', order: 'Values, lowest first (optional)', orderHint: 'Comma-separated, e.g. 0, 1, 2, 3',
    consecutiveHint: 'Periods in a row, ending now, the condition held', windowHint: 'Periods in the window the condition held',
    previousHint: 'The previous period’s value (or empty)', movementHint: 'up, down, same, or new',
  },
  escalation: {
    summary: 'Escalation is complex; a summary only', editJson: 'Edit in JSON (Advanced)', holder: 'Holder', level: 'Level', granted: 'Granted by', date: 'Date',
    windowYears: 'Window', steps: 'Steps', step: '{count} × level {from} → 1 × level {to}', years: '{n} years',
  },
  cite: { pick: 'Pick from the text', placeholder: 'Quote the policy text', search: 'Filter sentences', noText: 'No policy text pasted yet (paste it under Basics)', none: 'No sentence matches' },
};
