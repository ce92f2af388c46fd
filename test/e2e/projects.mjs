/**
 * Real projects the end-to-end run migrates: npm packages that ship their TypeScript sources,
 * pinned to exact versions, set up the way a user would (their own tsconfig, the type packages
 * their sources import, tests left out with --exclude).
 *
 * `deps` are installed next to the unpacked package (TypeScript finds them by walking up);
 * `files` are written into the package when it ships no usable tsconfig.
 */
export const projects = [
  {
    name: 'mobx',
    version: '6.16.1',
    tsconfig: 'tsconfig.json',
    // mobx publishes src/ without its tsconfig: this mirrors the options of its repository's.
    files: {
      'tsconfig.json': `${JSON.stringify(
        {
          compilerOptions: {
            target: 'ES2022',
            // ESNext: src/types/observableset.ts implements the ES2025 Set methods (union, ...).
            lib: ['ESNext', 'DOM'],
            // src/utils/global.ts reads `global` on Node.
            types: ['node'],
            module: 'ESNext',
            moduleResolution: 'Bundler',
            strict: true,
            noImplicitAny: false,
            noImplicitThis: false,
            downlevelIteration: true,
            noEmit: true,
          },
          include: ['src'],
        },
        null,
        2,
      )}\n`,
    },
    args: [],
    deps: { '@types/node': '20.19.43' },
    slice: true,
  },
  {
    name: 'rxjs',
    version: '7.8.2',
    tsconfig: 'src/tsconfig.esm.json',
    // The package also builds CommonJS for ES5 from the same sources: the migration must not break it.
    alsoCheck: ['src/tsconfig.cjs.json'],
    args: [],
    // ...so, as its README would tell a user in that position, state goes in WeakMaps, not # fields.
    applyArgs: ['--storage', 'weakmap'],
    deps: { tslib: '2.8.1' },
    // The package ships no tests: a GC smoke test (rxjs-gc-smoke.cjs) runs on the sources compiled
    // to CommonJS before and after the migration, since a weak field can type-check and still be
    // the only thing that kept an object alive.
    smoke: {
      script: 'rxjs-gc-smoke.cjs',
      compilerArgs: ['--module', 'commonjs', '--moduleResolution', 'node10', '--declaration', 'false', '--sourceMap', 'false', '--ignoreDeprecations', '6.0'],
    },
  },
  {
    name: 'fabric',
    version: '6.9.1',
    tsconfig: 'tsconfig.json',
    // The tsconfig also pulls in jest specs and test helpers: a user analyses the library.
    args: ['--exclude', '**/*.spec.ts', '--exclude', '**/*.test.ts', '--exclude', 'src/**/__tests__/**'],
    deps: { '@types/jsdom': '21.1.7', '@types/node': '20.19.43', canvas: '2.11.2' },
  },
  {
    name: 'prosemirror-view',
    version: '1.41.3',
    tsconfig: 'tsconfig.json',
    // Published with src/ but without a tsconfig; its repository builds with these options.
    files: {
      'tsconfig.json': `${JSON.stringify(
        { compilerOptions: { target: 'ES2020', lib: ['ES2020', 'DOM'], module: 'ESNext', moduleResolution: 'Bundler', strict: true, noEmit: true, types: [] }, include: ['src'] },
        null,
        2,
      )}\n`,
    },
    args: [],
    // Its sources use prosemirror-model internals that the published declarations leave out: a
    // dozen type errors before any change, the same after.
    // A tree of one base class with many kinds of node (ViewDesc.parent/children), the case where
    // only the constructor says which field a `new X(this)` fills.
    deps: { 'prosemirror-model': '1.25.13', 'prosemirror-state': '1.4.4', 'prosemirror-transform': '1.12.7' },
  },
  {
    name: '@tiptap/core',
    version: '3.35.0',
    tsconfig: 'tsconfig.json',
    // Published with src/ (and its tests) but without a tsconfig: a user analyses the library.
    files: {
      'tsconfig.json': `${JSON.stringify(
        {
          compilerOptions: {
            target: 'ES2022',
            // Editor.ts uses Array.prototype.findLast (ES2023).
            lib: ['ES2023', 'DOM'],
            module: 'ESNext',
            moduleResolution: 'Bundler',
            strict: true,
            skipLibCheck: true,
            noEmit: true,
            types: [],
            jsx: 'react-jsx',
            // Its commands augment `@tiptap/core` by name (`declare module '@tiptap/core'`): the
            // monorepo resolves that to these sources, and so must we.
            paths: { '@tiptap/core': ['./src/index.ts'] },
          },
          include: ['src'],
          // Its tests import packages of the monorepo that are not published with it.
          exclude: ['src/**/*.test.ts'],
        },
        null,
        2,
      )}\n`,
    },
    args: [],
    // Managers constructed with an options object: `new CommandManager({ editor: this })`.
    deps: { '@tiptap/pm': '3.35.0' },
  },
  {
    name: '@tldraw/editor',
    version: '5.1.1',
    tsconfig: 'tsconfig.json',
    // Published with src/ but without a tsconfig. Indented with tabs, without semicolons, and
    // without a prettier config in the package: what a transform adds must follow that by itself.
    files: {
      'tsconfig.json': `${JSON.stringify(
        {
          compilerOptions: {
            target: 'ES2022',
            lib: ['ES2023', 'DOM', 'DOM.Iterable'],
            module: 'ESNext',
            moduleResolution: 'Bundler',
            jsx: 'react-jsx',
            strict: true,
            skipLibCheck: true,
            // Editor's methods are decorated with @tldraw/state's `@computed`.
            experimentalDecorators: true,
            noEmit: true,
            types: ['node', 'react', 'react-dom'],
            // It imports members its sibling packages mark @internal, which their published
            // declarations leave out: resolve them to the sources they ship, as the monorepo does.
            paths: Object.fromEntries(
              ['utils', 'state', 'state-react', 'store', 'tlschema', 'validate'].map((name) => [`@tldraw/${name}`, [`../node_modules/@tldraw/${name}/src/index.ts`]]),
            ),
          },
          include: ['src'],
          exclude: ['src/**/*.test.ts', 'src/**/*.test.tsx'],
        },
        null,
        2,
      )}\n`,
    },
    args: [],
    // An Editor with some thirty managers, each constructed with `this` and kept in a field.
    deps: {
      '@tiptap/core': '3.35.0',
      '@tiptap/pm': '3.35.0',
      '@tiptap/react': '3.35.0',
      '@tldraw/state': '5.1.1',
      '@tldraw/state-react': '5.1.1',
      '@tldraw/store': '5.1.1',
      '@tldraw/tlschema': '5.1.1',
      '@tldraw/utils': '5.1.1',
      '@tldraw/validate': '5.1.1',
      classnames: '2.5.1',
      eventemitter3: '4.0.7',
      idb: '7.1.1',
      'is-plain-object': '5.1.0',
      rbush: '3.0.1',
      react: '19.3.1',
      'react-dom': '19.3.1',
      '@types/react': '19.3.3',
      '@types/react-dom': '19.3.0',
      '@types/node': '20.19.43',
    },
  },
  {
    name: '@lumino/widgets',
    version: '2.11.0',
    tsconfig: 'tsconfig.json',
    // Published with src/ but without a tsconfig. Its back-pointers are private fields written
    // through setters (`layout.parent = this` into `_parent`), and its lib has no WeakRef: the
    // recommended fix is dispose throughout.
    files: {
      'tsconfig.json': `${JSON.stringify(
        {
          compilerOptions: {
            target: 'ES2018',
            lib: ['ES2018', 'DOM', 'DOM.Iterable'],
            module: 'ESNext',
            moduleResolution: 'Bundler',
            strict: true,
            skipLibCheck: true,
            noEmit: true,
            types: [],
          },
          include: ['src'],
        },
        null,
        2,
      )}\n`,
    },
    args: [],
    deps: {
      '@lumino/algorithm': '2.0.5',
      '@lumino/commands': '2.3.4',
      '@lumino/coreutils': '2.2.3',
      '@lumino/disposable': '2.1.6',
      '@lumino/domutils': '2.0.5',
      '@lumino/dragdrop': '2.1.9',
      '@lumino/keyboard': '2.0.5',
      '@lumino/messaging': '2.0.5',
      '@lumino/properties': '2.0.5',
      '@lumino/signaling': '2.1.6',
      '@lumino/virtualdom': '2.0.5',
    },
  },
  {
    name: '@antv/g6',
    version: '5.1.1',
    tsconfig: 'tsconfig.json',
    // Published with src/ but without a tsconfig. Its graph keeps a RuntimeContext, a plain object
    // of services (an interface no class implements), and each controller is built with that
    // object and kept in it: the cycles run through the plain object (ClassNode.kind 'interface').
    files: {
      'tsconfig.json': `${JSON.stringify(
        {
          compilerOptions: {
            target: 'ES2022',
            lib: ['ES2022', 'DOM'],
            module: 'ESNext',
            moduleResolution: 'Bundler',
            strict: true,
            skipLibCheck: true,
            noEmit: true,
            types: [],
          },
          include: ['src'],
        },
        null,
        2,
      )}\n`,
    },
    args: [],
    deps: {
      '@antv/algorithm': '0.1.26',
      '@antv/component': '2.1.12',
      '@antv/event-emitter': '0.1.3',
      '@antv/g': '6.3.1',
      '@antv/g-canvas': '2.2.2',
      '@antv/g-plugin-dragndrop': '2.1.1',
      '@antv/graphlib': '2.0.4',
      '@antv/hierarchy': '0.7.1',
      '@antv/layout': '2.0.1',
      '@antv/util': '3.3.11',
      'bubblesets-js': '2.3.4',
    },
  },
];

/** Declaration-only packages analysed for scale (graph and cycles at thousands of classes). */
export const scaleProjects = [
  {
    name: '@babylonjs/core',
    version: '9.35.0',
    files: {
      'tsconfig.json': `${JSON.stringify(
        { compilerOptions: { target: 'ES2022', lib: ['ES2022', 'DOM'], module: 'ESNext', moduleResolution: 'Bundler', skipLibCheck: true, noEmit: true }, include: ['**/*.d.ts'] },
        null,
        2,
      )}\n`,
    },
    tsconfig: 'tsconfig.json',
    args: ['--declarations'],
    deps: {},
  },
];
