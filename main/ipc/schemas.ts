// zod schemas for the arguments of every IPC channel. Anything the renderer sends is untrusted:
// a call whose arguments do not match is rejected before any service runs.
import { z } from 'zod';
import { CHANNELS, SETTINGS_LIMITS, type ChannelName } from '../../preload/contract.js';

/** Characters of the ids the provider issues and of local record ids: printable, no path characters. */
export const ID_PATTERN = /^[A-Za-z0-9_.:-]{1,128}$/;

const idSchema = z
  .string()
  .min(1)
  .max(128)
  .regex(ID_PATTERN, 'must contain only letters, digits and _ . : -');

const modeSchema = z.enum(['vocal', 'instrumental']);

const apiKeySchema = z.string().min(1).max(512);

/** A library stem id: `<songId>/<fileName>`; containment is checked again by the library. */
const stemIdSchema = z.string().min(3).max(600);

export const submitRequestSchema = z
  .object({
    generationTaskId: idSchema,
    sunoId: idSchema,
    mode: modeSchema,
    confirmDuplicate: z.boolean().optional(),
  })
  .strict();

export const libraryQuerySchema = z
  .object({
    text: z.string().max(200).optional(),
    mode: modeSchema.optional(),
    favouritesOnly: z.boolean().optional(),
    sort: z.enum(['added', 'title', 'duration']).optional(),
  })
  .strict();

export const songUpdateSchema = z
  .object({
    tags: z.array(z.string().min(1).max(64)).max(64).optional(),
    favourite: z.boolean().optional(),
    notes: z.string().max(10_000).optional(),
    title: z.string().min(1).max(300).optional(),
  })
  .strict();

export const settingsUpdateSchema = z
  .object({
    pollIntervalSeconds: z.number().int().min(SETTINGS_LIMITS.pollIntervalSeconds.min).max(SETTINGS_LIMITS.pollIntervalSeconds.max).optional(),
    parallelDownloads: z.number().int().min(SETTINGS_LIMITS.parallelDownloads.min).max(SETTINGS_LIMITS.parallelDownloads.max).optional(),
    namingTemplate: z.string().min(1).max(SETTINGS_LIMITS.namingTemplateLength).optional(),
  })
  .strict();

/** The tuple of arguments each channel takes. */
export const CHANNEL_ARGS = {
  [CHANNELS.keyStatus]: z.tuple([]),
  [CHANNELS.keySet]: z.tuple([apiKeySchema]),
  [CHANNELS.keyRemove]: z.tuple([]),
  [CHANNELS.keyTest]: z.tuple([]),
  [CHANNELS.accountBalance]: z.tuple([]),
  [CHANNELS.songsLookup]: z.tuple([idSchema]),
  [CHANNELS.tasksList]: z.tuple([]),
  [CHANNELS.tasksSubmit]: z.tuple([submitRequestSchema]),
  [CHANNELS.tasksCancel]: z.tuple([idSchema]),
  [CHANNELS.tasksRetry]: z.tuple([idSchema, z.boolean()]),
  [CHANNELS.tasksRemove]: z.tuple([idSchema]),
  [CHANNELS.libraryList]: z.tuple([libraryQuerySchema]),
  [CHANNELS.libraryGet]: z.tuple([idSchema]),
  [CHANNELS.librarySummary]: z.tuple([]),
  [CHANNELS.libraryUpdate]: z.tuple([idSchema, songUpdateSchema]),
  [CHANNELS.libraryTrash]: z.tuple([idSchema]),
  [CHANNELS.libraryReveal]: z.tuple([idSchema]),
  [CHANNELS.libraryPeaks]: z.tuple([stemIdSchema]),
  [CHANNELS.libraryMove]: z.tuple([]),
  [CHANNELS.libraryStartDrag]: z.tuple([z.array(stemIdSchema).min(1).max(200)]),
  [CHANNELS.settingsGet]: z.tuple([]),
  [CHANNELS.settingsUpdate]: z.tuple([settingsUpdateSchema]),
  [CHANNELS.settingsPreviewNaming]: z.tuple([z.string().min(1).max(200)]),
  [CHANNELS.noticesList]: z.tuple([]),
  [CHANNELS.noticesDismiss]: z.tuple([idSchema]),
} satisfies Partial<Record<ChannelName, z.ZodType>>;
