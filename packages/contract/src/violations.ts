/**
 * Every way a target can break the contract. Each kind names one rule, so that a report (and a
 * test) can say exactly which rule an answer broke rather than only that something failed.
 */
export type ViolationKind =
  /** The answer's HTTP status is not documented for the operation. */
  | 'undocumented-status'
  /** The status is documented but is not the one this scenario calls for. */
  | 'unexpected-status'
  /** The content type is not one the spec documents for this status. */
  | 'wrong-content-type'
  /** The body does not validate against the schema of its status and content type. */
  | 'schema'
  /** The body announced JSON but did not parse. */
  | 'unparsable-body'
  /** A header the kit requires (see the README) is absent. */
  | 'missing-header'
  /** A documented header is present but does not validate against its schema. */
  | 'header-schema'
  /** `status_url` or `response_url` is not an absolute http(s) URL. */
  | 'relative-url'
  /** `status_url` or `response_url` points at an origin other than the one the client called. */
  | 'foreign-origin'
  /** A job URL does not point at the job's endpoint (`poll_url` is `/v1/requests/{request_id}`). */
  | 'job-url'
  /**
   * A status body lacks what Segmind documents: the job's `status_url` and `response_url` while
   * it waits, `metrics.inference_time` once COMPLETED.
   */
  | 'status-body'
  /** A job's state moved backwards across polls (QUEUED → PROCESSING → COMPLETED | FAILED). */
  | 'state-regression'
  /** A `request_id` in a status or result body is not the id that was asked for. */
  | 'request-id-mismatch'
  /** A FAILED job was not served as 422 with `status: "FAILED"` and an `error` string. */
  | 'failed-body'
  /** A job (or its output image) is still served over 1 h after its submission. */
  | 'served-after-expiry'
  /** A job answered 404 before 1 h had passed since its submission. */
  | 'expired-early'
  /** The result's `output` URL does not serve a PNG, or needs the API key. */
  | 'output-not-png'
  /** The job did not reach a final state within the wait the suite allows. */
  | 'timeout'
  /** The request could not be completed (connection refused, reset, ...). */
  | 'network-error'
  /** A proxy in front of the target (Prism) rejected an exchange the scenario meant to be valid. */
  | 'proxy-violation';

/** One broken rule, found in one exchange. */
export interface Violation {
  /** Which rule was broken. */
  kind: ViolationKind;
  /** What was expected and what came, in words meant for a person. */
  message: string;
  /** Where in the body or headers, as a JSON pointer or a header name, when it applies. */
  at?: string;
  /** `METHOD URL` of the exchange that showed it. */
  exchange?: string;
}
