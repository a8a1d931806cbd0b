/**
 * Pipelines of busybox shells that really pass data over the pipeline network: `source` serves
 * a payload with httpd; `upper` fetches it from FLOWCTL_INPUTS with wget and serves it in upper
 * case; `sink` fetches that and writes /tmp/result.
 */

const health = (port: number) => ({ http: '/data', port, interval: '1s', timeout: '1s', retries: 30 });

export interface DataPipelineOptions {
  readonly payload?: string;
  /** Extra env of `upper` (changing it changes only that component). */
  readonly upperEnv?: Record<string, string>;
  readonly withSink?: boolean;
  /** Host port published by `source`. */
  readonly sourceHostPort?: number;
  readonly sourceImage?: string;
}

export function dataPipeline(name: string, image: string, o: DataPipelineOptions = {}) {
  const sink = {
    id: 'sink',
    image,
    inputs: ['upper'],
    input_event_types: ['text.upper.v1'],
    command: [
      'sh',
      '-c',
      'until wget -q -O /tmp/part "http://$FLOWCTL_INPUTS/data"; do sleep 0.2; done; mv /tmp/part /tmp/result; exec sleep 3600',
    ],
  };
  return {
    apiVersion: 'flowctl/v1',
    kind: 'Pipeline',
    metadata: { name },
    spec: {
      sources: [
        {
          id: 'source',
          image: o.sourceImage ?? image,
          command: [
            'sh',
            '-c',
            'mkdir -p /www && printf %s "$PAYLOAD" > /www/data && exec httpd -f -p 8080 -h /www',
          ],
          env: { PAYLOAD: o.payload ?? 'hello from source' },
          ports: [
            {
              name: 'http',
              containerPort: 8080,
              ...(o.sourceHostPort ? { hostPort: o.sourceHostPort } : {}),
            },
          ],
          health: health(8080),
          output_event_types: ['text.v1'],
        },
      ],
      processors: [
        {
          id: 'upper',
          image,
          inputs: ['source'],
          input_event_types: ['text.v1'],
          output_event_types: ['text.upper.v1'],
          command: [
            'sh',
            '-c',
            'mkdir -p /www && until wget -q -O /tmp/in "http://$FLOWCTL_INPUTS/data"; do sleep 0.2; done; tr a-z A-Z < /tmp/in > /www/data && exec httpd -f -p 8081 -h /www',
          ],
          ...(o.upperEnv ? { env: o.upperEnv } : {}),
          ports: [{ name: 'http', containerPort: 8081 }],
          health: health(8081),
        },
      ],
      sinks: o.withSink === false ? [] : [sink],
    },
  };
}

/** One source that prints its secret and a message, then exits with code 3. */
export function failingPipeline(name: string, image: string, secretEnv: string) {
  return {
    apiVersion: 'flowctl/v1',
    kind: 'Pipeline',
    metadata: { name },
    spec: {
      sources: [
        {
          id: 'broken',
          image,
          command: ['sh', '-c', 'echo "token is $TOKEN"; echo "cannot open the input" >&2; exit 3'],
          restart_policy: 'no',
          secrets: [{ name: 'token', from_env: secretEnv, env: 'TOKEN' }],
        },
      ],
    },
  };
}
