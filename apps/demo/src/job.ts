import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { InferenceFailed, type Segmind } from '@segmind-ts/client';
import type { DemoJob } from './inputs.js';
import type { JobState } from './status-board.js';

/** What one finished job produced. */
export interface JobOutcome {
  model: string;
  requestId: string;
  state: 'COMPLETED' | 'FAILED';
  /** The saved image, when the job completed. */
  file?: string;
  /** The server's reason, when the job failed. */
  error?: string;
}

/**
 * Runs one job the way an application would: submit on v2, wait while the client polls the
 * status (each pending state reported through `onState`), then download the output image, a
 * public media URL the client fetches without the API key.
 */
export async function runJob(
  segmind: Segmind,
  job: DemoJob,
  outDir: string,
  /** Called on each pending state seen; the caller shows the end state with its outcome. */
  onState: (state: Exclude<JobState, 'COMPLETED' | 'FAILED'>) => void,
  pollMs: number,
): Promise<JobOutcome> {
  const handle = await job.submit(segmind);
  onState('QUEUED');
  try {
    const result = await handle.wait({
      intervalMs: pollMs,
      onStatus: ({ status }) => {
        if (status === 'QUEUED' || status === 'PROCESSING') onState(status);
      },
    });
    const file = join(outDir, `${job.model}.png`);
    await writeFile(file, await segmind.downloadOutput(result));
    return { model: job.model, requestId: handle.requestId, state: 'COMPLETED', file };
  } catch (error) {
    if (!(error instanceof InferenceFailed)) throw error;
    return { model: job.model, requestId: handle.requestId, state: 'FAILED', error: error.detail };
  }
}
