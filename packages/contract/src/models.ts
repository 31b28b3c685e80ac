/** The models the suite drives, with a valid input and a bad one for each. */
export interface ModelFixture {
  /** The model's path segment, as in `/v1/<slug>` and `/v2/<slug>`. */
  slug: 'background-eraser' | 'bria-erase-foreground';
  /** A body that the spec's input schema accepts. */
  input: Record<string, unknown>;
  /** A body that the input schema rejects, and the rule it breaks. */
  badInput: { body: Record<string, unknown>; rule: string };
}

/**
 * Both models, with the inputs the suite sends. The images are the product pages' own sample
 * URLs; a mock never fetches them.
 */
export const MODELS: readonly ModelFixture[] = [
  {
    slug: 'background-eraser',
    input: {
      image: 'https://segmind-sd-models.s3.amazonaws.com/display_images/background-eraser-ip.png',
      return_mask: false,
      grow_mask: 0,
    },
    badInput: {
      body: {
        image: 'https://segmind-sd-models.s3.amazonaws.com/display_images/background-eraser-ip.png',
        return_mask: false,
        grow_mask: 99,
      },
      rule: 'grow_mask above its maximum of 50',
    },
  },
  {
    slug: 'bria-erase-foreground',
    input: {
      image:
        'https://segmind-sd-models.s3.amazonaws.com/display_images/bria-erase-foreground-ip.jpg',
      preserve_alpha: true,
    },
    badInput: {
      body: {
        image:
          'https://segmind-sd-models.s3.amazonaws.com/display_images/bria-erase-foreground-ip.jpg',
        preserve_alpha: 'yes',
      },
      rule: 'preserve_alpha is not a boolean',
    },
  },
];
