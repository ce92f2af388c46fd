import { afterEach, describe, expect, it } from 'vitest';
import { loadProject } from '../../src/project/load-project.js';
import { checkWeakRefLib, chooseStorage } from '../../src/verify/check-weakref-lib.js';
import { hasGlobal, hasSymbolDispose } from '../../src/verify/has-global.js';
import { WeakifyError } from '../../src/weakify-error.js';
import { createTempProject, type TempProject } from '../apply/temp-project.js';

function projectWith(compilerOptions: Record<string, unknown>, extra: Record<string, string> = {}): TempProject {
  return createTempProject({
    'tsconfig.json': JSON.stringify({ compilerOptions: { strict: true, types: [], ...compilerOptions }, include: ['src'] }),
    'src/a.ts': 'export const a = 1;\n',
    ...extra,
  });
}

describe('checkWeakRefLib', () => {
  let project: TempProject;
  afterEach(() => project.remove());

  it.each([
    [{ target: 'ES2022', lib: ['ES2021'] }],
    [{ target: 'ES2020', lib: ['ES2020', 'ES2021.WeakRef'] }],
    // No lib: the target's default lib decides.
    [{ target: 'ES2021' }],
  ])('accepts %j', (options) => {
    project = projectWith(options);
    expect(() => checkWeakRefLib(loadProject({ tsconfig: project.root }))).not.toThrow();
  });

  it('refuses a lib without WeakRef, saying what to add', () => {
    project = projectWith({ target: 'ES2020', lib: ['ES2020'] });
    let error: unknown;
    try {
      checkWeakRefLib(loadProject({ tsconfig: project.root }));
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(WeakifyError);
    expect(error).toMatchObject({
      code: 'NO_WEAKREF_LIB',
      message: "the project's lib does not include WeakRef (ES2021)",
      hint: 'add "ES2021.WeakRef" or "ES2021" to compilerOptions.lib',
      exitCode: 2,
    });
  });

  it('accepts an ambient WeakRef declared by the project itself', () => {
    project = projectWith(
      { target: 'ES2020', lib: ['ES2020'] },
      { 'src/weak-ref.d.ts': 'declare class WeakRef<T extends object> {\n  constructor(target: T);\n  deref(): T | undefined;\n}\n' },
    );
    expect(() => checkWeakRefLib(loadProject({ tsconfig: project.root }))).not.toThrow();
  });
});

describe('hasGlobal and hasSymbolDispose', () => {
  let project: TempProject;
  afterEach(() => project.remove());

  it('answer from the project lib', () => {
    project = projectWith({ target: 'ES2022', lib: ['ES2022'] });
    const old = loadProject({ tsconfig: project.root }).program;
    expect([hasGlobal(old, 'WeakRef'), hasGlobal(old, 'FinalizationRegistry'), hasGlobal(old, 'NoSuchGlobal'), hasSymbolDispose(old)]).toEqual([
      true,
      true,
      false,
      false,
    ]);
    project.remove();
    project = projectWith({ target: 'ES2022', lib: ['ES2022', 'ESNext.Disposable'] });
    expect(hasSymbolDispose(loadProject({ tsconfig: project.root }).program)).toBe(true);
  });
});

// Regression (rxjs): its ES5 build config refused every migrated file with TS18028.
describe('chooseStorage', () => {
  let project: TempProject;
  afterEach(() => project.remove());

  it('auto: ES private fields from ES2015 on and for an unset target, WeakMaps below', () => {
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ target: 'ES2015' }, 'private'],
      [{ target: 'ES2022' }, 'private'],
      [{}, 'private'],
      [{ target: 'ES5', ignoreDeprecations: '6.0' }, 'weakmap'],
    ];
    for (const [options, expected] of cases) {
      project = projectWith({ ...options, lib: ['ES2021'] });
      expect([options, chooseStorage(loadProject({ tsconfig: project.root }))]).toEqual([options, expected]);
      project.remove();
    }
    project = projectWith({});
  });

  it('weakmap when asked, whatever the target', () => {
    project = projectWith({ target: 'ES2022', lib: ['ES2022'] });
    expect(chooseStorage(loadProject({ tsconfig: project.root }), 'weakmap')).toBe('weakmap');
  });

  it('refuses WeakMap storage when the lib has no WeakMap or WeakSet, saying what to add', () => {
    project = projectWith({ target: 'ES5', lib: ['ES5'] });
    let error: unknown;
    try {
      chooseStorage(loadProject({ tsconfig: project.root }));
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(WeakifyError);
    expect((error as WeakifyError).code).toBe('NO_WEAKREF_LIB');
    expect((error as WeakifyError).message).toBe("the project's lib has no WeakMap/WeakSet (ES2015), which WeakMap storage needs");
  });

  it('refuses private storage on ES5, naming the target and what to do', () => {
    project = projectWith({ target: 'ES5', lib: ['ES2021'] });
    let error: unknown;
    try {
      chooseStorage(loadProject({ tsconfig: project.root }), 'private');
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(WeakifyError);
    expect((error as WeakifyError).code).toBe('TARGET_TOO_OLD');
    expect((error as WeakifyError).message).toBe('the project compiles to ES5, and --storage private needs ES private fields (ES2015 or later)');
    expect((error as WeakifyError).hint).toBe('Use --storage weakmap (or auto), or raise compilerOptions.target to ES2015 or later.');
  });
});
