/**
 * The nice value of a PDF-sandbox worker thread, below the service's own
 * threads: on Linux a thread's nice value is its own, so a long parse (or
 * the worker's start) yields the CPU to the service's event loop instead of
 * competing with it on a busy machine. Where that is not allowed, the worker
 * runs at normal priority.
 */
export const SANDBOX_NICENESS = 10;
