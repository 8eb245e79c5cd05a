package dev.rdbss.api;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A 32-bit NTSTATUS code: the result of an RDBSS routine or a mini-redirector callback.
 *
 * <p>A failure a caller is meant to handle is an {@code NtStatus}, not an exception
 * (ARCHITECTURE.md §3.3); contract violations are {@link BugCheckError}s instead. This class has a
 * constant for every status of spec §8 and for the others the samples meet, each carrying its real
 * value as published in [MS-ERREF] §2.3.1 ("NTSTATUS Values"). {@link #of(int)} accepts any other
 * code, for example one a simulated server returns; such a status is not {@linkplain #isKnown()
 * known} and is named after its hexadecimal value.
 *
 * <p>Two statuses are equal when their values are equal, whatever their names.
 *
 * <p>The value is laid out as [MS-ERREF] §2.3 describes: bits 31-30 the {@linkplain #severity()
 * severity}, bit 29 the {@linkplain #isCustomer() customer} flag, bit 28 reserved, bits 27-16 the
 * {@linkplain #facility() facility} and bits 15-0 the {@linkplain #code() code}. {@link
 * #isSuccess()} is the kernel's {@code NT_SUCCESS}: success and informational statuses succeed,
 * warnings and errors do not.
 *
 * <p>Spec §5.1 (after Microsoft's {@code RxStopMinirdr} page) also names
 * {@code STATUS_REDIRECTOR_STOPPED}; neither [MS-ERREF] nor the public {@code ntstatus.h} defines a
 * value for it, so there is no constant for it here.
 */
public final class NtStatus {

  /** The severity field, bits 31-30 of the value, in the order of its numeric values 0 to 3. */
  public enum Severity {
    /** 0: the operation succeeded. */
    SUCCESS,
    /** 1: the operation succeeded and there is something to tell. */
    INFORMATIONAL,
    /** 2: the operation did not complete entirely, but it is not an error. */
    WARNING,
    /** 3: the operation failed. */
    ERROR
  }

  private static final String PREFIX = "STATUS_";
  private static final int CUSTOMER_BIT = 0x2000_0000;
  private static final Severity[] SEVERITIES = Severity.values();

  /** The known constants in declaration order; filled while the constants below initialize. */
  private static final List<NtStatus> DECLARED = new ArrayList<>();

  // ---- Spec §8: the statuses a faithful simulation uses ----------------------------------------

  /** The operation completed; used everywhere (spec §8). */
  public static final NtStatus SUCCESS = known(0x0000_0000, "SUCCESS");

  /**
   * The operation goes on asynchronously: the mandatory return of {@code MRxCreateSrvCall} and
   * {@code MRxCreateVNetRoot}, async low I/O, posted requests (spec §8, §1.3, §5.1).
   */
  public static final NtStatus PENDING = known(0x0000_0103, "PENDING");

  /**
   * "Not found yet, continue": name lookup, collapse refused, files aliased, the IPC$ DFS probe
   * answer, the synchronous {@code RxLowIoCompletion} result (spec §8, §5.1).
   */
  public static final NtStatus MORE_PROCESSING_REQUIRED =
      known(0xC000_0016, "MORE_PROCESSING_REQUIRED");

  /** Create restart; low-I/O retry, not allowed from close or cleanup (spec §8). */
  public static final NtStatus RETRY = known(0xC000_022D, "RETRY");

  /** Internal: an existing NET_ROOT is reused (spec §8). */
  public static final NtStatus CONNECTION_ACTIVE = known(0xC000_023B, "CONNECTION_ACTIVE");

  /**
   * Default SRV_CALL status; no or invalid NET_ROOT; view not Good; {@code MRxIsValidDirectory}
   * failure (spec §8).
   */
  public static final NtStatus BAD_NETWORK_PATH = known(0xC000_00BE, "BAD_NETWORK_PATH");

  /**
   * Share unknown; SRV_CALL owned by another device; bad tree-connect handle (spec §8).
   */
  public static final NtStatus BAD_NETWORK_NAME = known(0xC000_00CC, "BAD_NETWORK_NAME");

  /** Connection or V_NET_ROOT creation failed: network unreachable (spec §8). */
  public static final NtStatus NETWORK_UNREACHABLE = known(0xC000_023C, "NETWORK_UNREACHABLE");

  /** Connection or V_NET_ROOT creation failed: connection reset (spec §8). */
  public static final NtStatus CONNECTION_RESET = known(0xC000_020D, "CONNECTION_RESET");

  /** Connection or V_NET_ROOT creation failed: timed out (spec §8). */
  public static final NtStatus IO_TIMEOUT = known(0xC000_00B5, "IO_TIMEOUT");

  /** Connection or V_NET_ROOT creation failed; also I/O on an orphaned handle (spec §8). */
  public static final NtStatus UNEXPECTED_NETWORK_ERROR =
      known(0xC000_00C4, "UNEXPECTED_NETWORK_ERROR");

  /** Credentials conflict with those of an existing connection (spec §8). */
  public static final NtStatus NETWORK_CREDENTIAL_CONFLICT =
      known(0xC000_0195, "NETWORK_CREDENTIAL_CONFLICT");

  /** Credential problem: the logon was refused (spec §8). */
  public static final NtStatus LOGON_FAILURE = known(0xC000_006D, "LOGON_FAILURE");

  /** Credential problem, for example a restricted token (spec §8). */
  public static final NtStatus ACCESS_DENIED = known(0xC000_0022, "ACCESS_DENIED");

  /** {@code RxFinalizeConnection} or notify-cancel: the connection is in use (spec §8, §4.3). */
  public static final NtStatus CONNECTION_IN_USE = known(0xC000_0108, "CONNECTION_IN_USE");

  /** {@code RxFinalizeConnection} or notify-cancel: files are open (spec §8, §4.3). */
  public static final NtStatus FILES_OPEN = known(0xC000_0107, "FILES_OPEN");

  /** A lock could not be had without waiting (spec §8). */
  public static final NtStatus LOCK_NOT_GRANTED = known(0xC000_0055, "LOCK_NOT_GRANTED");

  /** The context was cancelled (spec §8). */
  public static final NtStatus CANCELLED = known(0xC000_0120, "CANCELLED");

  /** Lifecycle: the mini-redirector is not started, or is stopping (spec §8, §5.1). */
  public static final NtStatus REDIRECTOR_NOT_STARTED =
      known(0xC000_00FB, "REDIRECTOR_NOT_STARTED");

  /** Lifecycle: {@code RxStartMinirdr} on a mini-redirector already started (spec §8, §5.1). */
  public static final NtStatus REDIRECTOR_STARTED = known(0xC000_00FC, "REDIRECTOR_STARTED");

  /**
   * Lifecycle: {@code RxStopMinirdr} found active FCBs (spec §8, §5.1); a warning, not an error.
   */
  public static final NtStatus REDIRECTOR_HAS_OPEN_HANDLES =
      known(0x8000_0023, "REDIRECTOR_HAS_OPEN_HANDLES");

  /** Name check on create; also every mailslot or named-pipe create (spec §8, §5.1). */
  public static final NtStatus OBJECT_NAME_INVALID = known(0xC000_0033, "OBJECT_NAME_INVALID");

  /** Name check on create (spec §8). */
  public static final NtStatus OBJECT_PATH_INVALID = known(0xC000_0039, "OBJECT_PATH_INVALID");

  /** Name check on create: the path syntax is bad (spec §8). */
  public static final NtStatus OBJECT_PATH_SYNTAX_BAD =
      known(0xC000_003B, "OBJECT_PATH_SYNTAX_BAD");

  /** Name check on create: the name already exists (spec §8). */
  public static final NtStatus OBJECT_NAME_COLLISION = known(0xC000_0035, "OBJECT_NAME_COLLISION");

  /** Name check on create: the name does not exist (spec §8). */
  public static final NtStatus OBJECT_NAME_NOT_FOUND = known(0xC000_0034, "OBJECT_NAME_NOT_FOUND");

  /** Name check on create: a path component does not exist (spec §8). */
  public static final NtStatus OBJECT_PATH_NOT_FOUND = known(0xC000_003A, "OBJECT_PATH_NOT_FOUND");

  /** Name check on create: the object is of the wrong type (spec §8). */
  public static final NtStatus OBJECT_TYPE_MISMATCH = known(0xC000_0024, "OBJECT_TYPE_MISMATCH");

  /** Name check on create: DFS is unavailable (spec §8). */
  public static final NtStatus DFS_UNAVAILABLE = known(0xC000_026D, "DFS_UNAVAILABLE");

  /** State check: the requested share access conflicts with an open (spec §8). */
  public static final NtStatus SHARING_VIOLATION = known(0xC000_0043, "SHARING_VIOLATION");

  /** State check: relative open under a delete-on-close parent (spec §8). */
  public static final NtStatus DELETE_PENDING = known(0xC000_0056, "DELETE_PENDING");

  /** State check: the file object is closed (spec §8). */
  public static final NtStatus FILE_CLOSED = known(0xC000_0128, "FILE_CLOSED");

  /** State check: operation on a renamed SRV_OPEN (spec §8). */
  public static final NtStatus FILE_RENAMED = known(0xC000_00D5, "FILE_RENAMED");

  /** State check: operation on a deleted SRV_OPEN (spec §8). */
  public static final NtStatus FILE_DELETED = known(0xC000_0123, "FILE_DELETED");

  /** State check: the file cannot be deleted (spec §8). */
  public static final NtStatus CANNOT_DELETE = known(0xC000_0121, "CANNOT_DELETE");

  /** State check: the file has a user-mapped section (spec §8). */
  public static final NtStatus USER_MAPPED_FILE = known(0xC000_0243, "USER_MAPPED_FILE");

  /** State check: rename across NET_ROOTs (spec §8). */
  public static final NtStatus NOT_SAME_DEVICE = known(0xC000_00D4, "NOT_SAME_DEVICE");

  /** Read/write check: a byte-range lock conflicts (spec §8). */
  public static final NtStatus FILE_LOCK_CONFLICT = known(0xC000_0054, "FILE_LOCK_CONFLICT");

  /** Read check: at or past end of file; zero-byte paging read (spec §8). */
  public static final NtStatus END_OF_FILE = known(0xC000_0011, "END_OF_FILE");

  /** Generic: a parameter is invalid (spec §8, §5.1). */
  public static final NtStatus INVALID_PARAMETER = known(0xC000_000D, "INVALID_PARAMETER");

  /** Generic: the request is not valid for this device or object (spec §8). */
  public static final NtStatus INVALID_DEVICE_REQUEST =
      known(0xC000_0010, "INVALID_DEVICE_REQUEST");

  /** Generic: the handle is invalid (spec §8). */
  public static final NtStatus INVALID_HANDLE = known(0xC000_0008, "INVALID_HANDLE");

  /** Generic: resources are exhausted, also when injected (spec §8, §5.1). */
  public static final NtStatus INSUFFICIENT_RESOURCES =
      known(0xC000_009A, "INSUFFICIENT_RESOURCES");

  /** Generic: the answer of a NULL dispatch entry (spec §8). */
  public static final NtStatus NOT_IMPLEMENTED = known(0xC000_0002, "NOT_IMPLEMENTED");

  /** Generic: the operation is not supported (spec §8). */
  public static final NtStatus NOT_SUPPORTED = known(0xC000_00BB, "NOT_SUPPORTED");

  /** Generic: the buffer holds only part of the data; a warning, not an error (spec §8). */
  public static final NtStatus BUFFER_OVERFLOW = known(0x8000_0005, "BUFFER_OVERFLOW");

  /** Generic: the buffer is too small to hold anything (spec §8). */
  public static final NtStatus BUFFER_TOO_SMALL = known(0xC000_0023, "BUFFER_TOO_SMALL");

  /** Generic: the operation failed for no more specific reason (spec §8, §5.1). */
  public static final NtStatus UNSUCCESSFUL = known(0xC000_0001, "UNSUCCESSFUL");

  /** The server name is too long (nfs41 SRV_CALL creation, spec §8). */
  public static final NtStatus NAME_TOO_LONG = known(0xC000_0106, "NAME_TOO_LONG");

  // ---- Others the samples meet (not in spec §8) -------------------------------------------------

  /** A wait timed out (success severity; compare {@link #IO_TIMEOUT}). */
  public static final NtStatus TIMEOUT = known(0x0000_0102, "TIMEOUT");

  /** Create: the name must be parsed again (a reparse point or a symbolic link). */
  public static final NtStatus REPARSE = known(0x0000_0104, "REPARSE");

  /** Create: an oplock break is under way. */
  public static final NtStatus OPLOCK_BREAK_IN_PROGRESS =
      known(0x0000_0108, "OPLOCK_BREAK_IN_PROGRESS");

  /** Change notification: the handle is being cleaned up. */
  public static final NtStatus NOTIFY_CLEANUP = known(0x0000_010B, "NOTIFY_CLEANUP");

  /** Change notification: too many changes, enumerate the directory again. */
  public static final NtStatus NOTIFY_ENUM_DIR = known(0x0000_010C, "NOTIFY_ENUM_DIR");

  /** Create: the object already existed (informational). */
  public static final NtStatus OBJECT_NAME_EXISTS = known(0x4000_0000, "OBJECT_NAME_EXISTS");

  /** Directory query: no more entries match (a warning). */
  public static final NtStatus NO_MORE_FILES = known(0x8000_0006, "NO_MORE_FILES");

  /** Enumeration: no more entries (a warning). */
  public static final NtStatus NO_MORE_ENTRIES = known(0x8000_001A, "NO_MORE_ENTRIES");

  /** Query or set information: the information class is not valid. */
  public static final NtStatus INVALID_INFO_CLASS = known(0xC000_0003, "INVALID_INFO_CLASS");

  /** Query or set information: the length does not fit the information class. */
  public static final NtStatus INFO_LENGTH_MISMATCH = known(0xC000_0004, "INFO_LENGTH_MISMATCH");

  /** A bad address was touched; also a failed UNC-provider registration in {@code RxStartMinirdr}. */
  public static final NtStatus ACCESS_VIOLATION = known(0xC000_0005, "ACCESS_VIOLATION");

  /** Create: the file does not exist. */
  public static final NtStatus NO_SUCH_FILE = known(0xC000_000F, "NO_SUCH_FILE");

  /** I/O: the data could not be read. */
  public static final NtStatus DATA_ERROR = known(0xC000_003E, "DATA_ERROR");

  /** Create or set EA: the file system does not support extended attributes. */
  public static final NtStatus EAS_NOT_SUPPORTED = known(0xC000_004F, "EAS_NOT_SUPPORTED");

  /** The caller lacks a privilege the operation needs. */
  public static final NtStatus PRIVILEGE_NOT_HELD = known(0xC000_0061, "PRIVILEGE_NOT_HELD");

  /** Session setup: the password is wrong. */
  public static final NtStatus WRONG_PASSWORD = known(0xC000_006A, "WRONG_PASSWORD");

  /** Session setup: the password has expired. */
  public static final NtStatus PASSWORD_EXPIRED = known(0xC000_0071, "PASSWORD_EXPIRED");

  /** Session setup: the account is disabled. */
  public static final NtStatus ACCOUNT_DISABLED = known(0xC000_0072, "ACCOUNT_DISABLED");

  /** Unlock: the range is not locked. */
  public static final NtStatus RANGE_NOT_LOCKED = known(0xC000_007E, "RANGE_NOT_LOCKED");

  /** Write: the disk is full. */
  public static final NtStatus DISK_FULL = known(0xC000_007F, "DISK_FULL");

  /** The file was changed or became invalid under the open. */
  public static final NtStatus FILE_INVALID = known(0xC000_0098, "FILE_INVALID");

  /** Write: the medium is write-protected. */
  public static final NtStatus MEDIA_WRITE_PROTECTED = known(0xC000_00A2, "MEDIA_WRITE_PROTECTED");

  /** The device is not ready. */
  public static final NtStatus DEVICE_NOT_READY = known(0xC000_00A3, "DEVICE_NOT_READY");

  /** Create: a non-directory open named a directory. */
  public static final NtStatus FILE_IS_A_DIRECTORY = known(0xC000_00BA, "FILE_IS_A_DIRECTORY");

  /** Connect: the remote computer is not listening. */
  public static final NtStatus REMOTE_NOT_LISTENING = known(0xC000_00BC, "REMOTE_NOT_LISTENING");

  /** Connect: a duplicate name exists on the network. */
  public static final NtStatus DUPLICATE_NAME = known(0xC000_00BD, "DUPLICATE_NAME");

  /** The network is busy. */
  public static final NtStatus NETWORK_BUSY = known(0xC000_00BF, "NETWORK_BUSY");

  /** The server's response is malformed. */
  public static final NtStatus INVALID_NETWORK_RESPONSE =
      known(0xC000_00C3, "INVALID_NETWORK_RESPONSE");

  /** The share (network name) was deleted under the connection. */
  public static final NtStatus NETWORK_NAME_DELETED = known(0xC000_00C9, "NETWORK_NAME_DELETED");

  /** The server denied network access. */
  public static final NtStatus NETWORK_ACCESS_DENIED = known(0xC000_00CA, "NETWORK_ACCESS_DENIED");

  /** The server accepts no more connections. */
  public static final NtStatus REQUEST_NOT_ACCEPTED = known(0xC000_00D0, "REQUEST_NOT_ACCEPTED");

  /** Oplock request: the oplock was not granted. */
  public static final NtStatus OPLOCK_NOT_GRANTED = known(0xC000_00E2, "OPLOCK_NOT_GRANTED");

  /** An internal error occurred. */
  public static final NtStatus INTERNAL_ERROR = known(0xC000_00E5, "INTERNAL_ERROR");

  /** Delete: the directory is not empty. */
  public static final NtStatus DIRECTORY_NOT_EMPTY = known(0xC000_0101, "DIRECTORY_NOT_EMPTY");

  /** Create: a directory open named a non-directory. */
  public static final NtStatus NOT_A_DIRECTORY = known(0xC000_0103, "NOT_A_DIRECTORY");

  /** Create: too many files are open. */
  public static final NtStatus TOO_MANY_OPENED_FILES = known(0xC000_011F, "TOO_MANY_OPENED_FILES");

  /** The transport connection was disconnected. */
  public static final NtStatus CONNECTION_DISCONNECTED =
      known(0xC000_020C, "CONNECTION_DISCONNECTED");

  /** The object was not found. */
  public static final NtStatus NOT_FOUND = known(0xC000_0225, "NOT_FOUND");

  /** Connect: the remote system refused the connection. */
  public static final NtStatus CONNECTION_REFUSED = known(0xC000_0236, "CONNECTION_REFUSED");

  /** Connect: the remote host is unreachable. */
  public static final NtStatus HOST_UNREACHABLE = known(0xC000_023D, "HOST_UNREACHABLE");

  /** Reparse-point operation on a file that is not one. */
  public static final NtStatus NOT_A_REPARSE_POINT = known(0xC000_0275, "NOT_A_REPARSE_POINT");

  /** The file is temporarily unavailable. */
  public static final NtStatus FILE_NOT_AVAILABLE = known(0xC000_0467, "FILE_NOT_AVAILABLE");

  // ---- Registry, built once every constant above exists -----------------------------------------

  private static final List<NtStatus> KNOWN_VALUES;
  private static final Map<Integer, NtStatus> BY_VALUE;
  private static final Map<String, NtStatus> BY_NAME;

  static {
    Map<Integer, NtStatus> byValue = new LinkedHashMap<>();
    Map<String, NtStatus> byName = new LinkedHashMap<>();
    for (NtStatus status : DECLARED) {
      NtStatus sameValue = byValue.putIfAbsent(status.value, status);
      if (sameValue != null) {
        throw new IllegalStateException(
            sameValue.name + " and " + status.name + " share the value " + hex(status.value));
      }
      if (byName.putIfAbsent(status.name, status) != null) {
        throw new IllegalStateException("two NtStatus constants are named " + status.name);
      }
    }
    KNOWN_VALUES = List.copyOf(DECLARED);
    BY_VALUE = byValue;
    BY_NAME = byName;
  }

  private final int value;
  private final String name;
  private final boolean known;

  private NtStatus(int value, String name, boolean known) {
    this.value = value;
    this.name = name;
    this.known = known;
  }

  private static NtStatus known(int value, String name) {
    NtStatus status = new NtStatus(value, name, true);
    DECLARED.add(status);
    return status;
  }

  /**
   * The status with this value: the known constant if there is one, else a new, unknown status
   * named after the value ({@code "0xC0001234"}), equal to any other status with the same value.
   */
  public static NtStatus of(int value) {
    NtStatus constant = BY_VALUE.get(value);
    return constant != null ? constant : new NtStatus(value, hex(value), false);
  }

  /**
   * The known constant with this name, written with or without the {@code STATUS_} prefix
   * ({@code "BAD_NETWORK_PATH"} or {@code "STATUS_BAD_NETWORK_PATH"}); names are case-sensitive.
   */
  public static Optional<NtStatus> byName(String name) {
    Objects.requireNonNull(name, "name");
    String bare = name.startsWith(PREFIX) ? name.substring(PREFIX.length()) : name;
    return Optional.ofNullable(BY_NAME.get(bare));
  }

  /** Every known constant, in declaration order (spec §8 first); the list is unmodifiable. */
  public static List<NtStatus> knownValues() {
    return KNOWN_VALUES;
  }

  /** The 32-bit NTSTATUS value (negative for warnings and errors). */
  public int value() {
    return value;
  }

  /**
   * The name without the {@code STATUS_} prefix ({@code "BAD_NETWORK_PATH"}), or the value as
   * {@code "0x%08X"} for a status that is not {@linkplain #isKnown() known}.
   */
  public String name() {
    return name;
  }

  /** Whether this is one of the named constants of this class. */
  public boolean isKnown() {
    return known;
  }

  /** The severity, bits 31-30. */
  public Severity severity() {
    return SEVERITIES[value >>> 30];
  }

  /**
   * {@code NT_SUCCESS}: whether the severity is {@link Severity#SUCCESS} or {@link
   * Severity#INFORMATIONAL}, that is whether the value is not negative as a signed int.
   */
  public boolean isSuccess() {
    return value >= 0;
  }

  /** Whether the severity is {@link Severity#INFORMATIONAL}. */
  public boolean isInformational() {
    return severity() == Severity.INFORMATIONAL;
  }

  /** Whether the severity is {@link Severity#WARNING}. */
  public boolean isWarning() {
    return severity() == Severity.WARNING;
  }

  /** Whether the severity is {@link Severity#ERROR}. */
  public boolean isError() {
    return severity() == Severity.ERROR;
  }

  /** Whether the customer bit (bit 29) is set: a code not defined by Microsoft. */
  public boolean isCustomer() {
    return (value & CUSTOMER_BIT) != 0;
  }

  /** The facility, bits 27-16 (0 for most statuses of this class). */
  public int facility() {
    return (value >>> 16) & 0xFFF;
  }

  /** The code, bits 15-0. */
  public int code() {
    return value & 0xFFFF;
  }

  @Override
  public boolean equals(@Nullable Object obj) {
    return obj instanceof NtStatus other && other.value == value;
  }

  @Override
  public int hashCode() {
    return Integer.hashCode(value);
  }

  /**
   * {@code "STATUS_BAD_NETWORK_PATH (0xC00000BE)"} for a known status; the value alone, {@code
   * "0xC0001234"}, for an unknown one.
   */
  @Override
  public String toString() {
    return known ? PREFIX + name + " (" + hex(value) + ")" : name;
  }

  private static String hex(int value) {
    return String.format(Locale.ROOT, "0x%08X", value);
  }
}
