// Substring search over many documents through their shared vocabulary: each distinct word is
// stored once with the documents that contain it, so a query term scans the vocabulary (a few
// hundred kilobytes for 10,000 songs) instead of every document's text. Documents are added and
// removed one at a time, so a changed song costs microseconds, not a rebuild.

/** Term matches kept between changes; typing a query repeats the earlier terms on every keystroke. */
const MATCH_CACHE_SIZE = 32;

/**
 * When the words that contain a term have more postings than this many per live document,
 * testing each document's word ids (stopping at the first hit) is cheaper than merging them.
 */
const SCAN_DOCUMENTS_ABOVE_POSTINGS_PER_DOCUMENT = 4;

export class WordIndex {
  /** Every distinct word ever added, each followed by a newline. Words are never removed. */
  private vocabulary = '';
  /** Start offset of each word in `vocabulary`, ascending; the word id is the position here. */
  private readonly wordStarts: number[] = [];
  private readonly words: string[] = [];
  private readonly wordIds = new Map<string, number>();
  /** Document numbers per word id, ascending. */
  private readonly postings: number[][] = [];
  /** Distinct word ids of each document by number; null once removed. Numbers are never reused. */
  private readonly documents: (Int32Array | null)[] = [];
  private liveDocuments = 0;
  private readonly matches = new Map<string, Uint8Array>();

  /** One past the highest document number handed out; the length of every `match` result. */
  get capacity(): number {
    return this.documents.length;
  }

  /** Number of distinct words ever added; word ids run from 0 to this count minus one. */
  get wordCount(): number {
    return this.words.length;
  }

  word(id: number): string {
    const word = this.words[id];
    if (word === undefined) throw new RangeError(`Unknown word id ${id}.`);
    return word;
  }

  /** Returns the id of each word, adding the words not yet known to the vocabulary. */
  intern(words: readonly string[]): Int32Array {
    const ids = new Int32Array(words.length);
    words.forEach((word, position) => {
      let id = this.wordIds.get(word);
      if (id === undefined) {
        id = this.words.length;
        this.wordIds.set(word, id);
        this.words.push(word);
        this.wordStarts.push(this.vocabulary.length);
        this.vocabulary += `${word}\n`;
        this.postings.push([]);
      }
      ids[position] = id;
    });
    return ids;
  }

  /** Adds a document (distinct words separated by single spaces) and returns its number. */
  add(text: string): number {
    return this.addWordIds(this.intern(text === '' ? [] : text.split(' ')));
  }

  /**
   * Adds a document given as ids from {@link intern} and returns its number. The index keeps
   * `ids`, so the caller must not change the array afterwards.
   */
  addWordIds(ids: Int32Array): number {
    const documentNumber = this.documents.length;
    this.documents.push(ids);
    this.liveDocuments++;
    for (const id of ids) {
      const list = this.postings[id];
      if (list === undefined) throw new RangeError(`Unknown word id ${id}.`);
      // Numbers only grow, so pushing keeps each list sorted; a repeated word is stored once.
      if (list[list.length - 1] !== documentNumber) list.push(documentNumber);
    }
    this.matches.clear();
    return documentNumber;
  }

  /** Returns the word ids of a document, or null when it was removed. The array must not be changed. */
  documentWordIds(documentNumber: number): Int32Array | null {
    return this.documents[documentNumber] ?? null;
  }

  remove(documentNumber: number): void {
    const ids = this.documents[documentNumber];
    if (ids === null || ids === undefined) return;
    this.documents[documentNumber] = null;
    this.liveDocuments--;
    for (const id of ids) {
      const list = this.postings[id];
      if (!list) continue;
      const at = indexInSorted(list, documentNumber);
      if (at !== -1) list.splice(at, 1);
    }
    this.matches.clear();
  }

  /**
   * Marks the documents that contain `term` inside any of their words. `term` must contain no
   * whitespace. The result has one byte per document number, 1 for a match. Results are cached
   * until the next change and shared between callers, so they must not be modified.
   */
  match(term: string): Uint8Array {
    const cached = this.matches.get(term);
    if (cached) return cached;

    const matchedWords: number[] = [];
    let postingCount = 0;
    let position = this.vocabulary.indexOf(term);
    while (position !== -1) {
      const wordId = lastStartAtOrBefore(this.wordStarts, position);
      matchedWords.push(wordId);
      postingCount += this.postings[wordId]?.length ?? 0;
      // Continue after this word: one match marks all its documents.
      const nextStart = this.wordStarts[wordId + 1];
      if (nextStart === undefined) break;
      position = this.vocabulary.indexOf(term, nextStart);
    }

    const found =
      postingCount > this.liveDocuments * SCAN_DOCUMENTS_ABOVE_POSTINGS_PER_DOCUMENT
        ? this.scanDocuments(matchedWords)
        : this.mergePostings(matchedWords);
    if (this.matches.size >= MATCH_CACHE_SIZE) this.matches.clear();
    this.matches.set(term, found);
    return found;
  }

  private mergePostings(wordIds: readonly number[]): Uint8Array {
    const found = new Uint8Array(this.capacity);
    for (const wordId of wordIds) for (const documentNumber of this.postings[wordId] ?? []) found[documentNumber] = 1;
    return found;
  }

  /** Tests each document for any of `wordIds`; for a short term that most documents contain, most tests stop at the first few words. */
  private scanDocuments(wordIds: readonly number[]): Uint8Array {
    const isMatchedWord = new Uint8Array(this.words.length);
    for (const wordId of wordIds) isMatchedWord[wordId] = 1;
    const found = new Uint8Array(this.capacity);
    this.documents.forEach((ids, documentNumber) => {
      if (ids === null) return;
      for (const id of ids) {
        if (isMatchedWord[id] === 1) {
          found[documentNumber] = 1;
          return;
        }
      }
    });
    return found;
  }
}

/** Binary search: the index of the last start offset that is at most `position`. */
function lastStartAtOrBefore(starts: readonly number[], position: number): number {
  let low = 0;
  let high = starts.length - 1;
  while (low < high) {
    const middle = (low + high + 1) >> 1;
    if ((starts[middle] ?? 0) <= position) low = middle;
    else high = middle - 1;
  }
  return low;
}

/** Binary search in an ascending list; -1 when `value` is absent. */
function indexInSorted(list: readonly number[], value: number): number {
  let low = 0;
  let high = list.length - 1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    const current = list[middle] ?? 0;
    if (current === value) return middle;
    if (current < value) low = middle + 1;
    else high = middle - 1;
  }
  return -1;
}
