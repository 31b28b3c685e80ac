/**
 * Weighs each assumption of the spec against a recording: confirmed, contradicted, or not
 * exercised, with the evidence. A fact standing on an answer (a response, a header, a schema, a
 * property, an operation) is weighed by the answers that show it; a behaviour, or a fact whose
 * `x-judge` names a rule, by that rule. The validator's findings that only contradict an
 * assumption are claimed by it, so that the judge does not also count them as violations of
 * what Segmind documents.
 */
import { RETENTION_MS } from '@segmind-ts/spec';
import { bodyOf, type CreditsBody, type JobBody, type SubmitBody } from './bodies.js';
import type { SpecFact } from './facts.js';
import type { RecordedExchange, RecordedJob, Recording } from './recording.js';
import { FIRST_STATE, isWaiting, stateOf } from './rules.js';
import { isPng } from './validator.js';
import type { Violation } from './violations.js';

/** What a recording says of an assumption. */
export type AssumptionOutcome = 'confirmed' | 'contradicted' | 'not exercised';

/** The verdict on one assumption. */
export interface AssumptionVerdict {
  /** The fact's id (a JSON pointer of the bundle, or `behaviour:<id>`). */
  id: string;
  where: string;
  sources: string[];
  statement: string;
  confirmBy?: string;
  outcome: AssumptionOutcome;
  /** What showed it, with the entries (`#12`) of the recording. */
  evidence: string;
}

/** A verdict before it is dressed, and the validator's findings it accounts for. */
interface Weighed {
  outcome: AssumptionOutcome;
  evidence: string;
  claimed?: Violation[];
}

/** How a rule named by `x-judge` weighs its assumption. */
type Rule = (recording: Recording, toleranceMs: number) => Weighed;

const show = (e: RecordedExchange) =>
  `#${e.entry} ${e.method} ${new URL(e.url).pathname} → ${e.status}`;

const answered = (recording: Recording) => recording.exchanges.filter((e) => e.status !== 0);

/** A value as evidence shows it: JSON, cut short. */
const sample = (value: unknown) => {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
};

/** The answers where a fact shows (its operation, status and media type). */
function showing(fact: SpecFact, recording: Recording, withContentType = true): RecordedExchange[] {
  return answered(recording).filter((e) =>
    fact.usedBy.some(
      (use) =>
        use.operationId === e.operationId &&
        (use.status === undefined || use.status === String(e.status)) &&
        (!withContentType || use.contentType === undefined || use.contentType === e.contentType),
    ),
  );
}

function notShown(fact: SpecFact): Weighed {
  const places = [
    ...new Set(
      fact.usedBy.map(
        (u) => `${u.method.toUpperCase()} ${u.path}${u.status ? ` ${u.status}` : ''}`,
      ),
    ),
  ];
  const list =
    places.length > 3
      ? `${places.slice(0, 3).join(', ')} or ${places.length - 3} more`
      : places.join(', ');
  return { outcome: 'not exercised', evidence: `no recorded answer of ${list || 'it'}` };
}

function verdictFrom(shown: RecordedExchange[], claimed: Violation[], agree: string): Weighed {
  if (claimed.length > 0) {
    const first = claimed[0] as Violation;
    return {
      outcome: 'contradicted',
      evidence: `${first.message} (${first.exchange?.split(' ')[0] ?? 'recording'})${claimed.length > 1 ? `, and ${claimed.length - 1} more` : ''}`,
      claimed,
    };
  }
  return {
    outcome: 'confirmed',
    evidence: `${shown.length} answer(s) ${agree}, e.g. ${show(shown[0] as RecordedExchange)}`,
  };
}

/** An operation: every answer it gave agrees with the spec. */
function weighOperation(fact: SpecFact, recording: Recording): Weighed {
  const shown = showing(fact, recording);
  if (shown.length === 0) return notShown(fact);
  const statuses = [...new Set(shown.map((e) => e.status))].join(', ');
  return verdictFrom(
    shown,
    shown.flatMap((e) => e.violations),
    `agree with the spec (statuses ${statuses})`,
  );
}

/** A response: its status comes (not another 2xx of the same call) with the media it documents. */
function weighResponse(fact: SpecFact, recording: Recording): Weighed {
  const shown = showing(fact, recording, false);
  const success = fact.usedBy.some((u) => u.status?.startsWith('2'));
  const others = success
    ? answered(recording).filter(
        (e) =>
          fact.usedBy.some((u) => u.operationId === e.operationId) &&
          e.status >= 200 &&
          e.status < 300 &&
          e.violations.some((v) => v.kind === 'undocumented-status'),
      )
    : [];
  if (shown.length === 0 && others.length === 0) return notShown(fact);
  const claimed = [
    ...others.flatMap((e) => e.violations.filter((v) => v.kind === 'undocumented-status')),
    ...shown.flatMap((e) => e.violations.filter((v) => v.kind === 'wrong-content-type')),
  ];
  return verdictFrom(shown.length ? shown : others, claimed, 'came so');
}

/** A header: present, and valid, on every answer that documents it. */
function weighHeader(fact: SpecFact, recording: Recording): Weighed {
  const name = (fact.header ?? '').toLowerCase();
  const shown = showing(fact, recording, false);
  if (shown.length === 0) return notShown(fact);
  const claimed = shown.flatMap((e) =>
    e.violations.filter(
      (v) =>
        v.at?.toLowerCase() === name && (v.kind === 'header-schema' || v.kind === 'missing-header'),
    ),
  );
  const absent = shown.filter((e) => e.headers.get(name) === null);
  if (claimed.length > 0) return verdictFrom(shown, claimed, '');
  if (absent.length > 0) {
    return {
      outcome: 'contradicted',
      evidence: `absent from ${absent.length} of ${shown.length} recorded answer(s), e.g. ${show(absent[0] as RecordedExchange)}`,
    };
  }
  const example = shown[0] as RecordedExchange;
  return {
    outcome: 'confirmed',
    evidence: `carried by all ${shown.length} recorded answer(s), e.g. ${fact.header}: ${example.headers.get(name)} (${show(example)})`,
  };
}

/** A schema: the bodies it describes validate against it. */
function weighSchema(fact: SpecFact, recording: Recording): Weighed {
  const shown = showing(fact, recording);
  if (shown.length === 0) return notShown(fact);
  const claimed = shown.flatMap((e) =>
    e.violations.filter((v) => v.kind === 'schema' || v.kind === 'unparsable-body'),
  );
  return verdictFrom(shown, claimed, 'validate against it');
}

/** A property: present where required, valid where present. */
function weighProperty(fact: SpecFact, recording: Recording): Weighed {
  const property = fact.property as NonNullable<SpecFact['property']>;
  const shown = showing(fact, recording).filter((e) => e.json && typeof e.json === 'object');
  if (shown.length === 0) return notShown(fact);
  const carrying = shown.filter((e) => property.name in e.json);
  const claimed = shown.flatMap((e) =>
    e.violations.filter(
      (v) =>
        v.kind === 'schema' &&
        (v.at === `/${property.name}` ||
          v.at?.startsWith(`/${property.name}/`) ||
          v.message.includes(`required property '${property.name}'`)),
    ),
  );
  if (claimed.length > 0) return verdictFrom(shown, claimed, '');
  if (carrying.length === 0) {
    return property.required
      ? {
          outcome: 'contradicted',
          evidence: `absent from all ${shown.length} recorded bodies, e.g. ${show(shown[0] as RecordedExchange)}`,
        }
      : {
          outcome: 'not exercised',
          evidence: `none of the ${shown.length} recorded bodies carried it`,
        };
  }
  const example = carrying[0] as RecordedExchange;
  return {
    outcome: 'confirmed',
    evidence: `${carrying.length} recorded bodies carried it as the spec says, e.g. ${sample(example.json[property.name])} (${show(example)})`,
  };
}

/** When a job is known to be gone: the first 404 about it, in entry order. */
function goneAt(job: RecordedJob): number | undefined {
  return job.exchanges.find((e) => e.kind !== 'output' && e.status === 404)?.entry;
}

const RULES: Record<string, Rule> = {
  /** The result endpoint answers 202 while the status endpoint still says QUEUED or PROCESSING. */
  'result-while-pending': (recording) => {
    const agree: RecordedExchange[] = [];
    const disagree: RecordedExchange[] = [];
    for (const job of recording.jobs) {
      let state: unknown = FIRST_STATE;
      for (const e of job.exchanges) {
        if (e.kind === 'result' && isWaiting(state)) {
          const movedOn = (e.status === 200 && stateOf(e.json) === 'COMPLETED') || e.status === 422;
          if (e.status === 202) agree.push(e);
          else if (!movedOn && e.status !== 0) disagree.push(e);
        }
        const said = bodyOf<JobBody>(e.json).status;
        if (
          e.kind !== 'output' &&
          (e.status === 200 || e.status === 422) &&
          typeof said === 'string'
        ) {
          state = said;
        }
      }
    }
    if (disagree.length > 0) {
      const e = disagree[0] as RecordedExchange;
      return {
        outcome: 'contradicted',
        evidence: `the result of a job still waiting answered ${e.status} ${JSON.stringify(e.json ?? '')} (${show(e)})`,
      };
    }
    if (agree.length > 0) {
      return {
        outcome: 'confirmed',
        evidence: `${agree.length} result fetch(es) of a waiting job answered 202, e.g. ${show(agree[0] as RecordedExchange)}`,
      };
    }
    return {
      outcome: 'not exercised',
      evidence: "no result was fetched while its job's status said QUEUED or PROCESSING",
    };
  },

  /** An output URL serves a PNG without the API key while its job lives. */
  'output-media': (recording, tolerance) => {
    const fetches = recording.jobs.flatMap((job) =>
      job.exchanges.filter(
        (e) =>
          e.kind === 'output' &&
          !e.sentKey &&
          e.status !== 0 &&
          e.at - job.submit.at < RETENTION_MS - tolerance &&
          (goneAt(job) ?? Infinity) > e.entry,
      ),
    );
    if (fetches.length === 0) {
      return {
        outcome: 'not exercised',
        evidence:
          'no output URL was fetched (without the key, on the recorded origin) while its job lived',
      };
    }
    const bad = fetches.find(
      (e) =>
        e.status !== 200 ||
        e.contentType !== 'image/png' ||
        (e.bytes !== undefined && !isPng(e.bytes)),
    );
    if (bad) {
      return {
        outcome: 'contradicted',
        evidence: `an output fetched without the key came as ${bad.status} "${bad.contentType}" (${show(bad)})`,
      };
    }
    return {
      outcome: 'confirmed',
      evidence: `${fetches.length} output(s) fetched without the key served PNG bytes, e.g. ${show(fetches[0] as RecordedExchange)}`,
    };
  },

  /** An output stops being served once its job has expired. */
  'output-expires-with-job': (recording, tolerance) => {
    const late = recording.jobs.flatMap((job) => {
      const gone = goneAt(job);
      return job.exchanges
        .filter((e) => e.kind === 'output' && e.status !== 0)
        .filter(
          (e) =>
            (gone !== undefined && e.entry > gone) ||
            e.at - job.submit.at >= RETENTION_MS + tolerance,
        )
        .map((e) => ({ e, age: Math.round((e.at - job.submit.at) / 1000) }));
    });
    if (late.length === 0)
      return {
        outcome: 'not exercised',
        evidence: 'no output was fetched after its job had expired',
      };
    const served = late.find(({ e }) => e.status === 200);
    if (served) {
      return {
        outcome: 'contradicted',
        evidence: `an output was still served ${served.age} s after its submit, its job gone (${show(served.e)})`,
      };
    }
    const first = late[0] as (typeof late)[number];
    return {
      outcome: 'confirmed',
      evidence: `${late.length} output fetch(es) after expiry answered ${first.e.status}, e.g. ${show(first.e)} ${first.age} s after its submit`,
    };
  },

  /** The balance is the same before and after a job that ended FAILED, with nothing else charged. */
  'failed-not-charged': (recording) => {
    const credits = (e: RecordedExchange) => bodyOf<CreditsBody>(e.json);
    const readings = answered(recording).filter(
      (e) => e.kind === 'credits' && e.status === 200 && typeof credits(e).credits === 'number',
    );
    const failedBy = new Map<string, number>();
    for (const job of recording.jobs) {
      const failed = job.exchanges.find((e) => stateOf(e.json) === 'FAILED');
      if (failed) failedBy.set(job.requestId, failed.entry);
    }
    const total = (e: RecordedExchange) =>
      Number(credits(e).credits) + Number(credits(e)['free-credits'] ?? 0);
    let confirmed: string | undefined;
    for (let i = 1; i < readings.length; i++) {
      const before = readings[i - 1] as RecordedExchange;
      const after = readings[i] as RecordedExchange;
      const charged = answered(recording).filter(
        (e) =>
          (e.kind === 'submit' || e.kind === 'sync') &&
          e.status >= 200 &&
          e.status < 300 &&
          e.entry > before.entry &&
          e.entry < after.entry,
      );
      const ids = charged.map((e) => bodyOf<SubmitBody>(e.json).request_id);
      const allFailed =
        charged.length > 0 &&
        charged.every((e) => e.kind === 'submit') &&
        ids.every((id) => typeof id === 'string' && (failedBy.get(id) ?? Infinity) < after.entry);
      if (!allFailed) continue;
      const jobs = ids.join(', ');
      if (total(after) < total(before)) {
        return {
          outcome: 'contradicted',
          evidence: `the balance went from ${total(before)} (#${before.entry}) to ${total(after)} (#${after.entry}) across job(s) ${jobs}, which ended FAILED`,
        };
      }
      confirmed ??= `the balance stayed ${total(before)} (#${before.entry}, #${after.entry}) across job(s) ${jobs}, which ended FAILED`;
    }
    return confirmed
      ? { outcome: 'confirmed', evidence: confirmed }
      : {
          outcome: 'not exercised',
          evidence:
            'no two balance readings around a job that ended FAILED, with nothing else charged between them',
        };
  },
};

/** The names of the rules `x-judge` may name. */
export const JUDGE_RULES: readonly string[] = Object.keys(RULES);

/**
 * Weighs every assumption among `facts` against the recording. Returns the verdicts, and the
 * validator's findings that contradicted an assumption (not violations of a documented fact).
 */
export function weighAssumptions(
  facts: readonly SpecFact[],
  recording: Recording,
  toleranceMs: number,
): { verdicts: AssumptionVerdict[]; claimed: Set<Violation> } {
  const claimed = new Set<Violation>();
  const verdicts = facts
    .filter((fact) => fact.assumption)
    .map((fact): AssumptionVerdict => {
      let weighed: Weighed;
      if (fact.judge !== undefined) {
        const rule = RULES[fact.judge];
        weighed = rule
          ? rule(recording, toleranceMs)
          : {
              outcome: 'not exercised',
              evidence: `no rule of this judge weighs it (x-judge: ${fact.judge})`,
            };
      } else if (fact.kind === 'operation') weighed = weighOperation(fact, recording);
      else if (fact.kind === 'response') weighed = weighResponse(fact, recording);
      else if (fact.kind === 'header') weighed = weighHeader(fact, recording);
      else if (fact.kind === 'schema') weighed = weighSchema(fact, recording);
      else if (fact.kind === 'property') weighed = weighProperty(fact, recording);
      else weighed = { outcome: 'not exercised', evidence: 'no rule of this judge weighs it' };
      for (const violation of weighed.claimed ?? []) claimed.add(violation);
      return {
        id: fact.id,
        where: fact.where,
        sources: fact.sources,
        statement: fact.statement,
        ...(fact.confirmBy ? { confirmBy: fact.confirmBy } : {}),
        outcome: weighed.outcome,
        evidence: weighed.evidence,
      };
    });
  return { verdicts, claimed };
}
