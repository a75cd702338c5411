import { readFileSync } from 'node:fs';
import { expect } from 'chai';
import { parse } from 'yaml';

interface Service {
  image?: string;
  build?: { context: string; target: string };
  environment?: Record<string, string>;
  volumes?: string[];
  ports?: string[];
  profiles?: string[];
  container_name?: string;
  depends_on?: Record<string, unknown> | string[];
  networks?: Record<string, { aliases?: string[] }>;
}

// No Docker engine runs here, so the production file is checked by reading it.
describe('docker-compose.yml: two ways to run in production', () => {
  const compose = parse(readFileSync('docker-compose.yml', 'utf8'), { merge: true }) as { services: Record<string, Service>; volumes: Record<string, unknown> };
  const dockerfile = readFileSync('Dockerfile', 'utf8');
  const s = compose.services;
  const inProfile = (p: string) => Object.entries(s).filter(([, svc]) => svc.profiles?.includes(p)).map(([name]) => name);

  it('embedded: MongoDB, api, workers and the UI, with no engine service and no Camunda address', () => {
    expect(inProfile('embedded')).to.have.members(['mongodb', 'api', 'workers', 'ui']);
    for (const name of ['api', 'workers']) {
      const env = s[name]!.environment!;
      expect(env.MONGODB_URI, name).to.match(/^mongodb:\/\/mongodb:27017\/gov_services/);
      expect(env, name).to.not.have.any.keys('ZEEBE_GRPC_ADDRESS', 'ZEEBE_REST_ADDRESS');
      expect(env.JWT_KEYS, `${name} gets the token signing keys`).to.match(/^\$\{JWT_KEYS:\?/);
      expect(s[name]!.depends_on, name).to.have.keys('mongodb');
    }
  });

  it('camunda: the same images pointed at a cluster the operator brings, with its exporter secret', () => {
    expect(inProfile('camunda')).to.have.members(['mongodb', 'api-camunda', 'workers-camunda', 'ui']);
    for (const name of ['api-camunda', 'workers-camunda']) {
      const env = s[name]!.environment!;
      expect(env.ZEEBE_GRPC_ADDRESS, name).to.match(/^\$\{ZEEBE_GRPC_ADDRESS:\?/);
      expect(env.ZEEBE_REST_ADDRESS, name).to.match(/^\$\{ZEEBE_REST_ADDRESS:\?/);
      expect(env.ENGINE_EVENTS_TOKEN, name).to.match(/^\$\{ENGINE_EVENTS_TOKEN:\?/);
    }
    expect(s['api-camunda']!.image).to.equal(s.api!.image);
    expect(s['api-camunda']!.networks!.default!.aliases).to.include('api');
  });

  it('starts and builds no Camunda engine: no zeebe, operate or camunda image anywhere', () => {
    for (const [name, svc] of Object.entries(s)) {
      expect(svc.image ?? '', name).to.not.match(/camunda|zeebe|operate/i);
      expect(svc.image, name).to.match(/:[0-9][\w.-]*$/, `${name} must pin its image`);
    }
    expect(dockerfile).to.not.match(/FROM\s+camunda\//i);
  });

  it('runs MongoDB as a replica set and keeps its data in a named volume', () => {
    expect(s.mongodb!.volumes).to.include('mongodb-data:/data/db');
    expect(s.mongodb!.image).to.match(/^mongo:\d/);
    expect(JSON.stringify(s.mongodb)).to.include('--replSet');
    expect(compose.volumes).to.have.keys('mongodb-data');
  });

  it('lets workers scale: no fixed container name, no host port', () => {
    for (const name of ['workers', 'workers-camunda']) {
      expect(s[name]!.container_name).to.equal(undefined);
      expect(s[name]!.ports).to.equal(undefined);
    }
  });

  it('builds api, workers and ui from targets the Dockerfile defines', () => {
    for (const name of ['api', 'workers', 'ui', 'api-camunda', 'workers-camunda']) {
      const target = s[name]!.build!.target;
      expect(dockerfile, name).to.match(new RegExp(`^FROM \\S+ AS ${target}$`, 'm'));
    }
  });
});
