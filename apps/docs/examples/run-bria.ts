// #region sample
import { Segmind } from '@segmind-ts/client';
// #endregion

/** bria-erase-foreground through the queue, with a live status line. */
export async function runBriaEraseForeground() {
  // #region sample
  const segmind = new Segmind(); // reads SEGMIND_API_KEY

  // About 12 s of server time: the queued v2 call suits interactive applications best.
  const result = await segmind.run(
    'bria-erase-foreground',
    {
      image:
        'https://segmind-sd-models.s3.amazonaws.com/display_images/bria-erase-foreground-ip.jpg',
      preserve_alpha: true,
      visual_output_content_moderation: false,
    },
    { timeoutMs: 120_000, onStatus: (status) => console.log(status.status) },
  );
  console.log(result.output); // URL of the picture with its subject erased
  // #endregion
  return result;
}
