package dev.rdbss.api;

/** The Windows stop codes the wrapper raises for contract violations (ARCHITECTURE.md §3.3). */
public enum BugCheckCode {
  /** 0x9: an IRQL scope lowered the level instead of raising it. */
  IRQL_NOT_GREATER_OR_EQUAL(0x09),
  /** 0xA: a routine bounded at {@code <= APC_LEVEL} was called above it. */
  IRQL_NOT_LESS_OR_EQUAL(0x0A),
  /** 0x27: an RDBSS invariant broke (wrong lock, bad reference count, use after free, …). */
  RDBSS_FILE_SYSTEM(0x27),
  /** 0x7E: an unchecked exception escaped a mini-redirector callback. */
  SYSTEM_THREAD_EXCEPTION_NOT_HANDLED(0x7E),
  /** 0xC4: a driver broke a checked contract (lock order, callback called twice, …). */
  DRIVER_VERIFIER_DETECTED_VIOLATION(0xC4),
  /** 0x139: a corrupted list entry was detected (fail-fast list removal, spec §9 pitfall 10). */
  KERNEL_SECURITY_CHECK_FAILURE(0x139);

  private final int code;

  BugCheckCode(int code) {
    this.code = code;
  }

  /** The stop code. */
  public int code() {
    return code;
  }
}
