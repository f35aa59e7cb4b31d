// Test entry for the launcher self-test (extensionTestsPath). Same contract as @vscode/test-electron:
// export run(), resolve when all tests pass, reject otherwise.
const path = require('path');

exports.run = async function run() {
  // mocha is resolved by plain Node resolution from this file: test/vscode/probe/test ->
  // /work/main/node_modules/mocha (the project's devDependency). The extension host is a real
  // Node process, so nothing special is needed.
  const Mocha = require('mocha');
  console.log(`[probe] mocha ${require('mocha/package.json').version} from ${path.dirname(require.resolve('mocha/package.json'))}`);
  const mocha = new Mocha({ ui: 'bdd', timeout: 30_000, color: false, reporter: 'spec' });
  mocha.addFile(path.join(__dirname, 'probe.test.js'));
  await new Promise((resolve, reject) => {
    mocha.run((failures) => (failures ? reject(new Error(`${failures} test(s) failed`)) : resolve()));
  });
};
