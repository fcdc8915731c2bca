// The commit-msg hook (.husky/commit-msg): a subject of at most 72 characters, then a blank line before the body
// that says why (CONTRIBUTING.md). Usage: node scripts/check-commit-msg.mjs <message file>
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

export const SUBJECT_MAX = 72;

/** The problems of one commit message (git's comment lines and what follows a scissors line ignored). */
export function commitMessageProblems(text) {
  const lines = [];
  for (const line of text.split('\n')) {
    if (/^# -+ >8 -+$/.test(line)) {
      break;
    }
    if (!line.startsWith('#')) {
      lines.push(line.trimEnd());
    }
  }
  while (lines.length > 0 && lines[0] === '') {
    lines.shift();
  }
  const [subject = '', second] = lines;
  const problems = [];
  if (subject === '') {
    problems.push('the message is empty');
  } else if ([...subject].length > SUBJECT_MAX) {
    problems.push(`the subject has ${[...subject].length} characters; at most ${SUBJECT_MAX}`);
  }
  if (second !== undefined && second !== '') {
    problems.push('a blank line must separate the subject from the body');
  }
  return problems;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const problems = commitMessageProblems(readFileSync(process.argv[2], 'utf8'));
  if (problems.length > 0) {
    process.stderr.write(`commit message: ${problems.join('; ')} (CONTRIBUTING.md, "Commit messages")\n`);
    process.exit(1);
  }
}
