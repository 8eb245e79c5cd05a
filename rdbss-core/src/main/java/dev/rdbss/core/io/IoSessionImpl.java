package dev.rdbss.core.io;

import dev.rdbss.api.ConnectionFinalizeLevel;
import dev.rdbss.api.Credentials;
import dev.rdbss.api.LogonId;
import dev.rdbss.api.NtStatus;
import dev.rdbss.api.NtStatusException;
import dev.rdbss.api.file.CreateOption;
import dev.rdbss.api.file.NtCreateParameters;
import dev.rdbss.api.io.CreateRequest;
import dev.rdbss.api.io.DeviceHandle;
import dev.rdbss.api.io.IoSession;
import dev.rdbss.api.io.NetUseOptions;
import dev.rdbss.api.io.OpenResult;
import dev.rdbss.core.engine.FileObject;
import dev.rdbss.core.engine.Fsd;
import dev.rdbss.core.name.Canonicalizer;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * A logon session (ARCHITECTURE.md §3.4). A UNC name reaches the device MUP picks (spec §6.1); a
 * drive name is rewritten, as the drive's symbolic link does in Windows, to {@code
 * \;X:<logon>\server\share\…} on the device that holds the mapping.
 *
 * <p>A tree-connect open of a UNC name ({@code CREATE_TREE_CONNECTION}, §6.5) made through {@link
 * #tryOpen} is a <em>deviceless</em> connection, as {@code net use \\server\share} makes one: its
 * connection reference outlives the handle, so the session remembers it, lists it in {@link
 * #netUses} under its UNC name and deletes it with {@code netUseDelete("\\\\server\\share", level)}.
 */
final class IoSessionImpl implements IoSession {

  /** A drive mapping: where it points and on which device. */
  private record Mapping(Fsd device, String uncPath, Credentials credentials, boolean explicit) {}

  private final IoManager io;
  private final LogonId logonId;
  private final Credentials credentials;
  private final Map<String, Mapping> drives = new LinkedHashMap<>();
  /** Deviceless connections by {@link Mup#prefixKey}; guarded by {@link #drives}. */
  private final Map<String, Mapping> deviceless = new LinkedHashMap<>();

  IoSessionImpl(IoManager io, LogonId logonId, Credentials credentials) {
    this.io = io;
    this.logonId = logonId;
    this.credentials = credentials;
  }

  @Override
  public LogonId logonId() {
    return logonId;
  }

  @Override
  public String userName() {
    return credentials.qualifiedUserName();
  }

  @Override
  public OpenResult tryOpen(String path, CreateRequest request) {
    Target target = target(path);
    if (target.device == null) {
      return OpenResult.failed(target.status);
    }
    Fsd.CreateOutcome outcome =
        target.device.create(
            new Fsd.CreateIrp(
                target.fileName, request.parameters(), logonId, target.credentials,
                target.explicit));
    FileObject fo = outcome.fileObject();
    if (fo == null) {
      // REPARSE (a success-severity status) without a handle: this I/O manager does not follow
      // reparse points, so the open fails as one that nobody reparsed.
      NtStatus status = outcome.status();
      return OpenResult.failed(status.isSuccess() ? NtStatus.NOT_SUPPORTED : status);
    }
    if (request.parameters().has(CreateOption.CREATE_TREE_CONNECTION)) {
      rememberDeviceless(path, target);
    }
    return new OpenResult(
        outcome.status(), new FileHandleImpl(target.device, fo), fo.createInformation());
  }

  @Override
  public DeviceHandle openDevice(String deviceName) {
    Fsd device =
        io.device(deviceName).orElseThrow(() -> new NtStatusException(NtStatus.OBJECT_NAME_NOT_FOUND));
    Fsd.CreateOutcome outcome =
        device.create(
            new Fsd.CreateIrp("", CreateRequest.attributesOnly().parameters(), logonId,
                credentials, false));
    FileObject fo = outcome.fileObject();
    if (fo == null) {
      throw new NtStatusException(outcome.status());
    }
    return new DeviceHandleImpl(device, fo, logonId);
  }

  @Override
  public NtStatus netUse(String localName, String uncPath, NetUseOptions options) {
    if (!Canonicalizer.isDrive(localName)) {
      return NtStatus.OBJECT_NAME_INVALID;
    }
    String drive = localName.toUpperCase(Locale.ROOT);
    synchronized (drives) {
      if (drives.containsKey(drive)) {
        return NtStatus.OBJECT_NAME_COLLISION;
      }
    }
    Credentials creds = options.credentials().orElse(credentials);
    boolean explicit = options.credentials().isPresent();
    Mup.Claim claim = io.mup().resolve(uncPath, logonId, creds, explicit);
    Fsd device = claim.provider();
    if (device == null) {
      return claim.status();
    }
    // The tree-connect open (§6.5); its connection reference keeps the mapping's view alive.
    Set<CreateOption> options1 = EnumSet.of(CreateOption.CREATE_TREE_CONNECTION);
    NtCreateParameters parameters =
        CreateRequest.attributesOnly().parameters().withCreateOptions(options1);
    Fsd.CreateOutcome outcome =
        device.create(
            new Fsd.CreateIrp(driveName(drive, uncPath), parameters, logonId, creds, explicit));
    FileObject fo = outcome.fileObject();
    if (fo == null) {
      return outcome.status();
    }
    device.close(fo);
    synchronized (drives) {
      if (drives.containsKey(drive)) {
        return NtStatus.OBJECT_NAME_COLLISION;
      }
      drives.put(drive, new Mapping(device, uncPath, creds, explicit));
    }
    return NtStatus.SUCCESS;
  }

  @Override
  public NtStatus netUseDelete(String localName, ConnectionFinalizeLevel level) {
    if (localName.startsWith("\\\\")) {
      return deleteDeviceless(localName, level);
    }
    String drive = localName.toUpperCase(Locale.ROOT);
    Mapping mapping;
    synchronized (drives) {
      mapping = drives.get(drive);
    }
    if (mapping == null) {
      return NtStatus.OBJECT_NAME_NOT_FOUND;
    }
    NtStatus status = mapping.device.deleteConnection(viewName(drive, mapping.uncPath), level);
    if (status.isSuccess()) {
      synchronized (drives) {
        drives.remove(drive);
      }
    }
    return status;
  }

  /** Remembers the deviceless connection a successful UNC tree-connect open made (§6.5). */
  private void rememberDeviceless(String path, Target target) {
    String key = Mup.prefixKey(path);
    String serverShare = Mup.serverShare(path);
    Fsd device = target.device;
    if (key == null || serverShare == null || device == null) {
      return; // a drive name: the mapping already holds its view's connection reference
    }
    synchronized (drives) {
      deviceless.putIfAbsent(
          key, new Mapping(device, "\\" + serverShare, target.credentials, target.explicit));
    }
  }

  /** {@code net use \\server\share /delete}: the UNC view of this logon, at {@code level} (§4.3). */
  private NtStatus deleteDeviceless(String uncName, ConnectionFinalizeLevel level) {
    String key = Mup.prefixKey(uncName);
    Mapping mapping;
    synchronized (drives) {
      mapping = key == null ? null : deviceless.get(key);
    }
    if (mapping == null) {
      return NtStatus.OBJECT_NAME_NOT_FOUND;
    }
    String view = "\\;:" + logonId + mapping.uncPath.substring(1);
    NtStatus status = mapping.device.deleteConnection(view, level);
    if (status.isSuccess()) {
      synchronized (drives) {
        deviceless.remove(key);
      }
    }
    return status;
  }

  @Override
  public Map<String, String> netUses() {
    Map<String, String> out = new TreeMap<>();
    synchronized (drives) {
      drives.forEach((drive, m) -> out.put(drive, m.uncPath));
      deviceless.values().forEach(m -> out.put(m.uncPath, m.uncPath));
    }
    return out;
  }

  /** Where a path goes: a device and the name it receives, or why it goes nowhere. */
  private record Target(
      NtStatus status, @Nullable Fsd device, String fileName, Credentials credentials,
      boolean explicit) {}

  private Target target(String path) {
    if (path.startsWith("\\\\")) {
      Mup.Claim claim = io.mup().resolve(path, logonId, credentials, false);
      return new Target(claim.status(), claim.provider(), path, credentials, false);
    }
    if (path.length() >= 2 && Canonicalizer.isDrive(path.substring(0, 2))) {
      String drive = path.substring(0, 2).toUpperCase(Locale.ROOT);
      Mapping m;
      synchronized (drives) {
        m = drives.get(drive);
      }
      if (m == null) {
        return new Target(NtStatus.OBJECT_PATH_NOT_FOUND, null, path, credentials, false);
      }
      String rest = path.substring(2);
      if (!rest.isEmpty() && !rest.startsWith("\\")) {
        return new Target(NtStatus.OBJECT_PATH_INVALID, null, path, credentials, false);
      }
      return new Target(NtStatus.SUCCESS, m.device, driveName(drive, m.uncPath) + rest,
          m.credentials, m.explicit);
    }
    return new Target(NtStatus.OBJECT_PATH_INVALID, null, path, credentials, false);
  }

  /** {@code \;X:<logon>\server\share\dir} for a drive mapped to {@code \\server\share\dir}. */
  private String driveName(String drive, String uncPath) {
    return Canonicalizer.driveLocalPrefix(drive, logonId) + uncPath.substring(1);
  }

  /** The name of the mapping's V_NET_ROOT: the local prefix and {@code \server\share}. */
  private String viewName(String drive, String uncPath) {
    String serverShare = Mup.serverShare(uncPath);
    return Canonicalizer.driveLocalPrefix(drive, logonId)
        + (serverShare == null ? uncPath.substring(1) : serverShare);
  }

  @Override
  public String toString() {
    return "IoSession[" + userName() + ", logon " + logonId + "]";
  }
}
