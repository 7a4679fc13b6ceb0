import type { ComponentType } from "preact";

/** Island names used while rendering one page on the server. */
let collecting: Set<string> | undefined;

/**
 * Declares an island: a component that is rendered on the server inside a
 * `<vf-island>` marker carrying its JSON-serialised props, and hydrated in the
 * browser. In the browser it is the plain component. `name` must be the
 * island's file name in islands/ (without .tsx).
 */
export function defineIsland<P extends object>(
  name: string,
  Component: ComponentType<P>,
): ComponentType<P> {
  if (typeof document !== "undefined") return Component;
  function Island(props: P) {
    collecting?.add(name);
    return (
      <vf-island data-island={name} data-props={JSON.stringify(props)}>
        <Component {...props} />
      </vf-island>
    );
  }
  Island.displayName = `Island(${name})`;
  return Island;
}

/**
 * Runs a synchronous render and reports which islands it used. Rendering is
 * synchronous, so one module-level collector cannot see two renders at once.
 */
export function collectIslands<T>(render: () => T): { result: T; islands: Set<string> } {
  const previous = collecting;
  const islands = new Set<string>();
  collecting = islands;
  try {
    return { result: render(), islands };
  } finally {
    collecting = previous;
  }
}

declare module "preact" {
  namespace JSX {
    interface IntrinsicElements {
      "vf-island": HTMLAttributes<HTMLElement> & { "data-island": string; "data-props": string };
    }
  }
}
