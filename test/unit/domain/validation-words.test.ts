import { expect } from 'chai';
import { Type } from '@sinclair/typebox';
import { faultWords, valueFaults } from '../../../domain/shared/validation-words.js';
import { StepBodies } from '../../../domain/task/step-contract.js';

/** What a person reads of a value the schema refuses, in Chinese and in English. */
const said = (schema: Parameters<typeof valueFaults>[0], value: unknown) =>
  valueFaults(schema, value).map((f) => faultWords('body', f)).map((w) => ({ zh: `${w.field} ${w.zh}`, en: `${w.field} ${w.en}` }));

describe('validation words: a refused value said in both languages', () => {
  it('lists the values of a choice, with the other types it takes', () => {
    const schema = Type.Object({ scope: Type.Union([Type.Literal('mine'), Type.Literal('all'), Type.Null()]) });
    expect(said(schema, { scope: 'x' })).to.deep.equal([{ zh: 'body/scope 必须是 mine、all 之一，或为空值（null）', en: 'body/scope must be one of mine, all, or null' }]);
  });

  it('reads a body by the shape its decision names, and says what that shape lacks or does not take', () => {
    expect(said(StepBodies.review, { decision: 'not-approved' })).to.deep.equal([{ zh: 'body 缺少必填字段 reasons', en: "body must have required property 'reasons'" }]);
    expect(said(StepBodies.review, { decision: 'approved', reasons: ['x'] })).to.deep.equal([{ zh: 'body/reasons 不是可接受的字段', en: 'body/reasons is not an accepted field' }]);
    expect(said(StepBodies.review, { decision: 'maybe' })).to.deep.equal([{ zh: 'body/decision 必须是 approved、not-approved 之一', en: 'body/decision must be one of approved, not-approved' }]);
    expect(said(StepBodies.close, {})).to.deep.equal([{ zh: 'body 须包含以下字段之一：handover', en: 'body must have one of the fields handover' }]);
    expect(said(StepBodies.close, 'proxy')).to.deep.equal([{ zh: 'body 必须是对象', en: 'body must be object' }]);
  });

  it('gives the limits of lengths, counts and numbers, and the pattern a text must match', () => {
    const words = said(StepBodies.exchange, { archivesChecked: true, firstSerial: 'A1', count: 501, note: '' });
    expect(words.map((w) => w.zh)).to.deep.equal([
      'body/firstSerial 格式不正确，须符合 ^[A-Z0-9-]{2,40}-\\d{1,9}$', 'body/count 不能大于 500', 'body/note 长度不能少于 1 个字符',
    ]);
    const confirm = said(StepBodies.confirm, { result: 'mismatch', missing: ['DSZN-1', 'DSZN-1'] });
    expect(confirm.map((w) => w.zh)).to.deep.equal(['body/missing 不能有重复项']);
    expect(said(StepBodies.confirm, { result: 'mismatch', missing: [] }).map((w) => w.zh)).to.deep.equal(['body/missing 至少要有 1 项']);
  });
});
