import { readFile } from 'node:fs/promises';
import type { TimingsOptions } from '../core.js';
import { calibrateTimings, formatCalibration } from '../record/calibrate.js';
import { parseHar } from '../record/har.js';
import { UsageError } from './errors.js';

/**
 * The simulator's timings calibrated from a recording (`--timings-from FILE.har`), and the lines
 * that say what was measured. @throws UsageError when the file cannot be read as a HAR.
 */
export async function timingsFrom(
  file: string,
): Promise<{ timings: TimingsOptions; summary: string }> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new UsageError(`--timings-from: cannot read ${file}: ${(error as Error).message}`);
  }
  try {
    const calibration = calibrateTimings(parseHar(text));
    return { timings: calibration.timings, summary: formatCalibration(calibration, file) };
  } catch (error) {
    throw new UsageError(`--timings-from: ${file} is ${(error as Error).message}`);
  }
}
