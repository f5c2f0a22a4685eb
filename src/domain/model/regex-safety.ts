/**
 * JavaScript's regex engine backtracks: a nested quantifier such as ^(a+)+$ takes exponential time on a
 * near-miss, and attribute regexes run on every write. Patterns whose quantified groups contain another
 * quantifier ("star height" above one, the classic catastrophic shape) are refused when defined.
 */
const QUANTIFIER_AT = /^(?:[*+?]|\{\d+(?:,\d*)?\})/;

export function hasNestedQuantifier(pattern: string): boolean {
  const stack: boolean[] = []; // per open group: does it contain a quantifier?
  let inClass = false;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '\\') {
      i++;
      continue;
    }
    if (inClass) {
      if (c === ']') inClass = false;
      continue;
    }
    if (c === '[') {
      inClass = true;
      continue;
    }
    if (c === '(') {
      stack.push(false);
      continue;
    }
    const quantified = QUANTIFIER_AT.exec(pattern.slice(i));
    if (c === ')') {
      const inner = stack.pop() ?? false;
      const after = QUANTIFIER_AT.exec(pattern.slice(i + 1));
      if (after && isUnbounded(after[0]) && inner) return true;
      if (after || inner) markEnclosing(stack);
      continue;
    }
    if (quantified && i > 0) {
      markEnclosing(stack);
      i += quantified[0].length - 1;
    }
  }
  return false;
}

/** *, + and {n,} repeat without bound; ? and {n} / {n,m} are bounded. */
const isUnbounded = (q: string) => q === '*' || q === '+' || /^\{\d+,\}$/.test(q);

function markEnclosing(stack: boolean[]): void {
  if (stack.length) stack[stack.length - 1] = true;
}
