package dev.rdbss.api.io;

import dev.rdbss.api.Credentials;
import java.util.Objects;

/**
 * A request to log on as a Windows user (ARCHITECTURE.md §3.4): who, and with what password. The
 * runtime assigns the logon session its {@link dev.rdbss.api.LogonId} when it logs on.
 *
 * <p>{@link #toString()} never shows the password.
 */
public final class Logon {

  private final Credentials credentials;

  private Logon(Credentials credentials) {
    this.credentials = Objects.requireNonNull(credentials, "credentials");
  }

  /** Logs on as {@code user} with {@code password}. */
  public static Logon user(String user, String password) {
    return new Logon(Credentials.of(user, password.toCharArray()));
  }

  /** Logs on as {@code domain\\user} with {@code password}. */
  public static Logon user(String user, String domain, String password) {
    return new Logon(Credentials.of(user, domain, password.toCharArray()));
  }

  /** Logs on with ready-made credentials. */
  public static Logon of(Credentials credentials) {
    return new Logon(credentials);
  }

  /** The credentials. */
  public Credentials credentials() {
    return credentials;
  }

  @Override
  public String toString() {
    return "Logon[" + credentials.qualifiedUserName() + "]";
  }
}
