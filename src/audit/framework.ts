import { Names } from 'aws-cdk-lib';
import * as backup from 'aws-cdk-lib/aws-backup';
import { Construct } from 'constructs';
import { AuditControl } from './controls';
import { auditResourceName, validateAuditResourceName } from './private/names';
import { shareCreationTrace } from '../private/creation-trace';
import { checkDescription, checkTags, MAX_AUDIT_DESCRIPTION_LENGTH } from '../private/limits';
import { assertValid, requireElements, requireProps, validationError } from '../private/validation';

/** AWS Backup Audit Manager allows 50 controls per account and region. */
const MAX_CONTROLS = 50;

/** Properties of {@link BackupAuditFramework}. */
export interface BackupAuditFrameworkProps {
  /**
   * The controls the framework evaluates (at least one).
   */
  readonly controls: AuditControl[];
  /**
   * The framework's name: starts with a letter; letters, digits and underscores; at most 256
   * characters.
   *
   * @default - derived from the construct path.
   */
  readonly frameworkName?: string;
  /**
   * A description: 1 to 1,024 characters, not all blank.
   *
   * @default - none.
   */
  readonly description?: string;
  /**
   * One tag (key and value) that limits every control accepting a tagged-resources scope to the
   * resources (or backup plans, vaults, recovery points) carrying it. AWS accepts a single tag in
   * a control scope. Controls given `resourceTypes` keep their resource-type scope instead.
   *
   * @default - no tag scope: controls evaluate all resources.
   */
  readonly scopeTags?: { [key: string]: string };
}

/**
 * An AWS Backup Audit Manager framework (`AWS::Backup::Framework`): a set of controls evaluated
 * by AWS Config rules that AWS Backup deploys.
 *
 * Audit Manager relies on AWS Config recording the AWS Backup resource types; AWS Config is
 * billed per configuration item recorded and per rule evaluation.
 *
 * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/aws-backup-audit-manager.html
 */
export class BackupAuditFramework extends Construct {
  /** The framework's ARN. */
  public readonly frameworkArn: string;
  /** The framework's name. */
  public readonly frameworkName: string;
  /** The names of the controls of the framework. */
  public readonly controlNames: string[];

  /**
   * @param scope the parent construct
   * @param id the construct's id, unique in its parent
   * @param props the properties of this construct
   */
  constructor(scope: Construct, id: string, props: BackupAuditFrameworkProps) {
    super(scope, id);
    shareCreationTrace(this, new.target);
    requireProps(this, props, ['controls']);
    requireElements(this, 'controls', props.controls);

    if (props.controls.length === 0) {
      throw validationError(this, 'controls (0 controls) must hold at least one control');
    }
    if (props.controls.length > MAX_CONTROLS) {
      throw validationError(this, `controls (${props.controls.length} controls) must hold at most ${MAX_CONTROLS} controls (AWS Backup Audit Manager limit per account and region)`);
    }
    const scopeTags = Object.entries(props.scopeTags ?? {});
    if (scopeTags.length > 1) {
      throw validationError(this, `scopeTags (${scopeTags.length} tags) must hold at most one tag (AWS accepts a single tag in a control scope)`);
    }
    assertValid(this, checkTags('scopeTags', props.scopeTags ?? {}));
    if (props.description !== undefined) {
      assertValid(this, checkDescription('description', props.description, MAX_AUDIT_DESCRIPTION_LENGTH));
    }

    const frameworkName = props.frameworkName
      ?? auditResourceName(Names.uniqueResourceName(this, { maxLength: 200, separator: '_' }));
    validateAuditResourceName(this, 'frameworkName', frameworkName);

    const configs = props.controls.map((control) => control.bind(this));
    const names = configs.map((c) => c.controlName);
    const duplicate = names.find((name, i) => names.indexOf(name) !== i);
    if (duplicate) {
      throw validationError(this, `controls (${duplicate} twice) must name each control once per framework`);
    }

    const framework = new backup.CfnFramework(this, 'Resource', {
      frameworkName,
      frameworkDescription: props.description,
      frameworkControls: configs.map((config) => ({
        controlName: config.controlName,
        controlInputParameters: config.parameters
          ? Object.entries(config.parameters).map(([parameterName, parameterValue]) => ({ parameterName, parameterValue }))
          : undefined,
        controlScope: renderScope(config.resourceTypes, config.acceptsTagScope ? scopeTags : []),
      })),
    });

    this.frameworkArn = framework.attrFrameworkArn;
    this.frameworkName = frameworkName;
    this.controlNames = names;
  }
}

function renderScope(resourceTypes: string[] | undefined, tags: Array<[string, string]>): unknown {
  if (resourceTypes && resourceTypes.length > 0) {
    return { ComplianceResourceTypes: resourceTypes };
  }
  if (tags.length > 0) {
    return { Tags: tags.map(([Key, Value]) => ({ Key, Value })) };
  }
  return undefined;
}
