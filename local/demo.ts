import { pino } from 'pino';
import { loadConfig } from '../config/index.js';
import type { DeadlineDerivation } from '../domain/deadline/deadline.service.js';
import { createDomainServices } from '../domain/services.js';
import { createEngine } from '../infra/engine/index.js';
import { connectStore, disconnectStore } from '../infra/store.js';
import { createWalker } from './walk.js';
import { smsGatewayFor } from '../infra/sms.js';

/**
 * `npm run demo`, beside a running `npm start`: walks one on-site and one online application through every
 * step as the demo operators would, and prints what happened. The platform's own workers do the service tasks.
 */
async function main() {
  const config = loadConfig();
  const log = pino({ level: 'warn' });
  let engine: Awaited<ReturnType<typeof createEngine>> | undefined;
  const say = (line: string) => process.stdout.write(`${line}\n`);
  try {
    await connectStore(config.store.uri, log);
    // the same store as the running platform: commands go to the instances kept there; its workers do the jobs
    engine = await createEngine(config, log);
    const services = createDomainServices({ engine: engine.port, config, log, sms: smsGatewayFor(config.sms) });
    const running = engine;
    running.port.onEvent(async (event) => { await services.engineEvents.apply(event); });
    const walk = createWalker(services);

    say('现场办证 On-site certificate: 独生子女父母光荣证 at 滨湖社区');
    const onsite = await walk.file('DSZN', 'COM-BINHU', { missing: ['结婚证'] });
    say(`  filed ${onsite.applicationNumber} (missing: ${onsite.missingMaterials.join(', ')})`);
    await walk.act(onsite.applicationNumber, 'accept', 'binhu.acceptor', { decision: 'not-accepted', missingMaterials: ['结婚证（原件及复印件）'] });
    const waiting = await walk.applicationWhere(onsite.applicationNumber, 'the supplement notice', (a) => a.status === 'supplement-requested');
    say(`  not accepted; supplement notice: ${waiting.supplementNotice!.text}`);
    await services.applications.receiveSupplement(onsite.applicationNumber, [{ name: '结婚证', provided: true }], await services.now());
    say('  supplement received');
    const accept = await walk.act(onsite.applicationNumber, 'accept', 'binhu.acceptor', { decision: 'accepted' });
    const derivation = (await services.stepDeadlines.get(accept.deadlineId!))!.derivation as DeadlineDerivation;
    say(`  accepted by binhu.acceptor; the accept step's deadline:\n${derivation.explanation.map((l) => `      ${l}`).join('\n')}`);
    await walk.act(onsite.applicationNumber, 'review', 'health.reviewer', { decision: 'approved' });
    say('  reviewed by health.reviewer');
    await walk.act(onsite.applicationNumber, 'decide', 'health.decider', { decision: 'approved' });
    say('  decided by health.decider');
    await walk.act(onsite.applicationNumber, 'close', 'binhu.closer', { handover: 'in-person' });
    const closed = await walk.applicationWhere(onsite.applicationNumber, 'the case to close', (a) => a.status === 'closed');
    say(`  closed: ${closed.outcome}, print serial ${closed.printSerial}, certificate ${closed.documentNumber}`);

    say('网上申请 Online application: 残疾人证 at 杜山村, by courier');
    const online = await walk.file('CJRZ', 'COM-DUSHAN', { channel: 'online' });
    say(`  filed ${online.applicationNumber}`);
    await walk.act(online.applicationNumber, 'accept', 'dushan.acceptor', { decision: 'accepted' });
    await walk.act(online.applicationNumber, 'approve', 'dpf.approver', { decision: 'approved' });
    await walk.act(online.applicationNumber, 'verify', 'dpf.verifier', { result: 'match' });
    await walk.act(online.applicationNumber, 'issue', 'dushan.closer', { method: 'courier', courierTrackingNumber: 'SF1000000001' });
    const issued = await walk.applicationWhere(online.applicationNumber, 'the case to close', (a) => a.status === 'closed');
    say(`  accepted, approved, verified, issued by courier: ${issued.outcome}, certificate ${issued.documentNumber}`);
    for (const n of await services.notifications.of(online.applicationNumber)) say(`  notice to ${n.to}: ${n.text}`);
  } catch (err) {
    log.fatal({ err }, 'the demo failed (is `npm start` running?)');
    process.exitCode = 1;
  } finally {
    await engine?.port.close();
    await disconnectStore();
  }
}

void main();
