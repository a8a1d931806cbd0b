import { describe, it } from 'vitest';
import { expectDiagnostics, expectValid, yaml } from '../harness.js';

describe('inlined-secrets (FC3013)', () => {
  it('accepts references, file paths and secrets declared as such', async () => {
    await expectValid(yaml`
      apiVersion: flowctl/v1
      kind: Pipeline
      metadata: {name: p}
      spec:
        sources:
          - id: src
            image: s:1
            env:
              PASSWORD_FILE: /run/secrets/db
              KEY_PATH: ./keys/id
              DB_PASSWORD: /run/secrets/db-password
              LOG_LEVEL: debug
              API_TOKEN: ""
            secrets:
              - {name: db, host_path: /secrets/db, container_path: /run/secrets/db}
        sinks:
          - {id: sink, image: k:1, inputs: [src]}
    `);
  });

  it('warns about credentials written literally in env and config', async () => {
    await expectDiagnostics(
      yaml`
        apiVersion: flowctl/v1
        kind: Pipeline
        metadata: {name: p}
        spec:
          sources:
            - id: src
              image: s:1
              env:
                DB_PASSWORD: hunter2
                LOG_LEVEL: debug
              config:
                api_key: abc123
                secret_path: ./secrets/x
          sinks:
            - {id: sink, image: k:1, inputs: [src]}
      `,
      [
        "FC3013 9:22 'DB_PASSWORD' of 'src' looks like a secret written in the pipeline file; move it to 'secrets:'",
        "FC3013 12:18 'api_key' of 'src' looks like a secret",
      ],
    );
  });
});
