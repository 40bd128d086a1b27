/** Minimal well-formedness check for generated SVG: balanced tags, quoted attributes, known entities. */
export function checkWellFormed(xml: string): void {
  const stack: string[] = [];
  const tag = /<(\/?)([A-Za-z][\w:-]*)((?:\s+[\w:-]+="[^"<]*")*)\s*(\/?)>|<!--[\s\S]*?-->/g;
  let last = 0;
  for (let m = tag.exec(xml); m !== null; m = tag.exec(xml)) {
    checkText(xml.slice(last, m.index));
    last = tag.lastIndex;
    if (m[0].startsWith("<!--")) continue;
    const [, closing, name, , selfClosing] = m;
    if (closing) {
      const open = stack.pop();
      if (open !== name) throw new Error(`</${name}> closes <${open}>`);
    } else if (!selfClosing) stack.push(name);
  }
  checkText(xml.slice(last));
  if (stack.length > 0) throw new Error(`unclosed <${stack.join("> <")}>`);
}

function checkText(text: string): void {
  if (/[<>]/.test(text)) throw new Error(`stray markup in text: ${text.slice(0, 60)}`);
  const bad = /&(?!(amp|lt|gt|quot|apos|#\d+);)/.exec(text);
  if (bad) throw new Error(`bare '&' in text: ${text.slice(0, 60)}`);
}

export const count = (svg: string, pattern: RegExp): number => (svg.match(new RegExp(pattern.source, "g")) ?? []).length;
