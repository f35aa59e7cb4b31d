// Worker thread of the cold index: reads and parses notes files off the server's main thread,
// so requests are answered while a large workspace is being indexed.
import { parentPort } from 'node:worker_threads';
import { parseFileForIndex, type ParseJob } from './parseFile.ts';
import { packResults } from './packResults.ts';

parentPort?.on('message', (message: { id: number; jobs: ParseJob[] }) => {
  const packed = packResults(message.jobs.map((job) => parseFileForIndex(job)));
  parentPort!.postMessage({ id: message.id, packed }, [packed]);
});
