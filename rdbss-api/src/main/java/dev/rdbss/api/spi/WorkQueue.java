package dev.rdbss.api.spi;

/**
 * The RDBSS system thread's work queues ({@code RxPostToWorkerThread}, spec §10): items of a more
 * urgent queue run first; within a queue, in posting order.
 */
public enum WorkQueue {
  HYPER_CRITICAL,
  CRITICAL,
  DELAYED
}
