// Workspace symbols list the best ranks first, then by file (URI order) and position. The index
// keeps its files in URI order between requests; files coming, going or changing must not leave
// a stale order behind.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseNotes } from '../../server/src/notes/parse.ts';
import { WorkspaceIndex } from '../../server/src/service/workspaceIndex.ts';
import { MAX_WORKSPACE_SYMBOLS, workspaceSymbols } from '../../server/src/service/symbols.ts';
import { serviceContext } from '../support/serviceContext.ts';

const NOTES = ['# 3장 캐시', '', '- p.45 캐시 만료는 언제 하나요? @지민', '- p.46 쓰기 지연과 캐시', '- 캐시를 비우는 시점이 궁금해요 @윤우'].join('\n');

function add(index: WorkspaceIndex, name: string, text = NOTES): void {
  index.set(`file:///notes/${encodeURIComponent(name)}`, '1', parseNotes(text, name), false);
}

const places = (index: WorkspaceIndex, query: string) =>
  workspaceSymbols(serviceContext(index), query).map(({ location }) => `${decodeURIComponent(location.uri.slice('file:///notes/'.length))}:${'range' in location ? location.range.start.line : '?'}`);

describe('workspace symbols order', () => {
  it('follows files as they come, go and are renamed', () => {
    const index = new WorkspaceIndex();
    add(index, 'b.md');
    add(index, 'd.md');
    assert.deepEqual([...index.inUriOrder()].map((f) => f.uri.slice(-4)), ['b.md', 'd.md']);
    assert.deepEqual(places(index, '캐시 만료'), ['b.md:2', 'd.md:2']);

    add(index, 'a.md'); // arrives after the order was kept
    add(index, 'c.md');
    assert.deepEqual(places(index, '캐시 만료'), ['a.md:2', 'b.md:2', 'c.md:2', 'd.md:2']);

    index.delete('file:///notes/b.md');
    add(index, 'd.md', ['# 3장', '', '', '- 메모: 캐시 만료 전에 p.45를 다시 읽기'].join('\n')); // an edit
    assert.deepEqual(places(index, '캐시 만료'), ['a.md:2', 'c.md:2', 'd.md:3'], 'questions starting with the query first, then other text');
    add(index, 'A.md', '- 캐시 만료는 왜 필요한가요?');
    assert.deepEqual(places(index, '캐시 만료'), ['A.md:0', 'a.md:2', 'c.md:2', 'd.md:3'], 'URI order: upper case first');
    index.deleteUnder('file:///notes/');
    assert.deepEqual(places(index, '캐시'), []);
  });

  it('ranks questions that start with the query before other hits, one result per place', () => {
    const index = new WorkspaceIndex();
    add(index, '지민.md');
    add(index, '윤우.md');
    const found = places(index, '캐시');
    // Per file: the question starting with 캐시 (line 4), then the chapter and the entries holding it.
    assert.deepEqual(found.slice(0, 2), ['윤우.md:4', '지민.md:4']);
    assert.equal(new Set(found).size, found.length, 'no place twice');
    assert.deepEqual(found.slice(2).sort(), ['윤우.md:0', '윤우.md:2', '윤우.md:3', '지민.md:0', '지민.md:2', '지민.md:3']);
  });

  it('keeps better hits found after the cap is full of worse ones', () => {
    // 250 files whose entries hold the word fill the cap before the last files are read; the
    // questions in those files still go first, and the chapter title before the entries.
    const index = new WorkspaceIndex();
    for (let i = 0; i < 250; i++) add(index, `a${String(i).padStart(3, '0')}.md`, `- p.${i + 1} 샤딩 키를 고르는 법`);
    add(index, 'x.md', '- 왜 샤딩 키가 하나뿐일까요?');
    add(index, 'y.md', '# 3장 샤딩\n\n- 샤딩은 언제 하나요?');
    add(index, 'z.md', '- 샤딩 전에 무엇을 재 보나요?');
    const found = places(index, '샤딩');
    assert.equal(found.length, MAX_WORKSPACE_SYMBOLS);
    assert.deepEqual(found.slice(0, 5), ['y.md:2', 'z.md:0', 'x.md:0', 'y.md:0', 'a000.md:0']);
    assert.equal(found.at(-1), `a${String(MAX_WORKSPACE_SYMBOLS - 5).padStart(3, '0')}.md:0`);
    assert.deepEqual(places(index, '하나뿐'), ['x.md:0'], 'a rare word: one file holds it');
  });
});
