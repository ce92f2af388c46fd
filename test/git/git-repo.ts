import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** A real git repository in a temporary folder, for tests of the pre-merge mode. */
export interface TestRepo {
  root: string;
  git(...args: string[]): string;
  write(files: Record<string, string | null>): void;
  commit(message: string, files?: Record<string, string | null>): string;
  remove(): void;
}

export function createRepo(files: Record<string, string> = {}): TestRepo {
  const root = realpathSync(mkdtempSync(path.join(tmpdir(), 'weakify-git-')));
  const git = (...args: string[]) =>
    execFileSync('git', args, {
      cwd: root,
      encoding: 'utf8',
      env: { ...process.env, GIT_CONFIG_NOSYSTEM: '1', HOME: root, LC_ALL: 'C' },
    });
  const write = (changes: Record<string, string | null>) => {
    for (const [name, text] of Object.entries(changes)) {
      const file = path.join(root, name);
      if (text === null) rmSync(file);
      else {
        mkdirSync(path.dirname(file), { recursive: true });
        writeFileSync(file, text);
      }
    }
  };
  git('init', '--quiet', '--initial-branch=main');
  git('config', 'user.name', 'Test');
  git('config', 'user.email', 'test@example.com');
  git('config', 'commit.gpgsign', 'false');
  const repo: TestRepo = {
    root,
    git,
    write,
    commit(message, changes = {}) {
      write(changes);
      git('add', '--all');
      git('commit', '--quiet', '--allow-empty', '-m', message);
      return git('rev-parse', 'HEAD').trim();
    },
    remove: () => rmSync(root, { recursive: true, force: true }),
  };
  if (Object.keys(files).length > 0) repo.commit('base', files);
  return repo;
}
