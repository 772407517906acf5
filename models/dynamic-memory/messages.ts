/**
 * The Dynamic Memory protocol's messages, as the Linux hv_balloon driver
 * and the Hyper-V host exchange them over VMBus: type numbers, version
 * numbers, fields and wire sizes.
 *
 * Every message starts with a header {type (u16), size (u16, header
 * included), trans_id (u32)}. Sizes below are the byte sizes of the C
 * structures; a balloon response or unballoon request grows by 8 bytes per
 * page range and must fit in one 4 KiB VMBus message.
 */

/** Message type numbers (the `type` field of the header). */
export const DM_MESSAGE_TYPES = {
  ERROR: 0,
  VERSION_REQUEST: 1,
  VERSION_RESPONSE: 2,
  CAPABILITIES_REPORT: 3,
  CAPABILITIES_RESPONSE: 4,
  STATUS_REPORT: 5,
  BALLOON_REQUEST: 6,
  BALLOON_RESPONSE: 7,
  UNBALLOON_REQUEST: 8,
  UNBALLOON_RESPONSE: 9,
  MEM_HOT_ADD_REQUEST: 10,
  MEM_HOT_ADD_RESPONSE: 11,
  INFO_MESSAGE: 12,
} as const;

/** The name of a message type. */
export type DmMessageType = keyof typeof DM_MESSAGE_TYPES;

/** A protocol version: major << 16 | minor. */
export const dmVersion = (major: number, minor: number): number => ((major << 16) | minor) >>> 0;

/** Protocol versions: 0.3 (Windows 7), 1.0 (Windows 8), 2.0 (Windows 10). */
export const DM_VERSIONS = {
  WIN7: dmVersion(0, 3),
  WIN8: dmVersion(1, 0),
  WIN10: dmVersion(2, 0),
} as const;

/** The order the guest tries versions in: newest first, one step down per rejection. */
export const VERSION_SEQUENCE: readonly number[] = [DM_VERSIONS.WIN10, DM_VERSIONS.WIN8, DM_VERSIONS.WIN7];

/** The version tried after `v` is rejected, or null when `v` was the last attempt. */
export function nextVersion(v: number): number | null {
  const i = VERSION_SEQUENCE.indexOf(v);
  return i >= 0 && i + 1 < VERSION_SEQUENCE.length ? VERSION_SEQUENCE[i + 1]! : null;
}

/** `2.0`, `1.0`, `0.3`: a version as people write it. */
export const versionName = (v: number): string => `${v >>> 16}.${v & 0xffff}`;

/** A page range: {start_page (40 bits), page_cnt (24 bits)} packed in one u64. */
export interface PageRange {
  readonly startPage: number;
  readonly pageCnt: number;
}

/** Byte size of the header {type u16, size u16, trans_id u32}. */
export const DM_HEADER_BYTES = 8;
/** Byte size of one page range. */
export const DM_RANGE_BYTES = 8;
/** A VMBus message the driver builds fits in one 4 KiB page. */
export const DM_MESSAGE_LIMIT_BYTES = 4096;
/** Fixed part of dm_balloon_response and dm_unballoon_request (header + two u32). */
export const DM_RANGE_MESSAGE_BYTES = 16;
/** Ranges that fit in one 4 KiB balloon response: (4096 - 16) / 8 = 510. */
export const DM_MAX_RANGES_PER_MESSAGE = Math.floor((DM_MESSAGE_LIMIT_BYTES - DM_RANGE_MESSAGE_BYTES) / DM_RANGE_BYTES);

/** Capability bits the guest reports. */
export interface DmCaps {
  readonly balloon: boolean;
  readonly hotAdd: boolean;
  /** Hot-add alignment as 2^n MiB (the Linux driver reports 7: 128 MiB). */
  readonly hotAddAlignment: number;
}

/** The body of each message, by type (the header is added by `withHeader`). */
export type DmBody =
  | { readonly type: 'VERSION_REQUEST'; readonly version: number; readonly isLastAttempt: 0 | 1 }
  | { readonly type: 'VERSION_RESPONSE'; readonly isAccepted: 0 | 1 }
  | { readonly type: 'CAPABILITIES_REPORT'; readonly caps: DmCaps; readonly minPageCnt: number; readonly maxPageNumber: number }
  | { readonly type: 'CAPABILITIES_RESPONSE'; readonly isAccepted: 0 | 1 }
  | {
      readonly type: 'STATUS_REPORT';
      readonly numAvail: number;
      readonly numCommitted: number;
      readonly pageFileSize: number;
      readonly zeroFree: number;
      readonly pageFileWrites: number;
      readonly ioDiff: number;
    }
  | { readonly type: 'BALLOON_REQUEST'; readonly numPages: number }
  | { readonly type: 'BALLOON_RESPONSE'; readonly morePages: 0 | 1; readonly rangeCount: number; readonly ranges: readonly PageRange[] }
  | { readonly type: 'UNBALLOON_REQUEST'; readonly morePages: 0 | 1; readonly rangeCount: number; readonly ranges: readonly PageRange[] }
  | { readonly type: 'UNBALLOON_RESPONSE' }
  | { readonly type: 'MEM_HOT_ADD_REQUEST'; readonly range: PageRange }
  | { readonly type: 'MEM_HOT_ADD_RESPONSE'; readonly pageCount: number; readonly result: 0 | 1 }
  | { readonly type: 'INFO_MESSAGE'; readonly maxPageCount: number };

/** A message on the wire: header fields and body. */
export type DmMessage = DmBody & { readonly size: number; readonly transId: number };

/** Byte size of a message body's C structure, header included. */
export function messageSize(b: DmBody): number {
  switch (b.type) {
    case 'VERSION_REQUEST':
    case 'VERSION_RESPONSE':
    case 'CAPABILITIES_RESPONSE':
    case 'BALLOON_REQUEST':
    case 'MEM_HOT_ADD_REQUEST':
    case 'MEM_HOT_ADD_RESPONSE':
      return 16;
    case 'CAPABILITIES_REPORT':
      return 32;
    case 'STATUS_REPORT':
      return 48;
    case 'BALLOON_RESPONSE':
    case 'UNBALLOON_REQUEST':
      return DM_RANGE_MESSAGE_BYTES + DM_RANGE_BYTES * b.ranges.length;
    case 'UNBALLOON_RESPONSE':
      return DM_HEADER_BYTES;
    case 'INFO_MESSAGE':
      return 24;
  }
}

/** Transaction ids wrap at 8 bits in the model (32 in the driver), to keep the state space finite. */
export const TRANS_ID_MODULUS = 256;

/** Adds the header fields to a body. */
export const withHeader = (b: DmBody, transId: number): DmMessage => ({ ...b, size: messageSize(b), transId: transId % TRANS_ID_MODULUS });

/**
 * The hot-add result code (hv_balloon.c): pages added -> 1 (success); none
 * added because hot-add is disabled -> 1 (a permanent refusal: the host
 * must not retry); none added otherwise -> 0 (transient: the host may retry).
 */
export function hotAddResult(pageCount: number, hotAddEnabled: boolean): 0 | 1 {
  if (pageCount > 0) return 1;
  if (!hotAddEnabled) return 1;
  return 0;
}

/** Groups ascending pages into ranges of at most `maxRun` pages each (contiguous pages only). */
export function toRanges(pages: readonly number[], maxRun: number): PageRange[] {
  const sorted = [...pages].sort((a, b) => a - b);
  const out: PageRange[] = [];
  for (const p of sorted) {
    const last = out[out.length - 1];
    if (last && last.startPage + last.pageCnt === p && last.pageCnt < maxRun) out[out.length - 1] = { startPage: last.startPage, pageCnt: last.pageCnt + 1 };
    else out.push({ startPage: p, pageCnt: 1 });
  }
  return out;
}

/** The pages a list of ranges covers. */
export const rangePages = (ranges: readonly PageRange[]): number[] => ranges.flatMap((r) => Array.from({ length: r.pageCnt }, (_, i) => r.startPage + i));
