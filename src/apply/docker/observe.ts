import type Dockerode from 'dockerode';
import { type EngineReader, withFilters } from './engine.js';
import { isOwned, ownerFilter } from './names.js';

/** A container as listed by the daemon (owned or not). */
export interface SeenContainer {
  readonly id: string;
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  /** created, running, exited, restarting, paused, dead, removing. */
  readonly state: string;
  readonly status: string;
  readonly imageId: string;
  readonly publicPorts: readonly number[];
  readonly owned: boolean;
}

export interface SeenObject {
  readonly id: string;
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly owned: boolean;
}

/** What the daemon has that matters to one pipeline. Read-only; nothing is changed here. */
export interface ObservedState {
  /** Every container (to find owned ones, name clashes and published host ports). */
  readonly containers: readonly SeenContainer[];
  /** Networks owned by the pipeline, plus any network holding one of the wanted names. */
  readonly networks: readonly SeenObject[];
  /** Volumes owned by the pipeline, plus any volume holding one of the wanted names. */
  readonly volumes: readonly SeenObject[];
  /** Image reference → image id, for the images asked about; absent images are missing. */
  readonly images: ReadonlyMap<string, string>;
}

function seenContainer(c: Dockerode.ContainerInfo, pipeline: string): SeenContainer {
  const labels = c.Labels ?? {};
  return {
    id: c.Id,
    name: (c.Names?.[0] ?? '').replace(/^\//, ''),
    labels,
    state: c.State ?? '',
    status: c.Status ?? '',
    imageId: c.ImageID ?? '',
    publicPorts: (c.Ports ?? [])
      .map((p) => p.PublicPort)
      .filter((x): x is number => typeof x === 'number' && x > 0),
    owned: isOwned(labels, pipeline),
  };
}

async function imageId(engine: EngineReader, ref: string): Promise<string | undefined> {
  return (await engine.get<{ Id: string }>(`/images/${ref}/json`, true))?.Id;
}

async function volumeNamed(
  engine: EngineReader,
  name: string,
  pipeline: string,
): Promise<SeenObject | undefined> {
  const v = await engine.get<Dockerode.VolumeInspectInfo>(`/volumes/${encodeURIComponent(name)}`, true);
  return v && { id: v.Name, name: v.Name, labels: v.Labels ?? {}, owned: isOwned(v.Labels, pipeline) };
}

/**
 * Read the daemon: all containers, the pipeline's networks and volumes (by label, and by the
 * names it wants), and the ids of the images it will run. Requests run in parallel.
 */
export async function observe(
  engine: EngineReader,
  pipeline: string,
  want: { network?: string; volumes?: readonly string[]; images?: readonly string[] },
): Promise<ObservedState> {
  const filters = ownerFilter(pipeline);
  type Nets = Dockerode.NetworkInspectInfo[];
  const [containers, ownedNets, namedNets, ownedVols, namedVols, images] = await Promise.all([
    engine.get<Dockerode.ContainerInfo[]>('/containers/json?all=1').then((x) => x ?? []),
    engine.get<Nets>(withFilters('/networks', filters)).then((x) => x ?? []),
    want.network
      ? engine.get<Nets>(withFilters('/networks', { name: [want.network] })).then((x) => x ?? [])
      : [],
    engine
      .get<{ Volumes?: Dockerode.VolumeInspectInfo[] }>(withFilters('/volumes', filters))
      .then((x) => x ?? {}),
    Promise.all((want.volumes ?? []).map((v) => volumeNamed(engine, v, pipeline))),
    Promise.all((want.images ?? []).map(async (ref) => [ref, await imageId(engine, ref)] as const)),
  ]);
  const nets = new Map<string, SeenObject>();
  for (const n of [...ownedNets, ...namedNets.filter((n) => n.Name === want.network)])
    nets.set(n.Id, { id: n.Id, name: n.Name, labels: n.Labels ?? {}, owned: isOwned(n.Labels, pipeline) });
  const vols = new Map<string, SeenObject>();
  for (const v of ownedVols.Volumes ?? [])
    vols.set(v.Name, {
      id: v.Name,
      name: v.Name,
      labels: v.Labels ?? {},
      owned: isOwned(v.Labels, pipeline),
    });
  for (const v of namedVols) if (v) vols.set(v.name, v);
  return {
    containers: containers.map((c) => seenContainer(c, pipeline)),
    networks: [...nets.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)),
    volumes: [...vols.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)),
    images: new Map(images.filter((x): x is readonly [string, string] => x[1] !== undefined)),
  };
}
