// Argument handling and output of the `marginalia` command line.
import * as path from 'node:path';
import { parseNotes } from '../notes/parse.ts';
import type { NotesModel } from '../notes/model.ts';
import { toOneBased } from '../notes/lines.ts';
import { readNotesFile } from '../node/readNotesFile.ts';
import { walkNotes } from '../node/walkNotes.ts';
import { buildPageIndex } from '../service/pageIndex.ts';
import { pageList } from '../notes/pageList.ts';
import { unansweredOf } from '../service/fileCounts.ts';

export interface CliIo {
  out(text: string): void;
  err(text: string): void;
  cwd: string;
}

const USAGE = `Usage:
  marginalia check [paths…] [--format text|json] [--fail-on unanswered|malformed-page-ref|any]
  marginalia pages [paths…] [--format text|json]

Reads Markdown reading notes (**/*.md, **/*.markdown; node_modules and .git skipped).
check  reports unanswered questions and malformed page references, compiler style.
pages  prints the page index: each page of the book with every entry on it, across files.`;

interface Options {
  command: 'check' | 'pages';
  paths: string[];
  format: 'text' | 'json';
  failOn: Set<string>;
}

function parseArgs(args: string[]): Options | string {
  const [command, ...rest] = args;
  if (command !== 'check' && command !== 'pages') return command === undefined || command === '--help' || command === '-h' ? '' : `unknown command '${command}'`;
  const options: Options = { command, paths: [], format: 'text', failOn: new Set() };
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i];
    const value = (name: string) => {
      const inline = arg.includes('=') ? arg.slice(arg.indexOf('=') + 1) : undefined;
      if (inline !== undefined) return inline;
      const next = rest[++i];
      if (next === undefined) throw new Error(`${name} needs a value`);
      return next;
    };
    try {
      if (arg === '--format' || arg.startsWith('--format=')) {
        const format = value('--format');
        if (format !== 'text' && format !== 'json') return `--format must be text or json, not '${format}'`;
        options.format = format;
      } else if (arg === '--fail-on' || arg.startsWith('--fail-on=')) {
        for (const code of value('--fail-on').split(',')) {
          if (!['unanswered', 'malformed-page-ref', 'any'].includes(code)) return `--fail-on takes unanswered, malformed-page-ref or any, not '${code}'`;
          options.failOn.add(code);
        }
      } else if (arg === '--help' || arg === '-h') {
        return '';
      } else if (arg.startsWith('--')) {
        return `unknown option '${arg}'`;
      } else {
        options.paths.push(arg);
      }
    } catch (error) {
      return (error as Error).message;
    }
  }
  if (options.paths.length === 0) options.paths.push('.');
  return options;
}

export function runCli(args: string[], io: CliIo): number {
  const options = parseArgs(args);
  if (typeof options === 'string') {
    if (options) io.err(`marginalia: ${options}`);
    io.err(USAGE);
    return options ? 2 : 0;
  }

  const absolute = (p: string) => path.resolve(io.cwd, p);
  // Paths as given: relative to the working directory (`../shared/…` included).
  const display = (p: string) => {
    const relative = path.relative(io.cwd, absolute(p));
    return (relative && !path.isAbsolute(relative) ? relative : absolute(p)).split(path.sep).join('/');
  };

  const walked = walkNotes(options.paths.map(absolute));
  const errors = walked.errors.map((e) => ({ path: display(e.path), error: e.error }));
  const models: Array<{ path: string; model: NotesModel; note?: string }> = [];
  for (const file of walked.files) {
    const read = readNotesFile(file);
    const shown = display(file);
    if (!read.ok) {
      errors.push({ path: shown, error: read.error });
      continue;
    }
    try {
      models.push({ path: shown, model: parseNotes(read.text, shown), ...(read.note ? { note: read.note } : {}) });
    } catch (error) {
      errors.push({ path: shown, error: `could not be read as notes: ${(error as Error).message}` });
    }
  }

  if (options.command === 'pages') printPages(models.map((m) => m.model), options.format, io);
  else printCheck(models, options.format, io);
  for (const e of errors) io.err(`${e.path}: error: ${e.error}`);

  const findings = models.flatMap((m) => m.model.diagnostics);
  const failing = findings.some((d) => options.failOn.has('any') || options.failOn.has(d.code));
  if (errors.length && walked.files.length === 0 && models.length === 0) return 2;
  return failing ? 1 : 0;
}

function printCheck(models: Array<{ path: string; model: NotesModel; note?: string }>, format: 'text' | 'json', io: CliIo): void {
  if (format === 'json') {
    io.out(JSON.stringify({ files: models.map(({ path: p, model, note }) => toJson(p, model, note)) }, null, 2));
    return;
  }
  let refs = 0;
  let questions = 0;
  let open = 0;
  for (const { path: p, model, note } of models) {
    if (note) io.err(`${p}: note: ${note}`);
    for (const warning of model.warnings) io.err(`${p}: note: ${warning}`);
    for (const d of model.diagnostics) {
      const at = toOneBased(d.range.start);
      io.out(`${p}:${at.line}:${at.column}: ${d.severity}: ${d.message} [${d.code}]`);
    }
    refs += model.pageRefs.length;
    questions += model.questions.length;
    open += model.questions.filter((q) => !q.answered).length;
  }
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  io.out(`${plural(models.length, 'file')}: ${plural(refs, 'page reference')}, ${plural(questions, 'question')} (${open} unanswered)`);
}

function toJson(p: string, model: NotesModel, note?: string) {
  const at = (pos: { line: number; character: number }) => toOneBased(pos);
  return {
    path: p,
    title: model.title,
    ...(note ? { note } : {}),
    chapters: model.chapters.map((c) => ({ id: c.id, title: c.title, line: at(c.range.start).line, source: c.source, presenters: c.presenters })),
    pageRefs: model.pageRefs.map((r) => ({ line: at(r.range.start).line, column: at(r.range.start).column, start: r.start, end: r.end, text: r.text, ...(r.qualifier ? { qualifier: r.qualifier } : {}) })),
    entries: model.entries.map((e) => ({
      line: at(e.range.start).line,
      column: at(e.range.start).column,
      kind: e.kind,
      text: e.text,
      pages: e.pages.map((r) => (r.start === r.end ? r.start : [r.start, r.end])),
      ...(e.member ? { member: e.member } : {}),
      ...(e.chapter !== undefined ? { chapter: model.chapters[e.chapter].id } : {}),
      comments: e.comments.map((c) => ({ line: at(c.range.start).line, ...(c.member ? { member: c.member } : {}), text: c.text })),
    })),
    questions: model.questions.map((q) => ({
      line: at(q.range.start).line,
      column: at(q.range.start).column,
      text: q.text,
      answered: q.answered,
      pages: q.pages,
      askers: q.askers,
      addressees: q.addressees,
      ...(q.chapter !== undefined ? { chapter: model.chapters[q.chapter].id } : {}),
    })),
    diagnostics: model.diagnostics.map((d) => ({ line: at(d.range.start).line, column: at(d.range.start).column, severity: d.severity, code: d.code, message: d.message })),
    ...(model.warnings.length ? { warnings: model.warnings } : {}),
  };
}

function printPages(models: NotesModel[], format: 'text' | 'json', io: CliIo): void {
  const index = buildPageIndex(models);
  if (format === 'json') {
    const pages = [...index].map(([page, items]) => ({
      page,
      entries: items.map(({ model, entry }) => ({
        path: model.path,
        line: toOneBased(entry.range.start).line,
        text: entry.text,
        kind: entry.kind,
        ...(entry.member ? { member: entry.member } : {}),
        ...(entry.chapter !== undefined ? { chapter: model.chapters[entry.chapter].id } : {}),
        questions: entry.questions.map((q) => ({ text: model.questions[q].text, answered: model.questions[q].answered })),
      })),
    }));
    io.out(JSON.stringify({ pages }, null, 2));
    return;
  }
  for (const [page, items] of index) {
    io.out(pageList([page]));
    for (const { model, entry } of items) {
      const at = toOneBased(entry.range.start);
      const chapter = entry.chapter !== undefined ? ` [ch.${model.chapters[entry.chapter].id}]` : '';
      const member = entry.member ? ` ${entry.member}:` : '';
      const open = unansweredOf(model, entry);
      const state = entry.questions.length ? (open ? ` (${open} unanswered)` : ' (answered)') : '';
      io.out(`  ${model.path}:${at.line}${chapter}${member} ${entry.text}${state}`);
    }
  }
  io.out(`${index.size} pages, ${[...index.values()].reduce((n, items) => n + items.length, 0)} entries`);
}
