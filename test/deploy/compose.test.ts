import { readFileSync } from 'node:fs';
import { expect } from 'chai';
import { parse } from 'yaml';
import { ENGINE_VERSION } from '../../local/engine.js';

interface Service {
  image?: string;
  build?: { context: string; target: string };
  environment?: Record<string, string>;
  volumes?: string[];
  ports?: string[];
  profiles?: string[];
  container_name?: string;
  depends_on?: Record<string, unknown> | string[];
}

// No Docker engine runs here, so the production file is checked by reading it.
describe('docker-compose.yml: one production host', () => {
  const compose = parse(readFileSync('docker-compose.yml', 'utf8'), { merge: true }) as { services: Record<string, Service>; volumes: Record<string, unknown> };
  const overlay = parse(readFileSync('docker-compose.operate.yml', 'utf8')) as { services: Record<string, Service> };
  const dockerfile = readFileSync('Dockerfile', 'utf8');
  const s = compose.services;

  it('runs the engine, the store, api, workers and the UI by default', () => {
    const always = Object.entries(s).filter(([, svc]) => !svc.profiles).map(([name]) => name);
    expect(always).to.have.members(['zeebe', 'mongodb', 'api', 'workers', 'ui']);
  });

  it('pins every image to a version, the engine to the one run locally', () => {
    for (const [name, svc] of Object.entries(s)) {
      expect(svc.image, name).to.match(/:[0-9][\w.-]*$/, `${name} must pin its image`);
      expect(svc.image, name).to.not.match(/:latest$/);
    }
    // our engine image is the release we run locally plus the task-events exporter
    expect(dockerfile).to.include(`FROM camunda/zeebe:${ENGINE_VERSION} AS zeebe`);
    expect(s.zeebe!.image).to.equal(`gov-services/zeebe:${ENGINE_VERSION}`);
    expect(s.operate!.image).to.equal(`camunda/operate:${ENGINE_VERSION}`);
  });

  it('keeps engine and store data in named volumes', () => {
    expect(s.zeebe!.volumes).to.include('zeebe-data:/usr/local/zeebe/data');
    expect(s.mongodb!.volumes).to.include('mongodb-data:/data/db');
    expect(compose.volumes).to.have.keys('zeebe-data', 'mongodb-data', 'elasticsearch-data');
  });

  it('wires api and workers to the engine and the store by service name', () => {
    for (const name of ['api', 'workers']) {
      const env = s[name]!.environment!;
      expect(env.MONGODB_URI, name).to.equal('mongodb://mongodb:27017/gov_services');
      expect(env.ZEEBE_GRPC_ADDRESS, name).to.equal('zeebe:26500');
      expect(env.ZEEBE_REST_ADDRESS, name).to.equal('http://zeebe:8080');
      expect(env.JWT_KEYS, `${name} gets the token signing keys`).to.match(/^\$\{JWT_KEYS:\?/);
      expect(s[name]!.depends_on, name).to.include.keys('zeebe', 'mongodb');
    }
  });

  it('sends user-task events from the engine to the API with the shared secret', () => {
    const env = s.zeebe!.environment!;
    expect(env.ZEEBE_BROKER_EXPORTERS_TASKEVENTS_CLASSNAME).to.equal('platform.exporter.TaskEventsExporter');
    expect(env.ZEEBE_BROKER_EXPORTERS_TASKEVENTS_ARGS_URL).to.equal('http://api:3000/internal/engine/user-task-events');
    expect(env.ZEEBE_BROKER_EXPORTERS_TASKEVENTS_ARGS_TOKEN).to.match(/^\$\{ENGINE_EVENTS_TOKEN:\?/);
    expect(s.api!.environment!.ENGINE_EVENTS_TOKEN).to.equal(env.ZEEBE_BROKER_EXPORTERS_TASKEVENTS_ARGS_TOKEN);
  });

  it('lets workers scale: no fixed container name, no host port', () => {
    expect(s.workers!.container_name).to.equal(undefined);
    expect(s.workers!.ports).to.equal(undefined);
  });

  it('builds api, workers and ui from targets the Dockerfile defines', () => {
    for (const name of ['zeebe', 'api', 'workers', 'ui']) {
      const target = s[name]!.build!.target;
      expect(dockerfile, name).to.match(new RegExp(`^FROM \\S+ AS ${target}$`, 'm'));
    }
  });

  it('puts Elasticsearch and Operate behind the operate profile, with the exporter in the overlay', () => {
    expect(s.elasticsearch!.profiles).to.deep.equal(['operate']);
    expect(s.operate!.profiles).to.deep.equal(['operate']);
    expect(overlay.services.zeebe!.environment!.ZEEBE_BROKER_EXPORTERS_ELASTICSEARCH_ARGS_URL).to.equal('http://elasticsearch:9200');
  });
});
