/**
 * The upload API's zod schemas: the request bodies the routes validate and the
 * responses the document describes. Their TypeScript shapes are declared once
 * in lib/shared/upload_api.ts (the browser client imports those types); the
 * checks at the bottom make the compiler fail when the two drift apart.
 */
import { z } from "zod";
import type {
  CompletedUpload,
  CompleteUploadRequest,
  CreateUploadRequest,
  PartReport,
  ResumedUpload,
  UploadTicket,
} from "../../../lib/shared/upload_api.ts";
import { createUploadSchema } from "../../_video_schemas.ts";

const partNumber = z.number().int().min(1).max(10_000);
// S3 and the local store answer printable ASCII (quoted hex); anything else is not an ETag.
const etag = z.string().min(1).max(200).regex(/^[\x21-\x7e]+$/, "Not an ETag.");
const partTicket = z.object({
  partNumber: z.number().int(),
  size: z.number().int(),
  url: z.string().meta({ description: "Presigned: PUT the part's bytes here." }),
}).meta({ id: "PartTicket" });
const receivedPart = z.object({
  partNumber: z.number().int(),
  size: z.number().int(),
  etag: z.string(),
});

/** POST /api/v1/uploads/{id}/parts. */
export const partBody = z.object({ partNumber, size: z.number().int().min(0), etag });

/** POST /api/v1/uploads/{id}/complete. */
export const completeBody = z.object({
  parts: z.array(z.object({ partNumber, etag })).min(1).max(10_000),
});

/** POST /api/v1/uploads (201). */
export const uploadTicketSchema = z.object({
  uploadId: z.uuid(),
  videoId: z.uuid(),
  size: z.number().int(),
  partSize: z.number().int(),
  expiresAt: z.iso.datetime(),
  parts: z.array(partTicket),
}).meta({ id: "UploadTicket" });

/** GET /api/v1/uploads/{id}. */
export const resumedUploadSchema = z.object({
  uploadId: z.uuid(),
  videoId: z.uuid(),
  status: z.string().meta({ description: "pending, completed or aborted" }),
  size: z.number().int(),
  partSize: z.number().int(),
  parts: z.array(partTicket).meta({ description: "The parts not stored yet." }),
  received: z.array(receivedPart),
}).meta({ id: "ResumedUpload" });

/** POST /api/v1/uploads/{id}/complete. */
export const completedUploadSchema = z.object({
  videoId: z.uuid(),
  status: z.string().meta({ description: "queued, or rejected (see reason)" }),
  reason: z.string().optional(),
}).meta({ id: "CompletedUpload" });

// Compile-time checks, in the direction each side relies on.
type Holds<T extends true> = T;
type Fits<A, B> = [A] extends [B] ? true : false;
export type UploadShapesAgree = [
  Holds<Fits<CreateUploadRequest, z.input<typeof createUploadSchema>>>,
  Holds<Fits<PartReport, z.input<typeof partBody>>>,
  Holds<Fits<CompleteUploadRequest, z.input<typeof completeBody>>>,
  Holds<Fits<z.output<typeof uploadTicketSchema>, UploadTicket>>,
  Holds<Fits<z.output<typeof resumedUploadSchema>, ResumedUpload>>,
  Holds<Fits<z.output<typeof completedUploadSchema>, CompletedUpload>>,
];
