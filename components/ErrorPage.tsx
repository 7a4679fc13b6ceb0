import { Layout } from "./Layout.tsx";

/** The page shown for 404, 500 and other HTML errors. */
export function ErrorPage(props: { status: number; message: string; requestId?: string }) {
  const heading = props.status === 404
    ? "Page not found"
    : props.status >= 500
    ? "Something went wrong"
    : "That did not work";
  return (
    <Layout title={heading}>
      <section class="error-page">
        <p class="error-status">{props.status}</p>
        <h1>{heading}</h1>
        <p>{props.message}</p>
        {props.requestId && (
          <p class="muted">
            Request id: <code>{props.requestId}</code>
          </p>
        )}
        <p>
          <a class="button" href="/">Back to the home page</a>
        </p>
      </section>
    </Layout>
  );
}
