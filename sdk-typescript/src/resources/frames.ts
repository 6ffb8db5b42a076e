import type { HttpClient, ListResult } from "../core.js";
import { NusomiError } from "../errors.js";
import type { Frame, FrameListFilter, FrameUploadInput, ImageInput, RequestOptions, UploadedFrame } from "../types.js";

/** Most frames one upload request may carry (SPEC §4 "Frame upload"). */
export const MAX_FRAMES_PER_UPLOAD = 50;

/** `nusomi.frames`: upload screen captures and read them back. */
export class Frames {
  constructor(private readonly http: HttpClient) {}

  async get(frameId: string, options?: RequestOptions): Promise<Frame> {
    return this.http.json<Frame>({ method: "GET", path: `/v1/frames/${enc(frameId)}`, ...options });
  }

  /** The frame's WebP image. */
  async image(frameId: string, options?: RequestOptions): Promise<Blob> {
    const response = await this.http.send({ method: "GET", path: `/v1/frames/${enc(frameId)}/image`, ...options }, {
      Accept: "image/webp",
    });
    return response.blob();
  }

  list(sessionId: string, filter: FrameListFilter = {}): ListResult<Frame> {
    const { pageSize, cursor, ...query } = filter;
    return this.http.list<Frame>(`/v1/sessions/${enc(sessionId)}/frames`, query, { pageSize, cursor });
  }

  /**
   * Uploads a batch of frames (≤ 50) as one multipart request: a `metadata` JSON part and one `image/webp` part per
   * frame. `t_ms` must rise within the session; re-sending a stored frame answers it again, so retries are safe.
   */
  async upload(sessionId: string, frames: FrameUploadInput[], options?: RequestOptions): Promise<UploadedFrame[]> {
    if (frames.length === 0 || frames.length > MAX_FRAMES_PER_UPLOAD) {
      throw new NusomiError({
        code: "invalid_request",
        message: `an upload carries 1 to ${MAX_FRAMES_PER_UPLOAD} frames, not ${frames.length}`,
        param: "frames",
      });
    }
    const form = new FormData();
    const metadata = {
      frames: frames.map((f, i) => ({
        t_ms: f.t_ms,
        image: `f${i}`,
        viewport: f.viewport,
        dom: f.dom ?? null,
        accessibility_tree: f.accessibility_tree ?? null,
        app: f.app ?? null,
        cursor: f.cursor ?? null,
      })),
    };
    form.append("metadata", new Blob([JSON.stringify(metadata)], { type: "application/json" }), "metadata.json");
    frames.forEach((f, i) => form.append(`f${i}`, toWebp(f.image), `f${i}.webp`));
    const answer = await this.http.json<{ data: UploadedFrame[] }>({
      method: "POST",
      path: `/v1/sessions/${enc(sessionId)}/frames`,
      body: form,
      ...options,
    });
    return answer.data;
  }
}

function toWebp(image: ImageInput): Blob {
  if (image instanceof Blob) return image.type === "image/webp" ? image : new Blob([image], { type: "image/webp" });
  return new Blob([image], { type: "image/webp" });
}

const enc = encodeURIComponent;
