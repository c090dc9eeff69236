import type { NotifyInputs } from '../definitions/notify.js';
import { ReleaseError, errorMessage } from '../runtime/errors.js';
import type { Host } from '../runtime/host.js';
import { buildAnnouncement, type Announcement, type ReleaseNotes } from '../notify/announcement.js';
import { composeDiscord, sendDiscord, versionedWebhookUrl, type DiscordPayload } from '../notify/discord.js';
import { defaultApiUrl, fetchReleaseNotes } from '../notify/github.js';
import type { HttpDeps } from '../notify/http.js';
import { composeJandi, sendJandi, type JandiPayload } from '../notify/jandi.js';
import { readNotesFile } from '../notify/notes-file.js';
import { renderTemplate, templateValues, type Template } from '../notify/template.js';
import { describeCut, type Cut } from '../notify/volume.js';

export interface NotifyDeps {
  host: Host;
  fetch: typeof fetch;
  /** The clock for the duration and the embed timestamp. */
  now: () => number;
}

export async function run(inputs: NotifyInputs, host: Host): Promise<Record<string, number>> {
  return execute(inputs, { host, fetch: globalThis.fetch, now: Date.now });
}

/**
 * The runtime masks each webhook URL as a whole; the token part is masked on its own too, since
 * it is what must not leak and it can appear without the rest (in a proxy's error page, say).
 */
export function registerWebhookSecrets(urls: readonly string[], host: Host): void {
  for (const url of urls) {
    host.secret(url);
    let u: URL;
    try {
      u = new URL(url);
    } catch {
      continue;
    }
    const segments = u.pathname.split('/').filter(Boolean);
    host.secret(u.pathname);
    host.secret(segments.slice(-2).join('/'));
    const token = segments.at(-1);
    if (token && token.length >= 8) host.secret(token);
    if (u.search.length > 1) host.secret(u.search.slice(1));
  }
}

async function loadNotes(inputs: NotifyInputs, deps: NotifyDeps): Promise<ReleaseNotes | undefined> {
  const { host } = deps;
  const source = inputs.notes;
  // Notes given as text or a file replace the body only: in a release event, the release's name
  // and page still belong to the message.
  const release = host.context.release;
  const about = release
    ? { name: release.name || undefined, tag: release.tag || undefined, url: release.url || undefined }
    : {};
  switch (source.kind) {
    case 'none':
      return undefined;
    case 'text':
      return { ...about, body: source.text };
    case 'file':
      // Checked here rather than in parse, so that a missing file costs the notes, not the message.
      return { ...about, body: await readNotesFile(source.path), baseDir: source.baseDir };
    case 'event':
      return {
        body: source.body,
        name: source.name || undefined,
        tag: source.tag || undefined,
        url: source.url || undefined,
      };
    case 'tag': {
      const ctx = host.context;
      return fetchReleaseNotes(
        {
          apiUrl: ctx.apiUrl ?? defaultApiUrl(ctx.repositoryUrl),
          token: source.token,
          repository: source.repository,
          repositoryUrl: ctx.repositoryUrl,
          tag: source.tag,
        },
        { sleep: (ms) => host.sleep(ms), log: host.log },
      );
    }
  }
}

function printPayloads(
  kind: string,
  targets: number,
  payloads: readonly unknown[],
  host: Host,
  urlNote: (i: number) => string,
): void {
  payloads.forEach((p, i) => {
    host.log.info(
      `${kind} message ${i + 1}/${payloads.length}, to each of ${targets} webhook(s), POST <webhook URL>${urlNote(i)}:`,
    );
    host.log.info(JSON.stringify(p, null, 2));
  });
}

export async function execute(inputs: NotifyInputs, deps: NotifyDeps): Promise<Record<string, number>> {
  const { host } = deps;
  // Discord webhooks are called with their API version in the path: that form is a secret too.
  const sentDiscordUrls = inputs.discordWebhookUrls.map(versionedWebhookUrl);
  registerWebhookSecrets([...inputs.discordWebhookUrls, ...sentDiscordUrls, ...inputs.jandiWebhookUrls], host);

  let notes: ReleaseNotes | undefined;
  try {
    notes = await loadNotes(inputs, deps);
  } catch (err) {
    if (inputs.failOnError) throw err;
    const reason = errorMessage(err);
    host.log.warn(`release notes could not be loaded (${reason}); notifying without them`);
    notes = { body: `*Release notes could not be loaded: ${reason}*` };
  }

  const announcement: Announcement = buildAnnouncement({
    status: inputs.status,
    title: inputs.title,
    context: host.context,
    notes,
    details: inputs.details,
    now: deps.now(),
  });
  // The template was checked when the inputs were parsed; rendered now with the title as it came out.
  const template: Template = inputs.template
    ? renderTemplate(
        inputs.template.source,
        templateValues(host.context, {
          status: inputs.status,
          title: announcement.title,
          details: inputs.details,
          releaseUrl: announcement.url,
        }),
      )
    : {};
  const color = inputs.colors[inputs.status];
  const discord = inputs.discordWebhookUrls.length
    ? composeDiscord(announcement, {
        mentions: { roles: inputs.mentionRoles, users: inputs.mentionUsers },
        username: inputs.username,
        avatarUrl: inputs.avatarUrl,
        threadName: inputs.threadName,
        maxMessages: inputs.maxMessages,
        color: color ? parseInt(color.slice(1), 16) : undefined,
        footer: inputs.footer,
        content: inputs.content,
        imageUrl: inputs.imageUrl,
        thumbnailUrl: inputs.thumbnailUrl,
        author: inputs.author,
        template: template.discord,
      })
    : { messages: [] };
  const jandi = inputs.jandiWebhookUrls.length
    ? composeJandi(announcement, {
        maxMessages: inputs.maxMessages,
        color,
        footer: inputs.footer,
        content: inputs.content,
        imageUrl: inputs.imageUrl,
        thumbnailUrl: inputs.thumbnailUrl,
        author: inputs.author,
        template: template.jandi,
      })
    : { messages: [] };
  const discordMessages: DiscordPayload[] = discord.messages;
  const jandiMessages: JandiPayload[] = jandi.messages;
  const nD = inputs.discordWebhookUrls.length;
  // A team incoming webhook gets every message once per member.
  const recipients: Array<string | undefined> = inputs.jandiEmails.length ? inputs.jandiEmails : [undefined];
  const nJ = inputs.jandiWebhookUrls.length * recipients.length;
  host.log.info(
    `notify (${inputs.status}): ${announcement.notes.length} characters of release notes; ` +
      `${discordMessages.length} message(s) for each of ${nD} Discord webhook(s), ${jandiMessages.length} for each of ${nJ} JANDI webhook(s)${inputs.jandiEmails.length ? ' and member(s)' : ''}`,
  );
  // Never silent: a cut is said in the log and in the job summary.
  const cuts: string[] = [];
  const noteCut = (service: string, cut: Cut | undefined): void => {
    if (!cut) return;
    const line = describeCut(service, inputs.maxMessages, cut);
    host.log.warn(line);
    cuts.push(line);
  };
  noteCut('Discord', discord.cut);
  noteCut('JANDI', jandi.cut);

  if (inputs.dryRun) {
    host.log.info('dry run: nothing is sent; these are the exact payloads');
    printPayloads('Discord', nD, discordMessages, host, (i) => {
      const query = new URLSearchParams({ wait: 'true' });
      if (inputs.threadId) query.set('thread_id', inputs.threadId);
      else if (inputs.threadName && i > 0) query.set('thread_id', '<id of the forum post made by message 1>');
      return `?${query.toString()}`;
    });
    printPayloads(
      'JANDI',
      nJ,
      jandiMessages,
      host,
      () =>
        ` (Accept: application/vnd.tosslab.jandi-v2+json)${inputs.jandiEmails.length ? ', with "email" set to each member' : ''}`,
    );
    return { 'discord-messages': discordMessages.length * nD, 'jandi-messages': jandiMessages.length * nJ };
  }

  const http: HttpDeps = { fetch: deps.fetch, sleep: (ms) => host.sleep(ms), log: host.log };
  const errors: string[] = [];
  let discordSent = 0;
  let jandiSent = 0;
  for (const [i, url] of inputs.discordWebhookUrls.entries()) {
    const label = `Discord webhook #${i + 1}`;
    const report = await host.log.group(`Send to ${label}`, () =>
      sendDiscord({ url, label, threadId: inputs.threadId }, discordMessages, http),
    );
    discordSent += report.sent;
    if (report.error) errors.push(report.error);
  }
  for (const [i, url] of inputs.jandiWebhookUrls.entries()) {
    for (const email of recipients) {
      const label = `JANDI webhook #${i + 1}${email ? ` (to ${email})` : ''}`;
      const report = await host.log.group(`Send to ${label}`, () =>
        sendJandi({ url, label, email }, jandiMessages, http),
      );
      jandiSent += report.sent;
      if (report.error) errors.push(report.error);
    }
  }

  const outputs = { 'discord-messages': discordSent, 'jandi-messages': jandiSent };
  await host.summary(
    `### notify: ${announcement.title}\n\n${discordSent} Discord and ${jandiSent} JANDI message(s) sent${errors.length ? `; ${errors.length} webhook(s) failed` : ''}.\n` +
      cuts.map((c) => `\n- ✂️ ${c}\n`).join(''),
  );
  if (errors.length) {
    const message = `notification incomplete: ${errors.join('; ')}`;
    if (inputs.failOnError) throw new ReleaseError(message);
    host.log.warn(`${message}. fail-on-error is false, so the release goes on.`);
  } else {
    host.log.info(`done: ${discordSent} Discord and ${jandiSent} JANDI message(s) sent`);
  }
  return outputs;
}
