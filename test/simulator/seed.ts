// Music generation tasks the simulator starts with: the songs a test or sandbox user can separate.

export interface SimSong {
  sunoId: string;
  title: string;
  tags: string;
  /** Seconds; the fixture audio is 4.0 s long. */
  durationSeconds: number;
  modelName: string;
  /** Fixture file name under test/fixtures/ served as the cover. */
  cover: 'cover.png' | 'cover-2.png';
  /** Unix seconds. */
  createTime: number;
}

export interface SimGenerationTask {
  taskId: string;
  /** Provider status sent by TaskInfo; only `success` tasks can be separated. */
  status: string;
  prompt: string;
  title: string;
  tags: string;
  lyrics: string;
  model: string;
  /** Unix seconds. */
  createAt: number;
  songs: SimSong[];
}

/** Ids of the seeded generation tasks and songs, in the provider's 36-character form. */
export const SEED_IDS = {
  midnightTask: '3b1f8c52-6d0e-4a8e-9c47-1f2a6b7d9e01',
  midnightSong: 'a41c7e90-2b5d-4f63-8e1a-0c9d3b6f2a11',
  neonSong: 'a41c7e90-2b5d-4f63-8e1a-0c9d3b6f2a12',
  paperTask: '7e2d4a10-9f3b-4c6d-8a25-6b1e0f4c3d02',
  paperSong: 'b52d8f01-3c6e-4a74-9f2b-1d0e4c7a3b21',
  paperRepriseSong: 'b52d8f01-3c6e-4a74-9f2b-1d0e4c7a3b22',
  /** A completed task whose titles contain characters that are unsafe in file names. */
  unsafeTitleTask: 'c93e1b27-4d5f-4e86-a037-2e1f5d8b4c03',
  unsafeTitleSong: 'c63e9a12-4e7f-4b85-a03c-2e1f5d8b4c31',
  unsafeTitleSong2: 'c63e9a12-4e7f-4b85-a03c-2e1f5d8b4c32',
  /** A generation that is still running, so it has no songs to separate yet. */
  runningTask: 'd04f2c38-5e60-4f97-b148-3f2a6e9c5d04',
} as const;

const CREATED = 1_767_225_600; // 2026-01-01T00:00:00Z

/** Returns fresh copies of the seeded tasks, so each simulator can change its own. */
export function seedGenerationTasks(): SimGenerationTask[] {
  return [
    {
      taskId: SEED_IDS.midnightTask,
      status: 'success',
      prompt: 'A late-night synthwave song about not being able to stop scrolling, warm analog bass, breathy female vocals.',
      title: 'Midnight Addiction',
      tags: 'synthwave, female vocals, 118 bpm, analog',
      lyrics: '[Verse]\nBlue light on the ceiling, one more song\nI said I would sleep but the night is long\n\n[Chorus]\nMidnight addiction, I keep coming back\nA neon confession on a broken track',
      model: 'suno/v4.5',
      createAt: CREATED,
      songs: [
        { sunoId: SEED_IDS.midnightSong, title: 'Midnight Addiction', tags: 'synthwave, female vocals, 118 bpm, analog', durationSeconds: 4.0, modelName: 'chirp-v4-5', cover: 'cover.png', createTime: CREATED + 40 },
        { sunoId: SEED_IDS.neonSong, title: 'Neon Confession', tags: 'synthwave, female vocals, 118 bpm, analog', durationSeconds: 4.0, modelName: 'chirp-v4-5', cover: 'cover-2.png', createTime: CREATED + 41 },
      ],
    },
    {
      taskId: SEED_IDS.paperTask,
      status: 'success',
      prompt: 'Indie folk with fingerpicked guitar and strings, about sending paper planes into orbit.',
      title: 'Paper Satellites',
      tags: 'indie folk, acoustic guitar, strings, male vocals',
      lyrics: '[Verse]\nFolded my letters into wings\nThrew them as high as a kid still sings\n\n[Chorus]\nPaper satellites, circle me home',
      model: 'suno/v4.5',
      createAt: CREATED + 3600,
      songs: [
        { sunoId: SEED_IDS.paperSong, title: 'Paper Satellites', tags: 'indie folk, acoustic guitar, strings, male vocals', durationSeconds: 4.0, modelName: 'chirp-v4-5', cover: 'cover-2.png', createTime: CREATED + 3640 },
        { sunoId: SEED_IDS.paperRepriseSong, title: 'Paper Satellites (Reprise)', tags: 'indie folk, acoustic guitar, strings, male vocals', durationSeconds: 4.0, modelName: 'chirp-v4-5', cover: 'cover.png', createTime: CREATED + 3641 },
      ],
    },
    {
      taskId: SEED_IDS.unsafeTitleTask,
      status: 'success',
      prompt: 'Lo-fi hip hop with a French café sample.',
      title: 'Café Olé: Día/Noche?',
      tags: 'lo-fi, hip hop, jazzy',
      lyrics: '[Instrumental]',
      model: 'suno/v4',
      createAt: CREATED + 7200,
      songs: [
        { sunoId: SEED_IDS.unsafeTitleSong, title: 'Café Olé: Día/Noche?', tags: 'lo-fi, hip hop, jazzy', durationSeconds: 4.0, modelName: 'chirp-v4', cover: 'cover.png', createTime: CREATED + 7240 },
        { sunoId: SEED_IDS.unsafeTitleSong2, title: '..\\CON <AUX> *', tags: 'lo-fi, hip hop, jazzy', durationSeconds: 4.0, modelName: 'chirp-v4', cover: 'cover-2.png', createTime: CREATED + 7241 },
      ],
    },
    {
      taskId: SEED_IDS.runningTask,
      status: 'running',
      prompt: 'A brass-heavy ska tune that is still being generated.',
      title: 'Unfinished Business',
      tags: 'ska, brass',
      lyrics: '',
      model: 'suno/v4.5',
      createAt: CREATED + 10_800,
      songs: [],
    },
  ];
}
