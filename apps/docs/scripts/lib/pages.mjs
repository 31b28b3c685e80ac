// @ts-check
/**
 * Every page beside the reference, in the order the navigation lists them: the guides written in
 * markdown, then "What is verified", written from the spec at build time.
 */
import { GUIDES } from './guides.mjs';
import { VERIFIED_PAGE } from './verified.mjs';

export const PAGES = Object.freeze([...GUIDES, VERIFIED_PAGE]);
