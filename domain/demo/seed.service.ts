import type { AccountService } from '../account/account.service.js';
import type { UnitRepository } from '../organisation/unit.repository.js';
import type { PrintSerialService } from '../print-serial/print-serial.service.js';
import type { Post } from '../shared/constants.js';
import type { ServiceItemRepository } from '../service-item/service-item.repository.js';
import { DEMO_PASSWORD, demoItems, demoPackages, demoNewcomer, demoOperators, demoPeople, demoStock, demoUnits } from './demo-data.js';

/** Loads the demo catalogue and accounts; what is already stored is left as it is, so it runs on every start. */
export async function seedDemo(deps: { units: UnitRepository; items: ServiceItemRepository; serials: PrintSerialService; accounts: AccountService;
  packages?: { seed(p: (typeof demoPackages)[number]): Promise<boolean> } }, now = new Date()) {
  let units = 0;
  for (const u of demoUnits) units += (await deps.units.insertIfAbsent(u)) ? 1 : 0;
  let items = 0;
  for (const i of demoItems) items += (await deps.items.insertFirstVersion(i)) ? 1 : 0;
  // the demo package is published at start, as if the service office had approved it
  for (const p of demoPackages) await deps.packages?.seed(p);
  let serials = 0;
  for (const s of demoStock) serials += await deps.serials.addStock(s.communityCode, s.certificateType, s.serials);
  let accounts = 0;
  const people = [
    ...demoOperators.map((o) => ({ ...o, activated: true })),
    ...demoPeople.map((p) => ({ ...p, posts: [] as string[], activated: true })),
    { ...demoNewcomer, posts: [] as string[], activated: false },
  ];
  for (const p of people) {
    if (await deps.accounts.exists(p.username)) continue;
    await deps.accounts.register(
      { username: p.username, realName: p.realName, idNumber: `42070019800101${String(1000 + accounts).slice(-4)}`, phone: '13900000000', role: p.role,
        applicantType: 'applicantType' in p ? p.applicantType : undefined, unitCode: p.unitCode ?? undefined, password: DEMO_PASSWORD },
      'demo-seed', now,
      // demo accounts skip the first-login password change so the README's walk-through works as written
      { mustChangePassword: false, activated: p.activated, posts: p.posts as Post[] },
    );
    accounts += 1;
  }
  return { units, items, serials, accounts };
}
