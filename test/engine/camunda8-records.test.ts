import { expect } from 'chai';
import Fastify from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { EngineEvent } from '../../domain/engine/engine.port.js';
import { toEngineEvent, type ZeebeRecord } from '../../infra/engine/camunda8/zeebe-records.js';
import { toListenerEvent, type TaskListenerJob } from '../../infra/engine/camunda8/task-listener.js';
import fastifySwagger from '@fastify/swagger';
import { DEPRECATED_ENGINE_RECORDS_PATH, ENGINE_RECORDS_PATH, engineEventRoutes } from '../../api/routes/engine-events/index.js';

/**
 * Unit tests of the Camunda 8 adapter's readers: no cluster, no store, no platform (run alone with
 * `npx mocha --no-config --node-option import=tsx test/engine/camunda8-records.test.ts`).
 * The records are shaped as a Zeebe 8.8 broker's `record.toJson()`, with the keys as the engine-events route reads
 * them (strings). Partition 5 keys start at 5 << 51, above 2^53, so they only survive as strings.
 */

const PI = '11258999068426247'; // process instance on partition 5
const UT = '11258999068426263'; // user task
const EI = '11258999068426260'; // the user task's element instance

function userTaskRecord(intent: string, over: Record<string, unknown> = {}): ZeebeRecord {
  return {
    partitionId: 5,
    value: {
      assignee: '', candidateGroupsList: ['window-staff:BH-01'], candidateUsersList: [], dueDate: '', followUpDate: '', formKey: '-1',
      elementId: 'accept', elementInstanceKey: EI, bpmnProcessId: 'residence-permit', processDefinitionVersion: 3,
      processDefinitionKey: '11258999068426241', processInstanceKey: PI, userTaskKey: UT,
      customHeaders: { step: 'accept', post: 'window-staff' }, variables: {}, changedAttributes: [], action: '', externalFormReference: '',
      tenantId: '<default>', priority: 50, creationTimestamp: 1751283600123, deniedReason: '', tags: [],
      ...over,
    },
    key: UT, timestamp: 1751283600123, valueType: 'USER_TASK', brokerVersion: '8.8.0', recordType: 'EVENT', sourceRecordPosition: '4411',
    intent, rejectionType: 'NULL_VAL', rejectionReason: '', authorizations: {}, recordVersion: 1, operationReference: -1, position: '4412',
    batchOperationReference: -1,
  } as ZeebeRecord;
}

function incidentRecord(intent: string): ZeebeRecord {
  return {
    partitionId: 5,
    value: {
      errorType: 'JOB_NO_RETRIES', errorMessage: 'the archive answered 503', bpmnProcessId: 'residence-permit', processDefinitionKey: '11258999068426241',
      processInstanceKey: PI, elementId: 'archive', elementInstanceKey: '11258999068426301', jobKey: '11258999068426305', variableScopeKey: '11258999068426301',
      tenantId: '<default>', elementInstancePath: [], processDefinitionPath: [], callingElementPath: [],
    },
    key: '11258999068426310', timestamp: 1751283700000, valueType: 'INCIDENT', brokerVersion: '8.8.0', recordType: 'EVENT', sourceRecordPosition: '5000',
    intent, rejectionType: 'NULL_VAL', rejectionReason: '', authorizations: {}, recordVersion: 1, operationReference: -1, position: '5001',
  } as ZeebeRecord;
}

function processInstanceRecord(intent: string, bpmnElementType = 'SERVICE_TASK'): ZeebeRecord {
  return {
    partitionId: 5,
    value: {
      bpmnElementType, elementId: 'archive', bpmnProcessId: 'residence-permit', version: 3, processDefinitionKey: '11258999068426241',
      processInstanceKey: PI, flowScopeKey: PI, bpmnEventType: 'UNSPECIFIED', parentProcessInstanceKey: '-1', parentElementInstanceKey: '-1',
      tenantId: '<default>', elementInstancePath: [], processDefinitionPath: [], callingElementPath: [],
    },
    key: '11258999068426301', timestamp: 1751283650000, valueType: 'PROCESS_INSTANCE', brokerVersion: '8.8.0', recordType: 'EVENT',
    sourceRecordPosition: '4800', intent, rejectionType: 'NULL_VAL', rejectionReason: '', authorizations: {}, recordVersion: 1, operationReference: -1, position: '4801',
  } as ZeebeRecord;
}

function timerRecord(intent: string, over: Record<string, unknown> = {}): ZeebeRecord {
  return {
    partitionId: 5,
    value: {
      elementInstanceKey: '11258999068426320', processInstanceKey: PI, dueDate: 1751889600000, targetElementId: 'deadline-passed',
      repetitions: 1, processDefinitionKey: '11258999068426241', tenantId: '<default>', ...over,
    },
    key: '11258999068426322', timestamp: 1751889600417, valueType: 'TIMER', brokerVersion: '8.8.0', recordType: 'EVENT', sourceRecordPosition: '7000',
    intent, rejectionType: 'NULL_VAL', rejectionReason: '', authorizations: {}, recordVersion: 1, operationReference: -1, position: '7001',
  } as ZeebeRecord;
}

describe('Camunda 8 records → engine events (toEngineEvent)', () => {
  describe('USER_TASK', () => {
    it('CREATED becomes user-task.created with the task, its groups and headers', () => {
      const e = toEngineEvent(userTaskRecord('CREATED'))!;
      expect(e).to.deep.equal({
        key: '5-4412', kind: 'user-task.created', seq: 4412, at: new Date(1751283600123),
        processInstanceKey: PI, processId: 'residence-permit', processVersion: 3,
        elementId: 'accept', elementType: 'USER_TASK', elementInstanceKey: EI,
        userTask: { key: UT, assignee: null, candidateGroups: ['window-staff:BH-01'], headers: { step: 'accept', post: 'window-staff' } },
      } satisfies EngineEvent);
    });

    it('ASSIGNED carries the assignee; an empty assignee (unassigned) is null', () => {
      const assigned = toEngineEvent(userTaskRecord('ASSIGNED', { assignee: 'binhu.acceptor', action: 'claim', changedAttributes: ['assignee'] }))!;
      expect(assigned.kind).to.equal('user-task.assigned');
      expect(assigned.userTask?.assignee).to.equal('binhu.acceptor');
      const unassigned = toEngineEvent(userTaskRecord('ASSIGNED', { assignee: '', action: 'unassign' }))!;
      expect(unassigned.kind).to.equal('user-task.assigned');
      expect(unassigned.userTask?.assignee).to.equal(null);
    });

    it('COMPLETED and CANCELED become user-task.completed and user-task.canceled', () => {
      expect(toEngineEvent(userTaskRecord('COMPLETED', { assignee: 'binhu.acceptor' }))).to.include({ kind: 'user-task.completed', key: '5-4412' });
      expect(toEngineEvent(userTaskRecord('CANCELED'))).to.include({ kind: 'user-task.canceled' });
    });

    it('the other intents (CREATING, ASSIGNING, UPDATED, COMPLETION_DENIED, MIGRATED…) give null', () => {
      for (const intent of ['CREATING', 'ASSIGNING', 'CLAIMING', 'UPDATING', 'UPDATED', 'COMPLETING', 'CANCELING', 'COMPLETION_DENIED', 'ASSIGNMENT_DENIED', 'CORRECTED', 'MIGRATED']) {
        expect(toEngineEvent(userTaskRecord(intent)), intent).to.equal(null);
      }
    });

    it('keys read as numbers (a lossy reader) still come out as strings', () => {
      const r = userTaskRecord('CREATED');
      const numeric = { ...r, position: 4412, value: { ...r.value, userTaskKey: 2251799813685263, processInstanceKey: 2251799813685250, elementInstanceKey: 2251799813685260 } } as ZeebeRecord;
      const e = toEngineEvent(numeric)!;
      expect(e).to.include({ key: '5-4412', seq: 4412, processInstanceKey: '2251799813685250', elementInstanceKey: '2251799813685260' });
      expect(e.userTask?.key).to.equal('2251799813685263');
    });
  });

  describe('INCIDENT', () => {
    it('CREATED becomes incident.raised with the incident key, error type and message', () => {
      expect(toEngineEvent(incidentRecord('CREATED'))).to.deep.equal({
        key: '5-5001', kind: 'incident.raised', seq: 5001, at: new Date(1751283700000),
        processInstanceKey: PI, processId: 'residence-permit', processVersion: null,
        elementId: 'archive', elementType: null, elementInstanceKey: '11258999068426301',
        incident: { key: '11258999068426310', errorType: 'JOB_NO_RETRIES', message: 'the archive answered 503' },
      } satisfies EngineEvent);
    });

    it('RESOLVED becomes incident.resolved; MIGRATED gives null', () => {
      expect(toEngineEvent(incidentRecord('RESOLVED'))).to.deep.include({ kind: 'incident.resolved', incident: { key: '11258999068426310', errorType: 'JOB_NO_RETRIES', message: 'the archive answered 503' } });
      expect(toEngineEvent(incidentRecord('MIGRATED'))).to.equal(null);
    });
  });

  describe('PROCESS_INSTANCE', () => {
    it('ELEMENT_ACTIVATED becomes element.activated: the element type, the version, the record key as element instance', () => {
      expect(toEngineEvent(processInstanceRecord('ELEMENT_ACTIVATED'))).to.deep.equal({
        key: '5-4801', kind: 'element.activated', seq: 4801, at: new Date(1751283650000),
        processInstanceKey: PI, processId: 'residence-permit', processVersion: 3,
        elementId: 'archive', elementType: 'SERVICE_TASK', elementInstanceKey: '11258999068426301',
      } satisfies EngineEvent);
    });

    it('ELEMENT_COMPLETED and ELEMENT_TERMINATED become element.completed and element.terminated', () => {
      expect(toEngineEvent(processInstanceRecord('ELEMENT_COMPLETED', 'BOUNDARY_EVENT'))).to.include({ kind: 'element.completed', elementType: 'BOUNDARY_EVENT' });
      expect(toEngineEvent(processInstanceRecord('ELEMENT_TERMINATED', 'PROCESS'))).to.include({ kind: 'element.terminated', elementType: 'PROCESS' });
    });

    it('the other intents give null', () => {
      for (const intent of ['ELEMENT_ACTIVATING', 'ELEMENT_COMPLETING', 'ELEMENT_TERMINATING', 'SEQUENCE_FLOW_TAKEN', 'ELEMENT_MIGRATED', 'ANCESTOR_MIGRATED']) {
        expect(toEngineEvent(processInstanceRecord(intent)), intent).to.equal(null);
      }
    });
  });

  describe('TIMER', () => {
    it('TRIGGERED becomes timer.fired at the target element, with its due date', () => {
      expect(toEngineEvent(timerRecord('TRIGGERED'))).to.deep.equal({
        key: '5-7001', kind: 'timer.fired', seq: 7001, at: new Date(1751889600417),
        processInstanceKey: PI, processId: '', processVersion: null,
        elementId: 'deadline-passed', elementType: null, elementInstanceKey: '11258999068426320',
        timer: { dueAt: new Date(1751889600000) },
      } satisfies EngineEvent);
    });

    it('a timer start event has no instance yet: its element instance is null', () => {
      const e = toEngineEvent(timerRecord('TRIGGERED', { processInstanceKey: '-1', elementInstanceKey: '-1', targetElementId: 'nightly' }))!;
      expect(e).to.include({ kind: 'timer.fired', processInstanceKey: '-1', elementInstanceKey: null, elementId: 'nightly' });
    });

    it('CREATED, CANCELED and MIGRATED give null', () => {
      for (const intent of ['CREATED', 'CANCELED', 'MIGRATED']) expect(toEngineEvent(timerRecord(intent)), intent).to.equal(null);
    });
  });

  describe('everything else', () => {
    it('other value types give null', () => {
      for (const valueType of ['JOB', 'VARIABLE', 'MESSAGE', 'DEPLOYMENT', 'PROCESS_MESSAGE_SUBSCRIPTION', 'ERROR']) {
        expect(toEngineEvent({ ...userTaskRecord('CREATED'), valueType }), valueType).to.equal(null);
      }
    });

    it('commands and rejections give null', () => {
      expect(toEngineEvent({ ...userTaskRecord('ASSIGN'), recordType: 'COMMAND' })).to.equal(null);
      expect(toEngineEvent({ ...incidentRecord('CREATED'), recordType: 'COMMAND_REJECTION' })).to.equal(null);
    });

    it('the same position on two partitions gives two keys; without partitionId the key\'s partition bits say it', () => {
      const p1 = toEngineEvent({ ...processInstanceRecord('ELEMENT_ACTIVATED'), partitionId: 1, key: '2251799813685301' })!;
      const p5 = toEngineEvent(processInstanceRecord('ELEMENT_ACTIVATED'))!;
      expect(p1.key).to.equal('1-4801');
      expect(p5.key).to.equal('5-4801');
      const noPartition = processInstanceRecord('ELEMENT_ACTIVATED');
      delete noPartition.partitionId;
      expect(toEngineEvent(noPartition)?.key).to.equal('5-4801');
    });
  });
});

describe('Camunda 8 user task listener jobs → engine events (toListenerEvent)', () => {
  const at = new Date('2025-06-30T12:00:00Z');
  // a job of the 8.8 REST activation answer; the headers merge the task's headers with the reserved ones
  const job = (listenerEventType: string, over: Partial<TaskListenerJob> = {}): TaskListenerJob => ({
    jobKey: '11258999068426400', type: 'platform-user-task-listener', kind: 'TASK_LISTENER', listenerEventType,
    processInstanceKey: PI, processDefinitionId: 'residence-permit', processDefinitionVersion: 3, elementId: 'accept', elementInstanceKey: EI,
    customHeaders: {
      step: 'accept', post: 'window-staff',
      'io.camunda.zeebe:userTaskKey': UT, 'io.camunda.zeebe:candidateGroups': '["window-staff:BH-01"]', 'io.camunda.zeebe:assignee': '',
    },
    userTask: { userTaskKey: UT, assignee: null, candidateGroups: ['window-staff:BH-01'] },
    ...over,
  });

  it('CREATING becomes user-task.created; reserved headers are left out of the task headers', () => {
    expect(toListenerEvent(job('CREATING'), at)).to.deep.equal({
      key: 'listener-11258999068426400', kind: 'user-task.created', seq: Number(11258999068426400n & ((1n << 51n) - 1n)), at,
      processInstanceKey: PI, processId: 'residence-permit', processVersion: 3, elementId: 'accept', elementType: 'USER_TASK', elementInstanceKey: EI,
      userTask: { key: UT, assignee: null, candidateGroups: ['window-staff:BH-01'], headers: { step: 'accept', post: 'window-staff' } },
    } satisfies EngineEvent);
  });

  it('ASSIGNING, COMPLETING, CANCELING map to assigned, completed, canceled; seq rises with the job key', () => {
    const assigned = toListenerEvent(job('ASSIGNING', { jobKey: '11258999068426410', userTask: { userTaskKey: UT, assignee: 'binhu.acceptor', candidateGroups: ['window-staff:BH-01'] } }), at)!;
    expect(assigned).to.include({ kind: 'user-task.assigned' });
    expect(assigned.userTask?.assignee).to.equal('binhu.acceptor');
    expect(assigned.seq).to.be.greaterThan(toListenerEvent(job('CREATING'), at)!.seq);
    expect(toListenerEvent(job('COMPLETING'), at)).to.include({ kind: 'user-task.completed' });
    expect(toListenerEvent(job('CANCELING'), at)).to.include({ kind: 'user-task.canceled' });
  });

  it('without the userTask property, reads the reserved headers', () => {
    const e = toListenerEvent(job('ASSIGNING', {
      userTask: undefined,
      customHeaders: { step: 'accept', 'io.camunda.zeebe:userTaskKey': UT, 'io.camunda.zeebe:assignee': 'binhu.acceptor', 'io.camunda.zeebe:candidateGroups': '["window-staff:BH-01","leader:BH-01"]' },
    }), at)!;
    expect(e.userTask).to.deep.equal({ key: UT, assignee: 'binhu.acceptor', candidateGroups: ['window-staff:BH-01', 'leader:BH-01'], headers: { step: 'accept' } });
  });

  it('UPDATING and jobs that are not task listeners\' give null; a job without an event type throws', () => {
    expect(toListenerEvent(job('UPDATING'), at)).to.equal(null);
    expect(toListenerEvent(job('CREATING', { kind: 'BPMN_ELEMENT' }), at)).to.equal(null);
    expect(() => toListenerEvent(job('', { listenerEventType: undefined }), at)).to.throw(/names no listener event type/);
  });
});

describe('POST /internal/engine/records (Self-Managed engine-records exporter route)', () => {
  async function appWith(apply: (e: EngineEvent) => Promise<'applied' | 'ignored' | 'not-ours'>) {
    const app = Fastify().withTypeProvider<TypeBoxTypeProvider>();
    await app.register(engineEventRoutes, { apply, token: 'exporter-secret' });
    return app;
  }
  const post = (app: Awaited<ReturnType<typeof appWith>>, body: string, token = 'exporter-secret', url = ENGINE_RECORDS_PATH) =>
    app.inject({ method: 'POST', url, headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, payload: body });
  // as the broker writes it: keys as JSON numbers, above 2^53
  const asBrokerWritesIt = (record: ZeebeRecord) => JSON.stringify(record).replace(/"(key|position|sourceRecordPosition|userTaskKey|processInstanceKey|elementInstanceKey|processDefinitionKey|formKey)":"(-?\d+)"/g, '"$1":$2');

  it('reads the exporter\'s JSON with its 64-bit keys intact and hands the event to apply', async () => {
    const seen: EngineEvent[] = [];
    const app = await appWith(async (e) => { seen.push(e); return 'applied'; });
    const raw = asBrokerWritesIt(userTaskRecord('CREATED'));
    expect(raw).to.contain(`"userTaskKey":${UT}`);
    const res = await post(app, raw);
    expect(res.statusCode).to.equal(200);
    expect(res.json()).to.deep.equal({ result: 'applied' });
    expect(seen).to.have.length(1);
    expect(seen[0]).to.include({ key: '5-4412', kind: 'user-task.created', processInstanceKey: PI });
    expect(seen[0].userTask?.key).to.equal(UT);
    await app.close();
  });

  it('takes all four record types it is named for: user task, incident, element and timer', async () => {
    const seen: EngineEvent[] = [];
    const app = await appWith(async (e) => { seen.push(e); return 'applied'; });
    for (const record of [userTaskRecord('CREATED'), incidentRecord('CREATED'), processInstanceRecord('ELEMENT_COMPLETED'), timerRecord('TRIGGERED')]) {
      const res = await post(app, asBrokerWritesIt(record));
      expect(res.statusCode, `${record.valueType}: ${res.body}`).to.equal(200);
    }
    expect(seen.map((e) => e.kind)).to.deep.equal(['user-task.created', 'incident.raised', 'element.completed', 'timer.fired']);
    await app.close();
  });

  it('answers "ignored" for records the platform does not follow and for tasks that are not ours', async () => {
    const app = await appWith(async () => 'not-ours');
    expect((await post(app, JSON.stringify(userTaskRecord('ASSIGNING')))).json()).to.deep.equal({ result: 'ignored' });
    expect((await post(app, JSON.stringify(userTaskRecord('CREATED')))).json()).to.deep.equal({ result: 'ignored' });
    await app.close();
  });

  it('refuses a wrong token', async () => {
    let called = false;
    const app = await appWith(async () => { called = true; return 'applied'; });
    for (const url of [ENGINE_RECORDS_PATH, DEPRECATED_ENGINE_RECORDS_PATH]) {
      const res = await post(app, JSON.stringify(userTaskRecord('CREATED')), 'wrong', url);
      expect(res.statusCode, url).to.not.equal(200);
    }
    expect(called).to.equal(false);
    await app.close();
  });

  it('still answers at the old URL, /internal/engine/user-task-events, for an exporter configured before the rename, and says it is deprecated', async () => {
    const seen: EngineEvent[] = [];
    const app = await appWith(async (e) => { seen.push(e); return 'applied'; });
    expect(DEPRECATED_ENGINE_RECORDS_PATH).to.equal('/internal/engine/user-task-events');
    const res = await post(app, asBrokerWritesIt(incidentRecord('CREATED')), 'exporter-secret', DEPRECATED_ENGINE_RECORDS_PATH);
    expect(res.statusCode).to.equal(200);
    expect(res.json()).to.deep.equal({ result: 'applied' });
    expect(res.headers).to.include({ deprecation: 'true', link: '</internal/engine/records>; rel="successor-version"' });
    expect(seen.map((e) => e.kind)).to.deep.equal(['incident.raised']);
    expect((await post(app, asBrokerWritesIt(incidentRecord('CREATED')))).headers).to.not.have.property('deprecation');
    await app.close();
  });

  it('documents both in the OpenAPI document, the old URL as deprecated', async () => {
    const app = Fastify().withTypeProvider<TypeBoxTypeProvider>();
    await app.register(fastifySwagger, { openapi: { openapi: '3.0.3', info: { title: 't', version: '0' } } });
    await app.register(engineEventRoutes, { apply: async () => 'applied', token: 'exporter-secret' });
    await app.ready();
    const paths = (app.swagger() as { paths: Record<string, { post: { deprecated?: boolean; summary: string } }> }).paths;
    expect(paths[ENGINE_RECORDS_PATH]?.post.deprecated).to.equal(undefined);
    expect(paths[DEPRECATED_ENGINE_RECORDS_PATH]?.post).to.include({ deprecated: true });
    expect(paths[DEPRECATED_ENGINE_RECORDS_PATH]!.post.summary).to.include(ENGINE_RECORDS_PATH);
    await app.close();
  });
});
