import * as fs from 'fs';
import * as path from 'path';
import {
  DockerImageAssetLocation,
  DockerImageAssetSource,
  FileAssetLocation,
  FileAssetSource,
  ISynthesisSession,
  StackSynthesizer,
} from 'aws-cdk-lib';
import { MAX_STACKSET_TEMPLATE_BODY_BYTES } from '../../private/limits';
import { validationError } from '../../private/validation';

/**
 * Synthesizes a stack into a template that a StackSet carries inline (`TemplateBody`): the
 * template is written to the cloud assembly for inspection, but no deployable artifact is emitted
 * (the stack is not deployed by `cdk deploy`: the StackSet deploys it), no bootstrap version rule is
 * added, and assets are refused (member accounts cannot read the management account's asset
 * bucket).
 *
 * CDK synthesizes a construct tree children first, so a stack nested in the construct tree of the
 * stack that holds the StackSet is synthesized before it: `templateBody` is ready when the parent
 * resolves its `TemplateBody`.
 */
export class StackSetTemplateSynthesizer extends StackSynthesizer {
  private body?: string;

  /** The compact JSON template, once synthesized. */
  public get templateBody(): string | undefined {
    return this.body;
  }

  public addFileAsset(asset: FileAssetSource): FileAssetLocation {
    throw validationError(this.boundStack,
      `the StackSet template cannot carry a file asset (${asset.fileName ?? asset.executable?.join(' ') ?? asset.sourceHash}): ` +
      'member accounts cannot read the management account\'s asset bucket; use inline code or resources without assets');
  }

  public addDockerImageAsset(asset: DockerImageAssetSource): DockerImageAssetLocation {
    throw validationError(this.boundStack,
      `the StackSet template cannot carry a container image asset (${asset.directoryName ?? asset.sourceHash}): ` +
      'member accounts cannot read the management account\'s asset repository');
  }

  public synthesize(session: ISynthesisSession): void {
    const source = this.synthesizeTemplate(session);
    const written = JSON.parse(fs.readFileSync(path.join(session.outdir, source.fileName!), 'utf8'));
    const body = JSON.stringify(written);
    const bytes = Buffer.byteLength(body, 'utf8');
    if (bytes > MAX_STACKSET_TEMPLATE_BODY_BYTES) {
      throw validationError(this.boundStack,
        `the member baseline template (${bytes} bytes) must be at most ${MAX_STACKSET_TEMPLATE_BODY_BYTES} bytes ` +
        '(AWS CloudFormation limit of a StackSet TemplateBody): split the environments or remove resources from the baseline');
    }
    this.body = body;
  }
}
