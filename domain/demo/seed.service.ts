import { OperatorModel } from '../organisation/operator.model.js';
import { UnitModel } from '../organisation/unit.model.js';
import type { PrintSerialService } from '../print-serial/print-serial.service.js';
import type { ServiceItemRepository } from '../service-item/service-item.repository.js';
import { demoItems, demoOperators, demoStock, demoUnits } from './demo-data.js';

/** Loads the demo catalogue; what is already stored is left as it is, so it runs on every start. */
export async function seedDemo(deps: { items: ServiceItemRepository; serials: PrintSerialService }) {
  let units = 0;
  for (const u of demoUnits) units += (await UnitModel.updateOne({ code: u.code }, { $setOnInsert: u }, { upsert: true })).upsertedCount;
  let operators = 0;
  for (const o of demoOperators) operators += (await OperatorModel.updateOne({ username: o.username }, { $setOnInsert: o }, { upsert: true })).upsertedCount;
  let items = 0;
  for (const i of demoItems) items += (await deps.items.insertFirstVersion(i)) ? 1 : 0;
  let serials = 0;
  for (const s of demoStock) serials += await deps.serials.addStock(s.communityCode, s.certificateType, s.serials);
  return { units, operators, items, serials };
}
