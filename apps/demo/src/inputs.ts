import type { KnownModel, Segmind, SegmindJob } from '@segmind-ts/client';

/** One job of the demo: a model, and how it is submitted (typed by the client, input included). */
export interface DemoJob {
  model: KnownModel;
  submit(segmind: Segmind): Promise<SegmindJob<KnownModel>>;
}

// The sample images of Segmind's own model pages. The mock validates each input against the
// spec but never fetches it: the demo runs without network.
export const DEMO_JOBS: readonly DemoJob[] = [
  {
    model: 'background-eraser',
    submit: (segmind) =>
      segmind.submitAsync('background-eraser', {
        image: 'https://segmind-sd-models.s3.amazonaws.com/display_images/background-eraser-ip.png',
        return_mask: false,
        grow_mask: 4,
      }),
  },
  {
    model: 'bria-erase-foreground',
    submit: (segmind) =>
      segmind.submitAsync('bria-erase-foreground', {
        image:
          'https://segmind-sd-models.s3.amazonaws.com/display_images/bria-erase-foreground-ip.jpg',
        preserve_alpha: true,
      }),
  },
];
