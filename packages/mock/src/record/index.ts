/**
 * `@segmind-ts/mock/record`: record real traffic and calibrate the simulator from it (Node only).
 * - {@link startRecordingProxy}: the proxy behind `segmind-mock record`, writing a HAR 1.2 file;
 * - {@link calibrateTimings}: queue and processing times per model from such a file
 *   (`segmind-mock --timings-from FILE.har`).
 */
export {
  type Calibration,
  calibrateTimings,
  formatCalibration,
  type ModelCalibration,
} from './calibrate.js';
export { type Har, type HarEntry, type HarNameValue, harHeader, parseHar } from './har.js';
export { type RecordingProxy, type RecordingProxyOptions, startRecordingProxy } from './proxy.js';
export { REDACTED } from './redact.js';
