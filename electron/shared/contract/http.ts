/**
 * What HTTP adds to the contract: routes for commands whose output is bytes. A JSON body would carry
 * bytes as an array of numbers (about four times their size) or base64 (a third more, plus decoding in
 * the page), and a browser's <img> can load neither; so such a command has a GET route instead, built
 * and matched here, once, for the server (electron/server) and the renderer's client alike.
 */
import type { CommandOutput, Commands, DocumentFileRequest, PageImageRequest } from './api.js';
import type { z } from 'zod';

/** The address of a page's picture (relative to the server's origin); a thumbnail's width is a query. */
export function pageImagePath({ id, page, width }: PageImageRequest): string {
  return `/api/documents/${id}/pages/${page}/image${width === undefined ? '' : `?width=${width}`}`;
}

/** The address of a document's original file; `download` asks for it as an attachment. */
export function documentFilePath(
  { id }: Pick<DocumentFileRequest, 'id'>,
  options: { download?: boolean } = {},
): string {
  return `/api/documents/${id}/file${options.download ? '?download=1' : ''}`;
}

/** What a client reads of an answer: its headers and its body. */
export interface ByteAnswer {
  headers: { get(name: string): string | null };
  bytes: Uint8Array<ArrayBuffer>;
}

interface ByteRoute<K extends keyof Commands> {
  /** The route as a person reads it (the server's refusal of a JSON POST names it). */
  pattern: string;
  /** The route for one (parsed) input. */
  path(input: z.output<Commands[K]['input']>): string;
  /** Request headers the input needs (a part of a file is a Range). */
  headers?(input: z.output<Commands[K]['input']>): Record<string, string>;
  /** The command's output from an answer of the route. */
  output(answer: ByteAnswer): CommandOutput<K>;
}

/** The GET route of each command whose output is bytes. */
export const BYTE_ROUTES: { [K in 'pageImage' | 'documentFile']: ByteRoute<K> } = {
  pageImage: {
    pattern: '/api/documents/<id>/pages/<page>/image[?width=<px>]',
    path: pageImagePath,
    output: ({ headers, bytes }) => ({ contentType: headers.get('Content-Type') ?? 'application/octet-stream', bytes }),
  },
  documentFile: {
    pattern: '/api/documents/<id>/file',
    path: (input) => documentFilePath(input),
    headers: ({ offset, length }): Record<string, string> =>
      offset === 0 && length === undefined
        ? {}
        : { Range: `bytes=${offset}-${length === undefined ? '' : offset + Math.max(length, 1) - 1}` },
    output: ({ headers, bytes }) => {
      const range = /^bytes (\d+)-\d+\/(\d+)$/.exec(headers.get('Content-Range') ?? '');
      return {
        contentType: headers.get('Content-Type') ?? 'application/octet-stream',
        fileName: dispositionFileName(headers.get('Content-Disposition') ?? '') ?? 'document',
        size: range ? Number(range[2]) : bytes.byteLength,
        sha256: (headers.get('ETag') ?? '').replace(/^"|"$/g, ''),
        offset: range ? Number(range[1]) : 0,
        bytes,
      };
    },
  },
};

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

const DOCUMENT_FILE_PATH = /^\/api\/documents\/(\d{1,12})\/file$/;

/** The document whose original file a path names, or null. */
export function parseDocumentFilePath(pathname: string): { id: number } | null {
  const match = DOCUMENT_FILE_PATH.exec(pathname);
  return match ? { id: Number(match[1]) } : null;
}

/**
 * A Content-Disposition header (RFC 6266): `inline` to show the file, `attachment` to save it. The name
 * goes twice: as `filename*` in UTF-8 (RFC 8187) and as a plain ASCII `filename` for old clients.
 */
export function contentDisposition(kind: 'inline' | 'attachment', fileName: string): string {
  const ascii = fileName.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  const encoded = encodeURIComponent(fileName).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `${kind}; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}

/** The file name of a Content-Disposition header (its `filename*` when present), or null. */
export function dispositionFileName(header: string): string | null {
  const extended = /filename\*=UTF-8''([^;]+)/i.exec(header);
  if (extended?.[1]) {
    try {
      return decodeURIComponent(extended[1].trim());
    } catch {
      // a broken encoding: fall back to the plain name
    }
  }
  const plain = /filename="([^"]*)"/i.exec(header) ?? /filename=([^;]+)/i.exec(header);
  return plain?.[1]?.trim() ?? null;
}
