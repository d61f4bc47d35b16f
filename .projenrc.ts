import { awscdk, javascript } from 'projen';

// aws-cdk-lib floor: 2.257.0 is the first release cdk-nag v3 supports (it builds on the core
// `Validations` API), and it already has every aws-backup feature this library uses (vault lock,
// continuous backup, copy actions, logically air-gapped vaults, restore testing plans). The tests run
// against the floor itself, so nothing newer is used by accident.
const CDK_FLOOR = '2.257.0';

const project = new awscdk.AwsCdkConstructLibrary({
  name: 'cdk-environment-backup',
  description:
    'AWS Backup for each environment as one CDK construct: vault, plan, tag selection, Slack notifications, audit reports and monitoring.',
  author: 'cdk-environment-backup maintainers',
  authorAddress: 'maintainers@example.com',
  repositoryUrl: 'https://github.com/cdk-environment-backup/cdk-environment-backup.git',
  keywords: ['cdk', 'aws-cdk', 'aws-backup', 'backup', 'disaster-recovery', 'slack', 'audit-manager'],
  license: 'Apache-2.0',
  cdkVersion: CDK_FLOOR,
  constructsVersion: '10.5.1',
  defaultReleaseBranch: 'main',
  jsiiVersion: '~6.0.0',
  packageManager: javascript.NodePackageManager.NPM,
  projenrcTs: true,
  prettier: false,
  // The conventional place for the type-check-only config of tests, example and benchmarks.
  tsconfigDevFile: 'tsconfig.dev.json',
  eslintOptions: {
    dirs: ['src'],
    tsconfigPath: './tsconfig.dev.json',
    projectService: false,
  },

  // Release targets: packaged and published by the release workflow (GitHub Actions), where
  // PyPI, Maven Central, NuGet and the Go proxy are reachable.
  publishToPypi: {
    distName: 'cdk-environment-backup',
    module: 'cdk_environment_backup',
  },
  publishToMaven: {
    javaPackage: 'io.github.cdk_environment_backup',
    mavenGroupId: 'io.github.cdk-environment-backup',
    mavenArtifactId: 'cdk-environment-backup',
  },
  publishToNuget: {
    dotNetNamespace: 'CdkEnvironmentBackup',
    packageId: 'CdkEnvironmentBackup',
  },
  publishToGo: {
    moduleName: 'github.com/cdk-environment-backup/cdk-environment-backup-go',
  },

  // Pinned runtime: no region map in the templates (it breaks assertions and cdk-nag); the newest
  // Node.js runtime Lambda offers, with the AWS SDK v3 the handlers use.
  lambdaOptions: {
    runtime: awscdk.LambdaRuntime.NODEJS_24_X,
    bundlingOptions: { externals: ['@aws-sdk/*'] },
  },

  jestOptions: {
    updateSnapshot: javascript.UpdateSnapshot.NEVER,
    jestConfig: {
      testTimeout: 60_000,
      testPathIgnorePatterns: ['/node_modules/', '/cdk.out/', '/lib/'],
      watchPathIgnorePatterns: ['/cdk.out/'],
    },
  },

  devDeps: [
    'cdk-nag@^3.0.2',
    '@aws-sdk/client-backup@^3',
    '@aws-sdk/client-secrets-manager@^3',
    '@aws-sdk/client-sns@^3',
    '@aws-sdk/client-sqs@^3',
    '@types/aws-lambda',
    'esbuild',
    'fast-check@^4',
  ],

  gitignore: ['cdk.out', '/.bench', '.jsii.tabl.json'],
});

// The registry reachable here serves @unrs/resolver-binding-* only up to 1.12.2, while jest 30
// pulls unrs-resolver 1.13: pin it so that `npm ci` works from the lock file on every machine.
project.package.addField('overrides', { 'unrs-resolver': '1.12.2' });

for (const p of ['/example', '/bench', '/.ci', 'BENCHMARKS.md', 'cdk.out']) {
  project.addPackageIgnore(p);
}

// The example app and the benchmarks are type-checked and linted with the tests.
project.tsconfigDev.file.addOverride('include', ['src/**/*.ts', 'test/**/*.ts', 'example/**/*.ts', 'bench/**/*.ts', '.projenrc.ts']);
project.eslint?.addLintPattern('example');
project.eslint?.addLintPattern('bench');

// `projen package` would run every language packager outside CI; Python, Java, .NET and Go
// packaging runs in the release workflow (package:python, package:java… are still defined there).
const pkg = project.tasks.tryFind('package')!;
pkg.reset();
pkg.spawn(project.tasks.tryFind('package:js')!);

// Small handler bundles load fast (cold start): minify them, keeping names for readable errors and logs.
// (projen's lambdaOptions have no minify option, so the generated bundle tasks get the flags here.)
for (const task of project.tasks.all) {
  if (!/^bundle:.*\.lambda$/.test(task.name)) continue;
  const args = task.steps[0]?.execArgs;
  if (!args) continue;
  task.reset();
  const quoted = args.map((a) => (/[*?\s]/.test(a) ? `'${a}'` : a));
  task.exec([...quoted, '--minify', '--keep-names'].join(' '));
}

// Benchmarks (not timed tests): synth time against plain aws-cdk-lib, resources per environment,
// the Slack handler, the filter's cost effect. Writes BENCHMARKS.md.
const bench = project.addTask('bench', {
  description: 'Synth time, resources per environment, Slack handler and filter cost; writes BENCHMARKS.md',
  env: { JSII_DEPRECATED: 'quiet' },
});
bench.spawn(project.tasks.tryFind('bundle')!); // the bench reads the bundled handler
bench.exec('ts-node --project tsconfig.dev.json bench/run.ts');

// README and @example snippets must compile.
const rosetta = project.addTask('rosetta:extract', {
  description: 'Compile every TypeScript snippet of the README and the TSDoc @example tags',
  exec: 'jsii-rosetta extract --compile --fail',
});
project.postCompileTask.spawn(rosetta);

// The newcomer's first command: synthesize the example app and print what it made.
const example = project.addTask('example', {
  description: 'Synthesize the example app (example/app.ts) into example/cdk.out and print a summary',
  // aws-cdk-lib's own TableV2 uses a deprecated prop of itself; our code's deprecations still show in jsii.
  env: { JSII_DEPRECATED: 'quiet' },
});
example.spawn(project.tasks.tryFind('bundle')!); // the Lambda handlers' assets
example.exec('ts-node --project tsconfig.dev.json example/synth.ts');
project.testTask.env('JSII_DEPRECATED', 'quiet');

project.synth();
