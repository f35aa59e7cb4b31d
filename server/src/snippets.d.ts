// The snippet file (JSON under a `.code-snippets` name), bundled by esbuild's json loader.
declare module '*.code-snippets' {
  const value: unknown;
  export default value;
}
