/**
 * Which of the answers to the page's navigations became the document in the picture. A navigation
 * whose answer was a download (Content-Disposition: attachment, or a file the browser does not show)
 * never replaced the page: the page stayed the one it was, and so must the address reached. Only
 * an answer the main frame went on to show (its document committed at that address) counts.
 */

/** An answer to one of the main frame's navigations, as the browser gave it. */
export interface NavigationAnswer {
  url(): string;
  status(): number;
}

/**
 * Follows the main frame's navigation answers and its new documents. Pure: told what happened in
 * order (an answer arrived, the frame showed a document at an address), it says which answer is the
 * document's. Told the other way round (the document shown, then its answer), the answer is still
 * the document's: the two reports come from different parts of the browser (its network side, the
 * page's renderer), and somarkiv does not stake a record on their order. Taken in that order only,
 * a page that moved on to a 404 would be filed under the answer of the page before it (a 200).
 */
export class DocumentAnswers<A extends NavigationAnswer> {
  /** The answer of the document the frame shows now, or null before any came. */
  current: A | null = null;
  /** The latest answer not yet shown: the page may still commit it, or it went to a download. */
  private pending: A | null = null;
  /** The address of a document shown before any answer for it came: its answer may still come. */
  private shownBeforeAnswer: string | null = null;

  /** An answer to a navigation of the main frame arrived. */
  answered(answer: A): void {
    // A redirect is not a document, nor an answer that leaves the page as it was (204).
    if ((answer.status() >= 300 && answer.status() < 400) || answer.status() === 204) return;
    const shown = this.shownBeforeAnswer;
    if (shown !== null && (shown.startsWith("chrome-error:") || withoutHash(shown) === withoutHash(answer.url()))) {
      this.current = answer;
      this.shownBeforeAnswer = null;
      return;
    }
    this.pending = answer;
  }

  /**
   * The main frame asked for a new document: an answer still waiting before it was not shown, and an
   * answer that comes after this is the new document's, not a late one of the document shown before.
   */
  asked(): void {
    this.pending = null;
    this.shownBeforeAnswer = null;
  }

  /**
   * The main frame showed a document at `address` (also said of a script's history.pushState, which
   * loads no document: then no answer waits at that address, and the document stays the one it was).
   * An error answer with nothing to show (an empty 500) is shown as the browser's own error page.
   */
  shown(address: string): void {
    if (this.pending && (address.startsWith("chrome-error:") || withoutHash(address) === withoutHash(this.pending.url()))) {
      this.current = this.pending;
      this.pending = null;
      this.shownBeforeAnswer = null;
    } else {
      this.shownBeforeAnswer = address;
    }
  }
}

function withoutHash(address: string): string {
  const at = address.indexOf("#");
  return at < 0 ? address : address.slice(0, at);
}
