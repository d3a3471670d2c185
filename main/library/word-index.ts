// Substring search over many documents through their shared vocabulary: each distinct word is
// stored once with the documents that contain it, so a query term scans the vocabulary (a few
// hundred kilobytes for 10,000 songs) instead of every document's text. Documents are added and
// removed one at a time, so a changed song costs microseconds, not a rebuild. The postings of added
// documents are written in one batch by the next match, so a start that adds 10,000 songs leaves
// that work to the first search.

/** Term matches kept between changes; typing a query repeats the earlier terms on every keystroke. */
const MATCH_CACHE_SIZE = 32;

/**
 * When the words that contain a term have more postings than this many per live document,
 * testing each document's word ids (stopping at the first hit) is cheaper than merging them.
 */
const SCAN_DOCUMENTS_ABOVE_POSTINGS_PER_DOCUMENT = 4;

const EMPTY_POSTINGS = new Int32Array(0);

export class WordIndex {
  /** Every distinct word ever added, each followed by a newline. Words are never removed. */
  private vocabulary = '';
  /** Start offset of each word in `vocabulary`, ascending; the word id is the position here. */
  private readonly wordStarts: number[] = [];
  private readonly words: string[] = [];
  private readonly wordIds = new Map<string, number>();
  /**
   * Document numbers per word id, ascending, for the documents numbered below `postedDocuments`.
   * Lists are replaced, never changed in place, because lists posted together share one buffer.
   */
  private readonly postings: Int32Array[] = [];
  /** Distinct word ids of each document by number; null once removed. Numbers are never reused. */
  private readonly documents: (Int32Array | null)[] = [];
  /** Documents numbered from here on are not in `postings` yet. */
  private postedDocuments = 0;
  /** Removed documents whose numbers are still in `postings`. */
  private removedPostedDocuments = 0;
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
        this.postings.push(EMPTY_POSTINGS);
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
   * `ids`, so the caller must not change the array afterwards. Throws RangeError for an id that
   * {@link intern} did not return.
   */
  addWordIds(ids: Int32Array): number {
    const wordCount = this.words.length;
    for (let position = 0; position < ids.length; position++) {
      const id = ids[position] as number;
      if (!(id >= 0 && id < wordCount)) throw new RangeError(`Unknown word id ${id}.`);
    }
    const documentNumber = this.documents.length;
    this.documents.push(ids);
    this.liveDocuments++;
    this.matches.clear();
    return documentNumber;
  }

  /**
   * Appends the documents added since the last call to the postings of their words. All their
   * postings go into one buffer, grouped by word, in two passes over the documents. For 10,000
   * generated songs this took about a third of the time of pushing onto a list per word (Node
   * 20.20, 2-core VM).
   */
  private postPendingDocuments(): void {
    // Once removed documents outnumber half the live ones, every list is rebuilt without them.
    if (this.removedPostedDocuments > this.liveDocuments / 2) {
      this.postings.fill(EMPTY_POSTINGS);
      this.postedDocuments = 0;
      this.removedPostedDocuments = 0;
    }
    const first = this.postedDocuments;
    const end = this.documents.length;
    if (first === end) return;

    const counts = new Int32Array(this.words.length);
    const touched: number[] = [];
    // Indexed loops, because this code runs once per start, mostly before V8 optimizes it, and
    // there `for...of` over a typed array made the whole pass about twice as slow.
    for (let documentNumber = first; documentNumber < end; documentNumber++) {
      const ids = this.documents[documentNumber] ?? EMPTY_POSTINGS;
      for (let position = 0; position < ids.length; position++) {
        const id = ids[position] as number;
        if (counts[id] === 0) touched.push(id);
        counts[id] = (counts[id] as number) + 1;
      }
    }

    const starts = new Int32Array(this.words.length);
    let size = 0;
    for (const id of touched) {
      starts[id] = size;
      size += counts[id] as number;
    }

    const buffer = new Int32Array(size);
    const ends = starts.slice();
    for (let documentNumber = first; documentNumber < end; documentNumber++) {
      const ids = this.documents[documentNumber] ?? EMPTY_POSTINGS;
      for (let position = 0; position < ids.length; position++) {
        const id = ids[position] as number;
        const at = ends[id] as number;
        // Numbers only grow, so each list stays sorted. A word repeated in a document is stored once.
        if (at > (starts[id] as number) && buffer[at - 1] === documentNumber) continue;
        buffer[at] = documentNumber;
        ends[id] = at + 1;
      }
    }

    for (const id of touched) {
      const added = buffer.subarray(starts[id], ends[id]);
      const before = this.postings[id] as Int32Array;
      if (before.length === 0) {
        this.postings[id] = added;
      } else {
        const joined = new Int32Array(before.length + added.length);
        joined.set(before);
        joined.set(added, before.length);
        this.postings[id] = joined;
      }
    }
    this.postedDocuments = end;
  }

  /** Returns the word ids of a document, or null when it was removed. The array must not be changed. */
  documentWordIds(documentNumber: number): Int32Array | null {
    return this.documents[documentNumber] ?? null;
  }

  /**
   * Removes a document. Its postings stay until the next rebuild and matching skips them, so a
   * removal costs no copying of lists that 10,000 songs share.
   */
  remove(documentNumber: number): void {
    const ids = this.documents[documentNumber];
    if (ids === null || ids === undefined) return;
    this.documents[documentNumber] = null;
    this.liveDocuments--;
    if (documentNumber < this.postedDocuments) this.removedPostedDocuments++;
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
    this.postPendingDocuments();

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
    for (const wordId of wordIds) {
      for (const documentNumber of this.postings[wordId] ?? []) {
        if (this.documents[documentNumber] !== null) found[documentNumber] = 1;
      }
    }
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

