/** One IRC line with IRCv3 tags, as Twitch's chat speaks it. */
export interface IrcMessage {
  tags?: Record<string, string>;
  prefix?: string;
  command: string;
  params: string[];
  /** Send the last parameter after `:` even when it has no space, as Twitch does for texts. */
  trailing?: boolean;
}

const TAG_ESCAPES: Record<string, string> = {
  ';': '\\:',
  ' ': '\\s',
  '\\': '\\\\',
  '\r': '\\r',
  '\n': '\\n',
};
const TAG_UNESCAPES: Record<string, string> = { ':': ';', s: ' ', '\\': '\\', r: '\r', n: '\n' };

/** Parses one line (without its CRLF); undefined for an empty or malformed line. */
export function parseIrcMessage(line: string): IrcMessage | undefined {
  let rest = line.trim();
  let tags: Record<string, string> | undefined;
  if (rest.startsWith('@')) {
    const space = rest.indexOf(' ');
    if (space < 0) return undefined;
    tags = {};
    for (const pair of rest.slice(1, space).split(';')) {
      const equals = pair.indexOf('=');
      const key = equals < 0 ? pair : pair.slice(0, equals);
      const value = equals < 0 ? '' : pair.slice(equals + 1);
      tags[key] = value.replace(/\\(.?)/g, (_, escaped: string) => TAG_UNESCAPES[escaped] ?? escaped);
    }
    rest = rest.slice(space + 1).trimStart();
  }
  let prefix: string | undefined;
  if (rest.startsWith(':')) {
    const space = rest.indexOf(' ');
    if (space < 0) return undefined;
    prefix = rest.slice(1, space);
    rest = rest.slice(space + 1).trimStart();
  }
  const params: string[] = [];
  while (rest.length > 0) {
    if (rest.startsWith(':')) {
      params.push(rest.slice(1));
      break;
    }
    const space = rest.indexOf(' ');
    params.push(space < 0 ? rest : rest.slice(0, space));
    rest = space < 0 ? '' : rest.slice(space + 1).trimStart();
  }
  const command = params.shift();
  if (!command) return undefined;
  return { tags, prefix, command: command.toUpperCase(), params };
}

/** Serializes a message; the last parameter is always sent as a trailing one when it needs to be. */
export function formatIrcMessage(message: IrcMessage): string {
  const parts: string[] = [];
  if (message.tags) {
    const tags = Object.entries(message.tags)
      .map(([key, value]) => `${key}=${value.replace(/[; \\\r\n]/g, (char) => TAG_ESCAPES[char])}`)
      .join(';');
    parts.push(`@${tags}`);
  }
  if (message.prefix) parts.push(`:${message.prefix}`);
  parts.push(message.command);
  message.params.forEach((param, index) => {
    const last = index === message.params.length - 1;
    parts.push(
      last && (message.trailing || param === '' || param.includes(' ') || param.startsWith(':'))
        ? `:${param}`
        : param,
    );
  });
  return parts.join(' ');
}
