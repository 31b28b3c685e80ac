// #region sample
import {
  AuthenticationError,
  InferenceFailed,
  InferenceTimeout,
  InsufficientCreditsError,
  NotFoundError,
  RateLimitError,
  Segmind,
  SegmindError,
} from '@segmind-ts/client';

/** Tells each failure apart with `instanceof`; returns what went wrong, or the output URL. */
export async function removeBackgroundOrExplain(image: string): Promise<string> {
  // Retries of status and result polls (network errors, 429, 5xx) happen inside the client.
  const segmind = new Segmind({ maxRetries: 2, requestTimeoutMs: 30_000 });

  try {
    const result = await segmind.run(
      'background-eraser',
      { image, return_mask: false },
      { timeoutMs: 60_000 }, // one budget for the submit, every poll, retry and sleep
    );
    return result.output;
  } catch (error) {
    if (error instanceof InferenceFailed) return `the job failed: ${error.detail}`;
    if (error instanceof InferenceTimeout) return `not done after ${error.elapsedMs} ms`;
    if (error instanceof RateLimitError) return `rate limited, retry in ${error.retryAfterMs} ms`;
    if (error instanceof InsufficientCreditsError) return 'out of credits';
    if (error instanceof AuthenticationError) return 'check SEGMIND_API_KEY';
    if (error instanceof NotFoundError) return 'unknown model, or the job expired';
    if (error instanceof SegmindError) return `HTTP ${error.status}: ${error.error}`;
    throw error;
  }
}
// #endregion
