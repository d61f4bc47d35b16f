import { Aspects, CfnElement, IAspect } from 'aws-cdk-lib';
import { ArtifactMetadataEntryType } from 'aws-cdk-lib/cloud-assembly-schema';
import { DISABLE_CREATION_STACK_TRACES } from 'aws-cdk-lib/cx-api';
import { IConstruct } from 'constructs';

/**
 * One creation stack trace for each of the library's constructs, shared by the CloudFormation elements
 * inside it, instead of aws-cdk-lib's one trace for each element.
 *
 * aws-cdk-lib records where each CloudFormation element was created (`aws:cdk:creationStack` metadata
 * in the cloud assembly) by capturing and rendering a JavaScript stack trace in every `CfnElement`'s
 * constructor, unless the context `aws:cdk:disable-creation-stack-traces` is true. For an element deep
 * inside this library, its ten frames are mostly the library's own (folded into
 * "...cdk-environment-backup...") and reach the app's code only when the library's call chain is
 * short. The one frame that helps a user is where the app created the library's construct. Capturing
 * that once, at the construct, gives every element under it a trace that names the app's line, at a
 * fraction of the cost: the traces were about 40 % of the construction time of an environment when
 * the app runs under ts-node (bench/synth-profile.ts, PROFILE_FINDINGS).
 *
 * Called first in the constructor of each of the library's public constructs (before any child). It
 * does nothing when the context is already set in scope: by the app (true: no traces anywhere; false:
 * aws-cdk-lib's trace for every element, the way to get them back), or by an enclosing construct of the
 * library, whose trace then covers this one's elements. In CDK's debug mode (`cdk --debug`,
 * CDK_DEBUG=true) aws-cdk-lib captures its own trace for every element whatever the context says; an
 * element that has one keeps it and gets no second one.
 *
 * @param construct the library's construct, with no child yet
 * @param created the class the app instantiated (`new.target`): the trace starts at the app's call
 */
export function shareCreationTrace(construct: IConstruct, created: Function): void {
  if (construct.node.tryGetContext(DISABLE_CREATION_STACK_TRACES) !== undefined) return;
  construct.node.setContext(DISABLE_CREATION_STACK_TRACES, true);
  Aspects.of(construct).add(new SharedCreationTrace(creationTrace(created)));
}

/** Gives each CloudFormation element that has no creation trace the shared one. */
class SharedCreationTrace implements IAspect {
  constructor(private readonly trace: string[]) {}

  public visit(node: IConstruct): void {
    if (!CfnElement.isCfnElement(node)) return;
    if (node.node.metadata.some((m) => m.type === ArtifactMetadataEntryType.CREATION_STACK)) return;
    node.node.addMetadata(ArtifactMetadataEntryType.CREATION_STACK, this.trace);
  }
}

const PACKAGE = 'cdk-environment-backup';
const MODULE = /[/\\]node_modules[/\\](@[^/\\]+[/\\][^/\\]+|[^/\\]+)[/\\]/;

/**
 * The stack from the app's call of `created` on, rendered as aws-cdk-lib renders creation traces: this
 * library's frames folded into "...cdk-environment-backup...", then the app's frames as they are, the
 * frames of a package (node_modules) or of Node.js folded into one line ("...ts-node..."); at most
 * `Error.stackTraceLimit` frames (node's --stack-trace-limit).
 */
export function creationTrace(created: Function): string[] {
  const holder: { stack?: string } = {};
  Error.captureStackTrace(holder, created);
  // `created` not on the stack (a host language constructing through jsii, say): the whole stack, as aws-cdk-lib does.
  if (!holder.stack?.includes('\n    at ')) Error.captureStackTrace(holder);
  const lines: string[] = [];
  // The frames of a package or of Node.js in a row, each named once: this library's first.
  let folded = new Set<string>([PACKAGE]);
  const flush = () => {
    if (folded.size > 0) lines.push(`...${[...folded].join(', ')}...`);
    folded = new Set();
  };
  for (const line of (holder.stack ?? '').split('\n')) {
    if (!line.startsWith('    at ')) continue;
    const frame = line.slice('    at '.length).replace(/^Object\.<anonymous> /, '<anonymous> ');
    const module = MODULE.exec(frame)?.[1] ?? (frame.includes('node:') ? 'node internals' : undefined);
    if (module === undefined) {
      flush();
      lines.push(frame);
    } else {
      folded.add(module);
    }
  }
  flush();
  return lines;
}
