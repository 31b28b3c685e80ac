// Type-level readers of the generated `paths`: a model's input and its v1 JSON answer, by path,
// so the registry's `ModelTypes` names no schema by hand.
import type { paths } from './generated/openapi.gen.js';

/** The JSON body of the POST at path `P`. */
export type InputOf<P extends keyof paths> = paths[P] extends {
  post: { requestBody: { content: { 'application/json': infer Input } } };
}
  ? Input
  : never;

/** The JSON a 200 of the POST at path `P` answers, or `never` when it answers no JSON. */
export type SyncJsonOf<P extends keyof paths> = paths[P] extends {
  post: { responses: { 200: { content: { 'application/json': infer Json } } } };
}
  ? Json
  : never;
