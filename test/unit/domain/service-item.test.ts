import { Value } from '@sinclair/typebox/value';
import { expect } from 'chai';
import { demoItems } from '../../../domain/demo/demo-data.js';
import { ServiceItemInput } from '../../../domain/service-item/service-item.schema.js';
import { Category, Steps } from '../../../domain/shared/constants.js';

describe('service items: the demo catalogue', () => {
  it('holds at least six items across both categories, each valid against the item schema', () => {
    expect(demoItems.length).to.be.at.least(6);
    expect(new Set(demoItems.map((i) => i.category))).to.deep.equal(new Set([Category.OnsiteCertificate, Category.OnlineApplication]));
    for (const item of demoItems) {
      const errors = [...Value.Errors(ServiceItemInput, item)].map((e) => `${e.path} ${e.message}`);
      expect(errors, item.code).to.deep.equal([]);
    }
  });

  it('sets a time limit for every human step of the item’s category, and runs the category’s process', () => {
    for (const item of demoItems) {
      expect(Object.keys(item.stepLimits).sort(), item.code).to.deep.equal(Steps[item.category].map((s) => s.step).sort());
      expect(item.processId, item.code).to.equal(item.category);
    }
  });

  it('refuses an item without a legal basis or with a bad step limit, naming the field', () => {
    const broken = { ...demoItems[0]!, legalBasis: '', stepLimits: { accept: { value: 0, unit: 'working-days' } } };
    const paths = [...Value.Errors(ServiceItemInput, broken)].map((e) => e.path);
    expect(paths).to.include('/legalBasis');
    expect(paths).to.include('/stepLimits/accept/value');
  });
});
