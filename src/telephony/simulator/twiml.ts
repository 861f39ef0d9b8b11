import { XMLParser, XMLValidator } from 'fast-xml-parser';

/** One TwiML element: verb or noun. */
export interface TwimlNode {
  name: string;
  attrs: Record<string, string>;
  /** Concatenated text content, trimmed. */
  text: string;
  children: TwimlNode[];
}

export class TwimlError extends Error {
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(message);
    this.name = 'TwimlError';
  }
}

const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
});

type Raw = Record<string, unknown>;

function toNode(raw: Raw): TwimlNode | null {
  const name = Object.keys(raw).find((k) => k !== ':@');
  if (!name || name.startsWith('?') || name === '#comment') return null;
  if (name === '#text') return { name: '#text', attrs: {}, text: String(raw[name]), children: [] };
  const kids = ((raw[name] as Raw[]) ?? []).map(toNode).filter((n): n is TwimlNode => n !== null);
  const attrs = Object.fromEntries(
    Object.entries((raw[':@'] as Record<string, unknown>) ?? {}).map(([k, v]) => [k, String(v)]),
  );
  return {
    name,
    attrs,
    text: kids
      .filter((k) => k.name === '#text')
      .map((k) => k.text)
      .join(' ')
      .trim(),
    children: kids.filter((k) => k.name !== '#text'),
  };
}

/** Parses a TwiML document and returns its <Response> element; throws TwimlError 12100 otherwise. */
export function parseTwiml(xml: string): TwimlNode {
  const valid = XMLValidator.validate(xml);
  if (valid !== true) throw new TwimlError(12100, `Document parse failure: ${valid.err.msg}`);
  const top = (parser.parse(xml) as Raw[]).map(toNode).filter((n): n is TwimlNode => n !== null);
  const root = top.find((n) => n.name !== '#text');
  if (!root || root.name !== 'Response') {
    throw new TwimlError(
      12100,
      `Document parse failure: root element is <${root?.name ?? 'none'}>, not <Response>`,
    );
  }
  return root;
}

/** Attribute lookup that tolerates Twilio's lenient casing (statusCallback vs StatusCallback). */
export function attr(node: TwimlNode, name: string): string | undefined {
  if (name in node.attrs) return node.attrs[name];
  const lower = name.toLowerCase();
  const key = Object.keys(node.attrs).find((k) => k.toLowerCase() === lower);
  return key === undefined ? undefined : node.attrs[key];
}

export function numAttr(node: TwimlNode, name: string, fallback: number): number {
  const v = attr(node, name);
  const n = v === undefined ? NaN : Number(v);
  return Number.isFinite(n) ? n : fallback;
}
