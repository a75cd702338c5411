import { expect } from 'chai';
import { checkPackage, jointAnswer, mergedMaterials, type PackageItem } from '../../../domain/package/package-rules.js';

const idCard = { name: '居民身份证', form: 'copy', count: 1, required: true };
// 出生一件事: three items of three departments
const items: PackageItem[] = [
  { code: 'CSYX', name: '出生医学证明', departmentCode: 'DEPT-HEALTH', totalLimit: { value: 5, unit: 'working-days' }, materials: [idCard, { name: '住院分娩证明', form: 'original', count: 1, required: true }] },
  { code: 'XSRH', name: '新生儿入户', departmentCode: 'DEPT-PSB', totalLimit: { value: 10, unit: 'working-days' }, materials: [{ ...idCard, form: 'original-and-copy' }, { name: '户口簿', form: 'original', count: 1, required: true }] },
  { code: 'JMYB', name: '城乡居民医保参保登记', departmentCode: 'DEPT-HRSS', totalLimit: { value: 3, unit: 'working-days' }, materials: [{ ...idCard, count: 2, required: false }] },
];
const pkg = { code: 'BIRTH', name: '出生一件事', itemCodes: items.map((i) => i.code), leadDepartment: 'DEPT-HEALTH', totalLimit: { value: 10, unit: 'working-days' as const } };
const refusal = (f: () => void) => { try { f(); } catch (e) { return e as { code: string; zh: string; message: string }; } return null; };

describe('package services: definition, one form, one joint answer (seed 004 §19, 003 §5(6))', () => {
  it('takes a package whose limit is no longer than its longest item’s legal limit, led by one of its departments', () => {
    expect(refusal(() => checkPackage(pkg, items))).to.equal(null);
    const long = refusal(() => checkPackage({ ...pkg, totalLimit: { value: 11, unit: 'working-days' } }, items));
    expect(long!.code).to.equal('PACKAGE_LIMIT_TOO_LONG');
    expect(long!.zh).to.include('11 个工作日').and.include('XSRH').and.include('10 个工作日');
    expect(refusal(() => checkPackage({ ...pkg, totalLimit: { value: 81, unit: 'working-hours' } }, items))!.code, '81 working hours is more than 10 days of 8 hours').to.equal('PACKAGE_LIMIT_TOO_LONG');
    expect(refusal(() => checkPackage({ ...pkg, leadDepartment: 'DEPT-CIVIL' }, items))!.code).to.equal('PACKAGE_LEAD_NOT_INVOLVED');
    expect(refusal(() => checkPackage({ ...pkg, itemCodes: ['CSYX'] }, items.slice(0, 1)))!.code).to.equal('PACKAGE_TOO_SMALL');
  });

  it('asks for each material once, in its strictest form and count, required when any item requires it', () => {
    const merged = mergedMaterials(items);
    expect(merged.map((m) => m.name)).to.deep.equal(['居民身份证', '住院分娩证明', '户口簿']);
    expect(merged[0]).to.deep.include({ form: 'original-and-copy', count: 2, required: true, items: ['CSYX', 'XSRH', 'JMYB'] });
  });

  it('answers once: approved only when all approve (a deemed approval counts); otherwise one notice with each refusal’s reasons', () => {
    const branch = (i: PackageItem, decision: 'approved' | 'not-approved' | 'deemed-approved', reasons?: string[]) => ({ itemCode: i.code, itemName: i.name, departmentCode: i.departmentCode, departmentName: i.departmentCode, decision, reasons });
    const all = jointAnswer(items.map((i) => branch(i, 'approved')));
    expect(all.outcome).to.equal('approved');
    const deemed = jointAnswer([branch(items[0]!, 'approved'), branch(items[1]!, 'deemed-approved'), branch(items[2]!, 'approved')]);
    expect(deemed.outcome).to.equal('approved');
    expect(deemed.zh).to.include('新生儿入户 超时默许通过');
    const one = jointAnswer([branch(items[0]!, 'approved'), branch(items[1]!, 'not-approved', ['父母一方户籍不在本市', '缺少结婚证']), branch(items[2]!, 'not-approved', ['已在外地参保'])]);
    expect(one.outcome).to.equal('not-approved');
    expect(one.zh.split('\n')).to.deep.equal(['套餐未能全部通过，2 个部门不予批准：', '1. DEPT-PSB「新生儿入户」不予批准：父母一方户籍不在本市；缺少结婚证', '2. DEPT-HRSS「城乡居民医保参保登记」不予批准：已在外地参保']);
    expect(one.en).to.include('XSRH').and.include('JMYB');
  });
});
