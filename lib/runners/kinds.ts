/**
 * The job kinds a remote runner may take: work that needs only the job's own
 * source and outputs, which the runner API hands out and takes back. Jobs that
 * read or write the catalog at large (mail, notifications, sweeps, exports)
 * stay with local workers, which reach Postgres directly.
 */
export const REMOTE_KINDS: string[] = ["transcode"];
