import type { SentMessage } from "../lib/mail/mod.ts";
import { Layout } from "./Layout.tsx";

/** /dev/mail: the outbox, newest first (development only). */
export function DevMailList(props: { messages: SentMessage[]; dir: string }) {
  return (
    <Layout title="Mail outbox">
      <section class="dev-mail">
        <h1>Mail outbox</h1>
        <p class="muted">
          Without SMTP_URL, mail is written to <code>{props.dir}</code>. This page exists only in
          {" "}
          <code>deno task dev</code>.
        </p>
        {props.messages.length === 0 ? <p>No messages yet.</p> : (
          <ul class="dev-mail-list">
            {props.messages.map((m) => (
              <li key={m.id}>
                <a href={`/dev/mail/${m.id}`}>{m.subject}</a>
                <span class="muted">
                  to {m.to} · <time dateTime={m.date}>{m.date.replace("T", " ").slice(0, 19)}</time>
                </span>
              </li>
            ))}
          </ul>
        )}
      </section>
    </Layout>
  );
}

/**
 * One message: headers, the text version as text, and the HTML version in a
 * sandboxed iframe (srcdoc, no scripts, no same origin), so that nothing in a
 * message can act on this site.
 */
export function DevMailMessage(props: { message: SentMessage }) {
  const m = props.message;
  return (
    <Layout title={m.subject}>
      <section class="dev-mail">
        <p>
          <a href="/dev/mail">← Outbox</a>
        </p>
        <h1>{m.subject}</h1>
        <dl class="dev-mail-headers">
          <dt>From</dt>
          <dd>{m.from}</dd>
          <dt>To</dt>
          <dd>{m.to}</dd>
          <dt>Date</dt>
          <dd>{m.date}</dd>
        </dl>
        <h2>HTML</h2>
        <iframe
          class="dev-mail-html"
          title="The message's HTML version"
          sandbox=""
          srcdoc={m.html}
        />
        <h2>Text</h2>
        <pre class="dev-mail-text">{m.text}</pre>
      </section>
    </Layout>
  );
}
