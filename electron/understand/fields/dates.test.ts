import { describe, expect, it } from 'vitest';
import { decideOrder, findDates, ocrMonth, orderForLocale, parseRfc2822Date } from './dates.js';

describe('findDates', () => {
  it('reads named, ISO, dotted and US forms', () => {
    const found = findDates(
      'dated as of October 24, 2005; 2019-06-10; 31.01.2014; 24th day of March, 2010; 25-Oct-2018; 5. März 2021',
    );
    expect(found.map((d) => d.iso)).toEqual([
      '2005-10-24',
      '2019-06-10',
      '2014-01-31',
      '2010-03-24',
      '2018-10-25',
      '2021-03-05',
    ]);
    // Spanish and Portuguese put "de" around the month.
    expect(findDates('Madrid, 5 de marzo de 2020; Lisboa, 12 de janeiro de 2021').map((d) => d.iso)).toEqual([
      '2020-03-05',
      '2021-01-12',
    ]);
    // German typesetting spaces a dotted date.
    expect(findDates('Leipzig, 26. 5. 2015').map((d) => [d.iso, d.ambiguous])).toEqual([['2015-05-26', false]]);
  });

  it('reads Chinese, Japanese and Korean dates, year first', () => {
    expect(findDates('开票日期：2023年11月08日 请求日 2024年4月30日').map((d) => [d.raw, d.iso])).toEqual([
      ['2023年11月08日', '2023-11-08'],
      ['2024年4月30日', '2024-04-30'],
    ]);
    expect(findDates('작성일자 2024년 3월 5일, 일시: 2024. 5. 14.(화)').map((d) => d.iso)).toEqual([
      '2024-03-05',
      '2024-05-14',
    ]);
    expect(findDates('2024年13月40日 2015. 1.').map((d) => d.iso)).toEqual([]);
  });

  it('reads a date whose time OCR glued to it, and leaves a date followed by a spaced time alone', () => {
    expect(findDates('22.09.202109:32:32').map((d) => [d.raw, d.iso])).toEqual([['22.09.2021', '2021-09-22']]);
    expect(findDates('17/12/1907:22:41').map((d) => [d.raw, d.iso])).toEqual([['17/12/19', '2019-12-17']]);
    expect(findDates('17/12/2019 07:22').map((d) => d.iso)).toEqual(['2019-12-17']);
    expect(findDates('version 1.2.20191').map((d) => d.iso)).toEqual([]);
  });

  it('reads a long date with a space before its comma, keeping it as printed', () => {
    const [d] = findDates('Closing on August 3 , 2014 at noon');
    expect(d).toMatchObject({ raw: 'August 3 , 2014', index: 11, iso: '2014-08-03' });
    expect(findDates('March 20th , 1998')[0]?.iso).toBe('1998-03-20');
    expect(findDates('Due Date: May11, 2018')[0]).toMatchObject({ raw: 'May11, 2018', iso: '2018-05-11' });
  });

  it('reads the legal "day of" form and ordinals', () => {
    const text =
      'made the 20th day of March, 1998; this 20 day of March 1998; the 21st day of March 1998; March 22nd, 1998; 23rd March 1998';
    expect(findDates(text).map((d) => [d.raw, d.iso])).toEqual([
      ['20th day of March, 1998', '1998-03-20'],
      ['20 day of March 1998', '1998-03-20'],
      ['21st day of March 1998', '1998-03-21'],
      ['March 22nd, 1998', '1998-03-22'],
      ['23rd March 1998', '1998-03-23'],
    ]);
  });

  it('reads a long month name with one OCR slip, and nothing that is merely a word', () => {
    expect(findDates('Rechnungsdatum:22. Septcmber 2017').map((d) => d.iso)).toEqual(['2017-09-22']);
    expect(findDates('N0vember 3, 2021 and 4 Decernber 2019').map((d) => d.iso)).toEqual(['2021-11-03', '2019-12-04']);
    expect(
      findDates('Fällig am: 19.Jan uary 2023; Due Date: J uly 12, 2019; 1. Octob er 2018; Dccember 15, 2025').map(
        (d) => d.iso,
      ),
    ).toEqual(['2023-01-19', '2019-07-12', '2018-10-01', '2025-12-15']);
    // "Items" or "Total" is no month; "Junie" is one edit from both "june" and "juni" (one month): read.
    expect(findDates('Total 12 Items 2017; Order 4 Units 2020')).toEqual([]);
    expect(findDates('5 Junie 2020')[0]?.iso).toBe('2020-06-05');
  });

  it('refuses to guess an ambiguous day/month', () => {
    const [d] = findDates('Date: 03/04/2021');
    expect(d?.ambiguous).toBe(true);
    expect(d?.iso).toBeNull();
    expect(d?.readings).toEqual({ dmy: '2021-04-03', mdy: '2021-03-04' });
  });

  it('lets the document or a locale decide', () => {
    const text = 'Invoice date 03/04/2021, delivered 25/03/2021';
    expect(decideOrder(text)).toBe('dmy');
    expect(findDates(text, decideOrder(text))[0]?.iso).toBe('2021-04-03');
    expect(findDates('03/04/2021', orderForLocale('en-US'))[0]?.iso).toBe('2021-03-04');
    expect(findDates('03/04/2021', orderForLocale('de-DE'))[0]?.iso).toBe('2021-04-03');
  });

  it('reads two-digit years and rejects impossible dates', () => {
    expect(findDates('10/24/05')[0]?.iso).toBe('2005-10-24');
    expect(findDates('2/24/98')[0]?.iso).toBe('1998-02-24');
    expect(findDates('31/02/2020')).toEqual([]);
  });

  it('does not take a word near two months for either', () => {
    // "marze" is one edit from "marzo" and "märz"/"marz" (all March) but "juno" is too short to repair.
    expect(ocrMonth('marze')).toBe(3);
    expect(ocrMonth('juno')).toBeNull();
    expect(ocrMonth('Mayor')).toBeNull();
  });

  it('parses e-mail dates', () => {
    expect(parseRfc2822Date('Wed, 16 Jul 2008 09:24:06 +0300')).toBe('2008-07-16');
  });
});
