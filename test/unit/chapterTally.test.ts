// The index keeps each chapter's files and summed counts as files come, go and change (views
// and code lenses read them on every keystroke): always what summing every file from scratch gives.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseNotes } from '../../server/src/notes/parse.ts';
import { WorkspaceIndex } from '../../server/src/service/workspaceIndex.ts';

const NOTES: Record<string, string> = {
  '3장/지민.md': ['# 3장 캐시', '', '- p.45 캐시 만료는 언제 하나요? @지민', '- p.46 쓰기 지연과 캐시', '', '# 4장 복제', '', '- p.80 리더 선출'].join('\n'),
  '3장/윤우.md': ['# 3장 캐시', '', '- p.47 캐시 무효화가 궁금해요?', '  - 답: TTL로 합니다'].join('\n'),
  '메모.md': ['- p.3 장 없이 적은 메모', '- 이건 왜 그런가요?'].join('\n'),
};

const uriOf = (name: string) => `file:///notes/${encodeURIComponent(name)}`;

function indexOf(files: Record<string, string>): WorkspaceIndex {
  const index = new WorkspaceIndex();
  for (const [name, text] of Object.entries(files)) index.set(uriOf(name), '1', parseNotes(text, name), false);
  return index;
}

/** Each chapter id with its sums and files, by id: a form to compare. */
function tallyOf(index: WorkspaceIndex) {
  return [...index.chapterSums()]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([id, sums]) => ({ id, sums, files: [...index.filesInChapter(id)].map((f) => f.uri).sort() }));
}

describe('chapter tally', () => {
  it('sums every file', () => {
    const [none, three, four] = tallyOf(indexOf(NOTES));
    assert.deepEqual([none?.id, three?.id, four?.id], ['', '3', '4']);
    assert.deepEqual(three!.sums, { entries: 3, openEntries: 1, unanswered: 1, questions: 2, unansweredQuestions: 1 });
    assert.deepEqual(three!.files, [uriOf('3장/윤우.md'), uriOf('3장/지민.md')]);
    assert.deepEqual(four!.files, [uriOf('3장/지민.md')]);
    assert.deepEqual(none!.files, [uriOf('메모.md')]);
  });

  it('follows files as they come, go and change', () => {
    const index = indexOf(NOTES);
    tallyOf(index); // made now, kept from here on
    const edited = NOTES['3장/지민.md']!.replace('# 4장 복제\n\n- p.80 리더 선출', '- p.48 캐시 예열은 왜 하나요?');
    index.set(uriOf('3장/지민.md'), '2', parseNotes(edited, '3장/지민.md'));
    index.delete(uriOf('메모.md'));
    index.set(uriOf('5장/민수.md'), '1', parseNotes('# 5장 파티셔닝\n\n- p.120 해시 파티셔닝', '5장/민수.md'));
    const now = { '3장/지민.md': edited, '3장/윤우.md': NOTES['3장/윤우.md']!, '5장/민수.md': '# 5장 파티셔닝\n\n- p.120 해시 파티셔닝' };
    assert.deepEqual(tallyOf(index), tallyOf(indexOf(now)));
    assert.equal(index.chapterSums().has('4'), false, 'a chapter no file has any more is gone');
    assert.equal(index.chapterSums().has(''), false);
  });
});
