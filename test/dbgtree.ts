import { loadPythonParser } from '../src/core/frontends/python/parser';
(async () => {
  const p: any = await loadPythonParser();
  const text = process.argv[2];
  const tree = p.parser.parse(text);
  console.log(tree?.rootNode?.toString?.() ?? Object.keys(p));
})();
