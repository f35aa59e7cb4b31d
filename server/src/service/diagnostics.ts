// Diagnostics of one notes file: the core's findings (unanswered questions, malformed page
// references) with the configured severities, plus broken links and anchors.
import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver-types';
import type { ServiceContext } from './context.ts';
import type { SeverityOrOff } from './settings.ts';
import { unansweredMessage } from '../notes/messages.ts';
import { linkDiagnostics } from './links.ts';

export const DIAGNOSTIC_SOURCE = 'marginalia';

export function toSeverity(value: SeverityOrOff): DiagnosticSeverity | undefined {
  switch (value) {
    case 'error':
      return DiagnosticSeverity.Error;
    case 'warning':
      return DiagnosticSeverity.Warning;
    case 'information':
      return DiagnosticSeverity.Information;
    case 'hint':
      return DiagnosticSeverity.Hint;
    default:
      return undefined;
  }
}

export async function documentDiagnostics(ctx: ServiceContext, uri: string): Promise<Diagnostic[]> {
  const file = ctx.index.get(uri);
  if (!file) return [];
  const settings = await ctx.settings(uri);
  const found: Diagnostic[] = [];
  const unanswered = toSeverity(settings.diagnostics.unanswered);
  const malformed = toSeverity(settings.diagnostics.malformedPageRef);
  for (const d of file.model.diagnostics) {
    if (d.code === 'unanswered' && unanswered) {
      const question = file.model.questions[d.question!];
      found.push({ range: d.range, severity: unanswered, code: d.code, source: DIAGNOSTIC_SOURCE, message: unansweredMessage(question, ctx.locale), data: { question: d.question } });
    } else if (d.code === 'malformed-page-ref' && malformed) {
      found.push({ range: d.range, severity: malformed, code: d.code, source: DIAGNOSTIC_SOURCE, message: d.message });
    }
  }
  found.push(...(await linkDiagnostics(ctx, file, settings)));
  return found;
}
