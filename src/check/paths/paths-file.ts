/**
 * The paths file (`hvspec paths`): the `xstate/graph` paths that cover
 * every transition of hvspec's specification machines, with the state and
 * context each event leads to, and the ops hvspec's own driver issues to
 * produce each event. A harness in any language replays the events against
 * a real driver or VSP and compares the states; schema/paths.schema.json is
 * generated from PATHS_FILE_SCHEMA.
 */
import { z } from 'zod';
import { ANY_OP_SCHEMA } from '../../system/validate-op.js';

/** Format tag written into every paths file. */
export const PATHS_FORMAT = 'hvspec-paths';
/** Current paths file version. */
export const PATHS_VERSION = 1;

/** An XState state value: a state name, or an object of nested values per parallel or compound state. */
const STATE_VALUE_SCHEMA = z.union([z.string(), z.record(z.string(), z.json())]).describe('The XState state value (a name, or nested names by region).');

/** Ops in order (each op's schema written once, under $defs, in the JSON Schema). */
const OPS_SCHEMA = z.array(ANY_OP_SCHEMA.meta({ id: 'op', description: 'One hvspec op (as in trace files).' }));

/** One event of a path and what it leads to. */
const STEP_SCHEMA = z
  .strictObject({
    event: z.looseObject({ type: z.string() }).describe('The event sent to the machine: its type and payload.'),
    transition: z.string().describe('The transition the specification takes (`source:EVENT:branch`, as coverage reports name it).'),
    state: z.string().describe('The state after the event, dotted (`parent.child`; regions joined by commas).'),
    value: STATE_VALUE_SCHEMA,
    context: z.json().describe("The specification's context after the event."),
    ops: OPS_SCHEMA.nullable().describe("The hvspec ops whose application produces this event in hvspec's system (after the previous steps' ops); null when no op can, see `undrivable`."),
    undrivable: z.string().optional().describe("Why hvspec's driver cannot produce this event (this step and the rest of the path are then the specification's only)."),
  })
  .describe('One event and the state it leads to.');

/** One machine's paths. */
const MACHINE_SCHEMA = z
  .strictObject({
    machine: z.string().describe('The machine (as `hvspec coverage` names it).'),
    variant: z
      .string()
      .optional()
      .describe('Which of the machine\'s drivers this is, when it has several: each drives, on its own host configuration, the part of the machine that configuration reaches (the union of their paths takes every transition).'),
    config: z
      .record(z.string(), z.json())
      .optional()
      .describe("The host configuration this machine's ops are written for, in place of the file's `config`."),
    instance: z
      .strictObject({ pid: z.string().optional(), vp: z.number().int().optional(), lp: z.number().int().optional(), io: z.number().int().optional() })
      .describe('The instance of the machine the ops drive and the states describe (partition, VP, LP, I/O; empty for the one VM worker).'),
    contextCompared: z.string().describe("What of the context hvspec's system determines, and so what its replay compares (the rest is the specification's own bookkeeping)."),
    setup: OPS_SCHEMA.describe('The ops that create the instance, applied from the initial system before each path.'),
    initial: z.strictObject({ state: z.string(), value: STATE_VALUE_SCHEMA, context: z.json() }).describe('The state every path starts from.'),
    transitions: z.array(z.string()).describe('Every transition of the machine (the union of the paths of its entries takes each one).'),
    paths: z.array(z.strictObject({ steps: z.array(STEP_SCHEMA).min(1) })).describe('The paths: each starts from the initial state, after the setup ops.'),
  })
  .describe('The paths of one machine.');

/** The schema of a paths file. */
export const PATHS_FILE_SCHEMA = z
  .strictObject({
    format: z.literal(PATHS_FORMAT).describe('Always "hvspec-paths".'),
    version: z.literal(PATHS_VERSION).describe('The paths file version.'),
    config: z.record(z.string(), z.json()).describe('The host configuration the ops are written for (the fields of an hvspec config; its I/O and message limits may exceed what `hvspec check` accepts).'),
    machines: z.array(MACHINE_SCHEMA),
    withoutDriver: z.record(z.string(), z.string()).describe('Machines left out, each with the reason.'),
  })
  .describe('hvspec paths: model-based test paths that cover every transition of the specification machines, for replay against a real implementation.');

/** What a paths file holds. */
export type PathsFile = z.output<typeof PATHS_FILE_SCHEMA>;
/** One machine of a paths file. */
export type MachinePathsExport = PathsFile['machines'][number];
/** One step of an exported path. */
export type PathStep = MachinePathsExport['paths'][number]['steps'][number];
