import { Duration, Names, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as athena from 'aws-cdk-lib/aws-athena';
import * as glue from 'aws-cdk-lib/aws-glue';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { BackupCoverage } from '../backup-coverage';
import { REPORT_COLUMNS, UNDOCUMENTED_REPORT_COLUMNS } from './private/report-columns';
import { pascal, ReportSource, savedQueries } from './private/report-queries';
import { BackupReportPlans } from './report-plans';
import { shareCreationTrace } from '../private/creation-trace';
import { checkAthenaDatabaseName, checkAthenaWorkGroupName, checkWholeRange } from '../private/limits';
import { acknowledgeNagFindings } from '../private/nag';
import { assertValid, isUnresolved, validationError } from '../private/validation';
import { inform, warn, WARNINGS } from '../private/warnings';

/** Options of the report analytics (`analytics` of `BackupAudit`). */
export interface ReportAnalyticsOptions {
  /**
   * The Glue database's name: lower-case letters, digits and underscores, at most 255 characters.
   *
   * @default - derived from the construct path.
   */
  readonly databaseName?: string;

  /**
   * The Athena workgroup's name: letters, digits, `.`, `_` and `-`, at most 128 characters.
   *
   * @default - derived from the construct path.
   */
  readonly workGroupName?: string;

  /**
   * The regions whose reports are queried (the `region` partition). A report plan writes the reports
   * of its own region; list more regions when report plans of other regions write to the same bucket.
   *
   * @default - the stack's region.
   */
  readonly regions?: string[];

  /**
   * A bucket for Athena's query results.
   *
   * @default - a bucket of its own: encrypted, TLS only, public access blocked, results expiring after
   * `resultExpiration`, retained when the stack is deleted.
   */
  readonly resultBucket?: s3.IBucket;

  /**
   * A customer-managed KMS key that encrypts the query results (SSE-KMS). Readers need `kms:Decrypt`.
   *
   * @default - SSE-S3.
   */
  readonly resultEncryptionKey?: kms.IKey;

  /**
   * How long query results are kept in the result bucket this construct creates.
   *
   * @default Duration.days(30)
   */
  readonly resultExpiration?: Duration;

  /**
   * The most data one query may scan (the workgroup cancels it past this), in bytes; at least
   * 10,485,760 (10 MB, Athena's minimum). Reports are small: the default stops a runaway query early.
   *
   * @default 1_073_741_824 (1 GiB)
   */
  readonly bytesScannedCutoffPerQuery?: number;
}

/** Properties of {@link BackupReportAnalytics}. */
export interface BackupReportAnalyticsProps extends ReportAnalyticsOptions {
  /**
   * The report plans whose reports are queried, one `BackupReportPlans` an environment. They must
   * deliver to the same bucket, each under a key prefix of its own (the `environment` partition).
   */
  readonly reportPlans: BackupReportPlans[];

  /** The bucket the report plans deliver to. */
  readonly bucket: s3.IBucket;
}

/** Athena's smallest per-query scan limit. */
const MIN_BYTES_SCANNED_CUTOFF = 10_485_760;
/** AWS Backup Audit Manager reports exist since 2021: the first day of the date partition. */
const FIRST_REPORT_DAY = '2021/01/01';

/**
 * Audit reports as data for auditors: a Glue Data Catalog table a report template over the report
 * bucket, an Athena workgroup with encrypted results and its configuration enforced, and saved
 * queries (non-compliant resources by environment, failed jobs of the last 7 days, recovery points
 * older than their rule allows). An auditor with Athena access to the workgroup queries the evidence
 * of every environment without console access to AWS Backup.
 *
 * Reports land under `<environment prefix>/Backup/<region>/<yyyy>/<MM>/<dd>/<report plan name>/`
 * (the layout AWS documents for `S3KeyPrefix`); the tables use partition projection on that layout
 * (`environment`, `region`, `report_date` as `yyyy/MM/dd`, `report_plan`), so no crawler runs and
 * new days need no partition management. Each template gets a JSON table when JSON reports are
 * delivered (fields matched by name), otherwise a CSV table.
 *
 * Cost: Glue Data Catalog storage is free for the first million objects; Athena bills $5 per TB
 * scanned (reports are kilobytes a day), S3 the stored results.
 *
 * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/API_ReportDeliveryChannel.html
 * @see https://docs.aws.amazon.com/athena/latest/ug/partition-projection.html
 */
export class BackupReportAnalytics extends Construct {
  /** The Glue database's name. */
  public readonly databaseName: string;
  /** The Athena workgroup's name. */
  public readonly workGroupName: string;
  /** The Glue database. */
  public readonly database: glue.CfnDatabase;
  /** The tables, one a report template. */
  public readonly tables: glue.CfnTable[] = [];
  /** The Athena workgroup. */
  public readonly workGroup: athena.CfnWorkGroup;
  /** The saved queries. */
  public readonly namedQueries: athena.CfnNamedQuery[] = [];
  /** The bucket of the query results. */
  public readonly resultBucket: s3.IBucket;

  /**
   * @param scope the parent construct
   * @param id the construct's id, unique in its parent
   * @param props the properties of this construct
   */
  public constructor(scope: Construct, id: string, props: BackupReportAnalyticsProps) {
    super(scope, id);
    shareCreationTrace(this, new.target);
    const stack = Stack.of(this);
    if (props.reportPlans.length === 0) {
      throw validationError(this, 'reportPlans is empty: name the report plans whose reports are queried');
    }
    const cutoff = props.bytesScannedCutoffPerQuery ?? 1_073_741_824;
    if (!isUnresolved(cutoff) && (!Number.isInteger(cutoff) || cutoff < MIN_BYTES_SCANNED_CUTOFF)) {
      throw validationError(this, `bytesScannedCutoffPerQuery (${cutoff}) must be a whole number of bytes, at least ${MIN_BYTES_SCANNED_CUTOFF} (Athena's minimum)`);
    }
    const regions = props.regions ?? [stack.region];
    if (regions.length === 0) {
      throw validationError(this, 'regions is empty: name at least one region whose reports are queried');
    }
    const sources = this.sources(props);

    const uniqueName = Names.uniqueResourceName(this, { maxLength: 100, separator: '_' }).toLowerCase().replace(/[^a-z0-9_]/g, '_');
    this.databaseName = props.databaseName ?? uniqueName;
    assertValid(this, checkAthenaDatabaseName('databaseName', this.databaseName));
    this.workGroupName = props.workGroupName ?? uniqueName;
    assertValid(this, checkAthenaWorkGroupName('workGroupName', this.workGroupName));

    this.database = new glue.CfnDatabase(this, 'Database', {
      catalogId: stack.account,
      databaseInput: {
        name: this.databaseName,
        description: 'AWS Backup Audit Manager reports (partition projection: no crawler)',
      },
    });

    for (const source of sources) {
      const table = new glue.CfnTable(this, `Table${pascal(source.template)}`, {
        catalogId: stack.account,
        databaseName: this.databaseName,
        tableInput: this.tableInput(props.bucket, source, regions),
      });
      table.node.addDependency(this.database);
      this.tables.push(table);
    }

    this.resultBucket = props.resultBucket ?? this.createResultBucket(props);
    this.workGroup = new athena.CfnWorkGroup(this, 'WorkGroup', {
      name: this.workGroupName,
      description: 'Queries over AWS Backup Audit Manager reports',
      state: 'ENABLED',
      workGroupConfiguration: {
        enforceWorkGroupConfiguration: true,
        publishCloudWatchMetricsEnabled: true,
        bytesScannedCutoffPerQuery: cutoff,
        resultConfiguration: {
          outputLocation: `s3://${this.resultBucket.bucketName}/results/`,
          encryptionConfiguration: props.resultEncryptionKey
            ? { encryptionOption: 'SSE_KMS', kmsKey: props.resultEncryptionKey.keyArn }
            : { encryptionOption: 'SSE_S3' },
        },
      },
    });

    for (const query of savedQueries(this.databaseName, sources)) {
      const named = new athena.CfnNamedQuery(this, `Query${pascal(query.name)}`, {
        name: query.name,
        description: query.description,
        database: this.databaseName,
        workGroup: this.workGroup.ref,
        queryString: query.sql,
      });
      named.node.addDependency(this.workGroup);
      for (const table of this.tables) named.node.addDependency(table);
      this.namedQueries.push(named);
    }
  }

  /** One source a template: its format, table name, environments (key prefixes) and report plan names. */
  private sources(props: BackupReportAnalyticsProps): ReportSource[] {
    const byTemplate = new Map<string, { formats: Set<string>; environments: Set<string>; planNames: Set<string> }>();
    for (const plans of props.reportPlans) {
      for (const plan of plans.reportPlans) {
        const channel = plan.reportDeliveryChannel as { S3BucketName?: string; S3KeyPrefix?: string; Formats?: string[] };
        const setting = plan.reportSetting as { ReportTemplate: string };
        const name = plan.reportPlanName!;
        if (channel.S3BucketName !== props.bucket.bucketName) {
          throw validationError(this, `reportPlans (${plans.node.path}) deliver to another bucket than bucket (${props.bucket.node.path}): the tables read one bucket`);
        }
        const prefix = channel.S3KeyPrefix;
        if (prefix === undefined || isUnresolved(prefix) || isUnresolved(name)) {
          throw validationError(this,
            `reportPlans (${plans.node.path}) need a literal keyPrefix and report plan names: they are the environment and report_plan partitions`);
        }
        if (/[,\s]/.test(prefix) || /[,\s]/.test(name)) {
          throw validationError(this, `reportPlans (${plans.node.path}): keyPrefix (${prefix}) must hold no comma or space (a partition projection value)`);
        }
        const undocumented = UNDOCUMENTED_REPORT_COLUMNS[setting.ReportTemplate];
        if (undocumented) {
          inform(this, `${setting.ReportTemplate} reports (${plans.node.path}) get no table: ${undocumented}. Query the reports in S3 directly.`);
          continue;
        }
        if (!REPORT_COLUMNS[setting.ReportTemplate]) {
          warn(this, WARNINGS.reportAnalyticsTemplate,
            `${setting.ReportTemplate} reports (${plans.node.path}) get no table: this library knows no documented columns for them. ` +
            `Templates with tables: ${Object.keys(REPORT_COLUMNS).join(', ')}`);
          continue;
        }
        const entry = byTemplate.get(setting.ReportTemplate) ?? { formats: new Set(), environments: new Set(), planNames: new Set() };
        (channel.Formats ?? ['CSV']).forEach((f) => entry.formats.add(f));
        entry.environments.add(prefix);
        entry.planNames.add(name);
        byTemplate.set(setting.ReportTemplate, entry);
      }
    }
    return [...byTemplate.entries()].map(([template, e]) => ({
      template,
      // JSON matches fields by name; CSV only when no JSON is delivered (a table reads every file of its location).
      format: e.formats.has('JSON') ? 'JSON' : 'CSV',
      tableName: template.toLowerCase(),
      environments: [...e.environments].sort(),
      planNames: [...e.planNames].sort(),
    }));
  }

  private tableInput(bucket: s3.IBucket, source: ReportSource, regions: string[]): glue.CfnTable.TableInputProperty {
    const columns = REPORT_COLUMNS[source.template].map((c) => c.toLowerCase());
    const json = source.format === 'JSON';
    return {
      name: source.tableName,
      description: `${source.template} reports (${source.format}) of AWS Backup Audit Manager`,
      tableType: 'EXTERNAL_TABLE',
      partitionKeys: [
        { name: 'environment', type: 'string', comment: 'the report plan\'s key prefix' },
        { name: 'region', type: 'string' },
        { name: 'report_date', type: 'string', comment: 'yyyy/MM/dd, the day the report was delivered' },
        { name: 'report_plan', type: 'string' },
      ],
      parameters: {
        'classification': json ? 'json' : 'csv',
        ...(json ? {} : { 'skip.header.line.count': '1' }),
        'projection.enabled': 'true',
        'projection.environment.type': 'enum',
        'projection.environment.values': source.environments.join(','),
        'projection.region.type': 'enum',
        'projection.region.values': regions.join(','),
        'projection.report_date.type': 'date',
        'projection.report_date.format': 'yyyy/MM/dd',
        'projection.report_date.range': `${FIRST_REPORT_DAY},NOW`,
        'projection.report_date.interval': '1',
        'projection.report_date.interval.unit': 'DAYS',
        'projection.report_plan.type': 'enum',
        'projection.report_plan.values': source.planNames.join(','),
        'storage.location.template': `s3://${bucket.bucketName}/\${environment}/Backup/\${region}/\${report_date}/\${report_plan}/`,
      },
      storageDescriptor: {
        location: `s3://${bucket.bucketName}/`,
        inputFormat: 'org.apache.hadoop.mapred.TextInputFormat',
        outputFormat: 'org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat',
        serdeInfo: json
          ? { serializationLibrary: 'org.openx.data.jsonserde.JsonSerDe', parameters: { 'ignore.malformed.json': 'true', 'case.insensitive': 'true' } }
          : { serializationLibrary: 'org.apache.hadoop.hive.serde2.OpenCSVSerde', parameters: { separatorChar: ',', quoteChar: '"', escapeChar: '\\' } },
        columns: json
          ? [{ name: 'reportitems', type: `array<struct<${columns.map((c) => `${c}:string`).join(',')}>>` }]
          : columns.map((name) => ({ name, type: 'string' })),
      },
    };
  }

  private createResultBucket(props: ReportAnalyticsOptions): s3.IBucket {
    const expiration = props.resultExpiration ?? Duration.days(30);
    assertValid(this, checkWholeRange('resultExpiration', expiration, 'day', 1, undefined, 'S3 lifecycle rule'));
    const bucket = new s3.Bucket(this, 'ResultBucket', {
      encryption: props.resultEncryptionKey ? s3.BucketEncryption.KMS : s3.BucketEncryption.S3_MANAGED,
      encryptionKey: props.resultEncryptionKey,
      bucketKeyEnabled: props.resultEncryptionKey ? true : undefined,
      enforceSSL: true,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      removalPolicy: RemovalPolicy.RETAIN,
      lifecycleRules: [{ id: 'ExpireQueryResults', expiration, abortIncompleteMultipartUploadAfter: Duration.days(1) }],
    });
    BackupCoverage.exempt(bucket, 'Athena query results: derived from the audit reports, which are kept in the report bucket');
    acknowledgeNagFindings(bucket, {
      'AwsSolutions-S1': 'Athena query results derived from the audit reports; CloudTrail records who ran which query in the workgroup.',
    });
    return bucket;
  }
}
