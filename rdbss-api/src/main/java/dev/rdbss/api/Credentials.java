package dev.rdbss.api;

import java.util.Arrays;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A user name, an optional domain and a password, as a logon or an explicit {@code net use /user:}
 * supplies them. V_NET_ROOTs capture them (spec §6.3 step 3(b)) so that a mini-redirector can
 * authenticate to its server.
 *
 * <p>The password never leaves this object by accident: {@link #toString()} masks it, and the trace
 * and object-tree snapshots never include it (a security rule of the project).
 */
public final class Credentials {

  private final String userName;
  private final @Nullable String domain;
  private final char[] password;

  private Credentials(String userName, @Nullable String domain, char[] password) {
    this.userName = Objects.requireNonNull(userName, "userName");
    this.domain = domain;
    this.password = password.clone();
  }

  /** Credentials for {@code user} in no particular domain. */
  public static Credentials of(String userName, char[] password) {
    return new Credentials(userName, null, password);
  }

  /** Credentials for {@code domain\\user}. */
  public static Credentials of(String userName, @Nullable String domain, char[] password) {
    return new Credentials(userName, domain, password);
  }

  public String userName() {
    return userName;
  }

  public @Nullable String domain() {
    return domain;
  }

  /** A copy of the password; the caller should clear it when done. */
  public char[] password() {
    return password.clone();
  }

  /** {@code DOMAIN\\user} or {@code user}. */
  public String qualifiedUserName() {
    return domain == null || domain.isEmpty() ? userName : domain + "\\" + userName;
  }

  /** Equal user, domain (case-insensitively, as Windows compares them) and password. */
  public boolean sameAs(Credentials other) {
    return userName.equalsIgnoreCase(other.userName)
        && (domain == null ? other.domain == null : domain.equalsIgnoreCase(other.domain))
        && Arrays.equals(password, other.password);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Credentials other && sameAs(other);
  }

  @Override
  public int hashCode() {
    return userName.toLowerCase(java.util.Locale.ROOT).hashCode();
  }

  /** Never shows the password. */
  @Override
  public String toString() {
    return "Credentials[" + qualifiedUserName() + ", password=***]";
  }
}
