/**
 * Who a notification may ping: nobody, unless listed. Discord pings from a message's content only
 * what allowed_mentions allows, so every message says `parse: []` and names the listed roles and
 * users; on top of that @everyone and @here in any text we send are broken with a zero-width space,
 * so that even a copy of the text pasted elsewhere pings nobody. Discord's mention syntax in the
 * notes (<@id>, <@!id>, <@&id>, <#id>) is broken the same way: it stays the text it was written as
 * instead of becoming a mention (an embed would show it as one, a pasted copy would ping).
 */
import type { APIAllowedMentions } from 'discord-api-types/v10';

export const ZERO_WIDTH_SPACE = '\u200b';

/** Discord's limit on the roles and on the users listed in allowed_mentions. */
export const MAX_LISTED_MENTIONS = 100;

/**
 * `@everyone` -> `@\u200beveryone` (also @here), any case, and `<@123>` -> `<\u200b@123>` (also
 * <@!id>, <@&id>, <#id>); idempotent. Only the exact mention forms are touched, so code such as
 * `Map<@NonNull K, V>` stays as written.
 */
export function neutralizeMentions(text: string): string {
  return text
    .replace(/@(everyone|here)\b/gi, `@${ZERO_WIDTH_SPACE}$1`)
    .replace(/<(?=(?:@[!&]?|#)\d+>)/g, `<${ZERO_WIDTH_SPACE}`);
}

/** A Discord id (snowflake), also accepted in its mention form: 123, <@123>, <@!123>, <@&123>. */
export function parseSnowflake(value: string): string | undefined {
  const m = /^(?:<@[!&]?)?(\d{15,21})>?$/.exec(value.trim());
  if (!m) return undefined;
  // <@123 without the closing bracket, or 123> without the opening, is a typo, not an id.
  if (value.trim().startsWith('<') !== value.trim().endsWith('>')) return undefined;
  return m[1];
}

export interface Mentions {
  roles: string[];
  users: string[];
}

/** The allowed_mentions every message carries: nothing is parsed, only listed ids may ping. */
export function allowedMentions(mentions: Mentions): APIAllowedMentions {
  const allowed: APIAllowedMentions = { parse: [] };
  if (mentions.roles.length) allowed.roles = [...mentions.roles];
  if (mentions.users.length) allowed.users = [...mentions.users];
  return allowed;
}

/** The content that pings the listed roles and users (empty when none are listed). */
export function mentionContent(mentions: Mentions): string {
  return [...mentions.roles.map((id) => `<@&${id}>`), ...mentions.users.map((id) => `<@${id}>`)].join(' ');
}
