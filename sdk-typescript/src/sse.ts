/** One Server-Sent Events message (the fields of the SSE spec; comments are reported separately). */
export interface SseMessage {
  id: string | undefined;
  event: string;
  data: string;
  retry: number | undefined;
}

export type SseItem = { kind: "message"; message: SseMessage } | { kind: "comment"; text: string };

/**
 * Incremental SSE parser (WHATWG "event stream interpretation"): feed it decoded text chunks as they arrive,
 * it answers the complete messages and comments. Lines end with CRLF, LF or CR; a blank line dispatches.
 */
export class SseParser {
  private buffer = "";
  private data: string[] = [];
  private event = "";
  private id: string | undefined;
  private retry: number | undefined;
  private sawField = false;
  private pendingCr = false;

  feed(chunk: string): SseItem[] {
    const out: SseItem[] = [];
    let text = chunk;
    if (this.pendingCr && text.startsWith("\n")) text = text.slice(1); // the LF of a CRLF split across chunks
    this.pendingCr = false;
    this.buffer += text;
    for (;;) {
      const match = /\r\n|\r|\n/.exec(this.buffer);
      if (!match) break;
      if (match[0] === "\r" && match.index === this.buffer.length - 1) {
        this.pendingCr = true; // may be the first half of CRLF; the line still ends here
      }
      const line = this.buffer.slice(0, match.index);
      this.buffer = this.buffer.slice(match.index + match[0].length);
      this.line(line, out);
    }
    return out;
  }

  private line(line: string, out: SseItem[]): void {
    if (line === "") {
      if (this.sawField && (this.data.length > 0 || this.event !== "")) {
        // an event without data (`event: end`) is dispatched too, so the end of a stream is never missed
        out.push({
          kind: "message",
          message: { id: this.id, event: this.event || "message", data: this.data.join("\n"), retry: this.retry },
        });
      }
      this.data = [];
      this.event = "";
      this.retry = undefined;
      this.sawField = false;
      return;
    }
    if (line.startsWith(":")) {
      out.push({ kind: "comment", text: line.slice(1).replace(/^ /, "") });
      return;
    }
    const colon = line.indexOf(":");
    const field = colon === -1 ? line : line.slice(0, colon);
    const value = colon === -1 ? "" : line.slice(colon + 1).replace(/^ /, "");
    this.sawField = true;
    switch (field) {
      case "data":
        this.data.push(value);
        break;
      case "event":
        this.event = value;
        break;
      case "id":
        if (!value.includes("\0")) this.id = value;
        break;
      case "retry":
        if (/^\d+$/.test(value)) this.retry = Number(value);
        break;
      default:
        break; // unknown fields are ignored, as the spec says
    }
  }
}
