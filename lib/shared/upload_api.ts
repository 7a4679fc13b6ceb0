/**
 * The upload API's request and response shapes (docs/DESIGN.md, "Uploads"),
 * shared by the server's OpenAPI schemas (routes/api/v1/_upload_schemas.ts,
 * which are checked against these types) and the browser's upload client
 * (islands/_upload_client.ts). Types only, so nothing reaches a bundle.
 */

/** A part the server wants, with its presigned PUT URL. */
export interface PartTicket {
  partNumber: number;
  size: number;
  url: string;
}

/** A part the server has recorded as stored. */
export interface ReceivedPart {
  partNumber: number;
  size: number;
  etag: string;
}

/** POST /api/v1/uploads: the file and, optionally, the video's metadata. */
export interface CreateUploadRequest {
  filename: string;
  size: number;
  mimeType: string;
  title?: string;
  description?: string;
  tags?: string[];
  category?: string | null;
  visibility?: "public" | "unlisted" | "private";
}

/** POST /api/v1/uploads (201): the new upload and a URL for each part. */
export interface UploadTicket {
  uploadId: string;
  videoId: string;
  size: number;
  partSize: number;
  /** ISO 8601: the upload must be complete by then. */
  expiresAt: string;
  parts: PartTicket[];
}

/** GET /api/v1/uploads/{id}: what is stored, and fresh URLs for the parts that are not. */
export interface ResumedUpload {
  uploadId: string;
  videoId: string;
  /** "pending", "completed" or "aborted". */
  status: string;
  size: number;
  partSize: number;
  parts: PartTicket[];
  received: ReceivedPart[];
}

/** POST /api/v1/uploads/{id}/parts: a part the browser stored. */
export type PartReport = ReceivedPart;

/** POST /api/v1/uploads/{id}/complete: every part's number and ETag. */
export interface CompleteUploadRequest {
  parts: { partNumber: number; etag: string }[];
}

/** POST /api/v1/uploads/{id}/complete: the video's state (and why, if rejected). */
export interface CompletedUpload {
  videoId: string;
  status: string;
  reason?: string;
}
