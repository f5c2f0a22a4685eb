/**
 * JavaScript's regex engine backtracks, and attribute regexes run on every write: a pattern that can match one
 * text in exponentially many ways stalls the whole process on a near-miss. Refused when defined:
 * - a repeated group that holds a quantifier ("star height" above one, ^(a+)+$) or a choice (^(a|a)*$, whose
 *   alternatives may overlap);
 * - a long run of repeated atoms side by side (a*a*a*a*…), which backtracks polynomially in the run's length.
 * A bounded repetition of more than MAX_BOUNDED counts as unbounded: ^(a+){1,99}$ is as slow as ^(a+)+$.
 */
const QUANTIFIER_AT = /^(?:[*+?]|\{\d+(?:,\d*)?\})/;
const MAX_BOUNDED = 10;
/** Repeated atoms side by side, more than this, are refused. */
const MAX_REPEATED_RUN = 3;

interface Group {
  /** it holds a quantifier */
  quantified: boolean;
  /** it holds a choice at its own level */
  choice: boolean;
  /** the run of repeated atoms before it, which the group, as one atom, may continue */
  runBefore: number;
}

export function hasNestedQuantifier(pattern: string): boolean {
  const stack: Group[] = [];
  /** repeated atoms side by side so far */
  let run = 0;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    let group: Group | undefined;
    if (c === '\\') {
      i++;
    } else if (c === '[') {
      // the class is one atom: read it to its end, so that the quantifier after it is seen below
      for (i++; i < pattern.length && pattern[i] !== ']'; i++) if (pattern[i] === '\\') i++;
    } else if (c === '(') {
      stack.push({ quantified: false, choice: false, runBefore: run });
      run = 0;
      continue;
    } else if (c === '|') {
      if (stack.length) stack[stack.length - 1]!.choice = true;
      run = 0;
      continue;
    } else if (c === ')') {
      group = stack.pop() ?? { quantified: false, choice: false, runBefore: 0 };
      run = group.runBefore;
      if (group.quantified) markEnclosing(stack);
    }
    // The atom just read (a character, a class, a group) and its quantifier, if any.
    const after = QUANTIFIER_AT.exec(pattern.slice(i + 1));
    if (!after) {
      run = 0;
      continue;
    }
    const unbounded = isUnbounded(after[0]);
    if (unbounded && group && (group.quantified || group.choice)) return true;
    markEnclosing(stack);
    run = unbounded ? run + 1 : 0;
    if (run > MAX_REPEATED_RUN) return true;
    // past the quantifier, and the ? that makes it lazy
    i += after[0].length + (pattern[i + after[0].length + 1] === '?' ? 1 : 0);
  }
  return false;
}

/** *, + and {n,} repeat without bound, and so, in effect, does {n,m} with a large m; ? and small {n,m} are bounded. */
function isUnbounded(q: string): boolean {
  if (q === '*' || q === '+' || /^\{\d+,\}$/.test(q)) return true;
  const range = /^\{\d+,(\d+)\}$/.exec(q);
  return range !== null && Number(range[1]) > MAX_BOUNDED;
}

function markEnclosing(stack: Group[]): void {
  if (stack.length) stack[stack.length - 1]!.quantified = true;
}
