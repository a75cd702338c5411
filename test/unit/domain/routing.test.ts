import { expect } from 'chai';
import { demoItems, demoUnits } from '../../../domain/demo/demo-data.js';
import { checkTransfer, routeSteps, treeOf, type UnitNode } from '../../../domain/organisation/routing.js';

// the demo city plus a development zone with its own civil affairs bureau and one community
const zone: UnitNode[] = [
  { code: 'DIST-GD', name: '葛店开发区', level: 'district', kind: 'government', parentCode: 'CITY-EZ' },
  { code: 'TOWN-GD', name: '葛店镇', level: 'township', kind: 'government', parentCode: 'DIST-GD' },
  { code: 'COM-GD', name: '葛店社区', level: 'community', kind: 'community', parentCode: 'TOWN-GD' },
  { code: 'DEPT-GD-CIVIL', name: '开发区民政局', level: 'district', kind: 'department', parentCode: 'DIST-GD', line: 'civil-affairs' },
];
const tree = treeOf([...demoUnits, ...zone]);
const item = (code: string) => demoItems.find((i) => i.code === code)!;

describe('routing over the four levels (seed 002 §14, 003 §3)', () => {
  it('sends a city-level item accepted in a community to the city department, and its closing back to the community', () => {
    expect(routeSteps(tree, item('MPZM'), 'COM-DUSHAN')).to.deep.equal({ accept: 'COM-DUSHAN', review: 'DEPT-PSB', decide: 'DEPT-PSB', close: 'COM-DUSHAN' });
  });

  it('resolves a level rule to the applicant’s own township, not a fixed one', () => {
    expect(routeSteps(tree, item('JYSY'), 'COM-BINHU').review).to.equal('TOWN-FH');
    expect(routeSteps(tree, item('JYSY'), 'COM-DUSHAN').review).to.equal('TOWN-DS');
    expect(routeSteps(tree, { ...item('JYSY'), stepUnits: { review: '@district', decide: '@city' } }, 'COM-GD')).to.include({ review: 'DIST-GD', decide: 'CITY-EZ' });
  });

  it('sends a district item to the department of the same line in the applicant’s own district', () => {
    expect(routeSteps(tree, item('DIBAO'), 'COM-BINHU').approve).to.equal('DEPT-CIVIL');
    expect(routeSteps(tree, item('DIBAO'), 'COM-GD')).to.include({ accept: 'COM-GD', approve: 'DEPT-GD-CIVIL', verify: 'DEPT-GD-CIVIL', issue: 'COM-GD' });
  });

  it('refuses a department with no counterpart in the applicant’s area, in both languages', () => {
    expect(() => routeSteps(tree, item('DSZN'), 'COM-GD')).to.throw().that.satisfies((e: { code: string; zh: string; message: string }) =>
      e.code === 'ROUTE_OUT_OF_AREA' && e.zh.includes('DEPT-HEALTH') && e.zh.includes('COM-GD') && e.message.includes('COM-GD'));
    expect(() => routeSteps(tree, item('DSZN'), 'TOWN-FH')).to.throw(/not a community/);
  });

  it('transfers upwards or sideways within the applicant’s area, never down or out of it', () => {
    expect(checkTransfer(tree, 'TOWN-FH', 'DEPT-HRSS', 'COM-BINHU').code).to.equal('DEPT-HRSS'); // up: street → district bureau
    expect(checkTransfer(tree, 'DEPT-HRSS', 'DEPT-CIVIL', 'COM-BINHU').code).to.equal('DEPT-CIVIL'); // sideways
    expect(checkTransfer(tree, 'DEPT-HRSS', 'DEPT-PSB', 'COM-BINHU').code).to.equal('DEPT-PSB'); // up to the city
    expect(() => checkTransfer(tree, 'DEPT-PSB', 'DEPT-CIVIL', 'COM-BINHU')).to.throw(/upwards or sideways/);
    expect(() => checkTransfer(tree, 'DEPT-HRSS', 'TOWN-DS', 'COM-BINHU')).to.throw(/does not serve/);
    expect(() => checkTransfer(tree, 'DEPT-HRSS', 'COM-BINHU', 'COM-BINHU')).to.throw(/does not serve/);
    expect(() => checkTransfer(tree, 'DEPT-HRSS', 'DEPT-HRSS', 'COM-BINHU')).to.throw(/already/);
  });
});
