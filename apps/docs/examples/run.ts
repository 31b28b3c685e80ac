// #region sample
import { Segmind } from '@segmind-ts/client';
// #endregion

/** `run`: submit to the queue and wait for the result, in one call (like `segmind.run` in Python). */
export async function runBackgroundEraser() {
  // #region sample
  const segmind = new Segmind(); // reads SEGMIND_API_KEY

  const result = await segmind.run('background-eraser', {
    image: 'https://segmind-sd-models.s3.amazonaws.com/display_images/background-eraser-ip.png',
    return_mask: false,
  });
  console.log(result.status); // COMPLETED
  console.log(result.output); // URL of the image without its background
  console.log(result.metrics.inference_time); // server compute seconds

  const png = await segmind.downloadOutput(result); // the image bytes, fetched without the key
  console.log(png.byteLength, 'bytes');
  // #endregion
  return { result, png };
}
