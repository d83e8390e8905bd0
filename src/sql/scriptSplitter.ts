// Splits a script into statements at semicolons outside quotes and comments, keeping
// where each statement starts so errors can point at line:column in the whole script.

export interface StatementText {
  text: string;
  /** 1-based line and column of the statement's first character in the script. */
  line: number;
  col: number;
}

export function splitStatements(script: string): StatementText[] {
  const out: StatementText[] = [];
  let start = 0;
  let i = 0;
  const n = script.length;
  const push = (end: number) => {
    const raw = script.slice(start, end);
    const lead = raw.length - raw.trimStart().length;
    const text = raw.trim();
    if (text !== '' && !isOnlyComments(text)) {
      const at = lineCol(script, start + lead);
      out.push({ text, line: at.line, col: at.col });
    }
  };
  while (i < n) {
    const c = script[i];
    if (c === "'" || c === '"' || c === '`') {
      const q = c;
      i++;
      while (i < n && script[i] !== q) { if (script[i] === '\\' && q !== '`') i++; i++; }
      i++;
    } else if (c === '-' && script[i + 1] === '-') {
      while (i < n && script[i] !== '\n') i++;
    } else if (c === '/' && script[i + 1] === '*') {
      const end = script.indexOf('*/', i + 2);
      i = end < 0 ? n : end + 2;
    } else if (c === ';') {
      push(i);
      start = ++i;
    } else {
      i++;
    }
  }
  push(n);
  return out;
}

function isOnlyComments(text: string): boolean {
  return text.replace(/--[^\n]*/g, '').replace(/\/\*[\s\S]*?\*\//g, '').trim() === '';
}

export function lineCol(text: string, offset: number): { line: number; col: number } {
  let line = 1, last = -1;
  for (let i = 0; i < offset; i++) if (text.charCodeAt(i) === 10) { line++; last = i; }
  return { line, col: offset - last };
}
