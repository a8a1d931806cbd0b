import type { Diagnostic } from '../../diagnostics/types.js';
import type { Pipeline } from '../../ir.js';
import { jobView } from '../nomad/job.js';
import { jobName } from '../nomad/names.js';
import { renderJob } from '../nomad/render.js';
import { reportNonNfc } from '../nomad/unicode.js';
import { type EmitOptions, sortedFiles, type Target } from '../types.js';

/**
 * Nomad: one HCL job specification per pipeline, `<job>.nomad.hcl` (see docs/nomad.md).
 * Deterministic: the view model is built in component order with sorted maps, and the
 * templates in templates/nomad add no data of their own.
 */
export const nomadTarget: Target = {
  name: 'nomad',
  emit(p: Pipeline, opts: EmitOptions) {
    const diagnostics: Diagnostic[] = [];
    reportNonNfc(p, diagnostics);
    const text = renderJob(jobView(p, opts, diagnostics));
    return { files: sortedFiles([[`${jobName(p, opts)}.nomad.hcl`, text]]), diagnostics };
  },
  toStdout: (files) => [...files.values()].join('\n'),
};
