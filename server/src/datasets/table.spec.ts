import { csvText, detectFormat, readCsv } from './table';

/** "编号,命案数" as Excel saves a CSV on a Chinese Windows (GB18030), then one row. */
const GB18030 = Buffer.concat([Buffer.from([0xb1, 0xe0, 0xba, 0xc5, 0x2c, 0xc3, 0xfc, 0xb0, 0xb8, 0xca, 0xfd]), Buffer.from('\r\nsq001,0\r\n')]);

describe('reading an uploaded table', () => {
  it('a CSV in GB18030 is read as GB18030, a UTF-8 one (with or without BOM) as UTF-8', async () => {
    expect(csvText(GB18030)).toBe('编号,命案数\r\nsq001,0\r\n');
    expect(csvText(Buffer.from('\uFEFF编号,命案数\n', 'utf8'))).toBe('编号,命案数\n');
    expect(await readCsv(GB18030)).toEqual({ headers: ['编号', '命案数'], rows: [{ row: 2, cells: ['sq001', '0'] }] });
  });

  it('tells an .xlsx (zip) and an old .xls (OLE) from text by their first bytes', () => {
    expect(detectFormat(Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00]))).toBe('xlsx');
    expect(detectFormat(Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]))).toBe('xls');
    expect(detectFormat(Buffer.from('编号,命案数\n', 'utf8'))).toBe('csv');
    expect(detectFormat(Buffer.alloc(0))).toBe('csv');
  });
});
