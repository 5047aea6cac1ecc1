/**
 * What HTTP adds to the contract: routes for commands whose output is bytes. A JSON body would carry
 * bytes as an array of numbers (about four times their size) or base64 (a third more, plus decoding in
 * the page), and a browser's <img> can load neither; so such a command has a GET route instead, built
 * and matched here, once, for the server (electron/server) and the renderer's client alike.
 */
import type { Commands, PageImageRequest } from './api.js';
import type { z } from 'zod';

/** The address of a page's picture (relative to the server's origin); a thumbnail's width is a query. */
export function pageImagePath({ id, page, width }: PageImageRequest): string {
  return `/api/documents/${id}/pages/${page}/image${width === undefined ? '' : `?width=${width}`}`;
}

interface ByteRoute<Input> {
  /** The route as a person reads it (the server's refusal of a JSON POST names it). */
  pattern: string;
  /** The route for one (parsed) input. */
  path(input: Input): string;
}

/** The GET route of each command whose output is bytes. */
export const BYTE_ROUTES = {
  pageImage: { pattern: '/api/documents/<id>/pages/<page>/image[?width=<px>]', path: pageImagePath },
} as const satisfies { [K in keyof Commands]?: ByteRoute<z.output<Commands[K]['input']>> };

export type ByteCommandName = keyof typeof BYTE_ROUTES;

export function isByteCommand(name: string): name is ByteCommandName {
  return Object.hasOwn(BYTE_ROUTES, name);
}

// Digits only, and bounded, so a path never becomes a huge number; the api's schema checks the rest.
const PAGE_IMAGE_PATH = /^\/api\/documents\/(\d{1,12})\/pages\/(\d{1,6})\/image$/;

/**
 * The request a path names, or null when it is not a page picture's address. A `width` that is not
 * digits is passed on as NaN, for the api's schema to refuse with its sentence.
 */
export function parsePageImagePath(
  pathname: string,
  query?: { get(name: string): string | null },
): PageImageRequest | null {
  const match = PAGE_IMAGE_PATH.exec(pathname);
  if (!match) return null;
  const width = query?.get('width');
  const request: PageImageRequest = { id: Number(match[1]), page: Number(match[2]) };
  return width === null || width === undefined
    ? request
    : { ...request, width: /^\d{1,6}$/.test(width) ? Number(width) : NaN };
}
