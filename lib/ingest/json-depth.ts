// JSON lines are parsed whole (JSON.parse copes with any depth), but what reads the parsed
// value may walk it recursively; a line of a million `[` would then end in a stack overflow
// instead of a located problem (issue 20: "JSON depth bounded"). Real records nest a few
// levels (laurel: 4), so a record past MAX_JSON_DEPTH is refused before it is parsed.
export const MAX_JSON_DEPTH = 64;

/** The reason a JSON text nests too deeply, or undefined. One linear pass; strings skipped. */
export function jsonDepthProblem(text: string, max = MAX_JSON_DEPTH): string | undefined {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92)
        i++; // backslash: skip the escaped character
      else if (c === 34) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 123 || c === 91) {
      if (++depth > max) return `JSON nested deeper than ${max} levels; skipped`;
    } else if (c === 125 || c === 93) depth--;
  }
  return undefined;
}
