// A bad input for any model the spec may describe: the first rule its input schema states is
// broken, whatever the schema has. Fake schemas here, the shapes a new model could bring.
import { describe, expect, it } from 'vitest';
import { badInputOf } from '../src/bad-input.js';

const input = { image: 'https://example.com/a.png', prompt: 'a cat' };

describe('badInputOf', () => {
  it('goes above a maximum first', () => {
    const schema = {
      properties: { steps: { type: 'integer', maximum: 50 }, flag: { type: 'boolean' } },
    };
    expect(badInputOf(schema, input)).toEqual({
      body: { ...input, steps: 51 },
      rule: 'steps above its maximum of 50',
    });
  });

  it('goes below a minimum', () => {
    const schema = { properties: { scale: { type: 'number', minimum: 1 } } };
    expect(badInputOf(schema, input).body).toEqual({ ...input, scale: 0 });
  });

  it('gives a boolean as a string', () => {
    const schema = { properties: { image: { type: 'string' }, flag: { type: 'boolean' } } };
    expect(badInputOf(schema, input)).toEqual({
      body: { ...input, flag: 'yes' },
      rule: 'flag is not a boolean',
    });
  });

  it('gives a value outside an enum', () => {
    const schema = { properties: { size: { type: 'string', enum: ['small', 'large'] } } };
    expect(badInputOf(schema, input)).toEqual({
      body: { ...input, size: 'not-one-of-its-values' },
      rule: 'size not one of its values',
    });
  });

  it('with no bound, boolean or enum, gives a required string the wrong type', () => {
    const schema = {
      type: 'object',
      required: ['image', 'prompt'],
      properties: { image: { type: 'string' }, prompt: { type: 'string' } },
    };
    expect(badInputOf(schema, input)).toEqual({
      body: { ...input, image: 42 },
      rule: 'image is not a string',
    });
  });

  it('follows references to the schema and its properties', () => {
    const document = {
      components: {
        schemas: {
          Input: {
            required: ['image'],
            properties: { image: { $ref: '#/components/schemas/Url' } },
          },
          Url: { type: 'string', format: 'uri' },
        },
      },
    };
    expect(badInputOf({ $ref: '#/components/schemas/Input' }, input, document).rule).toBe(
      'image is not a string',
    );
  });

  it('leaves out a required property whose type it cannot break', () => {
    const schema = {
      required: ['image'],
      properties: { image: { oneOf: [{ type: 'string', format: 'uri' }, { type: 'string' }] } },
    };
    expect(badInputOf(schema, input)).toEqual({
      body: { prompt: 'a cat' },
      rule: 'without its required image',
    });
  });

  it('adds a property the schema does not allow, as a last resort', () => {
    const schema = { additionalProperties: false, properties: { image: {} } };
    expect(badInputOf(schema, input)).toEqual({
      body: { ...input, not_a_parameter: true },
      rule: 'a property the schema does not allow',
    });
  });

  it('throws when the schema states no rule to break', () => {
    expect(() => badInputOf({ properties: { image: {} } }, input)).toThrow(/no rule/);
  });
});
