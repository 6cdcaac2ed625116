// The layers of the code, checked by `npm run lint` (dependency-cruiser): what runs in the reader's
// browser never imports what only the build runs, and nothing in src/ imports itself in a circle.
//
// Build-only: src/pipeline/ (the data pipeline, the build and its workers), src/entry-server.tsx (the
// prerendering entry), scripts/, and Node's own modules. Everything else in src/ reaches the browser.
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'browser-imports-build-code',
      comment: 'Code that runs in the browser imports build-only code: move what both need into src/lib/ or src/api/.',
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/(pipeline/|entry-server\\.tsx$)' },
      to: { path: '^(src/pipeline/|src/entry-server\\.tsx$|scripts/)' },
    },
    {
      name: 'browser-imports-node',
      comment: "Code that runs in the browser imports one of Node's own modules.",
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/(pipeline/|entry-server\\.tsx$)' },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'no-circular',
      comment: 'Modules that import each other in a circle: one of them should own what both need.',
      severity: 'error',
      from: { path: '^src/' },
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
    enhancedResolveOptions: { extensions: ['.ts', '.tsx', '.js'] },
  },
};
