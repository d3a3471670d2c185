// The library module's public surface for the rest of the main process.
export { createLibrary } from './library.js';
export { DEFAULT_NAMING_TEMPLATE, parseNamingTemplate, previewNaming, type NamingPreview, type NamingSong } from './naming.js';
export { checkSeparation, DURATION_TOLERANCE_SECONDS, type CheckedStem, type StemCheckReport } from './stem-check.js';
export { analyzeMp3, probeDuration, probeStem, NEAR_SILENT_DBFS } from './audio-probe.js';
export { expectedStemKeys, labelForKey } from './stem-keys.js';
export * from './types.js';
