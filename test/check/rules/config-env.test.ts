import { describe, it } from 'vitest';
import { expectDiagnostics, expectValid, yaml } from '../harness.js';

describe('config-env (FC3018)', () => {
  it('accepts keys whose variables do not replace the process environment, and mapped ones', async () => {
    await expectValid(
      yaml`
        apiVersion: flowctl/v1
        kind: Pipeline
        metadata: {name: p}
        spec:
          sources:
            - id: src
              type: files@1.0.0
              config: {path: /data/in, home_dir: /tmp}
          sinks:
            - {id: sink, image: k:1, inputs: [src]}
      `,
      {
        registry:
          '- {name: files, version: "1.0.0", role: source, image: "f:1", env_mapping: {path: FILE_PATH}}\n',
      },
    );
  });

  it('warns when a config key would become PATH, HOME or LD_PRELOAD', async () => {
    await expectDiagnostics(
      yaml`
        apiVersion: flowctl/v1
        kind: Pipeline
        metadata: {name: p}
        spec:
          sources:
            - id: src
              image: s:1
              config:
                path: /data/in
                home: /srv
                ld-preload: x.so
                batch: 10
          sinks:
            - {id: sink, image: k:1, inputs: [src]}
      `,
      [
        "FC3018 9:9 config 'path' of 'src' reaches the component as the environment variable 'PATH', which replaces the process's own; map it to another name",
        "FC3018 10:9 config 'home' of 'src' … 'HOME'",
        "FC3018 11:9 config 'ld-preload' of 'src' … 'LD_PRELOAD'",
      ],
    );
  });
});
