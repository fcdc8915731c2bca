import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, symlinkSync } from 'node:fs';
import path from 'node:path';

/**
 * Follows deploy/Dockerfile without Docker: each stage gets a directory standing for its root
 * filesystem's /app (and /staging), and its RUN, COPY, ENV and WORKDIR instructions are carried
 * out there on the machine's Node — the same commands with the same flags, not a copy of them.
 * Only apt-get lines are skipped (the machine has the build tools and runs no PID 1 of its own).
 */

export interface Instruction {
  keyword: string;
  args: string;
}

export interface Stage {
  name: string;
  instructions: Instruction[];
}

export const repoRoot = path.resolve(__dirname, '../..');

export function readDockerfile(file = path.join(repoRoot, 'deploy/Dockerfile')): Stage[] {
  // Join continuation lines, drop comments and blank lines.
  const logical = readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => !/^\s*#/.test(line))
    .join('\n')
    .replace(/\\\n/g, ' ')
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean);
  const stages: Stage[] = [];
  for (const line of logical) {
    const match = /^(\w+)\s+(.*)$/.exec(line);
    if (!match) {
      throw new Error(`unreadable Dockerfile line: ${line}`);
    }
    const keyword = match[1].toUpperCase();
    if (keyword === 'FROM') {
      stages.push({ name: (/\bAS\s+(\S+)/i.exec(match[2])?.[1] ?? '').toLowerCase(), instructions: [] });
    } else if (stages.length > 0) {
      stages[stages.length - 1].instructions.push({ keyword, args: match[2] });
    }
  }
  return stages;
}

export function stage(stages: Stage[], name: string): Stage {
  const found = stages.find((candidate) => candidate.name === name);
  if (!found) {
    throw new Error(`deploy/Dockerfile has no stage "${name}"`);
  }
  return found;
}

/** ENV a=b c=d (the multi-pair form) as an object. */
export function parseEnv(args: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const match of args.matchAll(/(\w+)=("[^"]*"|\S+)/g)) {
    env[match[1]] = match[2].replace(/^"|"$/g, '');
  }
  return env;
}

/** A stage's file system: /app and /staging mapped into `root`. */
export class StageDir {
  constructor(readonly root: string) {
    mkdirSync(path.join(root, 'app'), { recursive: true });
  }

  get app(): string {
    return path.join(this.root, 'app');
  }

  /** An absolute image path (or one relative to /app) on the machine. */
  resolve(imagePath: string): string {
    return imagePath.startsWith('/') ? path.join(this.root, imagePath) : path.join(this.app, imagePath);
  }

  /** The command with the image's absolute paths rewritten into this directory. */
  mapPaths(command: string): string {
    return command.replace(/(^|[\s"'=])\/(app|staging)(?=[/\s"']|$)/g, (_, before: string, top: string) => `${before}${this.root}/${top}`);
  }

  run(command: string, env: Record<string, string>): void {
    execFileSync('sh', ['-ec', this.mapPaths(command)], {
      cwd: this.app,
      env: { ...process.env, ...Object.fromEntries(Object.entries(env).map(([key, value]) => [key, this.mapPaths(value)])) },
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: 600_000,
    });
  }
}

/** Carries out one stage's instructions; `from` gives the other stages' directories for COPY --from. */
export function followStage(
  instructions: Instruction[],
  dir: StageDir,
  from: Record<string, StageDir>,
  skip: (instruction: Instruction) => boolean = () => false,
): Record<string, string> {
  const env: Record<string, string> = {};
  for (const instruction of instructions) {
    if (skip(instruction)) {
      continue;
    }
    switch (instruction.keyword) {
      case 'ENV':
        Object.assign(env, parseEnv(instruction.args));
        break;
      case 'WORKDIR':
        if (instruction.args !== '/app') {
          throw new Error(`the runtime-stage test maps WORKDIR /app only, not ${instruction.args}`);
        }
        break;
      case 'RUN':
        if (/^apt-get\b/.test(instruction.args)) {
          break; // system packages: the machine has its own build tools; tini is PID 1 only in the image
        }
        dir.run(instruction.args, env);
        break;
      case 'COPY': {
        const words = instruction.args.split(/\s+/);
        const source = words[0].startsWith('--from=') ? from[words.shift()!.slice('--from='.length)] : undefined;
        const target = words.pop()!;
        for (const item of words) {
          const origin = source ? source.resolve(item) : path.join(repoRoot, item);
          const destination = target.endsWith('/') && !source ? path.join(dir.resolve(target), path.basename(item)) : dir.resolve(target);
          if (source && item === '/app/node_modules') {
            // A link, not a copy: the same tree, found by Node from the runtime directory.
            symlinkSync(origin, destination, 'dir');
          } else {
            cpSync(origin, destination, { recursive: true });
          }
        }
        break;
      }
      default:
        break; // LABEL, USER, EXPOSE, VOLUME, HEALTHCHECK, ENTRYPOINT, CMD, ARG: metadata
    }
  }
  return env;
}
