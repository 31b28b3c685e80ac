// #region sample
import { Segmind } from '@segmind-ts/client';
// #endregion

/** The v1 call: one HTTP exchange that answers with the image bytes. */
export async function runSyncBackgroundEraser() {
  // #region sample
  const segmind = new Segmind(); // reads SEGMIND_API_KEY

  const { image, contentType, remainingCredits } = await segmind.runSync('background-eraser', {
    image: 'https://segmind-sd-models.s3.amazonaws.com/display_images/background-eraser-ip.png',
    return_mask: false,
    base64: false, // the image bytes; `true` answers JSON { image: '<base64>' }
  });
  console.log(contentType, image.byteLength, 'bytes'); // image/png …
  console.log('credits left:', remainingCredits);
  // #endregion
  return { image, contentType, remainingCredits };
}
