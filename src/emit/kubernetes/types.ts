// The Kubernetes object shapes, from kubernetes-models (types only: erased at build time, so
// the emitter needs no runtime dependency; the compiler checks every field name we write).
export type { IDeployment } from 'kubernetes-models/apps/v1/Deployment';
export type { IHorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2/HorizontalPodAutoscaler';
export type { INetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1/NetworkPolicy';
export type { INetworkPolicyIngressRule } from 'kubernetes-models/networking.k8s.io/v1/NetworkPolicyIngressRule';
export type { IConfigMap } from 'kubernetes-models/v1/ConfigMap';
export type { IContainer } from 'kubernetes-models/v1/Container';
export type { IContainerPort } from 'kubernetes-models/v1/ContainerPort';
export type { IEnvVar } from 'kubernetes-models/v1/EnvVar';
export type { INamespace } from 'kubernetes-models/v1/Namespace';
export type { IPersistentVolumeClaim } from 'kubernetes-models/v1/PersistentVolumeClaim';
export type { IProbe } from 'kubernetes-models/v1/Probe';
export type { IResourceRequirements } from 'kubernetes-models/v1/ResourceRequirements';
export type { IService } from 'kubernetes-models/v1/Service';
export type { IServicePort } from 'kubernetes-models/v1/ServicePort';
export type { IVolume } from 'kubernetes-models/v1/Volume';
export type { IVolumeMount } from 'kubernetes-models/v1/VolumeMount';

/** Any object this emitter produces: apiVersion, kind and a named metadata. */
export interface KubeObject {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: { readonly name: string; readonly namespace?: string; readonly [k: string]: unknown };
  readonly [k: string]: unknown;
}
