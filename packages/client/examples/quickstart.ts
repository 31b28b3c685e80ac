import { InferenceFailed, Segmind } from '@segmind-ts/client';

const segmind = new Segmind(); // reads SEGMIND_API_KEY

try {
  const result = await segmind.run(
    'background-eraser',
    { image: 'https://example.com/portrait.jpg', return_mask: false },
    { timeoutMs: 60_000, onStatus: (status) => console.log(status.status) },
  );
  const png = await segmind.downloadOutput(result); // the output URL is public: no key sent
  console.log(result.output, png.byteLength);
} catch (error) {
  if (!(error instanceof InferenceFailed)) throw error;
  console.error(`Segmind refused the job: ${error.detail}`);
}
