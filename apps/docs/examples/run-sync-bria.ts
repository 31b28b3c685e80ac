// #region sample
import { Segmind } from '@segmind-ts/client';
// #endregion

/** The v1 call of bria-erase-foreground; it blocks for the whole ~12 s of processing. */
export async function runSyncBriaEraseForeground() {
  // #region sample
  const segmind = new Segmind(); // reads SEGMIND_API_KEY

  const { image, contentType } = await segmind.runSync('bria-erase-foreground', {
    image: 'https://segmind-sd-models.s3.amazonaws.com/display_images/bria-erase-foreground-ip.jpg',
    preserve_alpha: true,
  });
  console.log(contentType, image.byteLength, 'bytes');
  // #endregion
  return { image, contentType };
}
