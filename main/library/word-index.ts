// Substring search over many documents through their shared vocabulary: each distinct word is
// stored once with the documents that contain it, so a query term scans the vocabulary (a few
// hundred kilobytes for 10,000 songs) instead of every document's text. Documents are added and
// removed one at a time, so a changed song costs microseconds, not a rebuild.

export class WordIndex {
  /** Every distinct word ever added, each followed by a newline. Words are never removed. */
  private vocabulary = '';
  /** Start offset of each word in `vocabulary`, ascending; the word id is the position here. */
  private readonly wordStarts: number[] = [];
  private readonly wordIds = new Map<string, number>();
  /** Document numbers per word id, ascending. */
  private readonly postings: number[][] = [];
  /** Text of each document by number; null once removed. Numbers are never reused. */
  private readonly documents: (string | null)[] = [];

  /** One past the highest document number handed out; the length of every `match` result. */
  get capacity(): number {
    return this.documents.length;
  }

  /** Adds a document (distinct words separated by single spaces) and returns its number. */
  add(text: string): number {
    const documentNumber = this.documents.length;
    this.documents.push(text);
    if (text === '') return documentNumber;
    for (const word of text.split(' ')) {
      let id = this.wordIds.get(word);
      if (id === undefined) {
        id = this.wordStarts.length;
        this.wordIds.set(word, id);
        this.wordStarts.push(this.vocabulary.length);
        this.vocabulary += `${word}\n`;
        this.postings.push([]);
      }
      const list = this.postings[id] as number[];
      // Numbers only grow, so pushing keeps each list sorted; a repeated word is stored once.
      if (list[list.length - 1] !== documentNumber) list.push(documentNumber);
    }
    return documentNumber;
  }

  remove(documentNumber: number): void {
    const text = this.documents[documentNumber];
    if (text === null || text === undefined) return;
    this.documents[documentNumber] = null;
    if (text === '') return;
    for (const word of new Set(text.split(' '))) {
      const list = this.postings[this.wordIds.get(word) ?? -1];
      if (!list) continue;
      const at = indexInSorted(list, documentNumber);
      if (at !== -1) list.splice(at, 1);
    }
  }

  /**
   * Marks the documents that contain `term` inside any of their words. `term` must contain no
   * whitespace. The result has one byte per document number, 1 for a match.
   */
  match(term: string): Uint8Array {
    const found = new Uint8Array(this.capacity);
    if (term.length === 1) {
      // A single character is in most words; checking each document once is cheaper than
      // merging nearly every posting list.
      this.documents.forEach((text, documentNumber) => {
        if (text?.includes(term)) found[documentNumber] = 1;
      });
      return found;
    }
    let position = this.vocabulary.indexOf(term);
    while (position !== -1) {
      const wordId = lastStartAtOrBefore(this.wordStarts, position);
      for (const documentNumber of this.postings[wordId] ?? []) found[documentNumber] = 1;
      // Continue after this word: one match marks all its documents.
      const nextStart = this.wordStarts[wordId + 1];
      if (nextStart === undefined) break;
      position = this.vocabulary.indexOf(term, nextStart);
    }
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
