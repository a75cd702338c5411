import { expect } from 'chai';
import { demoItems } from '../../../domain/demo/demo-data.js';
import { ChangeKind, Transitions } from '../../../domain/service-item/change-request.model.js';
import { changedElements } from '../../../domain/service-item/item-governance.service.js';
import { ItemStatus } from '../../../domain/service-item/service-item.model.js';

describe('service items: lifecycle rules (seed 004 §12)', () => {
  it('opens only a new or draft item; changes and suspends only a published one; resumes only a suspended one', () => {
    const allowed = (status: ItemStatus | null) => Object.values(ChangeKind).filter((k) => Transitions[k].from.includes(status)).sort();
    expect(allowed(null)).to.deep.equal(['open']);
    expect(allowed(ItemStatus.Draft)).to.deep.equal(['open']);
    expect(allowed(ItemStatus.Published)).to.deep.equal(['change', 'suspend', 'terminate']);
    expect(allowed(ItemStatus.Suspended)).to.deep.equal(['resume', 'terminate']);
    expect(allowed(ItemStatus.Terminated), 'terminated is final').to.deep.equal([]);
  });

  it('names exactly the standard elements that differ between two versions', () => {
    const base = demoItems[0]!;
    expect(changedElements(base, structuredClone(base))).to.deep.equal([]);
    const next = { ...structuredClone(base), fees: '工本费10元', stepLimits: { ...base.stepLimits, review: { value: 1, unit: 'working-days' as const } } };
    expect(changedElements(base, next)).to.deep.equal(['stepLimits', 'fees']);
    // the order of keys is not a change; a step unit added is
    const reordered = { ...base, stepLimits: Object.fromEntries(Object.entries(base.stepLimits).reverse()) };
    expect(changedElements(base, reordered)).to.deep.equal([]);
    expect(changedElements(base, { ...base, stepUnits: { review: '@township' } })).to.deep.equal(['stepUnits']);
  });
});
