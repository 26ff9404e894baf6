/**
 * Just enough XML for WebDAV answers: a tag tree (prefixed names kept as written) and the shape of a multistatus
 * (per resource: the prop names under each propstat status), so two servers' PROPFINDs compare without their ids.
 */
export interface XmlNode {
  name: string;
  children: XmlNode[];
  text: string;
}

export function parseXml(text: string): XmlNode {
  const root: XmlNode = { name: '#root', children: [], text: '' };
  const stack = [root];
  const tags = /<(\/?)([A-Za-z_][\w:.-]*)((?:\s+[^>]*?)?)(\/?)>|([^<]+)/g;
  for (const m of text.replace(/<\?[^>]*\?>/g, '').matchAll(tags)) {
    const top = stack.at(-1) as XmlNode;
    if (m[5] !== undefined) {
      top.text += m[5];
      continue;
    }
    const [, closing, name = '', , selfClosing] = m;
    if (closing) {
      stack.pop();
      continue;
    }
    const node: XmlNode = { name, children: [], text: '' };
    top.children.push(node);
    if (!selfClosing) stack.push(node);
  }
  return root;
}

const child = (node: XmlNode | undefined, name: string) => node?.children.find((c) => c.name === name);

/**
 * `{ "<last href segment or .>": { "HTTP/1.1 200 OK": ["d:getetag", "oc:size", …] } }`; `resourcetype` and
 * `checksums` also show what is inside them (`d:resourcetype>d:collection`).
 */
export function multistatusShape(text: string, selfHref: string): Record<string, Record<string, string[]>> {
  const multistatus = child(parseXml(text), 'd:multistatus');
  const shape: Record<string, Record<string, string[]>> = {};
  for (const response of multistatus?.children.filter((c) => c.name === 'd:response') ?? []) {
    const href = decodeURIComponent(child(response, 'd:href')?.text.trim() ?? '');
    const rel =
      href.replace(/\/$/, '') === selfHref.replace(/\/$/, '') ? '.' : (href.replace(/\/$/, '').split('/').pop() ?? '');
    const byStatus: Record<string, string[]> = {};
    for (const propstat of response.children.filter((c) => c.name === 'd:propstat')) {
      const status = child(propstat, 'd:status')?.text.trim() ?? '?';
      byStatus[status] = (child(propstat, 'd:prop')?.children ?? [])
        .map((p) => (p.children.length ? `${p.name}>${p.children.map((c) => c.name).join('+')}` : p.name))
        .sort();
    }
    shape[rel] = byStatus;
  }
  return shape;
}

/** A DAV error body: its root, exception and message element names (not the message text). */
export function errorShape(text: string): string {
  const root = parseXml(text).children[0];
  if (!root) return 'not xml';
  return `${root.name}(${root.children.map((c) => c.name).join(',')})`;
}
