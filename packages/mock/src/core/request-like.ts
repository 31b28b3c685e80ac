/**
 * What the simulator reads of a request: a fetch `Request` satisfies it, and so does the light
 * object an adapter can build without one (the HTTP server does, since constructing fetch
 * `Request`s and `Response`s costs more than the simulation itself on Node 20).
 */
export interface RequestLike {
  readonly method: string;
  /** The absolute URL; its origin becomes the origin of `status_url`, `response_url`, `output`. */
  readonly url: string;
  /**
   * `forEach` is optional: with it, the journal keeps the request's headers (credentials masked);
   * fetch's `Headers` has it.
   */
  readonly headers: {
    get(name: string): string | null;
    forEach?(callback: (value: string, name: string) => void): void;
  };
  /**
   * The body, read once; `null` when there is none. An adapter that has the whole body already
   * (the HTTP server reads it off the socket) hands over its bytes, which spares a stream.
   */
  readonly body: ReadableStream<Uint8Array> | BodyReaderSource | Uint8Array | null;
}

/** The least of a `ReadableStream` the simulator uses: one reader, read to the end. */
export interface BodyReaderSource {
  getReader(): {
    read(): Promise<{ done: true; value?: undefined } | { done: false; value: Uint8Array }>;
    cancel(reason?: unknown): Promise<void>;
  };
}
