import { expect } from 'chai';
import { ESLint } from 'eslint';

// The build's lint step holds the arrows one way: api → domain ← workers.
async function problems(filePath: string, code: string): Promise<string[]> {
  const eslint = new ESLint();
  const [result] = await eslint.lintText(code, { filePath });
  return result!.messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

describe('lint: import direction', function () {
  this.timeout(30_000);

  it('refuses fastify, the engine SDK, api/ and workers/ inside domain/', async () => {
    const found = await problems('domain/sample/sample.service.ts', [
      "import Fastify from 'fastify';",
      "import { Camunda8 } from '@camunda8/sdk';",
      "import { buildApp } from '../../api/app.js';",
      "import { workers } from '../../workers/index.js';",
      'export const x = [Fastify, Camunda8, buildApp, workers];',
    ].join('\n'));
    expect(found).to.have.length(4);
  });

  it('refuses workers/ inside api/ and api/ inside workers/', async () => {
    expect(await problems('api/routes/sample/index.ts', "import { workers } from '../../../../workers/index.js';\nexport const x = workers;\n")).to.have.length(1);
    expect(await problems('workers/sample.worker.ts', "import { buildApp } from '../api/app.js';\nexport const x = buildApp;\n")).to.have.length(1);
  });

  it('lets only a repository import a mongoose model', async () => {
    const model = "import { TaskModel } from '../task/task.model.js';\nexport const x = TaskModel;\n";
    expect(await problems('domain/sample/sample.service.ts', model)).to.have.length(1);
    expect(await problems('domain/services.ts', model.replace('../task/', './task/'))).to.have.length(1);
    expect(await problems('api/routes/sample/index.ts', model.replace('../task/', '../../../domain/task/'))).to.have.length(1);
    expect(await problems('workers/sample.worker.ts', model.replace('../task/', '../domain/task/'))).to.have.length(1);
    expect(await problems('domain/task/task.repository.ts', model.replace('../task/', './'))).to.deep.equal([]);
    // a model file's constants and types are no model access
    const words = "import { AuditAction } from '../audit/audit-entry.model.js';\nimport type { Task } from '../task/task.model.js';\nexport const x: [unknown, Task | null] = [AuditAction, null];\n";
    expect(await problems('domain/sample/sample.service.ts', words)).to.deep.equal([]);
  });

  it('lets api/ and workers/ import the domain', async () => {
    const code = "import { DomainError } from '../domain/shared/domain-error.js';\nexport const x = DomainError;\n";
    expect(await problems('api/sample.ts', code)).to.deep.equal([]);
    expect(await problems('workers/sample.worker.ts', code)).to.deep.equal([]);
  });
});
