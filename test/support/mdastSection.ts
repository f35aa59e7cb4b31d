// The section parser as it was written over remark's mdast tree (unified + remark-parse), kept
// as the reference the event-based parser in server/src/notes/markdown.ts is held equal to.
import { unified, type Processor } from 'unified';
import remarkParse from 'remark-parse';
import { gfmTable } from 'micromark-extension-gfm-table';
import { gfmTableFromMarkdown } from 'mdast-util-gfm-table';
import { gfmFootnote } from 'micromark-extension-gfm-footnote';
import { gfmFootnoteFromMarkdown } from 'mdast-util-gfm-footnote';
import type { Nodes, Parents, Root } from 'mdast';
import { HTML_TAG, isFencedCode, MAX_REPARSE_DEPTH, maskBareUrls, needsGfmBlocks, unindentCodeBlock, type Block, type BlockKind, type ParsedSection } from '../../server/src/notes/markdown.ts';

function remarkGfmBlocks(this: Processor): void {
  const data = this.data();
  (data.micromarkExtensions ??= []).push(gfmTable(), gfmFootnote());
  (data.fromMarkdownExtensions ??= []).push(gfmTableFromMarkdown(), gfmFootnoteFromMarkdown());
}

const commonMark = unified().use(remarkParse);
const withGfmBlocks = unified().use(remarkParse).use(remarkGfmBlocks);

/** remark's mdast tree of a piece of notes, with the same GFM block extensions as the server. */
export function parseMarkdown(text: string): Root {
  return (needsGfmBlocks(text) ? withGfmBlocks : commonMark).parse(text) as Root;
}

/** `parseSection`, reading remark's tree instead of micromark's events. */
export function parseSectionByMdast(text: string): ParsedSection {
  const result: ParsedSection = { blocks: [], masks: [], links: [] };
  result.blocks = parseFragment(text, (offset) => offset, result, 0);
  maskBareUrls(text, result);
  return result;
}

/**
 * Parses `text` and maps every offset back into the section with `origin`.
 * Indented code blocks are re-parsed as prose: in notes, real code is fenced, and indentation
 * by a tab or 4+ spaces is almost always prose that slipped (notes-format.md §5).
 */
function parseFragment(text: string, origin: (offset: number) => number, out: ParsedSection, depth: number): Block[] {
  const root = parseMarkdown(text);
  const source = text;

  function span(node: Nodes): [number, number] | undefined {
    const start = node.position?.start.offset;
    const end = node.position?.end.offset;
    return start === undefined || end === undefined ? undefined : [start, end];
  }

  function mask(start: number, end: number, code = false): void {
    if (end > start) out.masks.push({ start: origin(start), end: origin(end), code });
  }

  function maskHtmlTags(start: number, end: number): void {
    const html = source.slice(start, end);
    for (const match of html.matchAll(HTML_TAG)) mask(start + match.index, start + match.index + match[0].length);
  }

  function inline(node: Nodes): void {
    const at = span(node);
    switch (node.type) {
      case 'inlineCode':
        if (at) mask(at[0], at[1], true);
        return;
      case 'html':
        if (at) maskHtmlTags(at[0], at[1]);
        return;
      case 'image':
      case 'imageReference':
        if (at) {
          mask(at[0], at[1]);
          if (node.type === 'image') out.links.push({ url: node.url, start: origin(at[0]), end: origin(at[1]), image: true });
        }
        return;
      case 'definition':
        if (at) {
          mask(at[0], at[1]);
          out.links.push({ url: node.url, start: origin(at[0]), end: origin(at[1]), image: false });
        }
        return;
      case 'link': {
        if (!at) return;
        out.links.push({ url: node.url, start: origin(at[0]), end: origin(at[1]), image: false });
        const first = node.children[0] ? span(node.children[0]) : undefined;
        const last = node.children.length ? span(node.children[node.children.length - 1]) : undefined;
        const label = source.slice(first?.[0] ?? at[0], last?.[1] ?? at[0]);
        // Autolinks show their URL as the label: no prose there.
        if (!first || !last || label === node.url || /^(?:https?:|www\.|mailto:)/i.test(label)) {
          mask(at[0], at[1]);
        } else {
          mask(at[0], first[0]);
          mask(last[1], at[1]);
          for (const child of node.children) inline(child);
        }
        return;
      }
      default:
        if ('children' in node) for (const child of (node as Parents).children) inline(child as Nodes);
    }
  }

  function reparseIndented(start: number, end: number): Block[] {
    const prose = unindentCodeBlock(source, start, end, origin);
    return parseFragment(prose.text, prose.origin, out, depth + 1);
  }

  function block(node: Nodes): Block[] {
    const at = span(node);
    if (!at) return [];
    const [start, end] = at;
    const made = (kind: BlockKind, children?: Block[], level?: number): Block[] => {
      const b: Block = { kind, start: origin(start), end: origin(end) };
      if (children) b.children = children;
      if (level !== undefined) b.level = level;
      return [b];
    };
    switch (node.type) {
      case 'paragraph':
        inline(node);
        return made('paragraph');
      case 'heading':
        inline(node);
        return made('heading', undefined, node.depth);
      case 'thematicBreak':
        return made('break');
      case 'blockquote':
        return made('quote', node.children.flatMap(block));
      case 'list':
        return made('list', node.children.flatMap(block));
      case 'listItem':
        return made('item', node.children.flatMap(block));
      case 'footnoteDefinition':
        return made('quote', node.children.flatMap(block));
      case 'html':
        maskHtmlTags(start, end);
        return made('html');
      case 'table':
        inline(node);
        return made('table');
      case 'definition':
        inline(node);
        return [];
      case 'code':
        if (isFencedCode(source, start) || depth >= MAX_REPARSE_DEPTH) {
          mask(start, end, true);
          return made('code');
        }
        return reparseIndented(start, end);
      default:
        return [];
    }
  }

  return root.children.flatMap((child) => block(child as Nodes));
}
