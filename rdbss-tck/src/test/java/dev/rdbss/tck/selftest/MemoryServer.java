package dev.rdbss.tck.selftest;

import dev.rdbss.api.NtStatus;
import dev.rdbss.api.file.AccessMask;
import dev.rdbss.api.file.ShareAccess;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The reference plugin's server, in memory: users with passwords, shares of files (case-insensitive
 * names), and server-side opens with share modes, so that a server open the plugin forgets to close
 * is visible to the next user as a SHARING_VIOLATION, as on a real server.
 */
final class MemoryServer {

  /** One file. Identity matters: a rename over a name replaces the file object at that name. */
  static final class MemFile {
    byte[] data = new byte[0];
    String displayName;
    final boolean directory;
    final List<ServerOpen> opens = new ArrayList<>();

    MemFile(String displayName, boolean directory) {
      this.displayName = displayName;
      this.directory = directory;
    }
  }

  /** One open on the server, with what it may do and what it lets others do. */
  static final class ServerOpen {
    final MemFile file;
    final int access;
    final Set<ShareAccess> share;
    boolean closed;
    /** The key the plugin gave the SRV_OPEN on this open: how the server names it in a break. */
    volatile Object key = "";

    ServerOpen(MemFile file, int access, Set<ShareAccess> share) {
      this.file = file;
      this.access = access;
      this.share = share;
    }
  }

  final String name;
  final Map<String, String> passwords = new ConcurrentHashMap<>();
  final Map<String, Map<String, MemFile>> shares = new ConcurrentHashMap<>();

  MemoryServer(String name) {
    this.name = name;
  }

  MemoryServer user(String user, String password) {
    passwords.put(user.toUpperCase(Locale.ROOT), password);
    return this;
  }

  MemoryServer share(String share) {
    Map<String, MemFile> files = new TreeMap<>();
    files.put("", new MemFile("", true));
    shares.put(share.toUpperCase(Locale.ROOT), files);
    return this;
  }

  boolean authenticates(String user, char[] password) {
    String expected = passwords.get(user.toUpperCase(Locale.ROOT));
    return expected != null && expected.equals(new String(password));
  }

  static String key(String path) {
    return path.toUpperCase(Locale.ROOT);
  }

  private static boolean reads(int access) {
    return (access & (AccessMask.FILE_READ_DATA | AccessMask.GENERIC_READ)) != 0;
  }

  private static boolean writes(int access) {
    return (access & (AccessMask.FILE_WRITE_DATA | AccessMask.FILE_APPEND_DATA
        | AccessMask.GENERIC_WRITE)) != 0;
  }

  private static boolean deletes(int access) {
    return (access & AccessMask.DELETE) != 0;
  }

  /** The share-mode check of a new open against every open the server holds on the file. */
  static synchronized NtStatus admit(MemFile file, int access, Set<ShareAccess> share) {
    for (ServerOpen o : file.opens) {
      boolean conflict =
          (reads(access) && !o.share.contains(ShareAccess.READ))
              || (writes(access) && !o.share.contains(ShareAccess.WRITE))
              || (deletes(access) && !o.share.contains(ShareAccess.DELETE))
              || (reads(o.access) && !share.contains(ShareAccess.READ))
              || (writes(o.access) && !share.contains(ShareAccess.WRITE))
              || (deletes(o.access) && !share.contains(ShareAccess.DELETE));
      if (conflict) {
        return NtStatus.SHARING_VIOLATION;
      }
    }
    return NtStatus.SUCCESS;
  }

  static synchronized ServerOpen open(MemFile file, int access, Set<ShareAccess> share) {
    ServerOpen o = new ServerOpen(file, access, share);
    file.opens.add(o);
    return o;
  }

  static synchronized void close(ServerOpen open) {
    open.closed = true;
    open.file.opens.remove(open);
  }
}
