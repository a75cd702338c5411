import { readFileSync } from 'node:fs';
import { expect } from 'chai';
import { auditEntries, call, login } from '../support/api.js';
import { uniqueKey } from '../support/platform.js';

const onsite = readFileSync('processes/onsite-certificate.bpmn', 'utf8');
/** The on-site model under a process id of its own, so its drafts touch nothing else. */
const modelOf = (processId: string, note: string) => onsite.split('"onsite-certificate"').join(`"${processId}"`).replace('</bpmn:definitions>', `<!-- ${note} --></bpmn:definitions>`);
type Listed = { processId: string; running: unknown; versions: { version: number; deployed: boolean; archived: { by: string; reason: string } | null }[]; archivedVersions: number };

describe('api: archiving drafts keeps the list short and the history whole', function () {
  this.timeout(120_000);

  it('archives a never-deployed draft out of the list, shows it on request, restores it; a deployed version stays', async () => {
    const owner = await login('owner.health');
    const processId = uniqueKey('draft').toLowerCase().replace(/[^a-z0-9-]/g, '-');
    const save = async (note: string) => {
      const res = await call('POST', '/api/processes', { token: owner, body: { xml: modelOf(processId, note), comment: note } });
      expect(res.statusCode, res.body).to.equal(201);
      return res.json().version as number;
    };
    const [v1, v2] = [await save('first try'), await save('second try')];
    expect((await call('POST', `/api/processes/${processId}/versions/${v2}/deploy`, { token: owner })).statusCode).to.equal(200);
    const listed = async (archived = false) => ((await call('GET', `/api/processes${archived ? '?archived=true' : ''}`, { token: owner })).json().processes as Listed[]).find((p) => p.processId === processId);

    const archived = await call('POST', `/api/processes/${processId}/versions/${v1}/archive`, { token: owner, body: { reason: '试验稿，不再使用' } });
    expect(archived.statusCode, archived.body).to.equal(204);
    const short = (await listed())!;
    expect(short.versions.map((v) => v.version)).to.deep.equal([v2]);
    expect(short.archivedVersions).to.equal(1);
    const full = (await listed(true))!;
    expect(full.versions.map((v) => [v.version, v.deployed, v.archived?.reason ?? null])).to.deep.equal([[v2, true, null], [v1, false, '试验稿，不再使用']]);
    // the archived draft is still there to read, and cannot be deployed until restored
    expect((await call('GET', `/api/processes/${processId}/versions/${v1}`, { token: owner })).statusCode).to.equal(200);
    const deploy = await call('POST', `/api/processes/${processId}/versions/${v1}/deploy`, { token: owner });
    expect(deploy.statusCode).to.equal(409);
    expect(deploy.json()).to.deep.include({ code: 'MODEL_VERSION_ARCHIVED' });
    expect(deploy.json().message.zh).to.include('已归档');

    const again = await call('POST', `/api/processes/${processId}/versions/${v1}/archive`, { token: owner, body: { reason: '再来一次' } });
    expect(again.statusCode).to.equal(409);
    const deployed = await call('POST', `/api/processes/${processId}/versions/${v2}/archive`, { token: owner, body: { reason: '不要了' } });
    expect(deployed.statusCode).to.equal(409);
    expect(deployed.json().code).to.equal('MODEL_VERSION_DEPLOYED');
    expect(deployed.json().message.zh).to.include('已部署过');

    expect((await call('POST', `/api/processes/${processId}/versions/${v1}/restore`, { token: owner })).statusCode).to.equal(204);
    expect((await listed())!.versions.map((v) => v.version)).to.deep.equal([v2, v1]);
    expect((await call('POST', `/api/processes/${processId}/versions/${v1}/restore`, { token: owner })).json().code).to.equal('MODEL_VERSION_NOT_ARCHIVED');

    const trail = await auditEntries({ target: `${processId}:${v1}` });
    expect(trail.map((e) => [e.action, e.actor.id])).to.deep.equal([['model.saved', 'owner.health'], ['model.archived', 'owner.health'], ['model.restored', 'owner.health']]);
    expect(trail[1]!.detail).to.deep.include({ reason: '试验稿，不再使用' });
  });

  it('lets only designers archive', async () => {
    const res = await call('POST', '/api/processes/onsite-certificate/versions/1/archive', { token: await login('supervisor'), body: { reason: '不要了' } });
    expect(res.statusCode).to.equal(403);
  });
});
