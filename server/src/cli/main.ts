// `marginalia`: the command line over the notes core (the same answers as the server).
import { runCli } from './run.ts';

process.exitCode = runCli(process.argv.slice(2), {
  out: (text) => process.stdout.write(text + '\n'),
  err: (text) => process.stderr.write(text + '\n'),
  cwd: process.cwd(),
});
