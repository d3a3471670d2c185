// zod schemas of crun.ai response bodies. They are strict where the app depends on a value (ids,
// status, balance). Elsewhere the contract is partly a guess, so fields may be missing or null,
// numbers may arrive as strings, extra keys are ignored, and garbage in such a field reads as null.
import { z } from 'zod';

/** Maximum length of a title or tag list, in characters. Longer provider strings are cut. */
export const MAX_SHORT_TEXT = 500;
/** Maximum length of a prompt or lyrics, in characters. Longer ones are cut. */
export const MAX_LONG_TEXT = 20_000;
/** Maximum URL length, in characters. */
export const MAX_URL_TEXT = 4096;

const NUMERIC_STRING = /^\s*-?\d+(\.\d+)?\s*$/;

/** A finite number, or a numeric string converted to one. */
const strictNumber = z.union([z.number(), z.string().regex(NUMERIC_STRING).transform(Number)]).pipe(z.number().finite());

/** A number or numeric string; a missing, null or malformed value becomes null. */
export const lenientNumber = z
  .union([z.number(), z.string()])
  .nullish()
  .catch(null)
  .transform((value) => {
    if (typeof value === 'number') return Number.isFinite(value) ? value : null;
    if (typeof value === 'string' && NUMERIC_STRING.test(value)) return Number(value);
    return null;
  });

/** Returns a schema for a string cut to `max` characters. A missing, null or non-string value becomes null. */
export function lenientText(max: number) {
  return z
    .string()
    .nullish()
    .catch(null)
    .transform((value) => (value == null ? null : value.slice(0, max)));
}

/** A URL string; a cut URL would point elsewhere, so a longer one becomes null instead. */
const lenientUrl = z
  .string()
  .nullish()
  .catch(null)
  .transform((value) => (value == null || value.length > MAX_URL_TEXT ? null : value));

/** An error code sent as a number or a string; kept as a string. */
const lenientCode = z
  .union([z.number(), z.string()])
  .nullish()
  .catch(null)
  .transform((value) => (value == null ? null : String(value).slice(0, 100)));

/**
 * Task ids are opaque to the app, but it stores them, sends them back in URLs and shows them, so
 * they must be printable: letters, digits and `_ . : -` (the provider's are 36-character UUIDs).
 */
const taskIdSchema = z
  .string()
  .trim()
  .min(1, 'task_id is empty')
  .max(200, 'task_id is longer than 200 characters')
  .regex(/^[A-Za-z0-9_.:-]+$/, 'task_id contains characters other than letters, digits and _ . : -');
const statusSchema = z.string().trim().max(100, 'status is longer than 100 characters');

/** The envelope of every response: `{code, message, data}`. */
export const envelopeSchema = z.object({
  code: strictNumber,
  message: lenientText(2000),
  data: z.unknown().optional(),
});
export type Envelope = z.output<typeof envelopeSchema>;

export const createResponseSchema = z.object({ task_id: taskIdSchema });

export const balanceSchema = z.object({ balance: strictNumber });

/** `result` of a separation task; `media_info` is read by `readStems`, which rejects bad values itself. */
export const separationResultSchema = z
  .object({
    media_info: z.unknown().optional(),
    code: lenientCode,
    message: lenientText(2000),
    // Other clients of comparable APIs name the failure text `error` or `msg`.
    error: lenientText(2000),
    msg: lenientText(2000),
  })
  .nullish()
  .catch(null);

export const separationDataSchema = z.object({
  task_id: taskIdSchema,
  status: statusSchema,
  create_at: lenientNumber,
  complete_at: lenientNumber,
  duration_s: lenientNumber,
  credits: lenientNumber,
  param: z
    .object({ input: z.object({ mode: lenientText(50) }).nullish().catch(null) })
    .nullish()
    .catch(null),
  result: z.unknown().optional(),
});
export type SeparationData = z.output<typeof separationDataSchema>;

/** One song of `result.suno_data`; a song without a `suno_id` cannot be separated, so it fails. */
export const sunoSongSchema = z.object({
  suno_id: z.string().trim().min(1, 'suno_id is empty').max(200, 'suno_id is longer than 200 characters'),
  title: lenientText(MAX_SHORT_TEXT),
  suno_audio_url: lenientUrl,
  suno_image_url: lenientUrl,
  suno_image_large_url: lenientUrl,
  duration: lenientNumber,
  tags: lenientText(MAX_SHORT_TEXT),
  model_name: lenientText(100),
  create_time: z.union([z.number(), z.string()]).nullish().catch(null),
});
export type SunoSongData = z.output<typeof sunoSongSchema>;

export const generationDataSchema = z.object({
  task_id: taskIdSchema,
  status: statusSchema,
  model_version: lenientText(100),
  param: z
    .object({
      model: lenientText(100),
      input: z
        .object({
          prompt: lenientText(MAX_LONG_TEXT),
          gpt_description_prompt: lenientText(MAX_LONG_TEXT),
          title: lenientText(MAX_SHORT_TEXT),
          tags: lenientText(MAX_SHORT_TEXT),
          style: lenientText(MAX_SHORT_TEXT),
          lyrics: lenientText(MAX_LONG_TEXT),
        })
        .nullish()
        .catch(null),
    })
    .nullish()
    .catch(null),
  // Songs are checked one by one, so one malformed song does not hide the other.
  result: z
    .object({ suno_data: z.array(z.unknown()).nullish().catch(null) })
    .nullish()
    .catch(null),
});
export type GenerationData = z.output<typeof generationDataSchema>;

/** Formats the first issues of a failed parse as `path: message`, with paths below `prefix`. */
export function describeIssues(error: z.ZodError, prefix: string): string {
  const listed = error.issues.slice(0, 3).map((issue) => {
    const path = [prefix, ...issue.path.map((part) => String(part))].join('.');
    return `${path}: ${issue.message}`;
  });
  const hidden = error.issues.length - listed.length;
  return hidden > 0 ? `${listed.join(', ')} (and ${hidden} more)` : listed.join(', ');
}
