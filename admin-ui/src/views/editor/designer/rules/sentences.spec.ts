import { describe, expect, it } from 'vitest';
import { filterSentences, splitSentences } from './sentences';

describe('splitSentences', () => {
  it('cuts at 。；！？ and line breaks, keeping the mark', () => {
    expect(splitSentences('一、总则\n得分60分以上为一星；70分以上为二星。是否合格？是！\r\n\n  末句')).toEqual([
      '一、总则', '得分60分以上为一星；', '70分以上为二星。', '是否合格？', '是！', '末句',
    ]);
  });

  it('filters by every part of the query', () => {
    expect(filterSentences(['满意度80%以下一票否决。', '满意度高。'], '满意度 否决')).toEqual(['满意度80%以下一票否决。']);
  });
});
