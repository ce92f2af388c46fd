import { describe, expect, it } from 'vitest';
import { classRoots } from '../../src/project/class-roots.js';

const roots = (files: Record<string, string | undefined>) => classRoots(Object.keys(files), (fileName) => files[fileName]);

describe('classRoots', () => {
  it('keeps class files, scripts, global declarations and unreadable files', () => {
    expect(
      roots({
        'a.ts': 'export class A {}\n',
        'script.ts': 'const x = 1;\n',
        'global.ts': 'export {};\ndeclare global { interface W { a: 1 } }\n',
        'ambient.ts': "export {};\ndeclare module 'm' {}\n",
        'lib.ts': '/// <reference lib="dom" />\nexport const a = 1;\n',
        'gone.ts': undefined,
        'plain.ts': 'export const a = 1;\n',
      }),
    ).toEqual(['a.ts', 'script.ts', 'global.ts', 'ambient.ts', 'lib.ts', 'gone.ts']);
  });

  it('keeps a module constructing a project object, however it is named, and leaves out one constructing only built-ins', () => {
    expect(
      roots({
        'local.ts': "import { View } from './view.js';\nconst view = new View(app);\napp.view = view;\n",
        'namespace.ts': "import * as ui from './ui.js';\nexport const v = new ui.View();\n",
        'computed.ts': 'export const v = new (pick())();\n',
        'builtins.ts': 'export const m = new Map<string, number>();\nexport const b = new Uint8Array(4);\nexport const e = () => new TypeError("x");\n',
        'newsletter.ts': 'export const renewal = 1; // renew all\n',
      }),
    ).toEqual(['local.ts', 'namespace.ts', 'computed.ts']);
  });

  it('keeps a module constructing a built-in name that it imports, or with anything but a name after `new`', () => {
    expect(
      roots({
        'default.ts': "import Request from './request.js';\nexport const r = new Request(app);\n",
        'renamed.ts': "import { Emitter as Event } from './events.js';\nexport const e = new Event();\n",
        'comment.ts': 'export const r = new /* the app\'s */ Req(app);\n',
        'letters.ts': 'export const u = new Überblick();\n',
        'types-only.ts': "import type { Map } from './map.js';\nexport const m = new Map();\n",
      }),
    ).toEqual(['default.ts', 'renamed.ts', 'comment.ts', 'letters.ts']);
  });

  it('keeps a module constructing a built-in name the project declares a class of', () => {
    expect(
      roots({
        'event.ts': 'export class Event { constructor(readonly bus: unknown) {} }\n',
        'emit.ts': "import { Event } from './event.js';\nexport const e = new Event(bus);\n",
        'map.ts': 'export const m = new Map();\n',
      }),
    ).toEqual(['event.ts', 'emit.ts']);
  });
});
