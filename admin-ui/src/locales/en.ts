import type zh from './zh-CN';

const en: typeof zh = {
  app: { name: 'Kaoping', subtitle: 'Rule pack administration', logout: 'Log out', language: 'Language', org: 'Organisation', roles: 'Roles' },
  role: { admin: 'Admin', author: 'Author', publisher: 'Publisher', deployer: 'Deployer', analyst: 'Analyst', viewer: 'Viewer' },
  menu: { packs: 'Packs', deployments: 'Deployments', simulation: 'Simulation', results: 'Results' },
  common: {
    ok: 'OK', cancel: 'Cancel', save: 'Save', refresh: 'Refresh', loading: 'Loading…', none: 'None', actions: 'Actions', yes: 'Yes', no: 'No',
    search: 'Search', close: 'Close', confirm: 'Confirm', back: 'Back', export: 'Export to Excel', print: 'Print', download: 'Download',
    add: 'Add', remove: 'Remove', value: 'Value', name: 'Name', status: 'Status', version: 'Version', since: 'Since', period: 'Period', total: 'Total',
  },
  login: {
    title: 'Sign in to Kaoping', username: 'Username', password: 'Password', submit: 'Sign in', required: 'Enter a username and password',
    hint: 'Demo accounts are listed in the server README.',
  },
  packs: {
    title: 'Packs', id: 'Pack id', name: 'Title', locality: 'Locality', latest: 'Latest published', versions: 'Versions', draft: 'Draft', published: 'Published',
    open: 'Open', edit: 'Edit', history: 'History', newVersion: 'New version', newVersionPrompt: 'New version (semver, e.g. 1.1.0)',
    newVersionFrom: 'Copy from', created: 'Draft {v} created', filter: 'Filter by id, title or locality', empty: 'No packs',
    deleteDraft: 'Delete draft', deleteConfirm: 'Delete draft {v}? This cannot be undone.', deleted: 'Draft deleted',
    revision: 'Revision', publishedAt: 'Published at', publishedBy: 'Published by', updatedAt: 'Updated at', updatedBy: 'Updated by',
  },
  history: {
    title: 'History: {id}', from: 'From', to: 'To', compare: 'Compare', semantic: 'Semantic diff', json: 'JSON side by side',
    parameters: 'Parameters', param: 'Parameter', before: 'Before', after: 'After', rulesAdded: 'Rules added', rulesRemoved: 'Rules removed',
    rulesChanged: 'Rules changed', meta: 'Other changes', noChange: 'No semantic difference', pickTwo: 'Pick two versions',
  },
  editor: {
    title: 'Edit pack', readonly: 'Published versions are read-only; create a new version to change it.', save: 'Save draft', saved: 'Saved (revision {rev})',
    validate: 'Check', valid: 'No problems found', invalidJson: 'The JSON is malformed and cannot be saved: {msg}', runTests: 'Run tests', publish: 'Publish',
    publishConfirm: 'Once published, version {v} can never change and localities may deploy it. Publish?', publishTitle: 'Confirm publication', published: 'Published {v}',
    conflict: 'Not saved: someone else saved this draft after you opened it (revision {rev}). Your edits are still in the editor; copy what you need, then reload.',
    conflictTitle: 'Someone else saved first', reload: 'Reload', keep: 'Stay in the editor', dirty: 'Unsaved changes', problems: 'Problems',
    noProblems: 'No problems', tests: 'Tests', tryIt: 'Try it', format: 'Format', problemsCount: '{n} problems', gotoProblem: 'Go to',
    testsPassed: '{passed} passed, {failed} failed', coverage: 'Rule coverage {hit}/{total}', missed: 'Not covered', testsNotRun: 'Tests not run yet',
    leaveConfirm: 'You have unsaved changes. Leave anyway?', publishBlocked: 'Save the draft before publishing',
  },
  try: {
    title: 'Try it', period: 'Period', subjectId: 'Subject id', run: 'Evaluate', auto: 'Evaluate on change', outputs: 'Outputs', explain: 'Explanation',
    scope: 'Facts of the scope', notSaved: 'Try it uses the version saved on the server; save your edits first.', add: 'Add item', empty: '(empty)',
    output: 'Output', trace: 'Trace', because: 'because', below: 'below the lowest band', vetoed: 'vetoed', fired: 'fired',
  },
  deployments: {
    title: 'Deployments', org: 'Locality / organisation', scheme: 'Pack', version: 'Version in use', since: 'Effective from', by: 'Set by', change: 'Change version',
    changeTitle: 'Change the {pack} version of {org}', effective: 'Effective from', saved: 'Deployment updated', empty: 'No deployments', add: 'New deployment', pack: 'Pack',
    history: 'Deployment history',
  },
  sim: {
    title: 'Simulation', dataset: 'Dataset', demo: 'Demo data', upload: 'Upload Excel / CSV', generate: 'Generate data', count: 'Subjects', seed: 'Seed',
    baseline: 'Baseline version', variants: 'Variants', addVariant: 'Add variant', variantName: 'Variant name', overrides: 'Parameter changes', default: 'Default',
    assumption: 'Assumption', assumptionTip: 'The document leaves this number open; the pack chose it', run: 'Run simulation', cancel: 'Cancel job', progress: 'Progress',
    results: 'Results', distribution: 'Distribution', transitions: 'Transition matrix', changed: 'Changed subjects', totals: 'Money totals', sweep: 'Sweep',
    sweepParam: 'Parameter', from: 'From', to: 'To', step: 'Step', runSweep: 'Run sweep', exportXlsx: 'Export to Excel', baselineLabel: 'Baseline',
    from_: 'Before', to_: 'After', subjects: 'Subjects', difference: 'Difference', noChanges: 'No subject changed', pickPack: 'Pick a pack',
    rows: '{n} subjects', uploadDone: '{n} rows imported', uploadErrors: 'Import failed: {n} errors (nothing imported)', row: 'Row', column: 'Column',
    status: { queued: 'Queued', running: 'Running', completed: 'Completed', failed: 'Failed', cancelled: 'Cancelled' },
    output: 'Output', matrixFrom: 'Baseline (rows)', matrixTo: 'Variant (columns)', quotaPressure: 'Quota refusals', byScope: 'By scope',
    reset: 'Reset', otherVersion: 'or another version',
  },
  results: {
    title: 'Results', pack: 'Pack', period: 'Period', scope: 'Scope', all: 'All', ranking: 'Ranking', notice: 'Public notice', printNotice: 'Print notice',
    noticeTitle: 'Public notice of the {pack} results for {period}', noticeIntro: 'The assessment results are published below. Objections may be raised with the organisation department during the notice period.',
    subject: 'Subject', evaluatedAt: 'Evaluated at', evaluatedBy: 'Evaluated by', empty: 'No results yet', rank: 'Rank', filterOutput: 'Rank by',
  },
  errors: { network: 'Cannot reach the server', unknown: 'Unknown error' },
};

export default en;
